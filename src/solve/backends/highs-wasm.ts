import type { Highs } from 'highs';
import type { LinearProgram } from '../build-lp.ts';
import { guardHighs, highsRuntime } from '../highs.ts';
import type { LpNames, ModelSettings, SolverBackend, SolverModel, SolverStatus } from './solver-model.ts';

type Model = ReturnType<Highs['createModel']>;

/** HiGHS compiled to WebAssembly, in this thread: no files, warm re-solves in a live model. */
export const highsWasmBackend: SolverBackend = {
  name: 'highs-wasm',
  native: false,
  availability: () => ({ available: true, version: 'HiGHS (npm highs, WebAssembly)' }),
  async createModel(lp, settings) {
    const highs = await highsRuntime();
    return guardHighs(() => wasmModel(highs, lp, settings));
  },
};


/** The in-process model, made at once from a loaded runtime (callers that stay in process). */
export function wasmModel(highs: Highs, lp: LinearProgram, settings: ModelSettings): SolverModel {
  const model = loadModel(highs, lp);
  try {
    // Devex pricing: measured 1.5× faster than HiGHS's default on these time-expanded network LPs.
    // Without cost perturbation: the LP's deliberate tie-breakers (stock holding, early output) are
    // far smaller than HiGHS's perturbation, which hid them and left half the iterations to the
    // clean-up after removing it (measured 1.6× faster on risk windows, same optima). An iteration
    // limit guards against stalling; solve() then finishes with perturbation on.
    model.options.set({ output_flag: false, random_seed: 0, simplex_dual_edge_weight_strategy: 1, dual_simplex_cost_perturbation_multiplier: 0, simplex_iteration_limit: settings.stallLimit });
    if (settings.timeLimitSeconds !== undefined) model.options.set('time_limit', settings.timeLimitSeconds);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const codes = highs.constants.modelStatus;
  return {
    backend: 'highs-wasm',
    changeColsCost: (set, cost) => void guardHighs(() => model.changeColsCost(set, cost)),
    changeColsBounds: (set, lower, upper) => void guardHighs(() => model.changeColsBounds(set, lower, upper)),
    changeRowsBounds: (set, lower, upper) => void guardHighs(() => model.changeRowsBounds(set, lower, upper)),
    changeObjectiveOffset: (offset) => void guardHighs(() => model.changeObjectiveOffset(offset)),
    solve: () => guardHighs(() => solveOnce(model, codes, settings.stallLimit)),
    solution() {
      const solution = model.getSolution();
      return { colValue: solution.colValue, colDual: solution.colDual, rowDual: solution.rowDual, objective: model.getObjectiveValue() };
    },
    basis: () => ({ backend: 'highs-wasm', data: model.getBasis() }),
    startFrom(basis) {
      if (basis.backend !== 'highs-wasm') throw new Error(`a ${basis.backend} basis cannot start HiGHS`);
      const { colStatus, rowStatus } = basis.data as ReturnType<Model['getBasis']>;
      // Without clearing, HiGHS carries factors and pricing weights from the previous solve,
      // and among equally good plans (ties between crudes) the one it returns would depend on
      // what was solved before.
      guardHighs(() => {
        model.clearSolver();
        model.setBasis({ colStatus, rowStatus });
      });
    },
    conflict() {
      try {
        const iis = model.getIis();
        return { rows: [...iis.rowIndex], columns: [...iis.colIndex] };
      } catch {
        return undefined;
      }
    },
    exportLp: (names) => exportNamed(model, names),
    dispose: () => model.dispose(),
  };
}

function loadModel(highs: Highs, lp: LinearProgram, names?: LpNames): Model {
  return highs.createModel({
    numCols: lp.numCols,
    numRows: lp.numRows,
    sense: highs.constants.objectiveSense.maximize,
    offset: lp.offset,
    colCost: lp.colCost,
    colLower: lp.colLower,
    colUpper: lp.colUpper,
    rowLower: lp.rowLower,
    rowUpper: lp.rowUpper,
    matrix: { format: 'csc', numRows: lp.numRows, numCols: lp.numCols, starts: lp.starts, indices: lp.indices, values: lp.values },
    // Names cost time to copy into WebAssembly; only an LP file needs them.
    ...(names ? { colNames: [...names.colNames], rowNames: [...names.rowNames] } : {}),
  });
}

/** Names go into the model only for the export, and out again (they slow every later call). */
function exportNamed(model: Model, names: LpNames): string {
  const dimensions = model.getDimensions();
  for (let column = 0; column < dimensions.numCols; column += 1) model.passColName(column, names.colNames[column]!);
  for (let row = 0; row < dimensions.numRows; row += 1) model.passRowName(row, names.rowNames[row]!);
  return model.exportModel('lp');
}

type Codes = Highs['constants']['modelStatus'];

/** Solves the model as loaded, going on with cost perturbation if it stalls without. */
function solveOnce(model: Model, codes: Codes, stallLimit: number): SolverStatus {
  // HiGHS's time limit counts from its clocks; each run gets the whole limit.
  model.zeroAllClocks();
  let result = model.run();
  if (result.modelStatus === codes.iterationLimit) {
    // Stalled without perturbation (never seen on the shipped data): go on from there with it.
    model.options.set({ dual_simplex_cost_perturbation_multiplier: 1, simplex_iteration_limit: 2 ** 31 - 1 });
    try {
      result = model.run();
    } finally {
      model.options.set({ dual_simplex_cost_perturbation_multiplier: 0, simplex_iteration_limit: stallLimit });
    }
  }
  const status = result.modelStatus;
  if (status === codes.optimal) return { status: 'optimal', iterations: Number(model.info.get('simplex_iteration_count') ?? 0) };
  if (status === codes.unboundedOrInfeasible) return { status: 'unknown-infeasible', detail: 'unboundedOrInfeasible' };
  if (status === codes.infeasible) return { status: 'infeasible', detail: 'infeasible' };
  if (status === codes.unbounded) return { status: 'unbounded', detail: 'unbounded' };
  const detail = Object.entries(codes).find(([, code]) => code === status)?.[0] ?? String(status);
  return { status: status === codes.timeLimit ? 'time-limit' : 'not-solved', detail };
}

/** A throwaway in-process copy of an LP, for what a native backend cannot do (IIS, LP text); dispose it. */
export function loadInProcess(highs: Highs, lp: LinearProgram, names?: LpNames): Model {
  const model = guardHighs(() => loadModel(highs, lp, names));
  model.options.set({ output_flag: false });
  return model;
}
