// npm run bench, solver section: the in-process HiGHS (WebAssembly) against native CLP (and native
// HiGHS through scipy, where python3 with scipy exists) on the same LP: each case's baseline LP is
// built once, written as MPS, and every solver solves that LP in fresh processes, in turn, REPEATS
// times. Prints medians and ratios; docs/performance.md quotes this output.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, out, root, SIZE_CASES } from './common.ts';

const REPEATS = 3;
const cases = SIZE_CASES;
const hasClp = spawnSync('clp', ['-quit'], { stdio: 'ignore' }).status === 0 && spawnSync('/usr/bin/time', ['true'], { stdio: 'ignore' }).status === 0;
const hasScipy = spawnSync('python3', ['-c', 'from scipy.optimize._highspy import _core'], { stdio: 'ignore' }).status === 0;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

console.log('\n## Solvers on the same LP (baseline LP of each case, written once as MPS; fresh processes in turn)');
for (const item of cases) {
  const mps = join(out, `${item.label.replace(/[^a-z0-9]+/gi, '-')}.mps`);
  // Times are CPU time (user + system) unless called wall: the machine is shared, and a solver's
  // wall time there measures its neighbours too.
  const wasm: { first: number; second: number; secondWall: number; iterations: number; objective: number; heap: number; columns: number }[] = [];
  const clp: { process: number; processWall: number; solve: number; iterations: number; objective: number }[] = [];
  const native: { ms: number; iterations: number; objective: number; version: string }[] = [];
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    const raw = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/solve-lp.ts'), item.scenario, String(item.copies), item.days, mps], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const report = JSON.parse(raw.trim().split('\n').pop()!);
    wasm.push({ first: report.solves[0].cpuMs, second: report.solves[1].cpuMs, secondWall: report.solves[1].ms, iterations: report.solves[1].iterations, objective: report.solves[1].objective, heap: report.wasmHeapMb, columns: report.columns });
    if (hasClp) {
      const start = performance.now();
      // GNU time's user and system seconds of the whole clp process (read, solve, write).
      const timed = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', 'clp', mps, '-dualSimplex'], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const processWall = performance.now() - start;
      const text = timed.stdout;
      const cpuLine = /cpu ([\d.]+) ([\d.]+)/.exec(timed.stderr);
      const processMs = cpuLine ? 1000 * (Number(cpuLine[1]) + Number(cpuLine[2])) : NaN;
      const closing = /Optimal objective (\S+) - (\d+) iterations time ([\d.]+)/.exec(text);
      if (!closing) throw new Error(`clp did not solve ${mps}`);
      clp.push({ process: processMs, processWall, solve: 1000 * Number(closing[3]), iterations: Number(closing[2]), objective: -Number(closing[1]) + report.offset });
    }
    if (hasScipy) {
      const result = JSON.parse(execFileSync('python3', [join(root, 'bench/native-solve.py'), mps], { encoding: 'utf8' }));
      native.push({ ms: result.cpuMs, iterations: result.iterations, objective: -result.objectiveMin + report.offset, version: result.version });
    }
  }
  const inProcess = median(wasm.map((run) => run.second));
  console.log(`\n${item.label}: ${wasm[0]!.columns} columns; median of ${REPEATS}`);
  console.log(`  in-process HiGHS (WebAssembly): first solve of a process ${median(wasm.map((run) => run.first)).toFixed(0)} ms CPU, next solve ${inProcess.toFixed(0)} ms CPU (${median(wasm.map((run) => run.secondWall)).toFixed(0)} ms wall), ${wasm[0]!.iterations} iterations, heap ${wasm[0]!.heap.toFixed(0)} MB`);
  if (clp.length > 0) {
    const relative = Math.abs(median(clp.map((run) => run.objective)) - wasm[0]!.objective) / Math.abs(wasm[0]!.objective);
    console.log(`  native CLP (clp file.mps -dualSimplex): whole process ${median(clp.map((run) => run.process)).toFixed(0)} ms CPU (${median(clp.map((run) => run.processWall)).toFixed(0)} ms wall), its solve ${median(clp.map((run) => run.solve)).toFixed(0)} ms CPU (CLP's own clock), ${clp[0]!.iterations} iterations; objectives agree to ${relative.toExponential(1)}`);
    console.log(`  ratio in process / CLP: next solve vs CLP's solve ${ratio(inProcess, median(clp.map((run) => run.solve)))}; vs CLP's whole process ${ratio(inProcess, median(clp.map((run) => run.process)))}`);
  } else console.log('  native CLP skipped: clp not found (apt-get install coinor-clp)');
  if (native.length > 0) {
    console.log(`  native HiGHS ${native[0]!.version} (scipy's build, same options): solve ${median(native.map((run) => run.ms)).toFixed(0)} ms CPU, ${native[0]!.iterations} iterations`);
    console.log(`  ratio in process / native HiGHS: ${ratio(inProcess, median(native.map((run) => run.ms)))} (per iteration ${ratio(inProcess / wasm[0]!.iterations, median(native.map((run) => run.ms)) / native[0]!.iterations)})`);
  } else console.log('  native HiGHS skipped: python3 with scipy not found');
}

console.log('\n## Warm re-solve calls (N-1: each asset closed 30 days, from the baseline basis; caspian-crude, 365 days)');
const dump = join(out, 'warm-calls');
const calls = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/warm-calls.ts'), 'bench/cpc-2022-ban-365.yaml', 'highs-wasm', dump], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()!);
const phases = (report: Record<string, number>) => `bounds ${report.boundsMs!.toFixed(2)} + basis ${report.basisMs!.toFixed(2)} + run ${report.runMs!.toFixed(2)} + read-back ${report.readBackMs!.toFixed(2)} ms`;
console.log(`  in process (CPU time): ${calls.callMs.toFixed(2)} ms per call over ${calls.variants} variants (${phases(calls)} + timeline, patches and report ${calls.restMs.toFixed(2)} ms), ${calls.iterationsPerCall.toFixed(0)} iterations per call`);
if (hasClp) {
  const clpCalls = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench/warm-calls.ts'), 'bench/cpc-2022-ban-365.yaml', 'clp'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()!);
  console.log(`  native CLP through files (MPS out, basis in and out, solution in; wall time): ${clpCalls.callMs.toFixed(2)} ms per call (${phases(clpCalls)}), ${clpCalls.iterationsPerCall.toFixed(0)} iterations per call`);
}
// The same calls on the native HiGHS C library of the release the npm package compiles (1.15.1),
// when a build of bench/native-warm.c is given (see its header): same version, same arrays, same
// C functions, same options; the cleanest measure of what WebAssembly itself costs.
const nativeWarm = process.env.CHOKEPOINT_NATIVE_WARM;
if (nativeWarm) {
  const sameVersion = JSON.parse(execFileSync(nativeWarm, [dump], { encoding: 'utf8' }).trim());
  console.log(`  ${sameVersion.backend}, the same calls on the same arrays (CPU time): ${sameVersion.callMs.toFixed(2)} ms per call (${phases(sameVersion)}), ${sameVersion.iterationsPerCall.toFixed(0)} iterations per call${sameVersion.notOptimal ? `, ${sameVersion.notOptimal} not optimal` : ''}`);
  console.log(`  ratio in process / native, same version: whole call ${ratio(calls.callMs - calls.restMs, sameVersion.callMs)}, run alone ${ratio(calls.runMs, sameVersion.runMs)}, basis ${ratio(calls.basisMs, sameVersion.basisMs)}, bounds ${ratio(calls.boundsMs, sameVersion.boundsMs)}, read-back ${ratio(calls.readBackMs, sameVersion.readBackMs)}`);
} else console.log('  native HiGHS 1.15.1 replay skipped: set CHOKEPOINT_NATIVE_WARM to a build of bench/native-warm.c');
if (hasScipy) {
  const nativeCalls = JSON.parse(execFileSync('python3', [join(root, 'bench/native-warm.py'), dump], { encoding: 'utf8' }));
  console.log(`  ${nativeCalls.backend}, the same calls replayed (CPU time): ${nativeCalls.callMs.toFixed(2)} ms per call (${phases(nativeCalls)}), ${nativeCalls.iterationsPerCall.toFixed(0)} iterations per call; objectives agree to ${nativeCalls.objectiveMaxRelDiff.toExponential(1)}`);
  console.log(`  ratio in process / native HiGHS: whole call ${ratio(calls.callMs - calls.restMs, nativeCalls.callMs)}, run alone ${ratio(calls.runMs, nativeCalls.runMs)}, per iteration ${ratio(calls.runMs / calls.iterationsPerCall, nativeCalls.runMs / nativeCalls.iterationsPerCall)}`);
}
