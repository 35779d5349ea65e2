// The analyses of issue 3 on caspian-crude: full N-1 at 30 days, the leverage matrix, exact
// Shapley values. Each is timed in process and on a worker pool, against solving every variant
// from scratch (no shared baseline), and end to end through the CLI.
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

type Library = typeof import('../src/index.ts');
const root = new URL('..', import.meta.url).pathname;
// The bundle (dist/), as users run it: workers then load dist/solve-worker.mjs without tsx.
const lib = (await import(join(root, 'dist/index.mjs'))) as Library;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const network = lib.loadNetwork('caspian-crude');
if (!network.ok) throw new Error('caspian-crude does not load');
const base = lib.analysisBase(network.value, { closureDays: 30 });
if (!base.ok) throw new Error('no base');
const cores = availableParallelism();

const analyses = {
  'N-1 criticality (88 assets, D = 30)': (runner: import('../src/index.ts').VariantRunner) => lib.criticality(base.value, runner, { closureDays: 30 }),
  'leverage matrix (D = 30)': (runner: import('../src/index.ts').VariantRunner) => lib.leverage(base.value, 30, runner),
  'exact Shapley values (6 states)': (runner: import('../src/index.ts').VariantRunner) => lib.pipelinePower(network.value, '2022-07-06', network.value.referencePrice!, runner),
  // Longer jobs, where the worker threads pay for their start-up:
  'N-2 criticality (worst 20 pairs, D = 30)': (runner: import('../src/index.ts').VariantRunner) => lib.criticality(base.value, runner, { closureDays: 30, order: 2, topPairs: 20 }),
  'leverage sweep (1-180 days)': (runner: import('../src/index.ts').VariantRunner) =>
    lib.leverage(base.value, 30, runner, {
      sweepDays: [1, 7, 14, 30, 60, 90, 180],
      baseFor: (days) => {
        const swept = lib.analysisBase(network.value, { closureDays: days });
        if (!swept.ok) throw new Error('no base');
        return swept.value;
      },
    }),
};

console.log(`\nANALYSES on caspian-crude (${cores} cores; median of 3 unless said)`);
for (const [label, run] of Object.entries(analyses)) {
  const inProcess: number[] = [];
  const pooled: number[] = [];
  let solves = 0;
  for (let repeat = 0; repeat < 3; repeat += 1) {
    const local = lib.inProcessRunner();
    inProcess.push(await time(async () => {
      const report = await run(local);
      if ('performance' in report) solves = report.performance.solves;
    }));
    await local.close();
    const pool = lib.workerRunner({ workers: cores });
    pooled.push(await time(() => run(pool)));
    await pool.close();
  }
  console.log(`  ${label}: ${solves} variant solves; in process ${median(inProcess).toFixed(0)} ms; pool of ${cores} (main thread + ${cores - 1} worker${cores > 2 ? 's' : ''}) ${median(pooled).toFixed(0)} ms incl. starting the workers: ${(median(inProcess) / median(pooled)).toFixed(2)}x`);
}

// No reuse: every variant built and solved from scratch with its own baseline (what a loop over
// `chokepoint run` would do), in process, once.
{
  const assets = [...network.value.nodes, ...network.value.links].map((asset) => asset.id);
  const cold = await time(async () => {
    for (const asset of assets) {
      const outcome = await lib.solveScenario({ ...base.value, events: lib.closureEvents(base.value, [asset], 30) });
      if (outcome.status !== 'optimal') throw new Error(`${asset}: ${outcome.status}`);
    }
  });
  const local = lib.inProcessRunner();
  const warm = await time(() => lib.criticality(base.value, local, { closureDays: 30 }));
  await local.close();
  console.log(`  reuse of the baseline: N-1 with a fresh LP and baseline per asset ${cold.toFixed(0)} ms vs shared baseline ${warm.toFixed(0)} ms (${(cold / warm).toFixed(1)}x)`);
}

for (const command of [['criticality'], ['leverage'], ['power'], ['leverage', '--sweep']]) {
  const runs: number[] = [];
  for (let repeat = 0; repeat < 3; repeat += 1) {
    const start = performance.now();
    execFileSync(process.execPath, [join(root, 'bin/chokepoint.js'), ...command, '--json'], { cwd: root, stdio: 'ignore' });
    runs.push(performance.now() - start);
  }
  console.log(`  CLI end to end: chokepoint ${command.join(' ')} --json: median ${median(runs).toFixed(0)} ms`);
}

// Risk: simulated years of caspian-crude hazards on the pool.
{
  const hazards = lib.loadHazards('caspian-crude');
  if (!hazards.ok) throw new Error('no hazards');
  // The issue's target: 10,000 years in 60 s on 2 cores (RISK_YEARS=1000 for a quicker look).
  const years = Number(process.env.RISK_YEARS ?? 10000);
  const pool = lib.workerRunner({ workers: cores, mainLane: false, sessionsKept: lib.RISK_SESSIONS });
  const before = process.memoryUsage().rss;
  let peak = before;
  const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const start = performance.now();
  const report = await lib.simulateRisk(hazards.value, network.value.referencePrice!, pool, { years, seed: 42 });
  const elapsed = performance.now() - start;
  clearInterval(watch);
  await pool.close();
  if ('status' in report) throw new Error(report.message);
  const windows = report.drivers.reduce((sum, driver) => sum + driver.eventsPerYear, 0) * years;
  console.log(`  risk, ${years} years (seed 42): ${(elapsed / 1000).toFixed(1)} s on ${cores} threads; ${report.performance.distinctClusters} distinct windows solved for about ${Math.round(windows)} events (cache and clustering: ${(windows / report.performance.distinctClusters).toFixed(1)} events per solve); peak RSS ${(peak / 1e6).toFixed(0)} MB`);
  if (years === 10000) console.log(`  risk target (10,000 years under 60 s): ${elapsed < 60_000 ? 'met' : `not met, ${(elapsed / 60_000).toFixed(1)} times the target`}`);
  // Windowing: whole years solved instead (a few, to time them).
  const local = lib.inProcessRunner();
  const wholeStart = performance.now();
  const checks = await lib.checkWindows(hazards.value, network.value.referencePrice!, local, 42, [0, 1, 2]);
  const wholeMs = performance.now() - wholeStart;
  await local.close();
  if ('status' in checks) throw new Error(checks.message);
  const deviation = Math.max(...checks.map((check) => Math.abs(check.windowsUsd - check.wholeYearUsd) / Math.max(1, check.wholeYearUsd)));
  console.log(`  windows vs whole years: 3 years solved both ways in ${(wholeMs / 1000).toFixed(1)} s; largest difference ${(100 * deviation).toFixed(2)} %`);
}
