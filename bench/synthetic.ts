import type { Network } from '../src/model/network.ts';
import type { Scenario } from '../src/scenario/scenario.ts';

/**
 * A network `copies` times larger: every non-market node and every link is replicated with an
 * id suffix, all copies selling into the same markets. Copy 0 keeps the original ids, so the
 * scenario's events still apply to it.
 */
export function replicate(network: Network, copies: number): Network {
  const markets = new Set(network.nodes.filter((node) => node.kind === 'market').map((node) => node.id));
  const rename = (id: string, copy: number) => (copy === 0 || markets.has(id) ? id : `${id}.c${copy}`);
  const nodes = [...network.nodes.filter((node) => markets.has(node.id))];
  const links = [];
  for (let copy = 0; copy < copies; copy += 1) {
    for (const node of network.nodes) if (!markets.has(node.id)) nodes.push({ ...node, id: rename(node.id, copy) });
    for (const link of network.links) {
      links.push({
        ...link,
        id: rename(link.id, copy),
        from: rename(link.from, copy),
        to: rename(link.to, copy),
        commodities: link.commodities?.map((commodity) => rename(commodity, copy)),
      });
    }
  }
  return { ...network, id: `${network.id}-x${copies}`, nodes, links };
}

export function scaledScenario(scenario: Scenario, copies: number, days?: number): Scenario {
  const dates = days === undefined ? scenario.dates : scenario.dates.slice(0, days);
  return {
    ...scenario,
    id: `${scenario.id}-x${copies}${days === undefined ? '' : `-${days}d`}`,
    network: replicate(scenario.network, copies),
    dates,
    benchmark: scenario.benchmark.slice(0, dates.length),
  };
}
