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
console.log(`  rolling (${operations.steps} decision windows of ${operations.lookaheadDays} days, re-planned every ${operations.replanDays} day): ${median(modes.rolling).toFixed(0)} ms, including the hindsight run it is compared with`);
console.log(`  rolling target (a 120-day replay under 2 s): ${median(modes.rolling) < 2000 ? 'met' : `not met, ${(median(modes.rolling) / 2000).toFixed(1)} times the target`}`);
console.log(`  netback lost: rolling ${(rollingResult!.impact.netbackLostUsd / 1e9).toFixed(3)} bn USD, hindsight ${((operations.hindsightNetbackLostUsd ?? 0) / 1e9).toFixed(3)} bn USD; value of foresight ${((operations.valueOfForesightUsd ?? 0) / 1e6).toFixed(1)} M USD`);
