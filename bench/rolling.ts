// Rolling operations on caspian-crude (issue 17): the 122-day July 2022 replay (cpc-2022-ban,
// June to September) decided day by day with a 30-day look-ahead, against the same scenario
// solved with hindsight. Medians of 3 in process after one warm-up run. Every figure is printed with
// the CPU time of this process beside the wall time, and the machine's load average (1 min) when it
// was measured: on a shared machine wall time measures the neighbours too.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

type Library = typeof import('../src/index.ts');
const root = new URL('..', import.meta.url).pathname;
const lib = (await import(join(root, 'dist/index.mjs'))) as Library;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const cpuMs = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const cores = availableParallelism();
const loads: number[] = [];
/** Runs `action`, returning its wall and CPU time (ms) and noting the load average. */
const timedRun = async <T>(action: () => Promise<T>) => {
  loads.push(loadavg()[0]!);
  const cpu = cpuMs();
  const start = performance.now();
  const value = await action();
  return { value, wallMs: performance.now() - start, cpuMs: cpuMs() - cpu };
};
const loadNote = () => {
  const note = `load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cores} cores`;
  loads.length = 0;
  return note;
};

const loaded = lib.loadScenario('cpc-2022-ban');
if (!loaded.ok) throw new Error('cpc-2022-ban does not load');
const days = loaded.value.dates.length;
const modes = { hindsight: { wall: [] as number[], cpu: [] as number[] }, rolling: { wall: [] as number[], cpu: [] as number[] } };
let rollingResult: import('../src/index.ts').RunResult | undefined;
for (let repeat = 0; repeat < 4; repeat += 1) {
  for (const mode of ['hindsight', 'rolling'] as const) {
    const scenario = { ...loaded.value, operations: { mode, lookaheadDays: 30, replanDays: 1 } };
    const { value: outcome, wallMs, cpuMs: cpu } = await timedRun(() => lib.runScenario(scenario));
    if (outcome.status !== 'optimal') throw new Error(`${mode}: ${outcome.status}`);
    if (repeat > 0) {
      modes[mode].wall.push(wallMs);
      modes[mode].cpu.push(cpu);
    }
    if (mode === 'rolling') rollingResult = outcome.result;
  }
}
const operations = rollingResult!.operations;
const times = (mode: keyof typeof modes) => `${median(modes[mode].wall).toFixed(0)} ms wall, ${median(modes[mode].cpu).toFixed(0)} ms CPU`;
console.log(`\nROLLING OPERATIONS on caspian-crude (cpc-2022-ban, ${days} days; median of 3 after a warm-up; ${loadNote()})`);
console.log(`  hindsight (one plan): ${times('hindsight')}`);
console.log(`  rolling (${operations.steps} steps, windows of ${operations.lookaheadDays} days re-planned every ${operations.replanDays} day, ${operations.reusedSteps} taken over from the baseline's run): ${times('rolling')}, including the baseline decided rolling and the hindsight run it is compared with`);
console.log(`  rolling / hindsight: ${(median(modes.rolling.wall) / median(modes.hindsight.wall)).toFixed(1)}x wall, ${(median(modes.rolling.cpu) / median(modes.hindsight.cpu)).toFixed(1)}x CPU`);
console.log(`  rolling target (a 120-day replay under 2 s): ${median(modes.rolling.wall) < 2000 ? 'met' : `not met, ${(median(modes.rolling.wall) / 2000).toFixed(1)} times the target`} (wall)`);
console.log(`  netback lost: rolling ${(rollingResult!.impact.netbackLostUsd / 1e9).toFixed(3)} bn USD, hindsight ${((operations.hindsightNetbackLostUsd ?? 0) / 1e9).toFixed(3)} bn USD; value of foresight ${((operations.valueOfForesightUsd ?? 0) / 1e6).toFixed(1)} M USD`);

// N-1 criticality decided rolling (issue 17: under 30 s), against the same N-1 with hindsight, on
// the same machine and in the same process: every asset of caspian-crude closed alone for 30 days
// from the network's reference date, 30 days of recovery (61 windows of 30 days per variant).
// Each mode in process and on a pool (main thread + workers), one warm-up run then the median of 3.
const network = lib.loadNetwork('caspian-crude');
if (!network.ok) throw new Error('caspian-crude does not load');
const base = lib.analysisBase(network.value, { closureDays: 30 });
if (!base.ok) throw new Error('no analysis base');
const rolling = { mode: 'rolling' as const, lookaheadDays: 30, replanDays: 1 };
type Runner = import('../src/index.ts').VariantRunner;
const n1 = async (runner: Runner) => {
  const { value: report, wallMs, cpuMs: cpu } = await timedRun(() => lib.criticality(base.value, runner, { closureDays: 30 }));
  if ('status' in report) throw new Error(report.message);
  return { ms: wallMs, cpu, report };
};
const timed: Record<string, number[]> = {};
const timedCpu: Record<string, number[]> = {};
let reports: Record<string, Awaited<ReturnType<typeof n1>>['report']> = {};
for (let repeat = 0; repeat < 4; repeat += 1) {
  for (const [label, make] of [
    ['hindsight, in process', () => lib.inProcessRunner()],
    [`hindsight, pool of ${cores}`, () => lib.workerRunner({ workers: cores })],
    ['rolling, in process', () => lib.decidedBy(lib.inProcessRunner(), rolling)],
    [`rolling, pool of ${cores}`, () => lib.decidedBy(lib.workerRunner({ workers: cores }), rolling)],
  ] as const) {
    const runner = make();
    const { ms, cpu, report } = await n1(runner);
    await runner.close();
    if (repeat > 0) {
      (timed[label] ??= []).push(ms);
      (timedCpu[label] ??= []).push(cpu);
    }
    reports = { ...reports, [label.split(',')[0]!]: report };
  }
}
const assets = reports.rolling!.assets.length;
console.log(`\nN-1 CRITICALITY ROLLING on caspian-crude (${assets} assets closed 30 days + 30 of recovery, ${base.value.dates.length} windows of 30 days per variant; median of 3 after a warm-up; ${loadNote()})`);
// In process, CPU time is this process's; a pool's workers are other threads of it (counted too).
for (const [label, values] of Object.entries(timed)) console.log(`  ${label}: ${(median(values) / 1000).toFixed(2)} s wall, ${(median(timedCpu[label]!) / 1000).toFixed(2)} s CPU`);
const best = Math.min(median(timed['rolling, in process']!), median(timed[`rolling, pool of ${cores}`]!));
const bestHindsight = Math.min(median(timed['hindsight, in process']!), median(timed[`hindsight, pool of ${cores}`]!));
console.log(`  rolling target (N-1 under 30 s): ${best < 30_000 ? 'met' : `not met, ${(best / 30_000).toFixed(1)} times the target`}; rolling / hindsight ${(best / bestHindsight).toFixed(1)}x`);
const worst = (report: (typeof reports)[string]) => report.assets.slice(0, 3).map((row) => `${row.asset} ${(row.netbackLostUsd / 1e6).toFixed(1)} M USD`).join(', ');
console.log(`  worst three by revenue lost: rolling ${worst(reports.rolling!)}; hindsight ${worst(reports.hindsight!)}`);
