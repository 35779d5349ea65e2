import type { Highs } from 'highs';
import type { LinearProgram } from '../build-lp.ts';
import { highsRuntime } from '../highs.ts';
import { loadInProcess } from './highs-wasm.ts';
import { heapEstimate } from './sizing.ts';
import type { BackendName, LpNames, SolverBasis, SolverModel, SolverSolution, SolverStatus } from './solver-model.ts';

/** One run of a native solver on a whole LP, started from a basis (its own text) or cold. */
export type NativeSolve = (lp: LinearProgram, basis: string | undefined) => { readonly status: SolverStatus; readonly solution?: SolverSolution; readonly basis?: string };

/**
 * A model solved by a native program through files: this side keeps the LP (bounds and costs
 * change in place; the matrix is shared with the caller's, which never changes it) and the last
 * basis, and each solve hands the whole LP over with that basis, so re-solves start warm as
 * HiGHS's live model does.
 */
export async function nativeModel(backend: BackendName, lp: LinearProgram, solveNative: NativeSolve): Promise<SolverModel> {
  const current: LinearProgram = { ...lp, colCost: lp.colCost.slice(), colLower: lp.colLower.slice(), colUpper: lp.colUpper.slice(), rowLower: lp.rowLower.slice(), rowUpper: lp.rowUpper.slice() };
  let offset = lp.offset;
  let basis: string | undefined;
  let last: SolverSolution | undefined;
  // What a native solver lacks (an irreducible infeasible subset, CPLEX LP text) is done by the
  // in-process HiGHS on a copy, where the model fits its heap; its runtime loads now, while it can.
  const helper: Highs | undefined = heapEstimate(lp.numCols, lp.numRows).fits ? await highsRuntime() : undefined;
  const set = (target: Float64Array, indices: readonly number[], values: Float64Array) => indices.forEach((index, position) => (target[index] = values[position]!));
  const withCopy = <T>(names: LpNames | undefined, use: (model: ReturnType<typeof loadInProcess>) => T): T => {
    if (!helper) throw new Error(`the model is too large for the in-process HiGHS that ${backend} relies on for this`);
    const model = loadInProcess(helper, { ...current, offset }, names);
    try {
      return use(model);
    } finally {
      model.dispose();
    }
  };
  return {
    backend,
    changeColsCost: (indexSet, cost) => set(current.colCost, indexSet.indices, cost),
    changeColsBounds(indexSet, lower, upper) {
      set(current.colLower, indexSet.indices, lower);
      set(current.colUpper, indexSet.indices, upper);
    },
    changeRowsBounds(indexSet, lower, upper) {
      set(current.rowLower, indexSet.indices, lower);
      set(current.rowUpper, indexSet.indices, upper);
    },
    changeObjectiveOffset: (value) => void (offset = value),
    solve() {
      last = undefined;
      const result = solveNative(current, basis);
      if (result.basis !== undefined) basis = result.basis;
      if (result.status.status === 'optimal') {
        if (!result.solution) throw new Error(`${backend} reported an optimum but wrote no solution`);
        last = { ...result.solution, objective: result.solution.objective + offset };
      }
      return result.status;
    },
    solution() {
      if (!last) throw new Error(`no optimal ${backend} solution to read`);
      return last;
    },
    basis(): SolverBasis {
      if (basis === undefined) throw new Error(`${backend} has no basis before a solve`);
      return { backend, data: basis };
    },
    startFrom(start) {
      if (start.backend !== backend) throw new Error(`a ${start.backend} basis cannot start ${backend}`);
      basis = start.data as string;
    },
    conflict() {
      if (!helper) return undefined;
      return withCopy(undefined, (model) => {
        try {
          const iis = model.getIis();
          return { rows: [...iis.rowIndex], columns: [...iis.colIndex] };
        } catch {
          return undefined;
        }
      });
    },
    exportLp: (names) => withCopy(names, (model) => model.exportModel('lp')),
    dispose() {
      last = undefined;
    },
  };
}
