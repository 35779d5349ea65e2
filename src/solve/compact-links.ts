import type { Link, Network, NetworkNode } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';

/**
 * The links the LP routes, fewer than the network's without changing the optimum:
 * - links between the same two nodes with the same tariff, transit time and crudes allowed
 *   (the three single-point moorings of a terminal) are interchangeable: one link of their
 *   joint capacity (measured a third fewer simplex iterations on the CPC terminal);
 * - a junction or terminal that oil only passes through (one link in, without transit time, one
 *   link out) is folded into one link through it, whose capacity each day is the least of the
 *   two links' and the node's (a smaller LP: a fifth faster per iteration on CPC windows).
 * Each original link's flow is restored afterwards: every link along a folded path carries the
 * path's flow; parallel links share it pro rata to their capacity that day (see memberShares).
 */
export interface CompactLinks {
  /** The network the LP routes. */
  readonly network: Network;
  /**
   * For each link of `network`, the original links it stands for, segment by segment along its
   * path; the links of a segment run in parallel. Only the last segment may take transit time.
   */
  readonly segments: readonly (readonly (readonly number[])[])[];
  /** For each link of `network`, the nodes folded into it, whose throughput limits it. */
  readonly through: readonly (readonly string[])[];
  /** Whether any link stands for more than one. */
  readonly compacted: boolean;
}

export function compactLinks(network: Network): CompactLinks {
  // Parallel links first, so a terminal fed by several moorings folds too.
  const groups = new Map<string, number[]>();
  network.links.forEach((link, index) => {
    const signature = JSON.stringify([link.from, link.to, link.tariffUsdPerTonne, link.transitDays, link.commodities ? [...link.commodities].sort() : null]);
    groups.set(signature, [...(groups.get(signature) ?? []), index]);
  });
  type Entry = { link: Link; segments: number[][]; through: string[] };
  // Folded links take the place of the link into the node; the link out of it leaves the list.
  const slots: (Entry | undefined)[] = [...groups.values()].map((group) => ({ link: group.length === 1 ? network.links[group[0]!]! : parallelLink(group.map((index) => network.links[index]!)), segments: [group], through: [] }));
  const slotOf = new Map<Entry, number>(slots.map((entry, index) => [entry!, index]));
  const into = new Map<string, Set<Entry>>();
  const out = new Map<string, Set<Entry>>();
  const attach = (entry: Entry) => {
    (into.get(entry.link.to) ?? into.set(entry.link.to, new Set()).get(entry.link.to)!).add(entry);
    (out.get(entry.link.from) ?? out.set(entry.link.from, new Set()).get(entry.link.from)!).add(entry);
  };
  const detach = (entry: Entry) => {
    into.get(entry.link.to)!.delete(entry);
    out.get(entry.link.from)!.delete(entry);
  };
  for (const entry of slots) attach(entry!);
  const only = (entries: Set<Entry> | undefined) => (entries?.size === 1 ? entries.values().next().value : undefined);
  const foldable = (node: NetworkNode) => {
    if (node.kind !== 'junction' && node.kind !== 'terminal') return undefined;
    const incoming = only(into.get(node.id));
    const outgoing = only(out.get(node.id));
    if (!incoming || !outgoing) return undefined;
    return incoming.link.transitDays === 0 && sameCrudes(incoming.link, outgoing.link) && incoming.link.from !== outgoing.link.to ? { incoming, outgoing, node } : undefined;
  };
  // Always the first foldable node in the network's order, as one pass after another would: a
  // fold changes only its two neighbours, so only they are looked at again.
  const position = new Map(network.nodes.map((node, index) => [node.id, index]));
  const pending = network.nodes.map(() => true);
  const folded = new Set<string>();
  let next = 0;
  while (next < network.nodes.length) {
    if (!pending[next]) {
      next += 1;
      continue;
    }
    pending[next] = false;
    const fold = foldable(network.nodes[next]!);
    if (!fold) continue;
    const { incoming, outgoing, node } = fold;
    const entry: Entry = {
      link: {
        ...incoming.link,
        // '.' and '&' keep the id a valid name in LP files.
        id: `${incoming.link.id}.${outgoing.link.id}`,
        name: `${incoming.link.name} - ${outgoing.link.name}`,
        to: outgoing.link.to,
        transitDays: outgoing.link.transitDays,
        tariffUsdPerTonne: incoming.link.tariffUsdPerTonne + outgoing.link.tariffUsdPerTonne,
        capacityTonnesPerDay: Math.min(incoming.link.capacityTonnesPerDay, outgoing.link.capacityTonnesPerDay, node.throughputTonnesPerDay),
        commodities: incoming.link.commodities ?? outgoing.link.commodities,
      },
      segments: [...incoming.segments, ...outgoing.segments],
      through: [...incoming.through, node.id, ...outgoing.through],
    };
    detach(incoming);
    detach(outgoing);
    attach(entry);
    const slot = slotOf.get(incoming)!;
    slots[slot] = entry;
    slotOf.set(entry, slot);
    slots[slotOf.get(outgoing)!] = undefined;
    folded.add(node.id);
    for (const neighbour of [entry.link.from, entry.link.to]) {
      const index = position.get(neighbour);
      if (index === undefined || folded.has(neighbour)) continue;
      pending[index] = true;
      next = Math.min(next, index);
    }
  }
  const links = slots.filter((entry): entry is Entry => entry !== undefined);
  const nodes = network.nodes.filter((node) => !folded.has(node.id));
  const compacted = links.length < network.links.length;
  return { network: compacted ? { ...network, nodes, links: links.map((entry) => entry.link) } : network, segments: links.map((entry) => entry.segments), through: links.map((entry) => entry.through), compacted };
}

/** Both links take the same crudes, or one takes all and the path takes the other's. */
function sameCrudes(a: Link, b: Link): boolean {
  if (!a.commodities || !b.commodities) return true;
  return a.commodities.length === b.commodities.length && a.commodities.every((id) => b.commodities!.includes(id));
}

/** The link a group of parallel links is routed as: the first member's terms, the joint capacity. */
function parallelLink(group: readonly Link[]): Link {
  const first = group[0]!;
  return {
    ...first,
    id: group.map((link) => link.id).join('&'),
    name: group.map((link) => link.name).join(' + '),
    capacityTonnesPerDay: group.reduce((total, link) => total + link.capacityTonnesPerDay, 0),
  };
}

/** The original links each LP link stands for, in path order (the streams split needs no more). */
export function membersOf(compact: CompactLinks): number[][] {
  return compact.segments.map((segments) => segments.flat());
}

/** A timeline and what was derived from it, for timelines that share most of its series (see applyOutages). */
export interface Derived<T> {
  readonly timeline: Timeline;
  readonly derived: T;
}

/**
 * The timeline the LP sees: an LP link's capacity on a day is the least, along its path, of each
 * segment's joint capacity and each folded node's throughput, after events. An LP link whose
 * series are all the `reference` timeline's own keeps the reference's compact series.
 */
export function compactTimeline(timeline: Timeline, compact: CompactLinks, reference?: Derived<Timeline>): Timeline {
  if (!compact.compacted) return timeline;
  const original = timeline.network.links;
  const days = timeline.dates.length;
  const linkCapacity = new Map<string, Float64Array>();
  compact.network.links.forEach((link, index) => {
    const segments = compact.segments[index]!;
    const through = compact.through[index]!;
    if (segments.length === 1 && segments[0]!.length === 1) {
      linkCapacity.set(link.id, timeline.linkCapacity.get(original[segments[0]![0]!]!.id)!);
      return;
    }
    if (reference && segments.every((segment) => segment.every((member) => sameSeries(timeline.linkCapacity, reference.timeline.linkCapacity, original[member]!.id))) && through.every((node) => sameSeries(timeline.nodeThroughput, reference.timeline.nodeThroughput, node))) {
      linkCapacity.set(link.id, reference.derived.linkCapacity.get(link.id)!);
      return;
    }
    const capacity = new Float64Array(days).fill(Infinity);
    for (const segment of segments) {
      const series = segment.map((member) => timeline.linkCapacity.get(original[member]!.id)!);
      for (let day = 0; day < days; day += 1) {
        let joint = 0;
        for (const memberSeries of series) joint += memberSeries[day]!;
        if (joint < capacity[day]!) capacity[day] = joint;
      }
    }
    for (const node of through) {
      const throughput = timeline.nodeThroughput.get(node)!;
      for (let day = 0; day < days; day += 1) if (throughput[day]! < capacity[day]!) capacity[day] = throughput[day]!;
    }
    linkCapacity.set(link.id, capacity);
  });
  return { ...timeline, network: compact.network, linkCapacity };
}

/**
 * The share of its LP link's flow each original link carries on each day (index: original link,
 * then day). Links of a parallel segment share pro rata to capacity, so none exceeds its own;
 * unlimited ones share equally what an unlimited segment carries; a closed segment carries
 * nothing, its links equal shares of it. A link alone in its segment carries all of it.
 */
export function memberShares(compact: CompactLinks, timeline: Timeline, reference?: Derived<readonly Float64Array[]>): Float64Array[] {
  const links = timeline.network.links;
  const days = timeline.dates.length;
  // Shares are read, never written: a group whose capacities are the reference's keeps its shares.
  const shares: Float64Array[] = reference ? [...reference.derived] : links.map(() => new Float64Array(days).fill(1));
  for (const group of compact.segments.flat()) {
    if (group.length === 1) continue;
    if (reference && group.every((member) => sameSeries(timeline.linkCapacity, reference.timeline.linkCapacity, links[member]!.id))) continue;
    for (const member of group) shares[member] = new Float64Array(days);
    const series = group.map((member) => timeline.linkCapacity.get(links[member]!.id)!);
    for (let day = 0; day < days; day += 1) {
      const unlimited = series.filter((capacity) => !Number.isFinite(capacity[day]!)).length;
      const total = series.reduce((sum, capacity) => sum + (Number.isFinite(capacity[day]!) ? capacity[day]! : 0), 0);
      group.forEach((member, position) => {
        const capacity = series[position]![day]!;
        shares[member]![day] = unlimited > 0 ? (Number.isFinite(capacity) ? 0 : 1 / unlimited) : total > 0 ? capacity / total : 1 / group.length;
      });
    }
  }
  return shares;
}

function sameSeries(map: ReadonlyMap<string, Float64Array>, reference: ReadonlyMap<string, Float64Array>, id: string): boolean {
  return map.get(id) === reference.get(id);
}
