// Warm re-solve calls, profiled: N-1 variants of a scenario (each asset closed for 30 days),
// every one from the baseline's basis, through the session's own path. Splits each call into
// bounds sent, basis set, run, solution read back and the rest (timeline, patches, report), and
// records the bounds each variant sends so that bench/native-warm.py replays the same calls on
// native HiGHS (scipy's build) for the ratio. Part of `npm run bench`, not of the tests.
// Usage: node --import tsx bench/warm-calls.ts [scenario] [backend] [dump-prefix]
import { writeFileSync } from 'node:fs';
import { closureEvents, allAssets } from '../src/analysis/analysis-base.ts';
import { loadScenario } from '../src/io/files.ts';
import { nativeRunner } from '../src/node/native-runner.ts';
import { solverBackends, writeMps, type BackendName, type SolverModel } from '../src/solve/backends/index.ts';
import { openSession } from '../src/solve/solve.ts';

const [reference = 'bench/cpc-2022-ban-365.yaml', backendName = 'highs-wasm', dump] = process.argv.slice(2);
const loaded = loadScenario(reference);
if (!loaded.ok) throw new Error(`cannot load ${reference}`);
const base = loaded.value;
const backend = solverBackends(nativeRunner())[backendName as BackendName];

type Phase = 'bounds' | 'basis' | 'run' | 'readBack';
// CPU time of this process by phase (a native solver's own time is in its child process: for
// those, wall time is what a call costs here).
const spent: Record<Phase, number> = { bounds: 0, basis: 0, run: 0, readBack: 0 };
const spentWall: Record<Phase, number> = { bounds: 0, basis: 0, run: 0, readBack: 0 };
const cpuNow = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
// Every call the session makes on the model, in order, for a native replay of the same sequence.
type Event = { type: 'change'; on: string; indices: number[]; lower: number[]; upper: number[] } | { type: 'basis' } | { type: 'start' } | { type: 'solve'; measured: boolean };
const events: Event[] = [];
let measuring = false;
let lp: Parameters<typeof backend.createModel>[0] | undefined;
let stallLimit = 0;
const timed = <A extends unknown[], R>(phase: Phase, action: (...args: A) => R) => (...args: A): R => {
  const start = performance.now();
  const cpu = cpuNow();
  try {
    return action(...args);
  } finally {
    spent[phase] += cpuNow() - cpu;
    spentWall[phase] += performance.now() - start;
  }
};
const original = backend.createModel.bind(backend);
(backend as { createModel: typeof backend.createModel }).createModel = async (program, settings) => {
  lp = program;
  stallLimit = settings.stallLimit;
  const model = await original(program, settings);
  const record = (on: string, indices: number[], lower: Float64Array, upper: Float64Array) => events.push({ type: 'change', on, indices: [...indices], lower: [...lower], upper: [...upper] });
  const wrapped: SolverModel = {
    ...model,
    changeColsBounds: timed('bounds', (set, lower, upper) => (record('columns', set.indices, lower, upper), model.changeColsBounds(set, lower, upper))),
    changeRowsBounds: timed('bounds', (set, lower, upper) => (record('rows', set.indices, lower, upper), model.changeRowsBounds(set, lower, upper))),
    changeColsCost: timed('bounds', (set, cost) => (record('costs', set.indices, cost, cost), model.changeColsCost(set, cost))),
    startFrom: timed('basis', (basis) => (events.push({ type: 'start' }), model.startFrom(basis))),
    basis: () => (events.push({ type: 'basis' }), model.basis()),
    solve: timed('run', () => (events.push({ type: 'solve', measured: measuring }), model.solve())),
    solution: timed('readBack', () => model.solution()),
  };
  return wrapped;
};

const session = await openSession(base, { solver: { name: backend.name, runner: nativeRunner() } });
if (session.status !== 'open') throw new Error(session.message);
const variants = allAssets(base.network).map((asset) => ({ ...base, id: `n-1 ${asset.id}`, events: [...base.events, ...closureEvents(base, [asset.id], 30)] }));
// One pass to warm the runtime up (first calls of a process are slower), then the measured one.
for (const variant of variants) session.solve(variant, { fromBaseline: true });
for (const phase of Object.keys(spent) as Phase[]) spent[phase] = spentWall[phase] = 0;
const objectives: number[] = [];
measuring = true;
const start = performance.now();
const startCpu = cpuNow();
let iterations = 0;
for (const variant of variants) {
  const run = session.solve(variant, { fromBaseline: true });
  if ('status' in run) throw new Error(`${variant.id}: ${run.message}`);
  iterations += run.solution.iterations;
  objectives.push(run.solution.objectiveUsd);
}
const native = backend.native;
// In process, CPU time; a native backend's solve runs in a child process: wall time.
const totalMs = native ? performance.now() - start : cpuNow() - startCpu;
const phaseMs = native ? spentWall : spent;
measuring = false;
session.dispose();
const perCall = (ms: number) => ms / variants.length;
const report = {
  backend: backend.name,
  scenario: base.id,
  variants: variants.length,
  columns: session.size.columns,
  iterationsPerCall: iterations / variants.length,
  callMs: perCall(totalMs),
  clock: native ? 'wall' : 'cpu',
  boundsMs: perCall(phaseMs.bounds),
  basisMs: perCall(phaseMs.basis),
  runMs: perCall(phaseMs.run),
  readBackMs: perCall(phaseMs.readBack),
  restMs: perCall(totalMs - phaseMs.bounds - phaseMs.basis - phaseMs.run - phaseMs.readBack),
};
if (dump && lp) {
  // The LP the model was created with; the events replay everything sent to it since.
  writeFileSync(`${dump}.mps`, writeMps(lp).join(''));
  writeFileSync(`${dump}.calls.json`, JSON.stringify({ offset: lp.offset, events, objectives }));
  // The same for bench/native-warm.c, which hands the very arrays to the HiGHS C library that the
  // WebAssembly build is compiled from: the LP as passed (little-endian), the calls as text.
  writeFileSync(`${dump}.lp.bin`, rawLp(lp, stallLimit));
  writeFileSync(`${dump}.calls.txt`, callsText(events));
}

/** numCols, numRows, nonZeros, stallLimit (int32), offset (float64), then the LP's arrays as HiGHS takes them. */
function rawLp(program: NonNullable<typeof lp>, limit: number): Buffer {
  const header = Buffer.alloc(24);
  header.writeInt32LE(program.numCols, 0);
  header.writeInt32LE(program.numRows, 4);
  header.writeInt32LE(program.values.length, 8);
  header.writeInt32LE(limit, 12);
  header.writeDoubleLE(program.offset, 16);
  const bytes = (array: Float64Array | Int32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  return Buffer.concat([header, ...[program.colCost, program.colLower, program.colUpper, program.rowLower, program.rowUpper, program.starts, program.indices, program.values].map(bytes)]);
}

/** One call a line: `c|r|k N` then N indices and N or 2N values; `b` (basis kept), `s` (started from it), `v 0|1` (solved; measured). */
function callsText(recorded: readonly Event[]): string {
  const number = (value: number) => (value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value));
  return recorded
    .map((event) => {
      if (event.type === 'basis') return 'b';
      if (event.type === 'start') return 's';
      if (event.type === 'solve') return `v ${event.measured ? 1 : 0}`;
      const values = event.on === 'costs' ? event.lower : [...event.lower, ...event.upper];
      return `${event.on === 'columns' ? 'c' : event.on === 'rows' ? 'r' : 'k'} ${event.indices.length} ${event.indices.join(' ')} ${values.map(number).join(' ')}`;
    })
    .join('\n');
}
console.log(JSON.stringify(report));
