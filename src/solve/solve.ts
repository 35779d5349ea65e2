import type { Highs } from 'highs';
import type { Scenario } from '../scenario/scenario.ts';
import { applyOutages, buildTimeline, isOutage, nominalTimeline, type Timeline } from '../scenario/timeline.ts';
import { boundsBlocks, buildLp, type BoundsBlock, layoutLp, lpNames, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from './build-lp.ts';
import { copyBounds, liveLp, type BoundsPatch } from './live-lp.ts';
import { highsRuntime, resetHighsRuntime } from './highs.ts';
import { compactLinks, compactTimeline, memberShares, membersOf, type Derived } from './compact-links.ts';
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
  /** The scenario the session was opened on, of which it solves variants. */
  readonly scenario: Scenario;
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
  /**
   * Variants that only take capacity away (outages, sanctions) patch the bounds of the nominal LP
   * where their series differ, and HiGHS is sent only those changes (default); otherwise each
   * variant's whole LP is built and compared. Both load the same LP.
   */
  readonly patchVariants?: boolean;
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
  // Variants are outages on the scenario's nominal timeline (see applyOutages): what depends only
  // on the series an outage leaves alone is kept from it.
  const nominal = nominalTimeline(scenario, true);
  const nominalRouted = merge ? compactTimeline(nominal, links) : nominal;
  const lpTimeline = (timeline: Timeline) => (merge ? compactTimeline(timeline, links, { timeline: nominal, derived: nominalRouted }) : timeline);
  const lpBaselineTimeline = lpTimeline(baselineTimeline);
  // Sanction rules treat each field's crude by its origin and owners: no field may hide in a stream.
  const ruled = scenario.events.some((event) => event.type === 'rule');
  const graph = commodityGraph(lpBaselineTimeline.network, { commingle: (options.commingle ?? true) && !ruled });
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
      const candidates = linkIndices.flatMap((linkIndex) => reportLayout.graph.pairsByLink[linkIndex] ?? []).sort((a, b) => a - b);
      return [pairIndex, candidates.filter((index) => fields.has(reportLayout.graph.pairs[index]!.commodity.id))] as const;
    }),
  );
  const nominalReduced = reducedAssets(baselineTimeline, nominal);
  const strandable = (timeline: Timeline): Set<number> => {
    const reportStrandable = strandablePairs(reportLayout, reducedAssets(baselineTimeline, timeline, { timeline: nominal, derived: nominalReduced }));
    return new Set(layout.linefillPairs.filter((pairIndex) => reportPairsOf.get(pairIndex)!.some((index) => reportStrandable.has(index))));
  };
  const nominalShares = { timeline: nominal, derived: memberShares(links, nominal) };
  const report = (run: RunSolution, shares?: LinefillShares): { solution: RunSolution; shares: LinefillShares } => {
    if (!compact) return { solution: run, shares: [] };
    const split = splitStreams(layout, reportLayout, run.timeline, run, shares, merge ? { members, shares: memberShares(links, run.timeline, nominalShares), linefillShares } : undefined);
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
    const loaded = liveLp(live, baselineLp);
    if (layout.linefillPairs.length > 0) {
      const fixedBaseline = copyBounds(baselineLp);
      fixLinefill(fixedBaseline, layout, baseline.linefillTonnes);
      loaded.load(fixedBaseline);
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
    // The nominal LP with the oil under way fixed: variants that only take capacity away patch
    // its bounds where their series differ (see BoundsBlock), and send HiGHS only those.
    const nominalLp = buildLp(layout, nominalRouted, false);
    fixLinefill(nominalLp, layout, solvedBaseline.linefillTonnes);
    const blocks = boundsBlocks(layout);
    const own = scenario.events.filter((event) => !isOutage(event));
    const outagesOnly = (variant: Scenario) => {
      if (variant.network !== scenario.network || variant.dates !== scenario.dates || variant.benchmark !== scenario.benchmark || variant.differentialOverrides !== scenario.differentialOverrides) return false;
      if (variant.discountRatePerYear !== scenario.discountRatePerYear || variant.foresight !== scenario.foresight) return false;
      const others = variant.events.filter((event) => !isOutage(event));
      return others.length === own.length && others.every((event, index) => event === own[index]);
    };
    let disposed = false;
    return {
      status: 'open',
      scenario,
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
        const patchable = (options.patchVariants ?? true) && outagesOnly(variant);
        const timeline = patchable ? applyOutages(nominal, variant.events) : buildTimeline(variant, true);
        if (!patchable && (timeline.dates.length !== layout.days || assetIds(timeline) !== structure)) {
          throw new Error(`variant "${variant.id}" does not share the session's dates and assets`);
        }
        const routed = lpTimeline(timeline);
        const stranded = strandable(timeline);
        // Costs follow the nominal's while the last day (which values end stock) is the same.
        const patches = patchable && sameLastDays(routed, nominalRouted) ? boundsPatches(blocks, routed, nominalRouted) : undefined;
        return guard(() => {
          if (patches) {
            patches.push(linefillPatch(layout, solvedBaseline.linefillTonnes, stranded));
            loaded.loadPatched(nominalLp, patches);
          } else {
            const variantLp = buildLp(layout, routed, false);
            fixLinefill(variantLp, layout, solvedBaseline.linefillTonnes, stranded);
            loaded.load(variantLp);
          }
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

/**
 * Oil under way at the start, once chosen by the baseline, is data: fixed, and untied from day 0.
 * In a scenario, a train or tanker whose destination, or anything downstream of it, has lost
 * capacity may be unable to unload: such oil may fall short of the baseline's (stranded, lost to
 * the horizon) rather than make the plan infeasible. Other pairs stay fixed, so a scenario that
 * reduces nothing downstream of oil in transit keeps the baseline's LP exactly.
 */
function fixLinefill(lp: LinearProgram, layout: LpLayout, linefillTonnes: Float64Array, strandable: ReadonlySet<number> = new Set()): void {
  const patch = linefillPatch(layout, linefillTonnes, strandable);
  lp.colLower.set(patch.lower, patch.first);
  lp.colUpper.set(patch.upper, patch.first);
  layout.linefillPairs.forEach((_, k) => {
    lp.rowLower[layout.rows.linefill + k] = -LINEFILL_SLACK;
    lp.rowUpper[layout.rows.linefill + k] = LINEFILL_SLACK;
  });
}

type CapacityMaps = 'linkCapacity' | 'nodeThroughput' | 'marketIntake' | 'storageCapacity';
const CAPACITY_MAPS: readonly CapacityMaps[] = ['linkCapacity', 'nodeThroughput', 'marketIntake', 'storageCapacity'];
type Reduced = ReadonlyMap<CapacityMaps, ReadonlySet<string>>;

/**
 * Assets with less capacity on some day in `scenario` than in `baseline`, by kind of series. A
 * series that is the `known` timeline's own array is reduced as it was there.
 */
function reducedAssets(baseline: Timeline, scenario: Timeline, known?: Derived<Reduced>): Reduced {
  return new Map(
    CAPACITY_MAPS.map((name) => {
      const reduced = new Set<string>();
      for (const [id, series] of scenario[name]) {
        if (known && known.timeline[name].get(id) === series) {
          if (known.derived.get(name)!.has(id)) reduced.add(id);
          continue;
        }
        const base = baseline[name].get(id);
        if (base && series.some((value, day) => value < base[day]!)) reduced.add(id);
      }
      return [name, reduced] as const;
    }),
  );
}

/** Delayed pairs whose destination reaches, downstream, an asset the scenario gives less capacity. */
function strandablePairs(layout: LpLayout, reducedByKind: Reduced): Set<number> {
  const reduced = new Set([...reducedByKind.values()].flatMap((ids) => [...ids]));
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

/** The bounds of the oil under way at the start: the baseline's, or down to none where it may be stranded. */
function linefillPatch(layout: LpLayout, linefillTonnes: Float64Array, strandable: ReadonlySet<number>): BoundsPatch {
  const count = layout.linefillPairs.length;
  const lower = new Float64Array(count);
  const upper = new Float64Array(count);
  layout.linefillPairs.forEach((pairIndex, k) => {
    const value = linefillTonnes[k]! / TONNES_PER_UNIT;
    lower[k] = strandable.has(pairIndex) ? 0 : value;
    upper[k] = value;
  });
  return { on: 'columns', first: layout.linefillColumn, lower, upper };
}

/** The bounds of `timeline` in every block whose series are not `reference`'s own. */
function boundsPatches(blocks: readonly BoundsBlock[], timeline: Timeline, reference: Timeline): BoundsPatch[] {
  const patches: BoundsPatch[] = [];
  for (const block of blocks) {
    const inputs = block.inputs(timeline);
    const referenceInputs = block.inputs(reference);
    if (inputs.every((series, index) => series === referenceInputs[index])) continue;
    const lower = new Float64Array(block.count);
    const upper = new Float64Array(block.count);
    block.write(timeline, lower, upper, 0);
    patches.push({ on: block.on, first: block.first, lower, upper });
  }
  return patches;
}

/** Whether every capacity that end values read (see endValues) ends on the same value in both timelines. */
function sameLastDays(timeline: Timeline, reference: Timeline): boolean {
  const last = timeline.dates.length - 1;
  for (const name of ['linkCapacity', 'nodeThroughput', 'marketIntake'] as const) {
    for (const [id, series] of timeline[name]) {
      const referenceSeries = reference[name].get(id);
      if (series !== referenceSeries && series[last] !== referenceSeries?.[last]) return false;
    }
  }
  return true;
}
