import type { LinearProgram } from '../build-lp.ts';
import { mpsColumnName, mpsRowName, mpsWriter } from './mps.ts';
import { nativeModel, type NativeSolve } from './native-model.ts';
import type { ModelSettings, NativeRunner, SolverBackend, SolverSolution, SolverStatus } from './solver-model.ts';

const INSTALL = 'no HiGHS binary (`highs`) was found on the PATH; Debian has no package for it: build it from https://github.com/ERGO-Code/HiGHS and put `highs` on the PATH (or set CHOKEPOINT_HIGHS to its path), or use --solver clp';

/**
 * A native HiGHS binary through files: free MPS and an options file in, its raw solution file and
 * basis file out, the basis handed back in for warm re-solves. Same options as in process.
 */
export function highsNativeBackend(runner: NativeRunner | undefined): SolverBackend {
  let version: string | undefined;
  const program = () => runner?.locate('highs');
  return {
    name: 'highs',
    native: true,
    availability() {
      const path = program();
      if (!runner || path === undefined) return { available: false, reason: INSTALL };
      version ??= /HiGHS version (\S+)|highs (\d+\.\d+\.\d+)/i.exec(runner.run({ program: path, args: ['--version'], inputs: new Map(), outputs: [] }).stdout)?.slice(1).find(Boolean) ?? 'unknown version';
      return { available: true, version: `HiGHS ${version}` };
    },
    createModel(lp, settings) {
      const path = program();
      if (!runner || path === undefined) throw new Error(`--solver highs: ${INSTALL}`);
      return nativeModel('highs', lp, highsSolve(runner, path, settings));
    },
  };
}

function highsSolve(runner: NativeRunner, program: string, settings: ModelSettings): NativeSolve {
  const write = mpsWriter();
  const run = (lp: LinearProgram, basis: string | undefined, perturb: boolean) => {
    // The in-process options (see highs-wasm.ts): dual simplex, Devex pricing, no cost
    // perturbation unless it stalls.
    const options = [
      'solver = simplex',
      'simplex_strategy = 1',
      'simplex_dual_edge_weight_strategy = 1',
      'random_seed = 0',
      'write_solution_style = 0',
      `dual_simplex_cost_perturbation_multiplier = ${perturb ? 1 : 0}`,
      ...(perturb ? [] : [`simplex_iteration_limit = ${settings.stallLimit}`]),
      ...(settings.timeLimitSeconds === undefined ? [] : [`time_limit = ${settings.timeLimitSeconds}`]),
    ];
    const inputs = new Map<string, string | readonly string[]>([
      ['model.mps', write(lp)],
      ['options.txt', `${options.join('\n')}\n`],
    ]);
    if (basis !== undefined) inputs.set('start.bas', basis);
    const args = ['--model_file', 'model.mps', '--options_file', 'options.txt', '--solution_file', 'solution.txt', '--write_basis_file', 'end.bas', ...(basis === undefined ? [] : ['--read_basis_file', 'start.bas'])];
    const result = runner.run({ program, args, inputs, outputs: ['solution.txt', 'end.bas'] });
    const text = result.outputs.get('solution.txt');
    const iterations = Number(/Simplex\s+iterations:\s*(\d+)/i.exec(result.stdout)?.[1] ?? 0);
    const parsed = text ? readHighsSolution(new TextDecoder().decode(text), lp, iterations) : { status: { status: 'not-solved', detail: `highs wrote no solution (${`${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-3).join(' / ') || 'no output'})` } as SolverStatus };
    const endBasis = result.outputs.get('end.bas');
    return { ...parsed, ...(endBasis ? { basis: new TextDecoder().decode(endBasis) } : {}) };
  };
  return (lp, basis) => {
    const first = run(lp, basis, false);
    if (first.status.status !== 'not-solved' || first.status.detail !== 'iterationLimit') return first;
    // Stalled without perturbation: go on from where it stopped, with it.
    return run(lp, first.basis ?? basis, true);
  };
}

const STATUS: Readonly<Record<string, SolverStatus>> = {
  Infeasible: { status: 'infeasible', detail: 'infeasible' },
  Unbounded: { status: 'unbounded', detail: 'unbounded' },
  'Primal infeasible or unbounded': { status: 'unknown-infeasible', detail: 'unboundedOrInfeasible' },
  'Time limit reached': { status: 'time-limit', detail: 'timeLimit' },
  'Iteration limit reached': { status: 'not-solved', detail: 'iterationLimit' },
};

/**
 * HiGHS's raw solution file: "Model status", then "# Primal solution values" and "# Dual solution
 * values", each with "# Columns N" and "# Rows M" blocks of `name value` lines, names as written
 * (c0…, r0…, in order). Values are the MPS's minimisation; those returned are the maximisation's.
 */
export function readHighsSolution(text: string, lp: LinearProgram, iterations = 0): { readonly status: SolverStatus; readonly solution?: SolverSolution } {
  const lines = text.split('\n').map((line) => line.trim());
  const modelStatus = lines[lines.indexOf('Model status') + 1] ?? '';
  if (modelStatus !== 'Optimal') return { status: STATUS[modelStatus] ?? { status: 'not-solved', detail: modelStatus || 'unknown' } };
  const primal = lines.indexOf('# Primal solution values');
  const dual = lines.indexOf('# Dual solution values');
  const objectiveLine = lines.slice(primal).find((line) => line.startsWith('Objective '));
  if (primal < 0 || dual < 0 || objectiveLine === undefined) throw new Error('the HiGHS solution file has no primal and dual values');
  const block = (from: number, header: string, count: number, name: (index: number) => string) => {
    const start = lines.indexOf(`# ${header} ${count}`, from);
    if (start < 0) throw new Error(`the HiGHS solution file has no "# ${header} ${count}" block`);
    const values = new Float64Array(count);
    for (let index = 0; index < count; index += 1) {
      const [label, value] = lines[start + 1 + index]!.split(/\s+/);
      if (label !== name(index)) throw new Error(`the HiGHS solution file lists ${label} where ${name(index)} was expected`);
      values[index] = Number(value);
    }
    return values;
  };
  const colValue = block(primal, 'Columns', lp.numCols, mpsColumnName);
  const colDual = block(dual, 'Columns', lp.numCols, mpsColumnName).map((value) => -value);
  const rowDual = block(dual, 'Rows', lp.numRows, mpsRowName).map((value) => -value);
  return { status: { status: 'optimal', iterations }, solution: { colValue, colDual, rowDual, objective: -Number(objectiveLine.slice('Objective '.length)) } };
}
