// npm run bench: model size, build and solve time (median of 5), peak memory, and the same LPs
// solved natively (scipy's HiGHS) where python3 with scipy exists. Not part of npm test.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, out, root, SIZE_CASES } from './common.ts';

const REPEATS = 5;
const cases = SIZE_CASES;
const hasScipy = spawnSync('python3', ['-c', 'import scipy'], { stdio: 'ignore' }).status === 0;

console.log(`chokepoint bench — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
for (const item of cases) {
  const dump = join(out, item.label.replace(/[^a-z0-9]+/gi, '-'));
  const raw = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/case.ts'), item.scenario, String(item.copies), item.days, String(REPEATS), dump], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const report = JSON.parse(raw.trim().split('\n').pop()!);
  const runs = report.runs as { totalMs: number; buildMs: number; solveMs: number; baselineMs: number; accountMs: number; iterations: number }[];
  const total = median(runs.map((run) => run.totalMs));
  const build = median(runs.map((run) => run.buildMs));
  const solve = median(runs.map((run) => run.solveMs));
  console.log(`\n${item.label}: ${report.size.columns} columns, ${report.size.rows} rows, ${report.size.nonZeros} non-zeros`);
  console.log(`  first run (cold WebAssembly) ${runs[0]!.totalMs.toFixed(0)} ms; median of ${REPEATS}: total ${total.toFixed(0)} ms = build ${build.toFixed(0)} ms (${((100 * build) / total).toFixed(1)} %) + solve baseline & scenario ${solve.toFixed(0)} ms + accounting ${median(runs.map((run) => run.accountMs)).toFixed(0)} ms`);
  console.log(`  peak memory: ${report.maxRssMb.toFixed(0)} MB resident (WebAssembly heap ${report.wasmHeapMb.toFixed(0)} MB)`);
  if (hasScipy) {
    const native = JSON.parse(execFileSync('python3', [join(root, 'bench/native.py'), '3', `${dump}.baseline.json`, `${dump}.scenario.json`], { encoding: 'utf8' }));
    const baseline = median(runs.map((run) => run.baselineMs));
    console.log(`  native HiGHS 1.12 (scipy linprog, default options, median of 3): baseline LP ${native.perFileMs[0].toFixed(0)} ms, scenario LP ${native.perFileMs[1].toFixed(0)} ms`);
    console.log(`  ours / native: baseline LP alone ${(baseline / native.perFileMs[0]).toFixed(2)}; baseline + scenario ${(solve / native.medianMs).toFixed(2)} (ours re-solves the scenario from the baseline's basis)`);
  } else {
    console.log('  native comparison skipped: python3 with scipy not found');
  }
}

// End to end through the real CLI, as a user runs it (process start, load, cold solve, report).
const cli: number[] = [];
for (let repeat = 0; repeat < REPEATS; repeat += 1) {
  const start = performance.now();
  execFileSync(process.execPath, [join(root, 'bin/chokepoint.js'), 'run', 'bench/cpc-2022-ban-365.yaml', '--json'], { cwd: root, stdio: 'ignore' });
  cli.push(performance.now() - start);
}
console.log(`\nCLI end to end (chokepoint run bench/cpc-2022-ban-365.yaml --json): median ${median(cli).toFixed(0)} ms of ${REPEATS}`);

execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/rolling.ts')], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/analyses.ts')], { cwd: root, stdio: 'inherit' });

// In-process HiGHS against native CLP and native HiGHS on the same written LPs, and warm calls.
// Kept with its load average by bench/section.ts: bench/performance-table.ts writes the tables of docs/performance.md from it.
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/section.ts'), 'solvers', 'bench/solvers.ts'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/europe-gas.ts')], { cwd: root, stdio: 'inherit' });

// Variant batches on BullMQ workers (1, 2 and 4 processes) against local threads; the projection to 100 hosts.
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/section.ts'), 'queue', 'bench/queue.ts'], { cwd: root, stdio: 'inherit' });

// The generated tables of docs/performance.md (cold solves per size, warm re-solve calls, queue scaling).
execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/performance-table.ts')], { cwd: root, stdio: 'inherit' });
