import type { FieldNode, Network } from '../model/network.ts';

/**
 * Which fields' crude a rule catches at each of its markets "as exported from" some states: the
 * crude can reach the market, but only through an asset (node or link, the field itself included)
 * under one of those states' jurisdiction. A crude with a route round them is not caught there;
 * streams are not traced path by path, so a field with both kinds of route counts as free (a
 * limitation the docs state). Service dates are ignored: every asset the scenario may use counts.
 */
export function caughtAsExportedFrom(network: Network, fields: readonly FieldNode[], markets: readonly string[], states: readonly string[]): Map<string, Set<string>> {
  const caught = new Map<string, Set<string>>(markets.map((market) => [market, new Set<string>()]));
  if (states.length === 0) return caught;
  const underStates = (jurisdiction: readonly string[]) => jurisdiction.some((actor) => states.includes(actor));
  const blockedNodes = new Set(network.nodes.filter((node) => underStates(node.jurisdiction)).map((node) => node.id));
  for (const field of fields) {
    const anyRoute = reachable(network, field.id, new Set(), false);
    const freeRoute = blockedNodes.has(field.id) ? new Set<string>() : reachable(network, field.id, blockedNodes, true, underStates);
    for (const market of markets) if (anyRoute.has(market) && !freeRoute.has(market)) caught.get(market)!.add(field.id);
  }
  return caught;
}

/** Nodes a field's crude can reach, avoiding the blocked nodes and (when asked) links under the states. */
function reachable(network: Network, field: string, blockedNodes: ReadonlySet<string>, avoidLinks: boolean, underStates?: (jurisdiction: readonly string[]) => boolean): Set<string> {
  const seen = new Set([field]);
  const queue = [field];
  while (queue.length > 0) {
    const at = queue.pop()!;
    for (const link of network.links) {
      if (link.from !== at || seen.has(link.to) || blockedNodes.has(link.to)) continue;
      if (link.commodities && !link.commodities.includes(field)) continue;
      if (avoidLinks && underStates?.(link.jurisdiction)) continue;
      seen.add(link.to);
      queue.push(link.to);
    }
  }
  return seen;
}
