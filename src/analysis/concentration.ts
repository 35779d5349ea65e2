import type { Network } from '../model/network.ts';
import type { LinkFlow, VariantResult } from './variants.ts';

/** Herfindahl–Hirschman index (0–10,000) and Shannon entropy (nats) of a set of shares. */
export function concentration(amounts: readonly number[]): { hhi: number; shannon: number } {
  const total = amounts.reduce((sum, value) => sum + Math.max(0, value), 0);
  if (total <= 0) return { hhi: 0, shannon: 0 };
  let hhi = 0;
  let shannon = 0;
  for (const amount of amounts) {
    const share = Math.max(0, amount) / total;
    hhi += share * share * 10_000;
    if (share > 0) shannon -= share * Math.log(share);
  }
  return { hhi, shannon };
}

/** Baseline exports of each exporting state by route (tonnes over the horizon). */
export function exportsByStateAndRoute(result: VariantResult): Map<string, Map<string, number>> {
  const byState = new Map<string, Map<string, number>>();
  for (const route of result.baseline.exportsByRoute) {
    for (const origin of route.byOrigin ?? []) {
      const routes = byState.get(origin.state) ?? new Map<string, number>();
      routes.set(route.route, (routes.get(route.route) ?? 0) + origin.tonnes);
      byState.set(origin.state, routes);
    }
  }
  return byState;
}

/**
 * Share of each crude's deliveries that crossed an asset under each state's jurisdiction, by
 * tracing the horizon's aggregate flows: at every node the crude's inflow mixes, so the share
 * that has crossed a state leaves on every outgoing link in the same proportion.
 */
export function transitShares(network: Network, flows: readonly LinkFlow[]): Map<string, Map<string, number>> {
  const nodeById = new Map(network.nodes.map((node) => [node.id, node]));
  const linkById = new Map(network.links.map((link) => [link.id, link]));
  const byCommodity = new Map<string, LinkFlow[]>();
  for (const flow of flows) byCommodity.set(flow.commodity, [...(byCommodity.get(flow.commodity) ?? []), flow]);
  const states = [...new Set([...network.nodes, ...network.links].flatMap((asset) => asset.jurisdiction))].sort();
  const result = new Map<string, Map<string, number>>();
  for (const [commodity, commodityFlows] of byCommodity) {
    const field = nodeById.get(commodity);
    const shares = new Map<string, number>();
    for (const state of states) {
      // crossed(node) = share of the crude arriving at the node that has already crossed the state.
      const crossed = new Map<string, number>();
      const inflow = new Map<string, number>();
      for (const flow of commodityFlows) inflow.set(linkById.get(flow.link)!.to, (inflow.get(linkById.get(flow.link)!.to) ?? 0) + flow.tonnes);
      const leaving = (node: string) => (nodeById.get(node)?.jurisdiction.includes(state) ? 1 : (crossed.get(node) ?? 0));
      for (let pass = 0; pass <= network.nodes.length; pass += 1) {
        const carried = new Map<string, number>();
        for (const flow of commodityFlows) {
          const link = linkById.get(flow.link)!;
          const share = link.jurisdiction.includes(state) ? 1 : leaving(link.from);
          carried.set(link.to, (carried.get(link.to) ?? 0) + flow.tonnes * share);
        }
        let changed = false;
        for (const [node, tonnes] of carried) {
          const value = tonnes / (inflow.get(node) ?? 1);
          if (Math.abs(value - (crossed.get(node) ?? 0)) > 1e-12) changed = true;
          crossed.set(node, value);
        }
        if (!changed) break;
      }
      let delivered = 0;
      let deliveredCrossed = 0;
      for (const node of network.nodes) {
        if (node.kind !== 'market') continue;
        const tonnes = inflow.get(node.id) ?? 0;
        delivered += tonnes;
        deliveredCrossed += tonnes * leaving(node.id);
      }
      const fieldState = field?.kind === 'field' ? field.taxedBy : undefined;
      if (delivered > 0 && state !== fieldState) shares.set(state, deliveredCrossed / delivered);
    }
    result.set(commodity, shares);
  }
  return result;
}
