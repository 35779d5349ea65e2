// One in-process solve of a bench case's baseline LP in a fresh process (bench/solvers.ts runs it):
// builds the LP as the session does, writes it as MPS for the native solvers, then solves it twice
// in process on fresh models: the first solve of the process (WebAssembly still tiering up) and
// a second one. Prints JSON.
// Usage: node --import tsx bench/solve-lp.ts <scenario> <copies> <days|all> <mps-path>
import { writeFileSync } from 'node:fs';
import { loadScenario } from '../src/io/files.ts';
import { highsWasmBackend } from '../src/solve/backends/highs-wasm.ts';
import { writeMps } from '../src/solve/backends/index.ts';
import { buildLp } from '../src/solve/build-lp.ts';
import { prepareStructure } from '../src/solve/prepare.ts';
import { highsRuntime } from '../src/solve/highs.ts';
import { scaledScenario } from './synthetic.ts';

const [reference = 'bench/cpc-2022-ban-365.yaml', copiesText = '1', daysText = 'all', mpsPath] = process.argv.slice(2);
const loaded = loadScenario(reference);
if (!loaded.ok) throw new Error(`cannot load ${reference}`);
const copies = Number(copiesText);
const scenario = copies === 1 && daysText === 'all' ? loaded.value : scaledScenario(loaded.value, copies, daysText === 'all' ? undefined : Number(daysText));
const structure = prepareStructure(scenario, {});
const lp = buildLp(structure.layout, structure.lpTimeline(structure.baselineTimeline), true);
if (mpsPath) writeFileSync(mpsPath, writeMps(lp).join(''));
const highs = await highsRuntime();
// Wall time and CPU time: this machine is shared, and CPU time is what a solver itself spends.
const solves: { ms: number; cpuMs: number; iterations: number; objective: number }[] = [];
for (let repeat = 0; repeat < 2; repeat += 1) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const model = await highsWasmBackend.createModel(lp, { stallLimit: 2 ** 31 - 1 });
  const status = model.solve();
  const objective = status.status === 'optimal' ? model.solution().objective : NaN;
  const used = process.cpuUsage(cpu);
  solves.push({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, iterations: status.status === 'optimal' ? status.iterations : -1, objective });
  model.dispose();
}
console.log(JSON.stringify({ columns: lp.numCols, rows: lp.numRows, nonZeros: lp.values.length, offset: lp.offset, solves, wasmHeapMb: highs.memoryBytes / 2 ** 20 }));
