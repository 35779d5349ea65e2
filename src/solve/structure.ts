import type { FieldNode, Link, Network, NetworkNode } from '../model/network.ts';
import { fields } from '../model/network.ts';

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
  readonly commodities: readonly FieldNode[];
  readonly pairs: readonly FlowPair[];
  /** For each link, the positions in `pairs` of its commodities. */
  readonly pairsByLink: readonly (readonly number[])[];
  /** node id -> commodity indices present at the node (junctions, terminals, storage). */
  readonly commoditiesAtNode: ReadonlyMap<string, readonly number[]>;
  readonly nodeById: ReadonlyMap<string, NetworkNode>;
  /** For each commodity, the positions in `pairs` of its flow pairs. */
  readonly pairsByCommodity: readonly (readonly number[])[];
}

export function commodityGraph(network: Network): CommodityGraph {
  const commodities = fields(network);
  const nodeById = new Map(network.nodes.map((node) => [node.id, node]));
  const allowed = (link: Link, commodity: FieldNode) => !link.commodities || link.commodities.includes(commodity.id);
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
  const reach = (starts: readonly string[], next: (node: string) => readonly Link[], end: (link: Link) => string, commodity: FieldNode) => {
    const seen = new Set<string>(starts);
    const queue = [...starts];
    for (let head = 0; head < queue.length; head += 1) {
      for (const link of next(queue[head]!)) {
        const other = end(link);
        if (allowed(link, commodity) && !seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return seen;
  };
  commodities.forEach((commodity, commodityIndex) => {
    const forward = reach([commodity.id], (node) => outgoing.get(node) ?? [], (link) => link.to, commodity);
    const backward = reach(sinks, (node) => incoming.get(node) ?? [], (link) => link.from, commodity);
    network.links.forEach((link, linkIndex) => {
      if (!allowed(link, commodity) || !forward.has(link.from) || !backward.has(link.to)) return;
      if (nodeById.get(link.from)?.kind === 'field' && link.from !== commodity.id) return;
      pairs.push({ link, linkIndex, commodity, commodityIndex });
      for (const end of [link.from, link.to]) {
        const kind = nodeById.get(end)?.kind;
        if (kind === 'junction' || kind === 'terminal' || kind === 'storage') {
          if (!atNode.has(end)) atNode.set(end, new Set());
          atNode.get(end)!.add(commodityIndex);
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
  return { network, commodities, pairs, pairsByLink, commoditiesAtNode, nodeById, pairsByCommodity };
}
