import type { Scenario, ScenarioEvent } from '../scenario/scenario.ts';
import { applyOutages, isOutage, type Timeline } from '../scenario/timeline.ts';
import { boundsBlocks, buildLp, heldArrivals, initialStock, layoutLp, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from '../solve/build-lp.ts';
import { patchedLp } from '../solve/bounds-patches.ts';
import { compactTimeline } from '../solve/compact-links.ts';
import { highsRuntime } from '../solve/highs.ts';
import { copyBounds, liveLp } from '../solve/live-lp.ts';
import { assignDuals, assignPrimal, failureOf, iterationLimit, type Model, type Solution } from '../solve/run-model.ts';
import { wasmModel } from '../solve/backends/highs-wasm.ts';
import type { SolverBasis } from '../solve/backends/index.ts';
import { shadowPrices } from '../solve/shadow-prices.ts';
import { fixLinefill } from '../solve/session.ts';
import { openSession, type RunSolution, type SolveFailure, type SolveOptions, type SolveOutcome, type SolveSession } from '../solve/solve.ts';
import type { SessionStructure } from '../solve/prepare.ts';
import type { SolveCache } from '../solve/cache.ts';
import { knownEvents, sliceTimeline } from './window.ts';
import { summarizeAllocation } from './allocation-report.ts';

type Optimal = Extract<SolveOutcome, { status: 'optimal' }>;

/** How often operators re-plan, and how far ahead. */
export interface RollingPlan {
  readonly lookaheadDays: number;
  readonly replanDays: number;
}

export const DEFAULT_ROLLING: RollingPlan = { lookaheadDays: 30, replanDays: 1 };

/** How a rolling run went: steps re-planned, steps taken over from the baseline's run, steps emulated. */
export interface RollingStats {
  readonly steps: number;
  /** Decision windows solved. */
  readonly solved: number;
  /** Steps whose decisions are the baseline's (same state, same knowledge: see RollingEngine.run). */
  readonly reused: number;
  /** Steps whose reality differed from what operators believed, which the emulation LP played out. */
  readonly emulated: number;
  /** Oil under way that reached a market over what it could take that day (a surprise closure), tonnes. */
  readonly overIntakeTonnes: number;
  readonly decisionMs: number;
  readonly emulationMs: number;
}

/** A rolling run: the scenario as operators decided it step by step, and the hindsight plan beside it. */
export interface RollingOutcome extends Optimal {
  readonly operations: RollingStats & {
    readonly mode: 'rolling';
    readonly lookaheadDays: number;
    readonly replanDays: number;
    /** The same scenario solved with hindsight (the lower bound of the loss), on the report's layout. */
    readonly hindsight: RunSolution;
    /** The baseline solved with hindsight, against which `hindsight` is measured. */
    readonly hindsightBaseline: RunSolution;
  };
}

/**
 * Rolling operations (PowerSimulations.jl's split of a decision model and an emulation): every
 * `replanDays`, operators solve a decision window over [day, day + lookaheadDays) with what they
 * know that day (see knownEvents; prices as today's); the decisions of its first replanDays are
 * fixed; an emulation over those days with the actual capacities plays them out. Stock and oil
 * under way carry from step to step. The baseline (the scenario without events) is decided the
 * same way, so the loss measures the disruption, not the operators' myopia about prices.
 */
export async function solveRolling(scenario: Scenario, options: SolveOptions = {}): Promise<RollingOutcome | SolveFailure> {
  const plan = scenario.operations ?? { mode: 'rolling', ...DEFAULT_ROLLING };
  const clock = options.clock ?? (() => performance.now());
  const withDuals = options.withDuals ?? false;
  const session = await openSession(scenario, { ...options, withDuals });
  if (session.status !== 'open') return session;
  try {
    const baselineText = options.withLpText ? session.exportLp() : undefined;
    const hindsight = session.solve(scenario, { fromBaseline: true, withDuals: false, withLpText: options.withLpText ?? false });
    if ('status' in hindsight) return hindsight;
    const started = clock();
    const engine = await RollingEngine.open(session, plan, { withDuals, clock });
    try {
      const baseline = engine.baseline();
      if ('status' in baseline) return baseline;
      const run = engine.run(scenario.events, session.structure.nominal, session.structure.scenarioTimeline);
      if ('status' in run) return run;
      return {
        status: 'optimal',
        layout: session.layout,
        baseline: engine.reported(baseline),
        scenario: engine.reported(run),
        size: session.size,
        timings: { buildMs: session.timings.buildMs, solveBaselineMs: session.timings.solveBaselineMs, solveScenarioMs: clock() - started },
        cache: session.cache,
        allocation: summarizeAllocation(session.structure, run.solution.flowTonnes),
        lpText: baselineText !== undefined && hindsight.lpText !== undefined ? { baseline: baselineText, scenario: hindsight.lpText } : undefined,
        operations: { mode: 'rolling', lookaheadDays: plan.lookaheadDays, replanDays: plan.replanDays, ...run.stats, hindsight: hindsight.solution, hindsightBaseline: session.baseline },
      };
    } finally {
      engine.dispose();
    }
  } finally {
    session.dispose();
  }
}

type Highs = Awaited<ReturnType<typeof highsRuntime>>;

interface LiveModel {
  readonly model: Model;
  readonly loaded: ReturnType<typeof liveLp>;
}

/** A rolling run as it happened, on the session's LP layout (whole horizon). */
export interface RollingRun {
  readonly solution: RunSolution;
  readonly stats: RollingStats;
}

/** What the baseline's run keeps so that runs of variants can take over its steps. */
interface BaselineTrace {
  readonly run: RollingRun;
  /** Stock of each stock block at the start of each step. */
  readonly opening: readonly Float64Array[];
  /** The decision model's basis after each step's solve: where a variant's first re-plan starts. */
  readonly bases: readonly SolverBasis[];
  /** Each step's decision window: its costs and offset, its optimal columns and their row activities. */
  readonly windows: readonly { readonly costs: Float64Array; readonly offset: number; readonly values: Float64Array; readonly activity: Float64Array }[];
  readonly shadow: Shadow | undefined;
}

interface Shadow {
  readonly links: Float64Array;
  readonly storage: Map<string, Float64Array>;
}

export interface RollingEngineOptions {
  readonly withDuals?: boolean;
  readonly clock?: () => number;
  /**
   * Builds every decision window whole from its timelines (no windows shared between runs, no
   * bounds patched into a nominal window's LP): the reference the engine's fast path is tested
   * against (test/rolling-fast-path.test.ts).
   */
  readonly plain?: boolean;
}

/** A decision window of a nominal timeline, before events and state: see RollingEngine's #window. */
interface NominalWindow {
  readonly slice: Timeline;
  readonly routed: Timeline;
  /** Costs and bounds (no matrix). */
  readonly lp: LinearProgram;
}

/** A decision window as operators see it: the nominal window with the events they know of. */
interface Belief {
  readonly timeline: Timeline;
  /** `timeline` as the LP routes it: the window's own `routed` when nothing is known. */
  readonly routed: Timeline;
  readonly window: NominalWindow;
}

/** One run in progress: its events, its timelines and what has happened so far. */
interface Run {
  readonly events: readonly ScenarioEvent[];
  /** The timeline before outages (prices, expansions) that operators' beliefs start from. */
  readonly nominal: Timeline;
  readonly actual: Timeline;
  /** Whether `nominal` is the baseline's, so that the baseline's steps can be taken over. */
  readonly shared: boolean;
  readonly flow: Float64Array;
  readonly stock: Float64Array;
  readonly shortfall: Float64Array;
  readonly shadow: Shadow | undefined;
  state: Float64Array;
  solved: number;
  reused: number;
  emulated: number;
  overIntakeTonnes: number;
  decisionMs: number;
  emulationMs: number;
}

/**
 * The decision and emulation models of one session, kept alive across runs (each step sends
 * HiGHS only the costs and bounds that changed, and starts from the previous step's basis), and
 * the baseline's rolling run, whose steps later runs take over where nothing differs:
 * - before any event is known or under way, and while the state (stock, oil under way) is the
 *   baseline's, a step's decision window is the baseline's own LP: its decisions are the
 *   baseline's (identical, not re-solved);
 * - once every event has ended and been revealed and the state is the baseline's again, so is
 *   every later step.
 * A run's first re-plan (and the first after steps taken over) starts from the baseline's basis
 * of that day, so a run's answer depends on its events only, never on what was solved before.
 */
export class RollingEngine {
  readonly horizon: number;
  readonly #structure: SessionStructure;
  readonly #cache: SolveCache;
  readonly #linefill: Float64Array;
  readonly #shares: SolveSession['solved']['linefillShares'];
  readonly #lookahead: number;
  readonly #replan: number;
  readonly #myopic: boolean;
  readonly #withDuals: boolean;
  readonly #clock: () => number;
  readonly #plain: boolean;
  readonly #layout: LpLayout;
  readonly #decisionLayout: LpLayout;
  readonly #emulationLayout: LpLayout;
  readonly #decision: LiveModel;
  /** The decision windows' constraint matrix (the same for every window). */
  readonly #matrix: Pick<LinearProgram, 'numRows' | 'numCols' | 'starts' | 'indices' | 'values'>;
  readonly #emulation: LiveModel;
  /** Decision windows by nominal timeline and day (see #window). */
  readonly #windows = new WeakMap<Timeline, Map<number, NominalWindow>>();
  #baseline: BaselineTrace | SolveFailure | undefined;

  static async open(session: SolveSession, plan: RollingPlan, options: RollingEngineOptions = {}): Promise<RollingEngine> {
    return new RollingEngine(session, plan, await highsRuntime(), options.withDuals ?? false, options.clock ?? (() => performance.now()), options.plain ?? false);
  }

  private constructor(session: SolveSession, plan: RollingPlan, highs: Highs, withDuals: boolean, clock: () => number, plain: boolean) {
    const structure = session.structure;
    this.#structure = structure;
    this.#cache = session.cache;
    this.#linefill = session.solved.baseline.linefillTonnes;
    this.#shares = session.solved.linefillShares;
    this.#lookahead = plan.lookaheadDays;
    this.#replan = plan.replanDays;
    this.#myopic = session.scenario.foresight === 'myopic';
    this.#withDuals = withDuals;
    this.#clock = clock;
    this.#plain = plain;
    this.#layout = structure.layout;
    this.horizon = structure.layout.days;
    const graph = structure.layout.graph;
    // Rows for every node the session may close (its scenario's events, a batch's closable
    // nodes), so every window of every run shares one structure.
    const closable = new Set(structure.layout.rows.throughput.keys());
    const baseline = structure.baselineTimeline;
    const scenario = structure.scenarioTimeline;
    const slices = (length: number) => [this.#routed(sliceTimeline(baseline, 0, length, 'today', this.#myopic)), this.#routed(sliceTimeline(scenario, 0, length, 'actual', this.#myopic))];
    // Windows keep the session's pro-rata groups and nominations (one coefficient per shipper: one matrix for every window).
    const allocation = structure.layout.allocation;
    this.#decisionLayout = layoutLp(graph, slices(plan.lookaheadDays), closable, allocation);
    this.#emulationLayout = layoutLp(graph, slices(plan.replanDays), closable, allocation);
    const first = this.#newRun([], baseline, baseline, true, false);
    const firstLp = this.#decisionLp(first, 0, this.#believed(first, 0), true);
    this.#matrix = firstLp;
    this.#decision = this.#model(highs, firstLp);
    try {
      this.#emulation = this.#model(highs, this.#emulationLp(first, 0, new Float64Array(graph.pairs.length * plan.replanDays), true));
    } catch (error) {
      this.#decision.model.dispose();
      throw error;
    }
  }

  dispose(): void {
    this.#decision.model.dispose();
    this.#emulation.model.dispose();
  }

  /** The baseline (no events, the baseline's prices) decided rolling; solved once. */
  baseline(): RollingRun | SolveFailure {
    this.#baseline ??= this.#traceBaseline();
    return 'status' in this.#baseline ? this.#baseline : this.#baseline.run;
  }

  /**
   * A run with `events` on `actual` (the capacities that happen); operators believe `nominal`
   * with the events they know of. Steps are taken over from the baseline's run where they are
   * the same (see the class comment).
   */
  run(events: readonly ScenarioEvent[], nominal: Timeline, actual: Timeline, withDuals = this.#withDuals): RollingRun | SolveFailure {
    const baseline = this.#baseline ?? (this.#baseline = this.#traceBaseline());
    if ('status' in baseline) return baseline;
    const run = this.#newRun(events, nominal, actual, sameSeries(nominal, this.#structure.baselineTimeline), withDuals);
    let warm = false;
    for (let day = 0; day < this.horizon; day += this.#replan) {
      const synced = run.shared && this.#sameState(run, day, baseline);
      if (synced && this.#quiet(run, day)) {
        this.#takeOver(run, day, baseline);
        warm = false;
        continue;
      }
      const believed = this.#believed(run, day);
      const lp = this.#decisionLp(run, day, believed, false);
      // Removing capacity the baseline's optimum does not use leaves it optimal (same costs, a
      // smaller feasible set that still holds it): its decisions stand. Duals may differ, so a
      // run that reports shadow prices re-plans.
      if (synced && !run.shadow && this.#stillOptimal(lp, baseline.windows[day / this.#replan]!) && sameCapacitiesAt(believed.timeline, run.actual, day, this.#replan)) {
        this.#takeOver(run, day, baseline);
        warm = false;
        continue;
      }
      const failure = this.#step(run, day, warm ? undefined : baseline.bases[day / this.#replan], { believed, lp });
      if (failure) return failure;
      warm = true;
    }
    return this.#finish(run);
  }

  /** A run's solution as the report reads it (streams and folded links restored). */
  reported(run: RollingRun): RunSolution {
    return { ...run.solution, ...this.#structure.report(run.solution, this.#shares, this.#cache).arrays };
  }

  #traceBaseline(): BaselineTrace | SolveFailure {
    const baseline = this.#structure.baselineTimeline;
    // Its shadow prices are kept whether asked for or not (once per engine), for the runs that ask.
    const run = this.#newRun([], baseline, baseline, true, true);
    const opening: Float64Array[] = [];
    const bases: SolverBasis[] = [];
    const windows: BaselineTrace['windows'][number][] = [];
    for (let day = 0; day < this.horizon; day += this.#replan) {
      opening.push(run.state);
      const failure = this.#step(run, day, undefined);
      if (failure) return failure;
      bases.push(this.#decision.model.basis());
      const values = Float64Array.from(this.#decision.model.solution().colValue);
      const { colCost, offset } = this.#decision.loaded.current();
      windows.push({ costs: colCost, offset, values, activity: rowActivity(this.#matrix, values) });
    }
    return { run: this.#finish(run), opening, bases, windows, shadow: run.shadow };
  }

  /** Whether a window's optimum is optimal for `lp` too: same costs, and within its bounds. */
  #stillOptimal(lp: LinearProgram, window: BaselineTrace['windows'][number]): boolean {
    const { values, activity, costs } = window;
    if (lp.offset !== window.offset) return false;
    for (let column = 0; column < lp.numCols; column += 1) {
      if (lp.colCost[column] !== costs[column]) return false;
      const value = values[column]!;
      if (value < lp.colLower[column]! - FEASIBILITY_TOLERANCE || value > lp.colUpper[column]! + FEASIBILITY_TOLERANCE) return false;
    }
    for (let row = 0; row < lp.numRows; row += 1) {
      const value = activity[row]!;
      if (value < lp.rowLower[row]! - FEASIBILITY_TOLERANCE || value > lp.rowUpper[row]! + FEASIBILITY_TOLERANCE) return false;
    }
    return true;
  }

  /** One step: decide over the window of `day` (from `start` when given), play it out, record it. */
  #step(run: Run, day: number, start: SolverBasis | undefined, window?: { readonly believed: Belief; readonly lp: LinearProgram }): SolveFailure | undefined {
    const decideStart = this.#clock();
    const decided = this.#decide(run, day, start, window);
    run.decisionMs += this.#clock() - decideStart;
    run.solved += 1;
    if ('status' in decided) return decided;
    if (decided.asBelieved) {
      this.#record(run, day, decided.asBelieved, this.#lookahead);
      return undefined;
    }
    const emulateStart = this.#clock();
    const played = this.#emulate(run, day, decided.flows);
    run.emulationMs += this.#clock() - emulateStart;
    run.emulated += 1;
    return played;
  }

  /** Whether nothing of `run` is known on `day` or under way on the days its step fixes: its window is then the baseline's. */
  #quiet(run: Run, day: number): boolean {
    const last = day + this.#replan - 1;
    for (const event of run.events) if (isOutage(event) && event.startDay <= last && event.endDay >= day) return false;
    return knownEvents(run.events, day, this.#lookahead).length === 0;
  }

  /** Stock within a gram, and oil under way (the flows of the last transit days) within a gram. */
  #sameState(run: Run, day: number, baseline: BaselineTrace): boolean {
    const opening = baseline.opening[day / this.#replan]!;
    for (let block = 0; block < opening.length; block += 1) if (Math.abs(opening[block]! - run.state[block]!) > STATE_TOLERANCE_TONNES) return false;
    const horizon = this.horizon;
    const flows = baseline.run.solution.flowTonnes;
    const pairs = this.#layout.graph.pairs;
    for (const pairIndex of this.#layout.linefillPairs) {
      const delay = pairs[pairIndex]!.link.transitDays;
      for (let entry = Math.max(0, day - delay); entry < day; entry += 1) {
        const column = pairIndex * horizon + entry;
        if (Math.abs(flows[column]! - run.flow[column]!) > STATE_TOLERANCE_TONNES) return false;
      }
    }
    return true;
  }

  #takeOver(run: Run, day: number, baseline: BaselineTrace): void {
    const horizon = this.horizon;
    const kept = Math.min(this.#replan, horizon - day);
    const source = baseline.run.solution;
    const copy = (target: Float64Array, from: Float64Array, rows: number) => {
      for (let row = 0; row < rows; row += 1) target.set(from.subarray(row * horizon + day, row * horizon + day + kept), row * horizon + day);
    };
    copy(run.flow, source.flowTonnes, this.#layout.graph.pairs.length);
    copy(run.stock, source.stockTonnes, this.#layout.stockBlocks.length);
    copy(run.shortfall, source.shortfallTonnes, this.#layout.shortfallMarkets.length);
    if (run.shadow && baseline.shadow) {
      copy(run.shadow.links, baseline.shadow.links, this.#structure.reportLayout.graph.network.links.length);
      for (const [node, series] of baseline.shadow.storage) {
        let full = run.shadow.storage.get(node);
        if (!full) run.shadow.storage.set(node, (full = new Float64Array(horizon)));
        full.set(series.subarray(day, day + kept), day);
      }
    }
    const next = (day + this.#replan) / this.#replan;
    run.state = baseline.opening[next] ?? this.#closingStock(run, day + kept - 1);
    run.reused += 1;
  }

  #closingStock(run: Run, day: number): Float64Array {
    return Float64Array.from(this.#layout.stockBlocks, (_, block) => run.stock[block * this.horizon + day]!);
  }

  #newRun(events: readonly ScenarioEvent[], nominal: Timeline, actual: Timeline, shared: boolean, withDuals: boolean): Run {
    const layout = this.#layout;
    const lpActual = this.#structure.lpTimeline(actual);
    return {
      events,
      nominal,
      actual,
      shared,
      flow: new Float64Array(layout.flowColumns),
      stock: new Float64Array(layout.linefillColumn - layout.flowColumns),
      shortfall: new Float64Array(layout.shortfallMarkets.length * layout.days),
      shadow: withDuals ? { links: new Float64Array(this.#structure.reportLayout.graph.network.links.length * layout.days), storage: new Map() } : undefined,
      state: Float64Array.from(layout.stockBlocks, (block) => initialStock(layout, lpActual, block.node, block.commodityIndex)),
      solved: 0,
      reused: 0,
      emulated: 0,
      overIntakeTonnes: 0,
      decisionMs: 0,
      emulationMs: 0,
    };
  }

  /**
   * Solves the decision window of `day`; returns the flows of its first replanDays (LP units) and,
   * when reality on those days is what operators believed, the window's own values of them (then
   * the decisions are feasible as they stand, and the emulation would move exactly them).
   */
  #decide(run: Run, day: number, start: SolverBasis | undefined, window?: { readonly believed: Belief; readonly lp: LinearProgram }): { readonly flows: Float64Array; readonly asBelieved: RunSolution | undefined } | SolveFailure {
    const live = this.#decision;
    const belief = window?.believed ?? this.#believed(run, day);
    const believed = belief.timeline;
    live.loaded.load(window?.lp ?? this.#decisionLp(run, day, belief, false));
    if (start) live.model.startFrom(start);
    const status = live.model.solve();
    if (status.status !== 'optimal') return failureOf(live.model, status, 'scenario', this.#decisionLayout, believed.dates, sizeOf(live.loaded.current()));
    const solution = live.model.solution();
    const { colValue } = solution;
    const days = this.#decisionLayout.days;
    if (run.shadow) this.#keepShadow(run, day, believed, solution);
    const pairs = this.#layout.graph.pairs.length;
    const flows = new Float64Array(pairs * this.#replan);
    for (let pair = 0; pair < pairs; pair += 1) for (let t = 0; t < this.#replan; t += 1) flows[pair * this.#replan + t] = colValue[pair * days + t]!;
    const asBelieved = sameCapacitiesAt(believed, run.actual, day, this.#replan) ? assignPrimal(live.model, this.#decisionLayout, believed, status.iterations, solution) : undefined;
    return { flows, asBelieved };
  }

  /** Plays the decided flows out over [day, day + replanDays) with the actual capacities; undefined when it could. */
  #emulate(run: Run, day: number, decided: Float64Array): SolveFailure | undefined {
    const live = this.#emulation;
    live.loaded.load(this.#emulationLp(run, day, decided, false));
    const status = live.model.solve();
    const layout = this.#emulationLayout;
    if (status.status !== 'optimal') return failureOf(live.model, status, 'scenario', layout, this.#actualSlice(run, day, this.#replan).dates, sizeOf(live.loaded.current()));
    this.#record(run, day, assignPrimal(live.model, layout, this.#actualSlice(run, day, this.#replan), status.iterations), this.#replan);
    return undefined;
  }

  /** Keeps the first replanDays of a run over `days` days from `day` as what happened, and its closing stock as the next start. */
  #record(run: Run, day: number, played: RunSolution, days: number): void {
    const horizon = this.horizon;
    const kept = Math.min(this.#replan, horizon - day);
    this.#layout.graph.pairs.forEach((_, pair) => {
      for (let t = 0; t < kept; t += 1) run.flow[pair * horizon + day + t] = played.flowTonnes[pair * days + t]!;
    });
    const stock = new Float64Array(run.state.length);
    this.#layout.stockBlocks.forEach((_, block) => {
      for (let t = 0; t < kept; t += 1) run.stock[block * horizon + day + t] = played.stockTonnes[block * days + t]!;
      stock[block] = played.stockTonnes[block * days + kept - 1]!;
    });
    this.#layout.shortfallMarkets.forEach((_, market) => {
      for (let t = 0; t < kept; t += 1) run.shortfall[market * horizon + day + t] = played.shortfallTonnes[market * days + t]!;
    });
    run.state = stock;
  }

  /** The decision window's shadow prices of the days it fixes, on the report's links and tanks. */
  #keepShadow(run: Run, day: number, believed: Timeline, solution: Solution): void {
    const shadow = run.shadow!;
    const layout = this.#decisionLayout;
    const live = this.#decision;
    const prices = shadowPrices({ ...this.#structure, layout }, assignDuals(live.model, layout, live.loaded.current(), solution), believed, this.#replan);
    const days = layout.days;
    const horizon = this.horizon;
    const kept = Math.min(this.#replan, horizon - day);
    const links = this.#structure.reportLayout.graph.network.links.length;
    for (let link = 0; link < links; link += 1) for (let t = 0; t < kept; t += 1) shadow.links[link * horizon + day + t] = prices.linkUsdPerTonne[link * days + t]!;
    for (const [node, series] of prices.storageUsdPerTonne) {
      let full = shadow.storage.get(node);
      if (!full) shadow.storage.set(node, (full = new Float64Array(horizon)));
      for (let t = 0; t < kept; t += 1) full[day + t] = series[t]!;
    }
  }

  /** The run as played out, on the session's LP layout; its objective is the hindsight LP's objective at these values. */
  #finish(run: Run): RollingRun {
    const layout = this.#layout;
    const lp = buildLp(layout, this.#structure.lpTimeline(run.actual), false, this.#cache);
    let objective = lp.offset;
    const add = (first: number, values: Float64Array) => values.forEach((tonnes, index) => (objective += (lp.colCost[first + index]! * tonnes) / TONNES_PER_UNIT));
    add(0, run.flow);
    add(layout.flowColumns, run.stock);
    add(layout.linefillColumn, this.#linefill);
    add(layout.shortfallColumn, run.shortfall);
    const shadow = run.shadow ? { linkUsdPerTonne: run.shadow.links, storageUsdPerTonne: run.shadow.storage } : undefined;
    const solution: RunSolution = { timeline: run.actual, objectiveUsd: objective * TONNES_PER_UNIT, flowTonnes: run.flow, stockTonnes: run.stock, linefillTonnes: this.#linefill, shortfallTonnes: run.shortfall, iterations: 0, shadow };
    const steps = Math.ceil(this.horizon / this.#replan);
    return { solution, stats: { steps, solved: run.solved, reused: run.reused, emulated: run.emulated, overIntakeTonnes: run.overIntakeTonnes, decisionMs: run.decisionMs, emulationMs: run.emulationMs } };
  }

  #model(highs: Highs, lp: LinearProgram): LiveModel {
    // Rolling windows are small and many: always the in-process solver.
    const model = wasmModel(highs, lp, { stallLimit: iterationLimit(sizeOf(lp)) });
    return { model, loaded: liveLp(model, lp) };
  }

  /** The timeline as the LP routes it (links merged); with `reference`, series of links no event changed are its own. */
  #routed(timeline: Timeline, reference?: NominalWindow): Timeline {
    if (!this.#structure.merge) return timeline;
    return compactTimeline(timeline, this.#structure.links, reference ? { timeline: reference.slice, derived: reference.routed } : undefined);
  }

  /**
   * The decision window of `day` on a run's nominal timeline, made once per engine and shared by
   * every run on the same nominal (runs whose nominal is the baseline's share the baseline's):
   * its slice (today's prices), routed, and its LP without events or state.
   */
  #window(run: Run, day: number): NominalWindow {
    const nominal = run.shared ? this.#structure.baselineTimeline : run.nominal;
    let windows = this.#windows.get(nominal);
    if (!windows) this.#windows.set(nominal, (windows = new Map()));
    let window = this.#plain ? undefined : windows.get(day);
    if (!window) {
      const slice = sliceTimeline(this.#plain ? run.nominal : nominal, day, this.#lookahead, 'today', this.#myopic);
      const routed = this.#routed(slice);
      window = { slice, routed, lp: buildLp(this.#decisionLayout, routed, false, this.#cache, routed, routed) };
      if (!this.#plain) windows.set(day, window);
    }
    return window;
  }

  #nominalSlice(run: Run, day: number, length: number, prices: 'actual' | 'today' = 'today'): Timeline {
    return sliceTimeline(run.nominal, day, length, prices, this.#myopic);
  }

  #actualSlice(run: Run, day: number, length: number): Timeline {
    return sliceTimeline(run.actual, day, length, 'actual', this.#myopic);
  }

  /** The window of `day` as operators see it: the capacities they know of, today's prices. */
  #believed(run: Run, day: number): Belief {
    const window = this.#window(run, day);
    const timeline = applyOutages(window.slice, knownEvents(run.events, day, this.#lookahead));
    if (this.#plain) return { timeline, routed: this.#routed(timeline), window };
    return { timeline, routed: timeline === window.slice ? window.routed : this.#routed(timeline, window), window };
  }

  /**
   * The decision window of `day`: what operators know, today's prices, end values on the network
   * without outages. Outages only take capacity away, and neither costs nor end values read what
   * they change, so the window's LP is its nominal one with the bounds of what operators know of
   * patched in (pro-rata rules are in force where they know of less capacity than without
   * events); test/rolling-fast-path.test.ts checks it against the LP built whole.
   */
  #decisionLp(run: Run, day: number, belief: Belief, withMatrix: boolean): LinearProgram {
    const { window, routed } = belief;
    let lp: LinearProgram;
    if (withMatrix || this.#plain) lp = buildLp(this.#decisionLayout, routed, withMatrix, this.#cache, window.routed, window.routed);
    else if (routed === window.routed) lp = copyBounds(window.lp);
    else lp = patchedLp(window.lp, this.#decisionLayout, boundsBlocks(this.#decisionLayout, this.#cache), routed, window.routed);
    this.#carryInto(run, lp, this.#decisionLayout, day);
    return lp;
  }

  /**
   * The emulation of [day, day + replanDays): actual capacities and prices; every flow follows
   * what was decided as far as reality lets it (at most the decision, and each decided tonne
   * earns FOLLOW_BONUS, which outweighs any price, so only what reality forbids is cut), except
   * flows into a tank from anything but a field, which are free: tanks absorb what cannot move on.
   */
  #emulationLp(run: Run, day: number, decided: Float64Array, withMatrix: boolean): LinearProgram {
    const layout = this.#emulationLayout;
    const actual = this.#actualSlice(run, day, this.#replan);
    const nominal = this.#routed(this.#nominalSlice(run, day, this.#replan, 'actual'));
    const lp = buildLp(layout, this.#routed(actual), withMatrix, this.#cache, nominal, nominal);
    this.#carryInto(run, lp, layout, day);
    const graph = layout.graph;
    graph.pairs.forEach((pair, pairIndex) => {
      const absorbs = graph.nodeById.get(pair.link.to)?.kind === 'storage' && graph.nodeById.get(pair.link.from)?.kind !== 'field';
      if (absorbs) return;
      for (let t = 0; t < layout.days; t += 1) {
        const column = pairIndex * layout.days + t;
        lp.colUpper[column] = Math.min(lp.colUpper[column]!, Math.max(0, decided[pairIndex * this.#replan + t]!));
        lp.colCost[column] = lp.colCost[column]! + FOLLOW_BONUS;
      }
    });
    return lp;
  }

  /** Stock at the start and oil under way (arriving in the window from flows before it) enter the window's rows. */
  #carryInto(run: Run, lp: LinearProgram, layout: LpLayout, day: number): void {
    const { rows, graph } = layout;
    fixLinefill(lp, layout, new Float64Array(layout.linefillPairs.length));
    layout.stockBlocks.forEach((block, index) => {
      const row = rows.balance.get(`${block.node}\u0000${block.commodityIndex}`)!;
      lp.rowLower[row] = -run.state[index]! / TONNES_PER_UNIT;
      lp.rowUpper[row] = lp.rowLower[row]!;
    });
    const horizon = this.horizon;
    this.#layout.linefillPairs.forEach((pairIndex, k) => {
      const pair = graph.pairs[pairIndex]!;
      const delay = pair.link.transitDays;
      const balance = rows.balance.get(`${pair.link.to}\u0000${pair.commodityIndex}`);
      const intake = rows.intake.get(pair.link.to);
      for (let t = 0; t < Math.min(delay, layout.days); t += 1) {
        const entry = day + t - delay;
        const tonnes = entry < 0 ? this.#linefill[k]! : run.flow[pairIndex * horizon + entry]!;
        if (tonnes === 0) continue;
        const units = tonnes / TONNES_PER_UNIT;
        if (balance !== undefined) {
          lp.rowLower[balance + t] = lp.rowLower[balance + t]! - units;
          lp.rowUpper[balance + t] = lp.rowUpper[balance + t]! - units;
        }
        if (intake !== undefined) {
          const room = lp.rowUpper[intake + t]! - units;
          if (room < 0 && layout === this.#emulationLayout) run.overIntakeTonnes += -room * TONNES_PER_UNIT;
          lp.rowUpper[intake + t] = Math.max(0, room);
          lp.rowLower[intake + t] = Math.max(0, Math.min(lp.rowLower[intake + t]! - units, lp.rowUpper[intake + t]!));
        }
      }
    });
    // Oil under way may find its destination closed: it is held (tankers at anchor) until it can go on.
    const held = heldArrivals(layout, (block) => run.state[block]!, (pairIndex, k, t) => {
      const entry = day + t - graph.pairs[pairIndex]!.link.transitDays;
      return entry < 0 ? this.#linefill[k]! : run.flow[pairIndex * horizon + entry]!;
    });
    held.forEach((tonnes, index) => (lp.rowUpper[rows.held + index] = tonnes / TONNES_PER_UNIT));
  }
}

/** A value this far outside a bound (LP units, kilotonnes: a gram) is outside it. */
const FEASIBILITY_TOLERANCE = 1e-9;

/** A x for the columns' values (the matrix in compressed columns). */
function rowActivity(matrix: Pick<LinearProgram, 'numRows' | 'numCols' | 'starts' | 'indices' | 'values'>, values: Float64Array): Float64Array {
  const activity = new Float64Array(matrix.numRows);
  for (let column = 0; column < matrix.numCols; column += 1) {
    const value = values[column]!;
    if (value === 0) continue;
    const end = matrix.starts[column + 1]!;
    for (let entry = matrix.starts[column]!; entry < end; entry += 1) activity[matrix.indices[entry]!]! += matrix.values[entry]! * value;
  }
  return activity;
}

/** Two states closer than this (tonnes) are the same: far below anything a report shows. */
const STATE_TOLERANCE_TONNES = 1e-6;

/**
 * Whether a window gives every asset the same capacities and limits on its first `days` days as
 * the whole-horizon `actual` from `day` on (past the horizon, its last day: see sliceTimeline).
 */
function sameCapacitiesAt(window: Timeline, actual: Timeline, day: number, days: number): boolean {
  const last = actual.dates.length - 1;
  for (const name of ['linkCapacity', 'nodeThroughput', 'fieldMinimum', 'storageCapacity', 'storageMinimum', 'marketIntake', 'marketMinimum'] as const) {
    if (window[name].size !== actual[name].size) return false;
    for (const [id, series] of window[name]) {
      const other = actual[name].get(id);
      if (!other) return false;
      for (let t = 0; t < days; t += 1) if (series[t] !== other[Math.min(day + t, last)]) return false;
    }
  }
  return true;
}

/**
 * Whether two whole-horizon timelines are the same in everything the LP reads (capacities,
 * prices, sanction rules and differentials, limits, extra capacity): the baseline's and a run's
 * nominal. Compared field by field, so a field added to timelines later is compared too.
 */
function sameSeries(a: Timeline, b: Timeline): boolean {
  if (a === b) return true;
  return Object.keys(a).every((key) => key === 'withEvents' || key === 'network' || same((a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key]));
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Float64Array && b instanceof Float64Array) return a.length === b.length && a.every((value, index) => value === b[index]);
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([key, value]) => b.has(key) && same(value, b.get(key)));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => same(value, b[index]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
  }
  return false;
}

/** Objective bonus per decided tonne moved in the emulation (kUSD per kt = USD/t): far above any netback. */
const FOLLOW_BONUS = 1e4;

function sizeOf(lp: LinearProgram) {
  return { columns: lp.numCols, rows: lp.numRows, nonZeros: lp.values.length };
}
