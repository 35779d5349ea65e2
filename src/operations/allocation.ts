import type { Allocation, AllocationBasis, Network } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { CompactLinks } from '../solve/compact-links.ts';
import type { CommodityGraph } from '../solve/structure.ts';

/**
 * Allocation rules on shared capacity (see docs/allocation.md).
 *
 * Under `merit` (no rule) the LP gives scarce capacity to the best-paid crude. Under `pro-rata`,
 * on each day the rule is in force, every shipper s of the asset moves the same share r_t of its
 * nomination n_s:
 *
 *     x_s,t − n_s · r_t ∈ [−n_s · (1 − a_s,t), 0],   0 ≤ r_t ≤ 1
 *
 * where x_s,t is the shipper's flow through the asset that day (tonnes entering the link, or
 * leaving the node) and a_s,t ≤ 1 the share of its own supply the shipper still has (a field
 * outage, a cut upstream of the asset): a shipper that physically cannot bring its share may fall
 * short by that much, and by no more. The ratio r_t is a variable, so the constraints are linear,
 * with one coefficient per shipper that does not change from day to day: the same matrix serves
 * the baseline, every variant and every rolling window; only row bounds switch the rule on and off.
 *
 * Why an equality with a common ratio, not a cap of share × capacity per shipper: the capacity a
 * disruption leaves is often not a number in the data. When the terminal stops, the pipeline
 * keeps its capacity and the scarce thing is the tank farm's room; only a common ratio cuts every
 * shipper's intake alike whatever binds, storage and transit days included (flows are daily
 * entries, so oil under way and in tanks keeps its own balance rows).
 *
 * When the rule is in force: for a link or node, on the days it, or anything downstream of it,
 * has less capacity than without the run's events (the reference timeline); on other days the
 * rows are free and spare capacity goes by merit. For a production limit, on the days its cap is
 * below the covered fields' summed basis.
 */
export interface AllocationShipper {
  /** The commodity (a field's crude, or a commingled stream) or, for a production limit, the field. */
  readonly id: string;
  /** The LP flow pairs whose sum is the shipper's flow through the asset. */
  readonly pairs: readonly number[];
  /** LP links and nodes on the shipper's way to the asset: what it can still bring (a_s,t). */
  readonly upstreamLinks: readonly string[];
  readonly upstreamNodes: readonly string[];
  /** For a commingled stream, the fields it stands for (stated shares add up). */
  readonly fields: readonly string[];
}

export interface AllocationGroup {
  /** The first asset's id, used in LP names and reports. */
  readonly id: string;
  /** Every asset of the network that maps onto this group (parallel moorings, a folded terminal). */
  readonly assets: readonly string[];
  readonly basis: AllocationBasis;
  readonly shares?: ReadonlyMap<string, number> | undefined;
  /** For a production limit: its id (the rule is in force while its cap binds). */
  readonly quota?: string | undefined;
  readonly shippers: readonly AllocationShipper[];
  /**
   * LP links and nodes whose loss of capacity puts the rule in force, each with its lag: the days
   * oil entering the asset takes to reach it (a tonne entering on day t meets it on t + lag).
   */
  readonly watchLinks: readonly Watched[];
  readonly watchNodes: readonly Watched[];
  /** Each shipper's nomination n_s (t/d), in `shippers` order. */
  readonly nominations: Float64Array;
}

export interface Watched {
  readonly id: string;
  readonly lag: number;
}

export interface AllocationPlan {
  readonly groups: readonly AllocationGroup[];
  /** Nominations still wait for the baseline's flows (basis nominations): until then they are placeholders. */
  readonly pending: boolean;
}

export const NO_ALLOCATION: AllocationPlan = { groups: [], pending: false };

/**
 * The pro-rata groups of a network on the LP it routes: an asset's LP links (a mooring merged
 * with its parallel twins, a terminal folded into the link through it), its shippers and their
 * nominations where the data give them. Merit assets need nothing in the LP.
 */
export function planAllocation(graph: CommodityGraph, original: Network, compact: CompactLinks | undefined, timelines: readonly Timeline[]): AllocationPlan {
  const baseline = timelines[0]!;
  const lpLinks = graph.network.links;
  const lpIndexOf = (linkIndex: number) => (compact ? compact.segments.findIndex((segments) => segments.some((segment) => segment.includes(linkIndex))) : linkIndex);
  const byLinks = new Map<string, { assets: string[]; allocation: Allocation; links: number[]; node?: string | undefined }>();
  const add = (asset: string, allocation: Allocation | undefined, links: number[], node?: string) => {
    if (allocation?.rule !== 'pro-rata' || links.length === 0) return;
    const key = [...links].sort((a, b) => a - b).join(',');
    const entry = byLinks.get(key);
    if (entry) entry.assets.push(asset);
    else byLinks.set(key, { assets: [asset], allocation, links, node });
  };
  original.links.forEach((link, index) => {
    const lpIndex = lpIndexOf(index);
    if (lpIndex >= 0) add(link.id, link.allocation, [lpIndex]);
  });
  for (const node of original.nodes) {
    if (node.kind !== 'junction' && node.kind !== 'terminal') continue;
    const folded = compact ? compact.through.findIndex((nodes) => nodes.includes(node.id)) : -1;
    const links = folded >= 0 ? [folded] : lpLinks.flatMap((link, index) => (link.from === node.id ? [index] : []));
    add(node.id, node.allocation, links, folded >= 0 ? undefined : node.id);
  }
  const groups: AllocationGroup[] = [];
  for (const { assets, allocation, links, node } of byLinks.values()) {
    const group = assetGroup(graph, assets, allocation, links, node, baseline);
    if (group.shippers.length > 1) groups.push(group);
  }
  for (const limit of original.productionLimits ?? []) {
    // Only a limit some run enforces can bind.
    if (limit.allocation.rule !== 'pro-rata' || !timelines.some((timeline) => timeline.productionCaps.some((cap) => cap.id === limit.id))) continue;
    const group = quotaGroup(graph, limit.id, limit.fields, limit.allocation, baseline, limit.capTonnesPerDay);
    if (group.shippers.length > 1) groups.push(group);
  }
  return { groups, pending: groups.some((group) => group.basis === 'nominations') };
}

function assetGroup(graph: CommodityGraph, assets: string[], allocation: Allocation, links: readonly number[], node: string | undefined, baseline: Timeline): AllocationGroup {
  const lpLinks = graph.network.links;
  const shippers: AllocationShipper[] = [];
  graph.commodities.forEach((commodity, commodityIndex) => {
    const pairs = links.flatMap((linkIndex) => graph.pairsByLink[linkIndex]!.filter((pair) => graph.pairs[pair]!.commodityIndex === commodityIndex));
    if (pairs.length === 0) return;
    const upstream = upstreamOf(graph, commodityIndex, links.map((linkIndex) => lpLinks[linkIndex]!.from));
    shippers.push({ id: commodity.id, pairs, upstreamLinks: upstream.links, upstreamNodes: upstream.nodes, fields: graph.fieldsOf[commodityIndex]!.map((field) => field.id) });
  });
  const downstream = downstreamOf(graph.network, links.map((linkIndex) => lpLinks[linkIndex]!));
  const watchLinks = downstream.links;
  const watchNodes = node ? [{ id: node, lag: 0 }, ...downstream.nodes.filter((entry) => entry.id !== node)] : downstream.nodes;
  const capacity = average(links.reduce((sum, linkIndex) => sum.map((value, day) => value + (baseline.linkCapacity.get(lpLinks[linkIndex]!.id)?.[day] ?? Infinity)), new Float64Array(baseline.dates.length)));
  const nominations = dataNominations(allocation, shippers, baseline, capacity);
  return { id: assets[0]!, assets, basis: allocation.basis, shares: allocation.shares, shippers, watchLinks, watchNodes, nominations };
}

function quotaGroup(graph: CommodityGraph, id: string, fields: readonly string[], allocation: Allocation, baseline: Timeline, cap: number): AllocationGroup {
  const shippers: AllocationShipper[] = [];
  for (const field of fields) {
    const pairs = graph.pairs.flatMap((pair, index) => (pair.link.from === field ? [index] : []));
    if (pairs.length > 0) shippers.push({ id: field, pairs, upstreamLinks: [], upstreamNodes: [field], fields: [field] });
  }
  const capSeries = baseline.productionCaps.find((entry) => entry.id === id)?.cap;
  const nominations = dataNominations(allocation, shippers, baseline, capSeries ? average(capSeries) : cap);
  return { id, assets: [id], basis: allocation.basis, shares: allocation.shares, quota: id, shippers, watchLinks: [], watchNodes: [], nominations };
}

/**
 * Nominations the data give: production capacity (output) or stated shares of the asset's
 * capacity (quota). Basis nominations waits for the baseline (see nominationsFromRun); until then
 * every shipper nominates 1 t/d, which no run reads (the baseline's rows are free).
 */
function dataNominations(allocation: Allocation, shippers: readonly AllocationShipper[], baseline: Timeline, capacity: number): Float64Array {
  const output = (shipper: AllocationShipper) => shipper.fields.reduce((sum, field) => sum + average(baseline.fieldNominal.get(field) ?? new Float64Array(1)), 0);
  if (allocation.basis === 'output') return Float64Array.from(shippers, output);
  if (allocation.basis === 'quota') {
    // Shares of a capacity without a limit are shares of what the shippers can produce.
    const scale = Number.isFinite(capacity) ? capacity : shippers.reduce((sum, shipper) => sum + output(shipper), 0);
    return Float64Array.from(shippers, (shipper) => scale * shipper.fields.reduce((sum, field) => sum + (allocation.shares?.get(field) ?? 0), 0));
  }
  return new Float64Array(shippers.length).fill(1);
}

/**
 * Basis nominations: each shipper's average daily flow through the asset in the undisrupted plan
 * (the baseline of the run), as shippers nominate a month's volume rather than a daily profile.
 * One figure per shipper keeps the LP's coefficients the same on every day and in every window.
 */
export function nominationsFromRun(plan: AllocationPlan, days: number, flowTonnes: Float64Array): AllocationPlan {
  if (!plan.pending) return plan;
  const groups = plan.groups.map((group) => {
    if (group.basis !== 'nominations') return group;
    const nominations = Float64Array.from(group.shippers, (shipper) => {
      let total = 0;
      for (const pair of shipper.pairs) for (let day = 0; day < days; day += 1) total += flowTonnes[pair * days + day]!;
      return total / days;
    });
    return { ...group, nominations };
  });
  return { groups, pending: false };
}

const TOLERANCE_TONNES = 1e-6;

/**
 * Bounds of one group's rows (per shipper, `days` each, in LP units of `scale` tonnes) on a
 * timeline: the rule in force on the days `reference` shows the group's watched assets with more
 * capacity, or (production limits) the cap below the fields' basis; free rows elsewhere.
 */
export function writeAllocationBounds(group: AllocationGroup, timeline: Timeline, reference: Timeline | undefined, scale: number, lower: Float64Array, upper: Float64Array, at: number): void {
  const days = timeline.dates.length;
  const active = activeDays(group, timeline, reference);
  group.shippers.forEach((shipper, index) => {
    const nomination = group.nominations[index]!;
    const base = at + index * days;
    for (let day = 0; day < days; day += 1) {
      if (!active[day]) {
        lower[base + day] = -Infinity;
        upper[base + day] = Infinity;
        continue;
      }
      const available = availability(shipper, timeline, reference, day);
      upper[base + day] = 0;
      lower[base + day] = (-nomination * (1 - available)) / scale;
    }
  });
}

/** The days (1) the group's rule is in force on `timeline`, against its network without events `reference`. */
export function activeDays(group: AllocationGroup, timeline: Timeline, reference: Timeline | undefined): Uint8Array {
  const days = timeline.dates.length;
  const active = new Uint8Array(days);
  if (group.quota !== undefined) {
    // In force while the cap is below what the fields could produce that day.
    const cap = timeline.productionCaps.find((entry) => entry.id === group.quota)?.cap;
    if (!cap) return active;
    const capacities = group.shippers.map((shipper) => timeline.nodeThroughput.get(shipper.id));
    for (let day = 0; day < days; day += 1) {
      const capacity = capacities.reduce((sum, series) => sum + (series?.[day] ?? 0), 0);
      active[day] = cap[day]! < capacity - TOLERANCE_TONNES ? 1 : 0;
    }
    return active;
  }
  if (!reference) return active;
  // A tonne entering on day t is held up if the asset it meets is reduced on any day from t
  // (a disruption under way backs up through tanks) to its arrival there.
  const reduced = (map: (timeline: Timeline) => ReadonlyMap<string, Float64Array>, { id, lag }: Watched) => {
    const series = map(timeline).get(id);
    const base = map(reference).get(id);
    if (!series || !base || series === base) return;
    for (let day = 0; day < days; day += 1) {
      if (!(series[day]! < base[day]! - TOLERANCE_TONNES)) continue;
      for (let entry = Math.max(0, day - lag); entry <= day; entry += 1) active[entry] = 1;
    }
  };
  for (const watched of group.watchLinks) reduced((source) => source.linkCapacity, watched);
  for (const watched of group.watchNodes) {
    reduced((source) => source.nodeThroughput, watched);
    reduced((source) => source.storageCapacity, watched);
    reduced((source) => source.marketIntake, watched);
  }
  return active;
}

/** a_s,t: the least share of its capacity without events left to any asset on the shipper's way. */
function availability(shipper: AllocationShipper, timeline: Timeline, reference: Timeline | undefined, day: number): number {
  let available = 1;
  const ratio = (series: Float64Array | undefined, base: Float64Array | undefined) => {
    if (!series || !base || !(base[day]! > 0) || !Number.isFinite(base[day]!)) return;
    available = Math.min(available, Math.max(0, series[day]! / base[day]!));
  };
  for (const id of shipper.upstreamNodes) {
    // A field's own capacity before outages is in every timeline.
    ratio(timeline.nodeThroughput.get(id), timeline.fieldNominal.get(id) ?? reference?.nodeThroughput.get(id));
  }
  if (reference) for (const id of shipper.upstreamLinks) ratio(timeline.linkCapacity.get(id), reference.linkCapacity.get(id));
  return available;
}

/** LP links and nodes a commodity passes on its way to `starts` (the asset's entry nodes), its fields included. */
function upstreamOf(graph: CommodityGraph, commodityIndex: number, starts: readonly string[]): { links: string[]; nodes: string[] } {
  const own = graph.pairsByCommodity[commodityIndex]!.map((pair) => graph.pairs[pair]!.link);
  const nodes = new Set(starts);
  const links = new Set<string>();
  const queue = [...starts];
  for (let head = 0; head < queue.length; head += 1) {
    for (const link of own) {
      if (link.to !== queue[head] || links.has(link.id)) continue;
      links.add(link.id);
      if (!nodes.has(link.from)) {
        nodes.add(link.from);
        queue.push(link.from);
      }
    }
  }
  for (const start of starts) nodes.delete(start);
  return { links: [...links], nodes: [...nodes] };
}

/** The asset's links and every LP link and node downstream of them, with the fewest transit days to reach each. */
function downstreamOf(network: Network, starts: readonly Network['links'][number][]): { links: Watched[]; nodes: Watched[] } {
  const linkLag = new Map<string, number>();
  const nodeLag = new Map<string, number>();
  const queue: string[] = [];
  const reach = (node: string, lag: number) => {
    if ((nodeLag.get(node) ?? Infinity) <= lag) return;
    nodeLag.set(node, lag);
    queue.push(node);
  };
  for (const link of starts) {
    linkLag.set(link.id, 0);
    reach(link.to, link.transitDays);
  }
  // Few nodes and a lag only grows along a path: relax until nothing improves.
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    const lag = nodeLag.get(node)!;
    for (const link of network.links) {
      if (link.from !== node) continue;
      if (lag < (linkLag.get(link.id) ?? Infinity)) linkLag.set(link.id, lag);
      reach(link.to, lag + link.transitDays);
    }
  }
  const entries = (map: Map<string, number>) => [...map].map(([id, lag]) => ({ id, lag }));
  return { links: entries(linkLag), nodes: entries(nodeLag) };
}

function average(series: ArrayLike<number>): number {
  if (series.length === 0) return 0;
  let total = 0;
  for (let index = 0; index < series.length; index += 1) total += series[index]!;
  return total / series.length;
}
