import type { Scenario } from '../scenario/scenario.ts';
import { applyOutages, isOutage, type Timeline } from '../scenario/timeline.ts';
import { buildLp, initialStock, layoutLp, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from '../solve/build-lp.ts';
import { compactTimeline } from '../solve/compact-links.ts';
import { highsRuntime } from '../solve/highs.ts';
import { liveLp } from '../solve/live-lp.ts';
import { assignDuals, assignPrimal, failureOf, iterationLimit, type Model, type Solution } from '../solve/run-model.ts';
import { wasmModel } from '../solve/backends/highs-wasm.ts';
import { shadowPrices, type ShadowPrices } from '../solve/shadow-prices.ts';
import { fixLinefill } from '../solve/session.ts';
import { openSession, type RunSolution, type SolveFailure, type SolveOptions, type SolveOutcome } from '../solve/solve.ts';
import type { SessionStructure } from '../solve/prepare.ts';
import type { SolveCache } from '../solve/cache.ts';
import { knownEvents, sliceTimeline } from './window.ts';
import { summarizeAllocation } from './allocation-report.ts';

type Optimal = Extract<SolveOutcome, { status: 'optimal' }>;

/** A rolling run: the scenario as operators decided it step by step, and the hindsight plan beside it. */
export interface RollingOutcome extends Optimal {
  readonly operations: {
    readonly mode: 'rolling';
    readonly lookaheadDays: number;
    readonly replanDays: number;
    /** Decision windows solved (one per re-plan). */
    readonly steps: number;
    /** The same scenario solved with hindsight (the lower bound of the loss), on the report's layout. */
    readonly hindsight: RunSolution;
    /** Oil under way that reached a market over what it could take that day (a surprise closure), tonnes. */
    readonly overIntakeTonnes: number;
    /** Steps whose reality differed from what operators believed, which the emulation LP played out. */
    readonly emulated: number;
    readonly decisionMs: number;
    readonly emulationMs: number;
  };
}

/** Where a rolling run stands between two steps: what the next decision window starts from. */
interface State {
  /** Stock of each stock block of the LP layout at the end of the day before (tonnes). */
  readonly stock: Float64Array;
}

/**
 * Rolling operations (PowerSimulations.jl's split of a decision model and an emulation):
 * every `replanDays`, operators solve a decision window over [day, day + lookaheadDays) with
 * what they know that day (see knownEvents; prices as today's); the decisions of its first
 * replanDays are fixed; an emulation over those days with the actual capacities plays them out
 * (no flow above what was decided, except into tanks, which absorb what cannot move on; the
 * rest is cut back to the source). Stock and oil under way carry from step to step.
 */
export async function solveRolling(scenario: Scenario, options: SolveOptions = {}): Promise<RollingOutcome | SolveFailure> {
  const operations = scenario.operations ?? { mode: 'rolling', lookaheadDays: 30, replanDays: 1 };
  const clock = options.clock ?? (() => performance.now());
  const session = await openSession(scenario, { ...options, withDuals: options.withDuals ?? false });
  if (session.status !== 'open') return session;
  try {
    const hindsight = session.solve(scenario, { fromBaseline: true, withDuals: options.withDuals ?? false });
    if ('status' in hindsight) return hindsight;
    const { structure, cache } = session;
    const highs = await highsRuntime();
    const rolling = new Rolling(structure, scenario, operations.lookaheadDays, operations.replanDays, session.solved.baseline.linefillTonnes, cache, options.withDuals ?? false);
    const started = clock();
    const decision = rolling.decisionModel(highs);
    const emulation = rolling.emulationModel(highs);
    let decisionMs = 0;
    let emulationMs = 0;
    let steps = 0;
    let emulated = 0;
    try {
      for (let day = 0; day < rolling.horizon; day += operations.replanDays) {
        const decideStart = clock();
        const decided = rolling.decide(day, decision);
        decisionMs += clock() - decideStart;
        if ('status' in decided) return decided;
        if (decided.asBelieved) {
          rolling.record(day, decided.asBelieved, operations.lookaheadDays);
        } else {
          const emulateStart = clock();
          const played = rolling.emulate(day, decided.flows, emulation);
          emulationMs += clock() - emulateStart;
          if (played) return played;
          emulated += 1;
        }
        steps += 1;
      }
    } finally {
      decision.model.dispose();
      emulation.model.dispose();
    }
    const run = rolling.solution();
    const reported: RunSolution = { ...run, ...structure.report(run, session.solved.linefillShares, cache).arrays, shadow: rolling.shadow() };
    return {
      status: 'optimal',
      layout: session.layout,
      baseline: session.baseline,
      scenario: reported,
      size: session.size,
      timings: { buildMs: session.timings.buildMs, solveBaselineMs: session.timings.solveBaselineMs, solveScenarioMs: clock() - started },
      cache,
      allocation: summarizeAllocation(structure, run.flowTonnes),
      operations: { mode: 'rolling', lookaheadDays: operations.lookaheadDays, replanDays: operations.replanDays, steps, hindsight: hindsight.solution, overIntakeTonnes: rolling.overIntakeTonnes, emulated, decisionMs, emulationMs },
    };
  } finally {
    session.dispose();
  }
}

type Highs = Awaited<ReturnType<typeof highsRuntime>>;

interface LiveModel {
  readonly highs: Highs;
  readonly model: Model;
  readonly loaded: ReturnType<typeof liveLp>;
  readonly stallLimit: number;
}

/** The decision windows, the emulation steps and the run they build up, on the session's LP layout. */
class Rolling {
  readonly horizon: number;
  overIntakeTonnes = 0;
  readonly #structure: SessionStructure;
  readonly #scenario: Scenario;
  readonly #lookahead: number;
  readonly #replan: number;
  readonly #myopic: boolean;
  readonly #layout: LpLayout;
  readonly #decisionLayout: LpLayout;
  readonly #emulationLayout: LpLayout;
  readonly #linefill: Float64Array;
  // The run as it happened, on the LP layout of the whole horizon.
  readonly #flow: Float64Array;
  readonly #stock: Float64Array;
  readonly #shortfall: Float64Array;
  readonly #cache: SolveCache;
  /** The decision windows' shadow prices for the days each fixed, when asked for. */
  readonly #shadow: { readonly links: Float64Array; readonly storage: Map<string, Float64Array> } | undefined;
  #state: State;

  constructor(structure: SessionStructure, scenario: Scenario, lookahead: number, replan: number, linefill: Float64Array, cache: SolveCache, withDuals: boolean) {
    this.#cache = cache;
    this.#shadow = withDuals ? { links: new Float64Array(structure.reportLayout.graph.network.links.length * structure.layout.days), storage: new Map() } : undefined;
    this.#structure = structure;
    this.#scenario = scenario;
    this.#lookahead = lookahead;
    this.#replan = replan;
    this.#myopic = scenario.foresight === 'myopic';
    this.#layout = structure.layout;
    this.#linefill = linefill;
    this.horizon = structure.layout.days;
    const graph = structure.layout.graph;
    // Rows for every node an event may limit on some day, so every window shares one structure.
    const lpNodes = new Set(graph.network.nodes.map((node) => node.id));
    const closable = new Set(scenario.events.flatMap((event) => (isOutage(event) ? (event.type === 'outage' ? [event.asset] : event.assets) : [])).filter((id) => lpNodes.has(id)));
    // Windows keep the session's pro-rata groups and nominations (one coefficient per shipper: one matrix for every window).
    const allocation = structure.layout.allocation;
    this.#decisionLayout = layoutLp(graph, [this.#routed(this.#nominalSlice(0, lookahead)), this.#routed(this.#actualSlice(0, lookahead))], closable, allocation);
    this.#emulationLayout = layoutLp(graph, [this.#routed(this.#nominalSlice(0, replan)), this.#routed(this.#actualSlice(0, replan))], closable, allocation);
    const layout = this.#layout;
    this.#flow = new Float64Array(layout.flowColumns);
    this.#stock = new Float64Array(layout.linefillColumn - layout.flowColumns);
    this.#shortfall = new Float64Array(layout.shortfallMarkets.length * layout.days);
    const actual = structure.lpTimeline(structure.scenarioTimeline);
    this.#state = { stock: Float64Array.from(layout.stockBlocks, (block) => initialStock(layout, actual, block.node, block.commodityIndex)) };
  }

  decisionModel(highs: Highs): LiveModel {
    return this.#model(highs, this.#decisionLp(0, this.#believed(0), true));
  }

  emulationModel(highs: Highs): LiveModel {
    return this.#model(highs, this.#emulationLp(0, new Float64Array(this.#layout.graph.pairs.length * this.#replan), true));
  }

  /**
   * Solves the decision window of `day`; returns the flows of its first replanDays (LP units) and,
   * when reality on those days is what operators believed, the window's own values of them (then
   * the decisions are feasible as they stand, and the emulation would move exactly them).
   */
  decide(day: number, live: LiveModel): { readonly flows: Float64Array; readonly asBelieved: RunSolution | undefined } | SolveFailure {
    const believed = this.#believed(day);
    live.loaded.load(this.#decisionLp(day, believed, false));
    const status = live.model.solve();
    if (status.status !== 'optimal') return failureOf(live.model, status, 'scenario', this.#decisionLayout, believed.dates, sizeOf(live.loaded.current()));
    const solution = live.model.solution();
    const { colValue } = solution;
    const days = this.#decisionLayout.days;
    if (this.#shadow) this.#keepShadow(day, live, believed, solution);
    const pairs = this.#layout.graph.pairs.length;
    const flows = new Float64Array(pairs * this.#replan);
    for (let pair = 0; pair < pairs; pair += 1) for (let t = 0; t < this.#replan; t += 1) flows[pair * this.#replan + t] = colValue[pair * days + t]!;
    const asBelieved = sameCapacities(believed, this.#actualSlice(day, this.#replan), this.#replan) ? assignPrimal(live.model, this.#decisionLayout, believed, status.iterations, solution) : undefined;
    return { flows, asBelieved };
  }

  /** Plays the decided flows out over [day, day + replanDays) with the actual capacities; undefined when it could. */
  emulate(day: number, decided: Float64Array, live: LiveModel): SolveFailure | undefined {
    live.loaded.load(this.#emulationLp(day, decided, false));
    const status = live.model.solve();
    const layout = this.#emulationLayout;
    if (status.status !== 'optimal') return failureOf(live.model, status, 'scenario', layout, this.#actualSlice(day, this.#replan).dates, sizeOf(live.loaded.current()));
    this.record(day, assignPrimal(live.model, layout, this.#actualSlice(day, this.#replan), status.iterations), this.#replan);
    return undefined;
  }

  /** Keeps the first replanDays of a run over `days` days from `day` as what happened, and its closing stock as the next start. */
  record(day: number, played: RunSolution, days: number): void {
    const horizon = this.horizon;
    const kept = Math.min(this.#replan, horizon - day);
    this.#layout.graph.pairs.forEach((_, pair) => {
      for (let t = 0; t < kept; t += 1) this.#flow[pair * horizon + day + t] = played.flowTonnes[pair * days + t]!;
    });
    const stock = new Float64Array(this.#state.stock.length);
    this.#layout.stockBlocks.forEach((_, block) => {
      for (let t = 0; t < kept; t += 1) this.#stock[block * horizon + day + t] = played.stockTonnes[block * days + t]!;
      stock[block] = played.stockTonnes[block * days + kept - 1]!;
    });
    this.#layout.shortfallMarkets.forEach((_, market) => {
      for (let t = 0; t < kept; t += 1) this.#shortfall[market * horizon + day + t] = played.shortfallTonnes[market * days + t]!;
    });
    this.#state = { stock };
  }

  shadow(): ShadowPrices | undefined {
    return this.#shadow ? { linkUsdPerTonne: this.#shadow.links, storageUsdPerTonne: this.#shadow.storage } : undefined;
  }

  /** The decision window's shadow prices of the days it fixes, on the report's links and tanks. */
  #keepShadow(day: number, live: LiveModel, believed: Timeline, solution: Solution): void {
    const shadow = this.#shadow!;
    const layout = this.#decisionLayout;
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
  solution(): RunSolution {
    const layout = this.#layout;
    const timeline = this.#structure.scenarioTimeline;
    const lp = buildLp(layout, this.#structure.lpTimeline(timeline), false, this.#cache);
    let objective = lp.offset;
    const add = (first: number, values: Float64Array) => values.forEach((tonnes, index) => (objective += (lp.colCost[first + index]! * tonnes) / TONNES_PER_UNIT));
    add(0, this.#flow);
    add(layout.flowColumns, this.#stock);
    add(layout.linefillColumn, this.#linefill);
    add(layout.shortfallColumn, this.#shortfall);
    return { timeline, objectiveUsd: objective * TONNES_PER_UNIT, flowTonnes: this.#flow, stockTonnes: this.#stock, linefillTonnes: this.#linefill, shortfallTonnes: this.#shortfall, iterations: 0 };
  }

  #model(highs: Highs, lp: LinearProgram): LiveModel {
    const size = sizeOf(lp);
    const stallLimit = iterationLimit(size);
    // Rolling windows are small and many: always the in-process solver.
    const model = wasmModel(highs, lp, { stallLimit });
    return { highs, model, loaded: liveLp(model, lp), stallLimit };
  }

  #routed(timeline: Timeline): Timeline {
    return this.#structure.merge ? compactTimeline(timeline, this.#structure.links) : timeline;
  }

  #nominalSlice(day: number, length: number, prices: 'actual' | 'today' = 'today'): Timeline {
    return sliceTimeline(this.#structure.nominal, day, length, prices, this.#myopic);
  }

  #actualSlice(day: number, length: number): Timeline {
    return sliceTimeline(this.#structure.scenarioTimeline, day, length, 'actual', this.#myopic);
  }

  /** The window of `day` as operators see it: the capacities they know of, today's prices. */
  #believed(day: number): Timeline {
    return applyOutages(this.#nominalSlice(day, this.#lookahead), knownEvents(this.#scenario.events, day, this.#lookahead));
  }

  /** The decision window of `day`: what operators know, today's prices, end values on the network without outages. */
  #decisionLp(day: number, believed: Timeline, withMatrix: boolean): LinearProgram {
    const nominal = this.#routed(this.#nominalSlice(day, this.#lookahead));
    // Pro-rata rules are in force on the days operators know of less capacity than without events.
    const lp = buildLp(this.#decisionLayout, this.#routed(believed), withMatrix, this.#cache, nominal, nominal);
    this.#carryInto(lp, this.#decisionLayout, day);
    return lp;
  }

  /**
   * The emulation of [day, day + replanDays): actual capacities and prices; every flow follows
   * what was decided as far as reality lets it (at most the decision, and each decided tonne
   * earns FOLLOW_BONUS, which outweighs any price, so only what reality forbids is cut), except
   * flows into a tank from anything but a field, which are free: tanks absorb what cannot move on.
   */
  #emulationLp(day: number, decided: Float64Array, withMatrix: boolean): LinearProgram {
    const layout = this.#emulationLayout;
    const actual = this.#actualSlice(day, this.#replan);
    const nominal = this.#routed(this.#nominalSlice(day, this.#replan, 'actual'));
    const lp = buildLp(layout, this.#routed(actual), withMatrix, this.#cache, nominal, nominal);
    this.#carryInto(lp, layout, day);
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
  #carryInto(lp: LinearProgram, layout: LpLayout, day: number): void {
    const { rows, graph } = layout;
    fixLinefill(lp, layout, new Float64Array(layout.linefillPairs.length));
    layout.stockBlocks.forEach((block, index) => {
      const row = rows.balance.get(`${block.node}\u0000${block.commodityIndex}`)!;
      lp.rowLower[row] = -this.#state.stock[index]! / TONNES_PER_UNIT;
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
        const tonnes = entry < 0 ? this.#linefill[k]! : this.#flow[pairIndex * horizon + entry]!;
        if (tonnes === 0) continue;
        const units = tonnes / TONNES_PER_UNIT;
        if (balance !== undefined) {
          lp.rowLower[balance + t] = lp.rowLower[balance + t]! - units;
          lp.rowUpper[balance + t] = lp.rowUpper[balance + t]! - units;
        }
        if (intake !== undefined) {
          const room = lp.rowUpper[intake + t]! - units;
          if (room < 0 && layout === this.#emulationLayout) this.overIntakeTonnes += -room * TONNES_PER_UNIT;
          lp.rowUpper[intake + t] = Math.max(0, room);
          lp.rowLower[intake + t] = Math.max(0, Math.min(lp.rowLower[intake + t]! - units, lp.rowUpper[intake + t]!));
        }
      }
    });
  }
}

/** Whether two timelines give every asset the same capacities and limits on their first `days` days. */
function sameCapacities(a: Timeline, b: Timeline, days: number): boolean {
  for (const name of ['linkCapacity', 'nodeThroughput', 'fieldMinimum', 'storageCapacity', 'storageMinimum', 'marketIntake', 'marketMinimum'] as const) {
    if (a[name].size !== b[name].size) return false;
    for (const [id, series] of a[name]) {
      const other = b[name].get(id);
      if (!other) return false;
      for (let t = 0; t < days; t += 1) if (series[t] !== other[t]) return false;
    }
  }
  return true;
}

/** Objective bonus per decided tonne moved in the emulation (kUSD per kt = USD/t): far above any netback. */
const FOLLOW_BONUS = 1e4;

function sizeOf(lp: LinearProgram) {
  return { columns: lp.numCols, rows: lp.numRows, nonZeros: lp.values.length };
}
