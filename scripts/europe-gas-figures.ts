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
const routeVolume = (rows: readonly { route: string; tonnes: number }[], routes: readonly string[]) => rows.filter((row) => routes.includes(row.route)).reduce((sum, row) => sum + row.tonnes, 0);
const actorLoss = (result: RunResult, actor: string) => result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
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

console.log('## The 2021-contracts baseline (2022 horizon, no events)\n');
console.log('| route | TWh in 2022 |');
console.log('|---|---|');
for (const row of first.baseline.exportsByRoute) console.log(`| ${row.route} | ${twh(row.tonnes)} |`);
console.log(`| Russian pipeline routes together | ${twh(routeVolume(first.baseline.exportsByRoute, RUSSIAN_ROUTES))} |`);

console.log('\n## Each 2022 event alone, and all together, against that baseline\n');
console.log('| scenario | Russian pipeline gas lost (TWh) | LNG change (TWh) | suppliers\' netback lost (bn EUR) | Gazprom (bn EUR) | Russia, fiscal (bn EUR) | GTSOU, Ukraine (bn EUR) |');
console.log('|---|---|---|---|---|---|---|');
for (const [id, result] of results) {
  const russianLost = routeVolume(result.baseline.exportsByRoute, RUSSIAN_ROUTES) - routeVolume(result.scenario.exportsByRoute, RUSSIAN_ROUTES);
  const lngChange = routeVolume(result.scenario.exportsByRoute, ['LNG']) - routeVolume(result.baseline.exportsByRoute, ['LNG']);
  console.log(`| ${id} | ${twh(russianLost)} | ${lngChange >= 0 ? '+' : ''}${twh(lngChange)} | ${bn(result.impact.netbackLostUsd)} | ${bn(actorLoss(result, 'gazprom'))} | ${bn(actorLoss(result, 'ru'))} | ${bn(actorLoss(result, 'gtsou'))} |`);
}

const all = results.get('europe-gas-2022-all')!;
console.log('\n## All of 2022: volumes by route (TWh)\n');
console.log('| route | baseline | 2022 events | lost |');
console.log('|---|---|---|---|');
for (const row of all.baseline.exportsByRoute) {
  const scenario = all.scenario.exportsByRoute.find((item) => item.route === row.route)?.tonnes ?? 0;
  console.log(`| ${row.route} | ${twh(row.tonnes)} | ${twh(scenario)} | ${twh(row.tonnes - scenario)} |`);
}
console.log(`\nStorage: peak extra stock ${twh(all.impact.peakStockBuiltTonnes)} TWh; supply shut in ${twh(all.impact.productionShutInTonnes)} TWh.`);
