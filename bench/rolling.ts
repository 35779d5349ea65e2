// Rolling operations on caspian-crude (issue 17): the 122-day July 2022 replay (cpc-2022-ban,
// June to September) decided day by day with a 30-day look-ahead, against the same scenario
// solved with hindsight. Medians of 3 in process after one warm-up run.
import { join } from 'node:path';

type Library = typeof import('../src/index.ts');
const root = new URL('..', import.meta.url).pathname;
const lib = (await import(join(root, 'dist/index.mjs'))) as Library;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const loaded = lib.loadScenario('cpc-2022-ban');
if (!loaded.ok) throw new Error('cpc-2022-ban does not load');
const days = loaded.value.dates.length;
const modes = { hindsight: [] as number[], rolling: [] as number[] };
let rollingResult: import('../src/index.ts').RunResult | undefined;
for (let repeat = 0; repeat < 4; repeat += 1) {
  for (const mode of ['hindsight', 'rolling'] as const) {
    const scenario = { ...loaded.value, operations: { mode, lookaheadDays: 30, replanDays: 1 } };
    const start = performance.now();
    const outcome = await lib.runScenario(scenario);
    const elapsed = performance.now() - start;
    if (outcome.status !== 'optimal') throw new Error(`${mode}: ${outcome.status}`);
    if (repeat > 0) modes[mode].push(elapsed);
    if (mode === 'rolling') rollingResult = outcome.result;
  }
}
const operations = rollingResult!.operations;
console.log(`\nROLLING OPERATIONS on caspian-crude (cpc-2022-ban, ${days} days; median of 3 after a warm-up)`);
console.log(`  hindsight (one plan): ${median(modes.hindsight).toFixed(0)} ms`);
console.log(`  rolling (${operations.steps} steps, windows of ${operations.lookaheadDays} days re-planned every ${operations.replanDays} day, ${operations.reusedSteps} taken over from the baseline's run): ${median(modes.rolling).toFixed(0)} ms, including the baseline decided rolling and the hindsight run it is compared with`);
console.log(`  rolling target (a 120-day replay under 2 s): ${median(modes.rolling) < 2000 ? 'met' : `not met, ${(median(modes.rolling) / 2000).toFixed(1)} times the target`}`);
console.log(`  netback lost: rolling ${(rollingResult!.impact.netbackLostUsd / 1e9).toFixed(3)} bn USD, hindsight ${((operations.hindsightNetbackLostUsd ?? 0) / 1e9).toFixed(3)} bn USD; value of foresight ${((operations.valueOfForesightUsd ?? 0) / 1e6).toFixed(1)} M USD`);

// N-1 criticality decided rolling (issue 17: under 30 s), against the same N-1 with hindsight, on
// the same machine and in the same process: every asset of caspian-crude closed alone for 30 days
// from the network's reference date, 30 days of recovery (61 windows of 30 days per variant).
// Each mode in process and on a pool (main thread + workers), one warm-up run then the median of 3.
const network = lib.loadNetwork('caspian-crude');
if (!network.ok) throw new Error('caspian-crude does not load');
const base = lib.analysisBase(network.value, { closureDays: 30 });
if (!base.ok) throw new Error('no analysis base');
const cores = (await import('node:os')).availableParallelism();
const rolling = { mode: 'rolling' as const, lookaheadDays: 30, replanDays: 1 };
type Runner = import('../src/index.ts').VariantRunner;
const n1 = async (runner: Runner) => {
  const start = performance.now();
  const report = await lib.criticality(base.value, runner, { closureDays: 30 });
  if ('status' in report) throw new Error(report.message);
  return { ms: performance.now() - start, report };
};
const timed: Record<string, number[]> = {};
let reports: Record<string, Awaited<ReturnType<typeof n1>>['report']> = {};
for (let repeat = 0; repeat < 4; repeat += 1) {
  for (const [label, make] of [
    ['hindsight, in process', () => lib.inProcessRunner()],
    [`hindsight, pool of ${cores}`, () => lib.workerRunner({ workers: cores })],
    ['rolling, in process', () => lib.decidedBy(lib.inProcessRunner(), rolling)],
    [`rolling, pool of ${cores}`, () => lib.decidedBy(lib.workerRunner({ workers: cores }), rolling)],
  ] as const) {
    const runner = make();
    const { ms, report } = await n1(runner);
    await runner.close();
    if (repeat > 0) (timed[label] ??= []).push(ms);
    reports = { ...reports, [label.split(',')[0]!]: report };
  }
}
const assets = reports.rolling!.assets.length;
console.log(`\nN-1 CRITICALITY ROLLING on caspian-crude (${assets} assets closed 30 days + 30 of recovery, ${base.value.dates.length} windows of 30 days per variant; median of 3 after a warm-up)`);
for (const [label, values] of Object.entries(timed)) console.log(`  ${label}: ${(median(values) / 1000).toFixed(2)} s`);
const best = Math.min(median(timed['rolling, in process']!), median(timed[`rolling, pool of ${cores}`]!));
const bestHindsight = Math.min(median(timed['hindsight, in process']!), median(timed[`hindsight, pool of ${cores}`]!));
console.log(`  rolling target (N-1 under 30 s): ${best < 30_000 ? 'met' : `not met, ${(best / 30_000).toFixed(1)} times the target`}; rolling / hindsight ${(best / bestHindsight).toFixed(1)}x`);
const worst = (report: (typeof reports)[string]) => report.assets.slice(0, 3).map((row) => `${row.asset} ${(row.netbackLostUsd / 1e6).toFixed(1)} M USD`).join(', ');
console.log(`  worst three by revenue lost: rolling ${worst(reports.rolling!)}; hindsight ${worst(reports.hindsight!)}`);
