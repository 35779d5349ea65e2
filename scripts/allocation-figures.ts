// Regenerates the figures of docs/allocation.md: `npx tsx scripts/allocation-figures.ts` (about a
// minute: the three July 2022 scenarios in both modes, with the shipped rules and with every rule
// taken off, i.e. merit everywhere).
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { loadScenario } from '../src/io/files.ts';
import type { Network } from '../src/model/network.ts';
import type { Scenario } from '../src/scenario/scenario.ts';

const must = <T>(loaded: { ok: true; value: T } | { ok: false; issues: readonly { message: string }[] }): T => {
  if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
  return loaded.value;
};
const musd = (usd: number) => (Math.abs(usd) >= 1e9 ? `${(usd / 1e9).toFixed(3)} bn USD` : `${(usd / 1e6).toFixed(1)} M USD`);
const mt = (tonnes: number) => `${(tonnes / 1e6).toFixed(3)} Mt`;
const kt = (tonnes: number) => `${Math.round(tonnes / 1e3)}`;

/** The network with every stated rule taken off: merit on every asset and production limit. */
function meritEverywhere(network: Network): Network {
  return {
    ...network,
    links: network.links.map(({ allocation: _, ...link }) => link),
    nodes: network.nodes.map((node) => (node.kind === 'junction' || node.kind === 'terminal' ? { ...node, allocation: undefined } : node)),
    productionLimits: network.productionLimits?.map((limit) => ({ ...limit, allocation: { ...limit.allocation, rule: 'merit' as const } })),
  };
}

async function run(scenario: Scenario): Promise<RunResult> {
  const outcome = await runScenario(scenario);
  if (outcome.status !== 'optimal') throw new Error(`${scenario.id}: ${outcome.status}: ${outcome.message}`);
  return outcome.result;
}

const fields = ['tengiz', 'kashagan', 'karachaganak', 'ru-cpc-supply'] as const;
const shutIn = (result: RunResult, field: string) => result.impact.shutInByField.find((row) => row.field === field)?.tonnes ?? 0;
const budget = (result: RunResult, state: string) => result.impact.budgetLossByState.find((row) => row.state === state)?.lossUsd ?? 0;

console.log('## The July 2022 scenarios under merit and under the shipped rules\n');
console.log('| scenario | mode | rule | netback lost | exports lost | budget loss KZ | budget loss RU | shut in: Tengiz / Kashagan / Karachaganak / Russian CPC oil (kt) |');
console.log('|---|---|---|---|---|---|---|---|');
const losses = new Map<string, { hindsight: number; rolling: number }>();
for (const id of ['cpc-2022-ban', 'cpc-2022-ban-lifted', 'cpc-2022-ban-bypass']) {
  const shipped = must(loadScenario(id));
  for (const mode of ['hindsight', 'rolling'] as const) {
    for (const rule of ['merit', 'shipped'] as const) {
      const scenario: Scenario = { ...shipped, operations: { ...(shipped.operations ?? { lookaheadDays: 30, replanDays: 1 }), mode }, ...(rule === 'merit' ? { network: meritEverywhere(shipped.network) } : {}) };
      const result = await run(scenario);
      const cuts = fields.map((field) => kt(shutIn(result, field))).join(' / ');
      console.log(`| ${id} | ${mode} | ${rule === 'merit' ? 'merit' : 'pro-rata (shipped)'} | ${musd(result.impact.netbackLostUsd)} | ${mt(result.impact.exportsLostTonnes)} | ${musd(budget(result, 'kz'))} | ${musd(budget(result, 'ru'))} | ${cuts} |`);
      if (rule === 'shipped') losses.set(id, { ...(losses.get(id) ?? { hindsight: 0, rolling: 0 }), [mode]: result.impact.netbackLostUsd });
    }
  }
}

console.log('\n## Hindsight and rolling with the shipped rules (docs/operations.md)\n');
console.log('| scenario | hindsight loss | rolling loss | value of foresight |');
console.log('|---|---|---|---|');
for (const [id, loss] of losses) console.log(`| ${id} | ${musd(loss.hindsight)} | ${musd(loss.rolling)} | ${musd(loss.rolling - loss.hindsight)} |`);
