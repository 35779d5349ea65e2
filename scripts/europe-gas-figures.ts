// Regenerates every figure of docs/europe-gas.md: `npx tsx scripts/europe-gas-figures.ts`.
// Runs the 2021-contracts baseline and each 2022 scenario of europe-gas (a year each, a few
// seconds apiece) and prints the tables the page quotes. Energy in TWh (the network's base unit
// is MWh), money in EUR (the network's currency).
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { loadScenario } from '../src/io/files.ts';

const SCENARIOS = [
  'europe-gas-2022-yamal-stop',
  'europe-gas-2022-cutoffs',
  'europe-gas-2022-sokhranivka',
  'europe-gas-2022-nord-stream-cuts',
  'europe-gas-2022-freeport',
  'europe-gas-2022-sabotage',
  'europe-gas-2022-all',
];
const RUSSIAN_ROUTES = ['Nord Stream 1', 'Yamal-Europe', 'Ukraine', 'TurkStream'];

const twh = (mwh: number) => (mwh / 1e6).toFixed(1);
const bn = (eur: number) => (eur / 1e9).toFixed(2);
async function solved(id: string): Promise<RunResult> {
  const loaded = loadScenario(id);
  if (!loaded.ok) throw new Error(`${id}: ${loaded.issues.map((issue) => issue.message).join('; ')}`);
  const outcome = await runScenario(loaded.value);
  if (outcome.status !== 'optimal') throw new Error(`${id}: ${outcome.status}: ${outcome.message}`);
  return outcome.result;
}

const results = new Map<string, RunResult>();
for (const id of SCENARIOS) results.set(id, await solved(id));
const first = results.get(SCENARIOS[0]!)!;

const gasOf = (result: RunResult) => {
  if (!result.gas) throw new Error('europe-gas runs carry gas accounts');
  return result.gas;
};
const sum = <T>(rows: readonly T[], value: (row: T) => number) => rows.reduce((total, row) => total + value(row), 0);
const lossOf = (result: RunResult, actor: string) => gasOf(result).actors.find((row) => row.actor === actor)?.loss ?? 0;
/** EU-wide fill on 1 Nov 2022: stock over working capacity of the storage with a target that day. */
const novemberFill = (result: RunResult, run: 'baseline' | 'scenario') => {
  const targets = gasOf(result).storage.flatMap((state) => state.targets.filter((target) => target.date === '2022-11-01').map((target) => ({ stock: target[run].stockMWh, capacity: target.requiredMWh / target.requiredFill })));
  return (100 * sum(targets, (row) => row.stock)) / sum(targets, (row) => row.capacity);
};

const base = gasOf(first);
console.log('## The 2021-contracts baseline (2022 horizon, no events)\n');
console.log('| supply | TWh in 2022 |');
console.log('|---|---|');
for (const row of base.suppliers) console.log(`| ${row.supply} | ${twh(row.baselineMWh)} |`);
console.log(`\nPipeline gas from Russia by route (TWh): ${first.baseline.exportsByRoute.filter((row) => RUSSIAN_ROUTES.includes(row.route)).map((row) => `${row.route} ${twh(row.tonnes)}`).join(', ')}.`);
console.log(`Demand: reference ${twh(sum(base.demand, (row) => row.referenceMWh))} TWh, served ${twh(sum(base.demand, (row) => row.baseline.servedMWh))} TWh, priced out ${twh(sum(base.demand, (row) => row.baseline.destroyedMWh))} TWh at 2022 prices. EU storage on 1 Nov 2022: ${novemberFill(first, 'baseline').toFixed(1)} % full.`);

console.log('\n## Each 2022 event alone, and all together, against that baseline\n');
console.log('| scenario | Russian pipeline gas lost (TWh) | replacement LNG (TWh) | its extra cost (bn EUR) | demand priced out (TWh) | firm demand unserved (TWh) | EU storage 1 Nov (%) | Gazprom revenue lost (bn EUR) | Ukraine transit fees lost (bn EUR) | loss: Gazprom / Russia / GTSOU (bn EUR) |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [id, result] of results) {
  const gas = gasOf(result);
  const gazprom = gas.suppliers.find((row) => row.supply === 'ru-gazprom')!;
  const destroyed = sum(gas.demand, (row) => row.scenario.destroyedMWh - row.baseline.destroyedMWh);
  const unserved = sum(gas.demand, (row) => row.scenario.unservedMWh - row.baseline.unservedMWh);
  const fees = sum(gas.transit, (row) => row.feeLost);
  console.log(`| ${id} | ${twh(gazprom.lostMWh)} | ${twh(gas.lng.extraMWh)} | ${bn(gas.lng.extraCost)} | ${twh(destroyed)} | ${twh(unserved)} | ${novemberFill(result, 'scenario').toFixed(1)} | ${bn(gazprom.revenueLost)} | ${bn(fees)} | ${bn(lossOf(result, 'gazprom'))} / ${bn(lossOf(result, 'ru'))} / ${bn(lossOf(result, 'gtsou'))} |`);
}

const all = results.get('europe-gas-2022-all')!;
console.log('\n## All of 2022: Russian pipeline gas by route (TWh)\n');
console.log('| route | baseline | 2022 events | lost |');
console.log('|---|---|---|---|');
for (const row of all.baseline.exportsByRoute.filter((item) => RUSSIAN_ROUTES.includes(item.route))) {
  const scenario = all.scenario.exportsByRoute.find((item) => item.route === row.route)?.tonnes ?? 0;
  console.log(`| ${row.route} | ${twh(row.tonnes)} | ${twh(scenario)} | ${twh(row.tonnes - scenario)} |`);
}
console.log('\n## All of 2022: demand by region (TWh)\n');
console.log('| market | reference | served, baseline | served, 2022 events | priced out beyond the baseline |');
console.log('|---|---|---|---|---|');
for (const row of gasOf(all).demand) console.log(`| ${row.market} | ${twh(row.referenceMWh)} | ${twh(row.baseline.servedMWh)} | ${twh(row.scenario.servedMWh)} | ${twh(row.scenario.destroyedMWh - row.baseline.destroyedMWh)} |`);
console.log('\n## All of 2022: losses by actor (bn EUR; positive = loses)\n');
console.log('| actor | loss | of which ship-or-pay fees |');
console.log('|---|---|---|');
for (const row of gasOf(all).actors.filter((item) => Math.abs(item.loss) >= 1e8)) console.log(`| ${row.name} | ${bn(row.loss)} | ${bn(row.shipOrPayFeesLost)} |`);

// Why several scenarios show the same replacement LNG: where in the year the extra LNG is bought.
const lngFields = new Set(gasOf(first).suppliers.filter((row) => row.lng).map((row) => row.supply));
const lngDaily = (result: RunResult, run: 'baseline' | 'scenario') =>
  result.series.dates.map((_, day) => sum(result.series.production.filter((row) => lngFields.has(row.field)), (row) => row[run][day] ?? 0));
const network = loadScenario(SCENARIOS[0]!);
if (!network.ok) throw new Error('europe-gas does not load');
const ceiling = sum(network.value.network.nodes.filter((node) => lngFields.has(node.id) && node.kind === 'field'), (node) => (node.kind === 'field' ? node.productionTonnesPerDay : 0));
const months = [...new Set(first.series.dates.map((date) => date.slice(0, 7)))];
const byMonth = (daily: readonly number[]) => months.map((month) => sum(first.series.dates.map((date, day) => (date.startsWith(month) ? daily[day]! : 0)), (value) => value));
const baselineLng = lngDaily(first, 'baseline');
console.log(`\n## Replacement LNG by month (TWh; LNG ceiling ${(ceiling / 1e3).toFixed(0)} GWh/d)\n`);
console.log(`| month | ceiling | baseline | ${SCENARIOS.map((id) => id.replace('europe-gas-2022-', '')).join(' | ')} |`);
console.log(`|---|---|---|${SCENARIOS.map(() => '---').join('|')}|`);
const extraByScenario = SCENARIOS.map((id) => {
  const result = results.get(id)!;
  const scenario = lngDaily(result, 'scenario');
  return byMonth(scenario.map((value, day) => value - baselineLng[day]!));
});
months.forEach((month, index) => {
  const days = first.series.dates.filter((date) => date.startsWith(month)).length;
  console.log(`| ${month} | ${twh(ceiling * days)} | ${twh(byMonth(baselineLng)[index]!)} | ${extraByScenario.map((extra) => twh(extra[index]!)).join(' | ')} |`);
});
const headroom = months.map((month, index) => ({ month, twh: ceiling * first.series.dates.filter((date) => date.startsWith(month)).length - byMonth(baselineLng)[index]! })).filter((row) => row.twh > 1e3);
console.log(`\nRoom under the ceiling in the baseline (TWh): ${headroom.map((row) => `${row.month} ${twh(row.twh)}`).join(', ')}.`);
