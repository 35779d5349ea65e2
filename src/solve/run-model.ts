import { hardTargets } from './gas-lp.ts';
import type { Timeline } from '../scenario/timeline.ts';
import { lpNames, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from './build-lp.ts';
import type { ModelSize, RunSolution, SolveFailure } from './solve.ts';
import type { SolverModel, SolverSolution, SolverStatus } from './backends/index.ts';

export type Model = SolverModel;
/** The solver's primal and dual values; read once per solve where several stages need them. */
export type Solution = SolverSolution;

/** Far beyond what a solve of this size needs (a few per row), so reaching it means stalling. */
export function iterationLimit(size: ModelSize): number {
  return 20 * (size.rows + size.columns) + 10_000;
}

/** What the solver ended with: optimal, or why not (named as the result shape says). */
export type ModelStatus = SolverStatus;

/** Stage 3, as a result: the solve's status, or the failure a user reads (with a conflict where HiGHS finds one). */
export function failureOf(model: Model, status: Exclude<ModelStatus, { status: 'optimal' }>, run: 'baseline' | 'scenario', layout: LpLayout, dates: readonly string[], size: ModelSize): SolveFailure {
  if (status.status === 'unknown-infeasible') {
    return { status: 'infeasible', run, message: `the ${run} is infeasible or unbounded (the solver could not tell which): check minimum rates and initial stocks, and that every link with a transit delay has a capacity`, conflicting: conflict(model, layout, dates), size };
  }
  if (status.status === 'infeasible') {
    const targets = hardTargets(layout.gas, layout.graph, dates);
    const gas = targets.length > 0 ? `; or a hard storage fill target (${targets.join(', ')}) is out of reach: give it a penalty to make it soft, or lower its share` : '';
    return { status: 'infeasible', run, message: `the ${run} has no feasible plan: some lower bound (a field's minimum rate or a storage's initial stock) cannot be met with the capacity left; lower minimumRate, or add an outlet or storage${gas}`, conflicting: conflict(model, layout, dates), size };
  }
  if (status.status === 'unbounded') {
    return { status: 'unbounded', run, message: `the ${run} is unbounded: some flow earns money without limit; give every field a production capacity and check for links without capacity into markets`, conflicting: [], size };
  }
  return { status: 'not-solved', run, message: `the solver stopped on the ${run} with status "${status.detail}"`, conflicting: [], size };
}

/** Stage 4: the primal values of a solved model, in tonnes and USD, laid out as `layout`. */
export function assignPrimal(model: Model, layout: LpLayout, timeline: Timeline, iterations: number, solution: Solution = model.solution()): RunSolution {
  const flowTonnes = new Float64Array(layout.flowColumns);
  for (let column = 0; column < layout.flowColumns; column += 1) flowTonnes[column] = clean(solution.colValue[column]!);
  const stockTonnes = new Float64Array(layout.linefillColumn - layout.flowColumns);
  for (let index = 0; index < stockTonnes.length; index += 1) stockTonnes[index] = clean(solution.colValue[layout.flowColumns + index]!);
  const linefillTonnes = new Float64Array(layout.linefillPairs.length);
  for (let index = 0; index < linefillTonnes.length; index += 1) linefillTonnes[index] = clean(solution.colValue[layout.linefillColumn + index]!);
  const shortfallTonnes = new Float64Array(layout.shortfallMarkets.length * layout.days);
  for (let index = 0; index < shortfallTonnes.length; index += 1) shortfallTonnes[index] = clean(solution.colValue[layout.shortfallColumn + index]!);
  return { timeline, objectiveUsd: solution.objective * TONNES_PER_UNIT, flowTonnes, stockTonnes, linefillTonnes, shortfallTonnes, iterations };
}

/** Values within solver tolerance of zero print as zero; anything else is kept exactly. */
function clean(value: number): number {
  const tonnes = value * TONNES_PER_UNIT;
  return Math.abs(tonnes) < 1e-6 ? 0 : tonnes;
}

function conflict(model: Model, layout: LpLayout, dates: readonly string[]): string[] {
  try {
    const iis = model.conflict();
    if (!iis) return [];
    const { colNames, rowNames } = lpNames(layout, dates);
    const names = iis.rows.map((row) => rowNames[row] ?? `row ${row}`);
    names.push(...iis.columns.map((column) => colNames[column] ?? `column ${column}`));
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
export function assignDuals(model: Model, layout: LpLayout, lp: Pick<LinearProgram, 'colUpper'>, solution: Solution = model.solution()): LayoutDuals {
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
