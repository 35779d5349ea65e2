import type { FieldNode, Link, Network, NetworkNode } from '../model/network.ts';
import { fields, isGas } from '../model/network.ts';

/**
 * Which commodity may use which link. Each field's oil is its own commodity; it gets a flow
 * variable on a link only where it can reach the link from its field and reach a market or a
 * storage from the link's end, so the model carries no variables that could never be used.
 */
export interface FlowPair {
  readonly link: Link;
  readonly linkIndex: number;
  readonly commodity: FieldNode;
  readonly commodityIndex: number;
}

export interface CommodityGraph {
  readonly network: Network;
  /**
   * What the LP routes: a field's own crude, or (commingled) one stream standing for several
   * fields whose crude is worth the same everywhere and may use the same links.
   */
  readonly commodities: readonly FieldNode[];
  /** For each commodity, the fields whose crude it carries (one, unless commingled). */
  readonly fieldsOf: readonly (readonly FieldNode[])[];
  readonly pairs: readonly FlowPair[];
  /** For each link, the positions in `pairs` of its commodities. */
  readonly pairsByLink: readonly (readonly number[])[];
  /** node id -> commodity indices present at the node (junctions, terminals, storage). */
  readonly commoditiesAtNode: ReadonlyMap<string, readonly number[]>;
  readonly nodeById: ReadonlyMap<string, NetworkNode>;
  /** For each commodity, the positions in `pairs` of its flow pairs. */
  readonly pairsByCommodity: readonly (readonly number[])[];
  /** node id -> the fields whose crude can be at the node (junctions, terminals, storage). */
  readonly fieldsAtNode: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * With `commingle`, fields whose crude sells at the same price per tonne everywhere, costs the
 * same to lift and shut in, and may use the same links travel as one stream (as in a commingled
 * pipeline system). The LP's optimum is the same; it has fewer columns and no ties between
 * identical crudes, which the simplex otherwise pivots through. Each field's share of the stream
 * is restored after the solve (see splitStreams).
 */
export function commodityGraph(network: Network, options: { readonly commingle?: boolean } = {}): CommodityGraph {
  // Mixing crude streams back into fields needs flow order; gas (one commodity) is mixed around cycles too (see splitStreams).
  const fieldsOf = options.commingle && (acyclic(network) || isGas(network)) ? commingledFields(network) : fields(network).map((field) => [field]);
  const commodities = fieldsOf.map((members) => (members.length === 1 ? members[0]! : streamOf(members)));
  const memberIds = fieldsOf.map((members) => new Set(members.map((member) => member.id)));
  const nodeById = new Map(network.nodes.map((node) => [node.id, node]));
  const allowed = (link: Link, commodityIndex: number) => !link.commodities || link.commodities.includes(commodities[commodityIndex]!.id) || fieldsOf[commodityIndex]!.some((member) => link.commodities!.includes(member.id));
  const pairs: FlowPair[] = [];
  const atNode = new Map<string, Set<number>>();
  const outgoing = new Map<string, Link[]>();
  const incoming = new Map<string, Link[]>();
  for (const link of network.links) {
    if (!outgoing.has(link.from)) outgoing.set(link.from, []);
    if (!incoming.has(link.to)) incoming.set(link.to, []);
    outgoing.get(link.from)!.push(link);
    incoming.get(link.to)!.push(link);
  }
  const sinks = network.nodes.filter((node) => node.kind === 'market' || node.kind === 'storage').map((node) => node.id);
  // `within`: only through these nodes.
  const reach = (starts: readonly string[], next: (node: string) => readonly Link[], end: (link: Link) => string, commodityIndex: number, within?: ReadonlySet<string>) => {
    const seen = new Set<string>(starts);
    const queue = [...starts];
    for (let head = 0; head < queue.length; head += 1) {
      for (const link of next(queue[head]!)) {
        const other = end(link);
        if ((!within || within.has(other)) && allowed(link, commodityIndex) && !seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return seen;
  };
  const fieldsAt = new Map<string, Set<string>>();
  commodities.forEach((commodity, commodityIndex) => {
    const forward = reach([...memberIds[commodityIndex]!], (node) => outgoing.get(node) ?? [], (link) => link.to, commodityIndex);
    const forwardOf = fieldsOf[commodityIndex]!.map((member) => ({ id: member.id, seen: fieldsOf[commodityIndex]!.length === 1 ? forward : reach([member.id], (node) => outgoing.get(node) ?? [], (link) => link.to, commodityIndex) }));
    // Only nodes the crude reaches can lead it on to a sink, and what they lead to it reaches too:
    // the search back from the sinks stays among them (in a large network, a small part of it).
    const backward = reach(sinks.filter((sink) => forward.has(sink)), (node) => incoming.get(node) ?? [], (link) => link.from, commodityIndex, forward);
    network.links.forEach((link, linkIndex) => {
      if (!forward.has(link.from) || !backward.has(link.to) || !allowed(link, commodityIndex)) return;
      if (nodeById.get(link.from)?.kind === 'field' && !memberIds[commodityIndex]!.has(link.from)) return;
      pairs.push({ link, linkIndex, commodity, commodityIndex });
      for (const end of [link.from, link.to]) {
        const kind = nodeById.get(end)?.kind;
        if (kind === 'junction' || kind === 'terminal' || kind === 'storage') {
          if (!atNode.has(end)) atNode.set(end, new Set());
          atNode.get(end)!.add(commodityIndex);
          if (!fieldsAt.has(end)) fieldsAt.set(end, new Set());
          for (const member of forwardOf) if (member.seen.has(link.from)) fieldsAt.get(end)!.add(member.id);
        }
      }
    });
  });
  // Keep pairs ordered by link then commodity: deterministic and cache-friendly.
  pairs.sort((a, b) => a.linkIndex - b.linkIndex || a.commodityIndex - b.commodityIndex);
  const pairsByLink: number[][] = network.links.map(() => []);
  pairs.forEach((pair, position) => pairsByLink[pair.linkIndex]!.push(position));
  const commoditiesAtNode = new Map([...atNode].map(([node, set]) => [node, [...set].sort((a, b) => a - b)]));
  const pairsByCommodity: number[][] = commodities.map(() => []);
  pairs.forEach((pair, position) => pairsByCommodity[pair.commodityIndex]!.push(position));
  return { network, commodities, fieldsOf, pairs, pairsByLink, commoditiesAtNode, nodeById, pairsByCommodity, fieldsAtNode: fieldsAt };
}

/** Fields grouped by everything the LP sees of their crude; the order of first appearance is kept. */
function commingledFields(network: Network): FieldNode[][] {
  const groups = new Map<string, FieldNode[]>();
  for (const field of fields(network)) {
    const permitted = network.links.filter((link) => link.commodities?.includes(field.id)).map((link) => link.id);
    // Gas is one commodity whatever its source: the LP charges each field its own costs on the
    // links out of it, so only the links a supply may use set streams apart.
    const signature = isGas(network) ? JSON.stringify(permitted) : JSON.stringify([field.qualityDifferential, field.barrelsPerTonne, field.liftingCostUsdPerTonne, field.shutInCostUsdPerTonne, permitted]);
    groups.set(signature, [...(groups.get(signature) ?? []), field]);
  }
  return [...groups.values()];
}

/** The commodity a commingled stream is routed as: its fields' economics, their joint output. */
function streamOf(members: readonly FieldNode[]): FieldNode {
  const first = members[0]!;
  return {
    ...first,
    id: members.map((member) => member.id).join('&'),
    name: members.map((member) => member.name).join(' + '),
    productionTonnesPerDay: members.reduce((total, member) => total + member.productionTonnesPerDay, 0),
    minimumRateTonnesPerDay: members.reduce((total, member) => total + member.minimumRateTonnesPerDay, 0),
  };
}

/** Whether the links form no cycle: streams are split node by node in that order. */
function acyclic(network: Network): boolean {
  return topologicalOrder(network) !== undefined;
}

/** Node ids ordered so that every link runs forward; undefined when the links form a cycle. */
export function topologicalOrder(network: Network): string[] | undefined {
  const indegree = new Map(network.nodes.map((node) => [node.id, 0]));
  for (const link of network.links) indegree.set(link.to, (indegree.get(link.to) ?? 0) + 1);
  const outgoing = new Map<string, Link[]>();
  for (const link of network.links) {
    if (!outgoing.has(link.from)) outgoing.set(link.from, []);
    outgoing.get(link.from)!.push(link);
  }
  const queue = network.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  for (let head = 0; head < queue.length; head += 1) {
    for (const link of outgoing.get(queue[head]!) ?? []) {
      const left = indegree.get(link.to)! - 1;
      indegree.set(link.to, left);
      if (left === 0) queue.push(link.to);
    }
  }
  return queue.length === network.nodes.length ? queue : undefined;
}
