import type { LinearProgram } from '../build-lp.ts';
import { mpsWriter } from './mps.ts';
import { nativeModel, type NativeSolve } from './native-model.ts';
import type { ModelSettings, NativeRunner, SolverBackend, SolverSolution, SolverStatus } from './solver-model.ts';

const INSTALL = 'install it with `apt-get install coinor-clp` (Debian, Ubuntu) or put `clp` on the PATH (or set CHOKEPOINT_CLP to its path)';

/**
 * COIN-OR CLP through files: free MPS in, its binary solution file and an MPS basis out, the
 * basis handed back in for warm re-solves. Dual simplex, as HiGHS runs here.
 */
export function clpBackend(runner: NativeRunner | undefined): SolverBackend {
  let version: string | undefined;
  const program = () => runner?.locate('clp');
  return {
    name: 'clp',
    native: true,
    availability() {
      const path = program();
      if (!runner || path === undefined) return { available: false, reason: `the CLP solver (clp) is not installed: ${INSTALL}` };
      version ??= /Coin LP version (\d[\d.]*\d)/.exec(runner.run({ program: path, args: ['-quit'], inputs: new Map(), outputs: [] }).stdout)?.[1] ?? 'unknown version';
      return { available: true, version: `CLP ${version}` };
    },
    createModel(lp, settings) {
      const path = program();
      if (!runner || path === undefined) throw new Error(`--solver clp: ${INSTALL}`);
      return nativeModel('clp', lp, clpSolve(runner, path, settings));
    },
  };
}

function clpSolve(runner: NativeRunner, program: string, settings: ModelSettings): NativeSolve {
  const write = mpsWriter();
  return (lp, basis) => {
    const inputs = new Map<string, string | readonly string[]>([['model.mps', write(lp)]]);
    if (basis !== undefined) inputs.set('start.bas', basis);
    // CLP runs its arguments as commands, in order: read, set, solve, write.
    const args = ['model.mps', ...(settings.timeLimitSeconds === undefined ? [] : ['-seconds', String(settings.timeLimitSeconds)]), ...(basis === undefined ? [] : ['-basisIn', 'start.bas']), '-dualSimplex', '-saveSolution', 'solution.bin', '-basisOut', 'end.bas'];
    const result = runner.run({ program, args, inputs, outputs: ['solution.bin', 'end.bas'] });
    const status = clpStatus(result.stdout, result.stderr, settings.timeLimitSeconds !== undefined);
    const endBasis = result.outputs.get('end.bas');
    const saved = result.outputs.get('solution.bin');
    const solution = status.status === 'optimal' && saved ? readSolution(saved, lp) : undefined;
    return { status, ...(solution ? { solution } : {}), ...(endBasis ? { basis: new TextDecoder().decode(endBasis) } : {}) };
  };
}

/** CLP's closing line, e.g. "Optimal objective -7.12 - 1 iterations time 0.002". */
export function clpStatus(stdout: string, stderr: string, timeLimited: boolean): SolverStatus {
  const closing = /^(Optimal|PrimalInfeasible|DualInfeasible|Stopped|Errors|User stopped) objective \S+ - (\d+) iterations/m.exec(stdout);
  if (!closing) {
    if (/problem (was|is) infeasible/i.test(stdout)) return { status: 'infeasible', detail: 'infeasible (presolve)' };
    if (/problem (was|is) unbounded/i.test(stdout)) return { status: 'unbounded', detail: 'unbounded (presolve)' };
    const said = `${stderr}\n${stdout}`.trim().split('\n').slice(-3).join(' / ');
    return { status: 'not-solved', detail: `clp gave no result (${said || 'no output'})` };
  }
  const [, word, iterations] = closing;
  if (word === 'Optimal') return { status: 'optimal', iterations: Number(iterations) };
  if (word === 'PrimalInfeasible') return { status: 'infeasible', detail: 'infeasible' };
  if (word === 'DualInfeasible') return { status: 'unbounded', detail: 'unbounded' };
  if (word === 'Stopped') return timeLimited ? { status: 'time-limit', detail: 'timeLimit' } : { status: 'not-solved', detail: 'iterationLimit' };
  return { status: 'not-solved', detail: word === 'Errors' ? 'solveError' : 'interrupt' };
}

/**
 * CLP's saveSolution file (full precision, unlike its printed one): int32 rows, int32 columns,
 * float64 objective, then row activities, row duals, column values, reduced costs. The file
 * holds the minimisation of minus the objective; the values returned are the maximisation's.
 */
export function readSolution(bytes: Uint8Array, lp: LinearProgram): SolverSolution {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = view.getInt32(0, true);
  const columns = view.getInt32(4, true);
  if (rows !== lp.numRows || columns !== lp.numCols || bytes.byteLength !== 16 + 16 * (rows + columns)) {
    throw new Error(`clp's solution file is for ${rows} rows and ${columns} columns, the model has ${lp.numRows} and ${lp.numCols}`);
  }
  const block = (index: number, length: number) => {
    const start = 16 + 8 * index;
    const values = new Float64Array(length);
    for (let position = 0; position < length; position += 1) values[position] = view.getFloat64(start + 8 * position, true);
    return values;
  };
  const rowDual = block(rows, rows).map((value) => -value);
  const colValue = block(2 * rows, columns);
  const colDual = block(2 * rows + columns, columns).map((value) => -value);
  return { colValue, colDual, rowDual, objective: -view.getFloat64(8, true) };
}
