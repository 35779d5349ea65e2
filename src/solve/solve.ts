import type { Highs } from 'highs';
import type { Scenario } from '../scenario/scenario.ts';
import { buildTimeline, type Timeline } from '../scenario/timeline.ts';
import { buildLp, layoutLp, lpNames, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from './build-lp.ts';
import { highsRuntime, resetHighsRuntime } from './highs.ts';
import { compactLinks, compactTimeline, memberShares, membersOf } from './compact-links.ts';
import { splitStreams, type LinefillShares } from './streams.ts';
import { commodityGraph } from './structure.ts';

/** One solved run (baseline or scenario): raw primal values in tonnes, objective in USD. */
export interface RunSolution {
  readonly timeline: Timeline;
  readonly objectiveUsd: number;
  /** Flow of pair p on day t at p * days + t (tonnes entering the link that day). */
  readonly flowTonnes: Float64Array;
  /** Stock of stock block k at the end of day t at k * days + t (tonnes). */
  readonly stockTonnes: Float64Array;
  /** Oil under way on each delayed pair (layout.linefillPairs order) when the horizon starts, tonnes per day of delay. */
  readonly linefillTonnes: Float64Array;
  /** Supply obligation missed by market k (layout.shortfallMarkets) on day t at k * days + t (tonnes). */
  readonly shortfallTonnes: Float64Array;
  readonly iterations: number;
}

export interface ModelSize {
  readonly columns: number;
  readonly rows: number;
  readonly nonZeros: number;
}

export interface SolveTimings {
  readonly buildMs: number;
  readonly solveBaselineMs: number;
  readonly solveScenarioMs: number;
}

export type SolveOutcome =
  | {
      readonly status: 'optimal';
      readonly layout: LpLayout;
      readonly baseline: RunSolution;
      readonly scenario: RunSolution;
      readonly size: ModelSize;
      readonly timings: SolveTimings;
      readonly lpText?: { readonly baseline: string; readonly scenario: string } | undefined;
    }
  | {
      readonly status: 'infeasible' | 'unbounded' | 'not-solved';
      readonly run: 'baseline' | 'scenario';
      readonly message: string;
      /** Names of rows and columns in a conflicting subsystem, when HiGHS finds one. */
      readonly conflicting: readonly string[];
      readonly size: ModelSize;
    };

export interface SolveOptions {
  /** Also return both LPs as CPLEX LP text (for --write-lp). */
  readonly withLpText?: boolean;
  /** Solver time limit per run in seconds. */
  readonly timeLimitSeconds?: number;
  readonly clock?: () => number;
  /** Called as each stage starts, so a caller can show progress. */
  readonly onStage?: (stage: 'build' | 'solve-baseline' | 'solve-scenario') => void;
}

/**
 * Builds the scenario and its counterfactual baseline on one LP structure, solves the baseline,
 * then edits costs and bounds in place and re-solves from the baseline's basis.
 */
export async function solveScenario(scenario: Scenario, options: SolveOptions = {}): Promise<SolveOutcome> {
  const session = await openSession(scenario, options);
  if (session.status !== 'open') return session;
  try {
    const baselineText = options.withLpText ? session.exportLp() : undefined;
    options.onStage?.('solve-scenario');
    const run = session.solve(scenario, { fromBaseline: true, withLpText: options.withLpText ?? false });
    if ('status' in run) return run;
    return {
      status: 'optimal',
      layout: session.layout,
      baseline: session.baseline,
      scenario: run.solution,
      size: session.size,
      timings: { buildMs: session.timings.buildMs, solveBaselineMs: session.timings.solveBaselineMs, solveScenarioMs: run.solveMs },
      lpText: baselineText !== undefined && run.lpText !== undefined ? { baseline: baselineText, scenario: run.lpText } : undefined,
    };
  } finally {
    session.dispose();
  }
}

type Failure = Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }>;

/** A solved baseline kept in a live HiGHS model, ready to re-solve variants of its scenario. */
export interface SolveSession {
  readonly status: 'open';
  readonly layout: LpLayout;
  readonly baseline: RunSolution;
  readonly size: ModelSize;
  readonly timings: { readonly buildMs: number; readonly solveBaselineMs: number };
  /**
   * Solves a variant of the session's scenario: same dates and the same assets (expansions
   * included), any events. With `fromBaseline`, the solve starts from the baseline's basis
   * whatever was solved before, so a variant's answer does not depend on the order of solves;
   * without it, from where the previous solve ended (its answer then depends on that sequence).
   */
  solve(variant: Scenario, options?: { readonly fromBaseline?: boolean; readonly withLpText?: boolean }): { readonly solution: RunSolution; readonly solveMs: number; readonly lpText?: string } | Failure;
  exportLp(): string;
  dispose(): void;
}

export interface SessionOptions extends SolveOptions {
  /** Nodes that variants may close although no event of the scenario limits them. */
  readonly closable?: Iterable<string>;
  /**
   * Route crudes that are worth the same everywhere as one stream (default): same optimum, a
   * smaller LP without ties between them; each field's share is restored by mixing (splitStreams).
   */
  readonly commingle?: boolean;
  /**
   * Route parallel links that are alike but for capacity (the moorings of one terminal) as one
   * link, and fold junctions and terminals that oil only passes through into the link through
   * them (default): same optimum, a smaller LP with fewer ties; each link's flow is restored
   * afterwards (see compactLinks).
   */
  readonly compactLinks?: boolean;
  /** Iterations after which a solve is taken to stall and goes on with cost perturbation (tests lower it). */
  readonly perturbAfterIterations?: number;
}

/** Builds the LP structure of a scenario (and of its variants) and solves its baseline. */
export async function openSession(scenario: Scenario, options: SessionOptions = {}): Promise<SolveSession | Failure> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  options.onStage?.('build');
  const baselineTimeline = buildTimeline(scenario, false);
  const scenarioTimeline = buildTimeline(scenario, true);
  const links = compactLinks(baselineTimeline.network);
  const merge = (options.compactLinks ?? true) && links.compacted;
  const members = membersOf(links);
  // The timeline the LP sees; results keep the scenario's own.
  const lpTimeline = (timeline: Timeline) => (merge ? compactTimeline(timeline, links) : timeline);
  const lpBaselineTimeline = lpTimeline(baselineTimeline);
  const graph = commodityGraph(lpBaselineTimeline.network, { commingle: options.commingle ?? true });
  const layout = layoutLp(graph, [lpBaselineTimeline, lpTimeline(scenarioTimeline)], new Set(options.closable ?? []));
  // Results are reported field by field and link by link whatever the LP routes.
  const commingled = graph.fieldsOf.some((members) => members.length > 1);
  const compact = commingled || merge;
  const reportLayout = compact ? layoutLp(commodityGraph(baselineTimeline.network), [baselineTimeline, scenarioTimeline], new Set(options.closable ?? [])) : layout;
  // Oil under way on parallel links is shared out as the baseline's first day shares their capacity.
  const linefillShares = merge ? memberShares(links, baselineTimeline).map((series) => series[0] ?? 1) : [];
  // Which oil under way may be stranded is judged on the network as given: a cut downstream
  // counts even where a folded or merged link still has the capacity (as link by link).
  const reportPairsOf = new Map(
    layout.linefillPairs.map((pairIndex) => {
      const pair = layout.graph.pairs[pairIndex]!;
      const linkIndices = merge ? members[pair.linkIndex]! : [pair.linkIndex];
      const fields = new Set(layout.graph.fieldsOf[pair.commodityIndex]!.map((field) => field.id));
      return [pairIndex, reportLayout.graph.pairs.flatMap((candidate, index) => (linkIndices.includes(candidate.linkIndex) && fields.has(candidate.commodity.id) ? [index] : []))] as const;
    }),
  );
  const strandable = (timeline: Timeline): Set<number> => {
    const reportStrandable = strandablePairs(reportLayout, baselineTimeline, timeline);
    return new Set(layout.linefillPairs.filter((pairIndex) => reportPairsOf.get(pairIndex)!.some((index) => reportStrandable.has(index))));
  };
  const report = (run: RunSolution, shares?: LinefillShares): { solution: RunSolution; shares: LinefillShares } => {
    if (!compact) return { solution: run, shares: [] };
    const split = splitStreams(layout, reportLayout, run.timeline, run, shares, merge ? { members, shares: memberShares(links, run.timeline), linefillShares } : undefined);
    return { solution: { ...run, ...split.arrays }, shares: split.linefillShares };
  };
  const baselineLp = buildLp(layout, lpBaselineTimeline);
  const size: ModelSize = { columns: baselineLp.numCols, rows: baselineLp.numRows, nonZeros: baselineLp.values.length };
  const highs = await highsRuntime();
  const buildMs = clock() - started;

  let model: Model | undefined;
  const guard = <T>(action: () => T): T => {
    try {
      return action();
    } catch (error) {
      // An abort poisons the WebAssembly runtime; the next call must load a fresh one.
      if (error instanceof Error && /Aborted/.test(error.message)) resetHighsRuntime();
      throw error;
    }
  };
  try {
    model = guard(() =>
      highs.createModel({
        numCols: baselineLp.numCols,
        numRows: baselineLp.numRows,
        sense: highs.constants.objectiveSense.maximize,
        offset: baselineLp.offset,
        colCost: baselineLp.colCost,
        colLower: baselineLp.colLower,
        colUpper: baselineLp.colUpper,
        rowLower: baselineLp.rowLower,
        rowUpper: baselineLp.rowUpper,
        matrix: { format: 'csc', numRows: baselineLp.numRows, numCols: baselineLp.numCols, starts: baselineLp.starts, indices: baselineLp.indices, values: baselineLp.values },
        // Names cost time to copy into WebAssembly; only the LP file needs them inside HiGHS.
        ...(options.withLpText ? lpNames(layout, scenario.dates) : {}),
      }),
    );
    const live = model;
    const stallLimit = options.perturbAfterIterations ?? iterationLimit(size);
    // Devex pricing: measured 1.5× faster than HiGHS's default on these time-expanded network LPs.
    // Without cost perturbation: the LP's deliberate tie-breakers (stock holding, early output) are
    // far smaller than HiGHS's perturbation, which hid them and left half the iterations to the
    // clean-up after removing it (measured 1.6× faster on risk windows, same optima). An iteration
    // limit guards against stalling; runOnce then finishes with perturbation on.
    live.options.set({ output_flag: false, random_seed: 0, simplex_dual_edge_weight_strategy: 1, dual_simplex_cost_perturbation_multiplier: 0, simplex_iteration_limit: stallLimit });
    if (options.timeLimitSeconds !== undefined) live.options.set('time_limit', options.timeLimitSeconds);

    options.onStage?.('solve-baseline');
    const solveStart = clock();
    let baseline = guard(() => runOnce(highs, live, 'baseline', baselineTimeline, layout, size, stallLimit));
    if ('status' in baseline) {
      live.dispose();
      return baseline;
    }
    // Oil already under way at the start is data shared by all runs: the baseline's steady
    // day-0 flow, fixed once chosen. The baseline re-solves with it fixed (a few iterations), so a
    // variant without effective events reproduces the baseline exactly.
    let currentLp = baselineLp;
    if (layout.linefillPairs.length > 0) {
      const fixedBaseline = copyBounds(baselineLp);
      fixLinefill(fixedBaseline, layout, baseline.linefillTonnes);
      applyChanges(live, baselineLp, fixedBaseline);
      currentLp = fixedBaseline;
      baseline = guard(() => runOnce(highs, live, 'baseline', baselineTimeline, layout, size, stallLimit));
      if ('status' in baseline) {
        live.dispose();
        return baseline;
      }
    }
    const solveBaselineMs = clock() - solveStart;
    const baselineBasis = live.getBasis();
    const solvedBaseline = baseline;
    const { solution: baselineSolution, shares: baselineShares } = report(baseline);
    const structure = assetIds(baselineTimeline);
    let disposed = false;
    return {
      status: 'open',
      layout: reportLayout,
      baseline: baselineSolution,
      size,
      timings: { buildMs, solveBaselineMs },
      exportLp: () => live.exportModel('lp'),
      dispose: () => {
        if (!disposed) live.dispose();
        disposed = true;
      },
      solve(variant, solveOptions = {}) {
        const timeline = buildTimeline(variant, true);
        if (timeline.dates.length !== layout.days || assetIds(timeline) !== structure) {
          throw new Error(`variant "${variant.id}" does not share the session's dates and assets`);
        }
        const routed = lpTimeline(timeline);
        const variantLp = buildLp(layout, routed, false);
        fixLinefill(variantLp, layout, solvedBaseline.linefillTonnes, strandable(timeline));
        return guard(() => {
          applyChanges(live, currentLp, variantLp);
          currentLp = variantLp;
          if (solveOptions.fromBaseline) {
            // Without clearing, HiGHS carries factors and pricing weights from the previous solve,
            // and among equally good plans (ties between crudes) the one it returns would depend
            // on what was solved before.
            live.clearSolver();
            live.setBasis({ colStatus: baselineBasis.colStatus, rowStatus: baselineBasis.rowStatus });
          }
          const lpText = solveOptions.withLpText ? live.exportModel('lp') : undefined;
          const runStart = clock();
          const solved = runOnce(highs, live, 'scenario', timeline, layout, size, stallLimit);
          const solveMs = clock() - runStart;
          if ('status' in solved) return solved;
          const solution = report(solved, baselineShares).solution;
          return lpText === undefined ? { solution, solveMs } : { solution, solveMs, lpText };
        });
      },
    };
  } catch (error) {
    model?.dispose();
    throw error;
  }
}

/** A fingerprint of the assets a timeline knows, to refuse variants that change the structure. */
function assetIds(timeline: Timeline): string {
  return `${[...timeline.linkCapacity.keys()].join(',')}|${[...timeline.nodeThroughput.keys()].join(',')}`;
}

type Model = ReturnType<Highs['createModel']>;

/** Far beyond what a solve of this size needs (a few per row), so reaching it means stalling. */
function iterationLimit(size: ModelSize): number {
  return 20 * (size.rows + size.columns) + 10_000;
}

function runOnce(
  highs: Highs,
  model: Model,
  run: 'baseline' | 'scenario',
  timeline: Timeline,
  layout: LpLayout,
  size: ModelSize,
  stallLimit: number,
): RunSolution | Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }> {
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
  if (status === codes.optimal) {
    const solution = model.getSolution();
    const flowTonnes = new Float64Array(layout.flowColumns);
    for (let column = 0; column < layout.flowColumns; column += 1) flowTonnes[column] = clean(solution.colValue[column]!);
    const stockTonnes = new Float64Array(layout.linefillColumn - layout.flowColumns);
    for (let index = 0; index < stockTonnes.length; index += 1) stockTonnes[index] = clean(solution.colValue[layout.flowColumns + index]!);
    const linefillTonnes = new Float64Array(layout.linefillPairs.length);
    for (let index = 0; index < linefillTonnes.length; index += 1) linefillTonnes[index] = clean(solution.colValue[layout.linefillColumn + index]!);
    const shortfallTonnes = new Float64Array(layout.shortfallMarkets.length * layout.days);
    for (let index = 0; index < shortfallTonnes.length; index += 1) shortfallTonnes[index] = clean(solution.colValue[layout.shortfallColumn + index]!);
    const iterations = Number(model.info.get('simplex_iteration_count') ?? 0);
    return { timeline, objectiveUsd: model.getObjectiveValue() * TONNES_PER_UNIT, flowTonnes, stockTonnes, linefillTonnes, shortfallTonnes, iterations };
  }
  if (status === codes.unboundedOrInfeasible) {
    return { status: 'infeasible', run, message: `the ${run} is infeasible or unbounded (HiGHS could not tell which): check minimum rates and initial stocks, and that every link with a transit delay has a capacity`, conflicting: conflict(model, layout, timeline.dates), size };
  }
  if (status === codes.infeasible) {
    return { status: 'infeasible', run, message: infeasibleMessage(run), conflicting: conflict(model, layout, timeline.dates), size };
  }
  if (status === codes.unbounded) {
    return { status: 'unbounded', run, message: `the ${run} is unbounded: some flow earns money without limit; give every field a production capacity and check for links without capacity into markets`, conflicting: [], size };
  }
  const names = Object.entries(codes).find(([, code]) => code === status)?.[0] ?? String(status);
  return { status: 'not-solved', run, message: `the solver stopped on the ${run} with status "${names}"`, conflicting: [], size };
}

function infeasibleMessage(run: string): string {
  return `the ${run} has no feasible plan: some lower bound (a field's minimum rate or a storage's initial stock) cannot be met with the capacity left; lower minimumRate, or add an outlet or storage`;
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

/** Values within solver tolerance of zero print as zero; anything else is kept exactly. */
function clean(value: number): number {
  const tonnes = value * TONNES_PER_UNIT;
  return Math.abs(tonnes) < 1e-6 ? 0 : tonnes;
}

// Wide but finite: HiGHS keeps the basis when a row's bounds widen, and rebuilds much of it
// when an equality becomes a free row.
const LINEFILL_SLACK = 1e9;

/** A copy of an LP whose bounds can be edited without touching the original. */
function copyBounds(lp: LinearProgram): LinearProgram {
  return { ...lp, colLower: lp.colLower.slice(), colUpper: lp.colUpper.slice(), rowLower: lp.rowLower.slice(), rowUpper: lp.rowUpper.slice() };
}

/**
 * Oil under way at the start, once chosen by the baseline, is data: fixed, and untied from day 0.
 * In a scenario, a train or tanker whose destination, or anything downstream of it, has lost
 * capacity may be unable to unload: such oil may fall short of the baseline's (stranded, lost to
 * the horizon) rather than make the plan infeasible. Other pairs stay fixed, so a scenario that
 * reduces nothing downstream of oil in transit keeps the baseline's LP exactly.
 */
function fixLinefill(lp: LinearProgram, layout: LpLayout, linefillTonnes: Float64Array, strandable: ReadonlySet<number> = new Set()): void {
  layout.linefillPairs.forEach((pairIndex, k) => {
    const value = linefillTonnes[k]! / TONNES_PER_UNIT;
    lp.colLower[layout.linefillColumn + k] = strandable.has(pairIndex) ? 0 : value;
    lp.colUpper[layout.linefillColumn + k] = value;
    lp.rowLower[layout.rows.linefill + k] = -LINEFILL_SLACK;
    lp.rowUpper[layout.rows.linefill + k] = LINEFILL_SLACK;
  });
}

/** Delayed pairs whose destination reaches, downstream, an asset the scenario gives less capacity. */
function strandablePairs(layout: LpLayout, baseline: Timeline, scenario: Timeline): Set<number> {
  const reduced = new Set<string>();
  const compare = (before: ReadonlyMap<string, Float64Array>, after: ReadonlyMap<string, Float64Array>) => {
    for (const [id, series] of after) {
      const base = before.get(id);
      if (base && series.some((value, day) => value < base[day]!)) reduced.add(id);
    }
  };
  compare(baseline.linkCapacity, scenario.linkCapacity);
  compare(baseline.nodeThroughput, scenario.nodeThroughput);
  compare(baseline.marketIntake, scenario.marketIntake);
  compare(baseline.storageCapacity, scenario.storageCapacity);
  const strandable = new Set<number>();
  if (reduced.size === 0) return strandable;
  const links = layout.graph.network.links;
  for (const pairIndex of layout.linefillPairs) {
    const seen = new Set<string>();
    const stack = [layout.graph.pairs[pairIndex]!.link.to];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (reduced.has(node)) {
        strandable.add(pairIndex);
        break;
      }
      for (const link of links) {
        if (link.from !== node) continue;
        if (reduced.has(link.id)) {
          strandable.add(pairIndex);
          stack.length = 0;
          break;
        }
        stack.push(link.to);
      }
    }
  }
  return strandable;
}

function applyChanges(model: Model, from: LinearProgram, to: LinearProgram): void {
  const changedColumns: number[] = [];
  for (let column = 0; column < from.numCols; column += 1) {
    if (from.colCost[column] !== to.colCost[column] || from.colUpper[column] !== to.colUpper[column] || from.colLower[column] !== to.colLower[column]) {
      changedColumns.push(column);
    }
  }
  if (changedColumns.length > 0) {
    const pick = (array: Float64Array) => Float64Array.from(changedColumns, (column) => array[column]!);
    model.changeColsCost({ kind: 'set', indices: changedColumns }, pick(to.colCost));
    model.changeColsBounds({ kind: 'set', indices: changedColumns }, pick(to.colLower), pick(to.colUpper));
  }
  const changedRows: number[] = [];
  for (let row = 0; row < from.numRows; row += 1) {
    if (from.rowLower[row] !== to.rowLower[row] || from.rowUpper[row] !== to.rowUpper[row]) changedRows.push(row);
  }
  if (changedRows.length > 0) {
    model.changeRowsBounds(
      { kind: 'set', indices: changedRows },
      Float64Array.from(changedRows, (row) => to.rowLower[row]!),
      Float64Array.from(changedRows, (row) => to.rowUpper[row]!),
    );
  }
  if (from.offset !== to.offset) model.changeObjectiveOffset(to.offset);
}
