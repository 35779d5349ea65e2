import type { Highs } from 'highs';
import type { Timeline } from '../scenario/timeline.ts';
import { lpNames, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from './build-lp.ts';
import type { ModelSize, RunSolution, SolveFailure } from './solve.ts';

export type Model = ReturnType<Highs['createModel']>;
/** What HiGHS returns for a solved model (primal and dual values); read once per solve where several stages need it. */
export type Solution = ReturnType<Model['getSolution']>;

export interface ModelSettings {
  /** Names of columns and rows inside HiGHS (only an LP file needs them). */
  readonly names?: { readonly colNames: string[]; readonly rowNames: string[] } | undefined;
  readonly timeLimitSeconds?: number | undefined;
  /** Iterations after which a solve is taken to stall and goes on with cost perturbation. */
  readonly stallLimit: number;
}

/** Stage 2b: hands a built LP to HiGHS, with the options every solve of a session uses. */
export function createModel(highs: Highs, lp: LinearProgram, settings: ModelSettings): Model {
  const model = highs.createModel({
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
    // Names cost time to copy into WebAssembly; only the LP file needs them inside HiGHS.
    ...(settings.names ?? {}),
  });
  try {
    // Devex pricing: measured 1.5× faster than HiGHS's default on these time-expanded network LPs.
    // Without cost perturbation: the LP's deliberate tie-breakers (stock holding, early output) are
    // far smaller than HiGHS's perturbation, which hid them and left half the iterations to the
    // clean-up after removing it (measured 1.6× faster on risk windows, same optima). An iteration
    // limit guards against stalling; solveModel then finishes with perturbation on.
    model.options.set({ output_flag: false, random_seed: 0, simplex_dual_edge_weight_strategy: 1, dual_simplex_cost_perturbation_multiplier: 0, simplex_iteration_limit: settings.stallLimit });
    if (settings.timeLimitSeconds !== undefined) model.options.set('time_limit', settings.timeLimitSeconds);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/** Far beyond what a solve of this size needs (a few per row), so reaching it means stalling. */
export function iterationLimit(size: ModelSize): number {
  return 20 * (size.rows + size.columns) + 10_000;
}

/** What HiGHS ended with: optimal, or why not (named as the result shape says). */
export type ModelStatus = { readonly status: 'optimal'; readonly iterations: number } | { readonly status: 'infeasible' | 'unknown-infeasible' | 'unbounded' | 'not-solved'; readonly detail: string };

/** Stage 3: solves the model as loaded, going on with cost perturbation if it stalls without. */
export function solveModel(highs: Highs, model: Model, stallLimit: number): ModelStatus {
  // HiGHS's time limit counts from its clocks; each run gets the whole limit.
  model.zeroAllClocks();
  let result = model.run();
  const codes = highs.constants.modelStatus;
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
  if (status === codes.unboundedOrInfeasible) return { status: 'unknown-infeasible', detail: '' };
  if (status === codes.infeasible) return { status: 'infeasible', detail: '' };
  if (status === codes.unbounded) return { status: 'unbounded', detail: '' };
  return { status: 'not-solved', detail: Object.entries(codes).find(([, code]) => code === status)?.[0] ?? String(status) };
}

/** Stage 3, as a result: the solve's status, or the failure a user reads (with a conflict where HiGHS finds one). */
export function failureOf(model: Model, status: Exclude<ModelStatus, { status: 'optimal' }>, run: 'baseline' | 'scenario', layout: LpLayout, dates: readonly string[], size: ModelSize): SolveFailure {
  if (status.status === 'unknown-infeasible') {
    return { status: 'infeasible', run, message: `the ${run} is infeasible or unbounded (HiGHS could not tell which): check minimum rates and initial stocks, and that every link with a transit delay has a capacity`, conflicting: conflict(model, layout, dates), size };
  }
  if (status.status === 'infeasible') {
    return { status: 'infeasible', run, message: `the ${run} has no feasible plan: some lower bound (a field's minimum rate or a storage's initial stock) cannot be met with the capacity left; lower minimumRate, or add an outlet or storage`, conflicting: conflict(model, layout, dates), size };
  }
  if (status.status === 'unbounded') {
    return { status: 'unbounded', run, message: `the ${run} is unbounded: some flow earns money without limit; give every field a production capacity and check for links without capacity into markets`, conflicting: [], size };
  }
  return { status: 'not-solved', run, message: `the solver stopped on the ${run} with status "${status.detail}"`, conflicting: [], size };
}

/** Stage 4: the primal values of a solved model, in tonnes and USD, laid out as `layout`. */
export function assignPrimal(model: Model, layout: LpLayout, timeline: Timeline, iterations: number, solution: Solution = model.getSolution()): RunSolution {
  const flowTonnes = new Float64Array(layout.flowColumns);
  for (let column = 0; column < layout.flowColumns; column += 1) flowTonnes[column] = clean(solution.colValue[column]!);
  const stockTonnes = new Float64Array(layout.linefillColumn - layout.flowColumns);
  for (let index = 0; index < stockTonnes.length; index += 1) stockTonnes[index] = clean(solution.colValue[layout.flowColumns + index]!);
  const linefillTonnes = new Float64Array(layout.linefillPairs.length);
  for (let index = 0; index < linefillTonnes.length; index += 1) linefillTonnes[index] = clean(solution.colValue[layout.linefillColumn + index]!);
  const shortfallTonnes = new Float64Array(layout.shortfallMarkets.length * layout.days);
  for (let index = 0; index < shortfallTonnes.length; index += 1) shortfallTonnes[index] = clean(solution.colValue[layout.shortfallColumn + index]!);
  return { timeline, objectiveUsd: model.getObjectiveValue() * TONNES_PER_UNIT, flowTonnes, stockTonnes, linefillTonnes, shortfallTonnes, iterations };
}

/** Values within solver tolerance of zero print as zero; anything else is kept exactly. */
function clean(value: number): number {
  const tonnes = value * TONNES_PER_UNIT;
  return Math.abs(tonnes) < 1e-6 ? 0 : tonnes;
}

function conflict(model: Model, layout: LpLayout, dates: readonly string[]): string[] {
  try {
    const iis = model.getIis();
    const { colNames, rowNames } = lpNames(layout, dates);
    const names = [...iis.rowIndex].map((row) => rowNames[row] ?? `row ${row}`);
    names.push(...[...iis.colIndex].map((column) => colNames[column] ?? `column ${column}`));
    return names.slice(0, 20);
  } catch {
    return [];
  }
}

/**
 * Shadow prices of a solved model, on its own layout: what one more tonne of capacity on each
 * day would add to the objective (USD per tonne, discounted as the objective is). A link's
 * capacity is a row when several streams share it, else its flow column's upper bound; either
 * way the dual of what holds it is read back by the link's position.
 */
export interface LayoutDuals {
  /** By link of the layout's network, then day: link index * days + day. */
  readonly linkUsdPerTonne: Float64Array;
  /** Node id -> daily shadow price of its throughput (fields: production capacity). */
  readonly throughputUsdPerTonne: ReadonlyMap<string, Float64Array>;
  /** Storage node id -> daily shadow price of one more tonne of tank space. */
  readonly storageUsdPerTonne: ReadonlyMap<string, Float64Array>;
}

/** Stage 5: the duals of a solved model, routed back to links, nodes and tanks by the layout's names. */
export function assignDuals(model: Model, layout: LpLayout, lp: Pick<LinearProgram, 'colUpper'>, solution: Solution = model.getSolution()): LayoutDuals {
  const { graph, days, rows } = layout;
  // HiGHS reports a dual as the objective's change per unit of the bound that holds (tested: +20
  // for a binding capacity of this maximisation); a negative one belongs to a binding lower
  // bound (a minimum rate or obligation), which more capacity does not relax.
  const price = (dual: number) => (dual > 1e-9 ? dual : 0);
  const linkUsdPerTonne = new Float64Array(graph.network.links.length * days);
  graph.pairsByLink.forEach((pairs, linkIndex) => {
    const row = rows.linkCapacity.get(linkIndex);
    for (let day = 0; day < days; day += 1) {
      if (row !== undefined) {
        linkUsdPerTonne[linkIndex * days + day] = price(solution.rowDual[row + day]!);
        continue;
      }
      const pairIndex = pairs[0];
      if (pairIndex === undefined) continue;
      const column = pairIndex * days + day;
      const atBound = solution.colValue[column]! >= lp.colUpper[column]! - 1e-9;
      linkUsdPerTonne[linkIndex * days + day] = atBound ? price(solution.colDual[column]!) : 0;
    }
  });
  const daily = (base: number) => Float64Array.from({ length: days }, (_, day) => price(solution.rowDual[base + day]!));
  const throughputUsdPerTonne = new Map([...rows.throughput].map(([node, base]) => [node, daily(base)] as const));
  const storageUsdPerTonne = new Map([...rows.storage].map(([node, base]) => [node, daily(base)] as const));
  return { linkUsdPerTonne, throughputUsdPerTonne, storageUsdPerTonne };
}
