import type { Network, Price } from '../model/network.ts';
import { addDays, datesBetween } from '../scenario/dates.ts';
import type { Hazard, HazardSet } from '../scenario/hazards.ts';
import type { OutageEvent, Scenario } from '../scenario/scenario.ts';
import type { RiskReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import { allowedDays, canonicalCluster, clusterEvents, clusterKey, compressCluster, DAYS_PER_YEAR, sampleYear, type Cluster, type SampledEvent, type Stretch } from './risk-sampler.ts';
import { newSessionKey, type BatchOutcome, type VariantResult, type VariantRunner } from './variants.ts';

export interface RiskOptions {
  readonly years: number;
  readonly seed: number;
  /** The actor whose loss the drivers explain; default: all exporters' netback. */
  readonly actor?: string | undefined;
  /** Years sampled and solved together; progress and Ctrl-C act between chunks. */
  readonly chunkYears?: number;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: ((yearsDone: number, years: number, solves: number) => void) | undefined;
  readonly clock?: () => number;
}

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;

/** Window lengths the clusters are solved in: one LP structure (and baseline) per length. */
const WINDOW_DAYS = [32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 512, 768];
export const TOTAL = '*exporters';
/** Sessions a runner should keep for the risk engine: one per window length, so none is solved twice. */
export const RISK_SESSIONS = WINDOW_DAYS.length + 1;

/** The figures one solved cluster contributes to its year: loss by actor, and the exporters' netback. */
interface ClusterLoss {
  readonly byActor: Float64Array;
  readonly netback: number;
}

/**
 * Monte Carlo of disruption years. Each year's events are drawn from the hazards (Poisson counts,
 * seasonal start days, duration distributions), grouped into clusters whose windows would touch,
 * and each cluster is solved alone in a short window (lead + events + recovery) against the same
 * steady baseline: a year's loss is the sum of its clusters' losses. Identical clusters are solved
 * once. Losses are by actor (fiscal take, field equity, tariffs) and for all exporters' netback.
 */
export async function simulateRisk(set: HazardSet, price: Price, runner: VariantRunner, options: RiskOptions): Promise<RiskReport | Failure> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  const network = set.network;
  const hazards = set.hazards;
  const actors = network.actors.map((actor) => actor.id);
  const metricIndex = options.actor === undefined ? -1 : actors.indexOf(options.actor);
  const startDays = hazards.map((hazard) => allowedDays(hazard.months));
  const gap = set.mergeGapDays;
  const closable = [...new Set(hazards.flatMap((hazard) => hazard.assets))].filter((id) => network.nodes.some((node) => node.id === id));
  const bases = new Map<number, { scenario: Scenario; sessionKey: string }>();
  const baseFor = (days: number) => {
    let base = bases.get(days);
    if (!base) {
      base = { scenario: windowBase(network, price, days), sessionKey: newSessionKey(`risk-${days}`) };
      bases.set(days, base);
    }
    return base;
  };
  const cache = new Map<string, ClusterLoss>();
  const years = options.years;
  const chunk = Math.max(1, options.chunkYears ?? 500);
  const yearLoss = new Float64Array(years * actors.length);
  const yearNetback = new Float64Array(years);
  const yearByHazard = new Float64Array(years * hazards.length);
  const eventsByHazard = new Float64Array(hazards.length);
  let done = 0;
  let solves = 0;
  let solveMs = 0;
  let workers = 0;
  let windows = 0;
  let daysCut = 0;
  let partial = false;
  const convergence: RiskReport['convergence'] = [];
  const solver = windowSolver(set, runner, closable, cache, baseFor, actors);

  while (done < years) {
    if (options.shouldStop?.()) {
      partial = true;
      break;
    }
    const last = Math.min(years, done + chunk);
    const calendars: { year: number; clusters: { cluster: Cluster; plan: WindowPlan; alone: WindowPlan[] }[] }[] = [];
    const needed = new Map<string, WindowPlan>();
    const sampled: { year: number; clusters: Cluster[] }[] = [];
    for (let year = done; year < last; year += 1) {
      const events = sampleYear(hazards, startDays, options.seed, year);
      for (const event of events) eventsByHazard[event.hazard]! += 1;
      sampled.push({ year, clusters: clusterEvents(events, gap).map((cluster) => canonicalCluster(cluster, set.recoveryDays)) });
    }
    // First whether the long stretches settle, then the windows themselves.
    const prepared = await solver.prepare(sampled.flatMap(({ clusters }) => clusters.flatMap((cluster) => [cluster, ...cluster.events.map(single)])));
    if (prepared.status !== 'optimal') return prepared;
    for (const { year, clusters } of sampled) {
      const planned = clusters.map((cluster) => {
        const plan = solver.plan(cluster);
        daysCut += plan.stretches.reduce((sum, stretch) => sum + stretch.days, 0);
        return { cluster, plan, alone: cluster.events.length > 1 ? cluster.events.map((event) => solver.plan(single(event))) : [] };
      });
      windows += planned.length;
      calendars.push({ year, clusters: planned });
      for (const { plan, alone } of planned) for (const item of [plan, ...alone]) solver.require(item, needed);
    }
    const outcome = await solver.solve(needed);
    if (outcome.status !== 'optimal') return outcome;
    solves += prepared.solves + outcome.solves;
    solveMs += prepared.solveMs + outcome.solveMs;
    workers = Math.max(workers, prepared.workers, outcome.workers);
    // Add up each year, and share each cluster's loss among its hazards by their losses alone.
    for (const { year, clusters } of calendars) {
      for (const { cluster, plan, alone } of clusters) {
        const loss = solver.loss(plan);
        for (let actor = 0; actor < actors.length; actor += 1) yearLoss[year * actors.length + actor]! += loss.byActor[actor]!;
        yearNetback[year]! += loss.netback;
        const metric = metricIndex < 0 ? loss.netback : loss.byActor[metricIndex]!;
        const shares = cluster.events.length === 1 ? [1] : hazardShares(alone.map(solver.loss), metricIndex);
        cluster.events.forEach((event, index) => {
          yearByHazard[year * hazards.length + event.hazard]! += metric * shares[index]!;
        });
      }
    }
    done = last;
    const metricSeries = metricIndex < 0 ? yearNetback.subarray(0, done) : column(yearLoss, actors.length, metricIndex, done);
    const summary = describe(metricSeries);
    convergence.push({ years: done, expectedAnnualLossUsd: round(summary.mean, 0), standardErrorUsd: round(summary.standardError, 0) });
    options.onProgress?.(done, years, solves);
    // Let signals (Ctrl-C) and progress output through between chunks, even when every window was cached.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  if (done === 0) return { status: 'not-solved', run: 'scenario', message: 'stopped before the first simulated year was done', conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
  const byActor = actors
    .map((actor, index) => ({ actor, ...statistics(column(yearLoss, actors.length, index, done)) }))
    .filter((row) => row.expectedAnnualLossUsd !== 0 || row.p99Usd !== 0)
    .sort((a, b) => b.expectedAnnualLossUsd - a.expectedAnnualLossUsd || a.actor.localeCompare(b.actor));
  const metric = metricIndex < 0 ? yearNetback.subarray(0, done) : column(yearLoss, actors.length, metricIndex, done);
  const metricStats = statistics(metric);
  const tail = [...metric.keys()].filter((year) => metric[year]! >= metricStats.var95Usd - 1e-6);
  const totalLoss = metric.reduce((sum, value) => sum + value, 0);
  const tailLoss = tail.reduce((sum, year) => sum + metric[year]!, 0);
  const drivers = hazards
    .map((hazard, index) => {
      let all = 0;
      let inTail = 0;
      for (let year = 0; year < done; year += 1) all += yearByHazard[year * hazards.length + index]!;
      for (const year of tail) inTail += yearByHazard[year * hazards.length + index]!;
      return {
        hazard: hazard.id,
        asset: hazard.assets.length <= 3 ? hazard.assets.join(', ') : `${hazard.assets.slice(0, 3).join(', ')} and ${hazard.assets.length - 3} more`,
        kind: hazard.kind,
        eventsPerYear: round(eventsByHazard[index]! / done, 3),
        expectedAnnualLossUsd: round(all / done, 0),
        shareOfExpectedLoss: round(totalLoss > 0 ? all / totalLoss : 0, 4),
        shareOfTailLoss: round(tailLoss > 0 ? inTail / tailLoss : 0, 4),
      };
    })
    .sort((a, b) => b.shareOfExpectedLoss - a.shareOfExpectedLoss || a.hazard.localeCompare(b.hazard));

  return {
    analysis: 'risk',
    network: network.id,
    hazards: set.id,
    years: done,
    requestedYears: years,
    seed: options.seed,
    partial,
    priceUsdPerBbl: round(price.perBarrel + price.perTonne / network.commodity.barrelsPerTonne, 2),
    metric: options.actor ?? TOTAL,
    exporters: { actor: TOTAL, ...statistics(yearNetback.subarray(0, done)) },
    byActor,
    drivers,
    convergence,
    histogram: histogram(metric),
    performance: { solves, windows, distinctClusters: cache.size, daysCut, workers, wallMs: Math.round(clock() - started), solveMs: Math.round(solveMs), baselineSolveMs: 0 },
  };
}

function single(event: SampledEvent): Cluster {
  return { startDay: event.startDay, events: [event], spanDays: event.days };
}

/** How one cluster is solved: a (possibly shortened) window, plus steady days valued by slope. */
interface WindowPlan {
  readonly key: string;
  readonly window: number;
  /** Events relative to the window's first event day. */
  readonly events: readonly SampledEvent[];
  readonly stretches: readonly Stretch[];
}

/** Days between the solves that measure a steady daily loss. */
const SLOPE_DAYS = 16;
/** Two successive daily slopes this close (relative, and in USD a day) mean the loss has settled. */
const SLOPE_TOLERANCE = 1e-3;
const SLOPE_TOLERANCE_USD = 100;

function windowOf(cluster: Cluster, set: HazardSet): Omit<WindowPlan, 'stretches'> {
  const { key, window } = keyOf(cluster, set.leadDays, set.recoveryDays);
  return { key, window, events: cluster.events.map((event) => ({ ...event, startDay: event.startDay - cluster.startDay })) };
}

/**
 * The windows that measure a set of hazards' steady daily loss: all of them from the first day,
 * for settle + recovery days, and SLOPE_DAYS and twice that more. The two differences agree when
 * the set has settled by then; the second is its steady daily loss. None is shortened.
 */
function slopePlans(hazards: readonly number[], set: HazardSet): WindowPlan[] {
  const days = set.settleDays + set.recoveryDays;
  const plan = (length: number): WindowPlan => ({ ...windowOf({ startDay: 0, spanDays: length, events: hazards.map((hazard) => ({ hazard, startDay: 0, days: length })) }, set), stretches: [] });
  return [plan(days), plan(days + SLOPE_DAYS), plan(days + 2 * SLOPE_DAYS)];
}

type SolveStats = { status: 'optimal'; solves: number; solveMs: number; workers: number };

/**
 * Solves clusters in windows on the runner, each distinct window once, and adds up their losses.
 * Steady stretches are cut only for sets of hazards shown to settle (see compressCluster).
 */
function windowSolver(set: HazardSet, runner: VariantRunner, closable: readonly string[], cache: Map<string, ClusterLoss>, baseFor: (days: number) => { scenario: Scenario; sessionKey: string }, actors: readonly string[]) {
  const slopes = new Map<string, { plans: WindowPlan[]; settled?: boolean }>();
  const steady = (hazards: readonly number[]) => slopes.get(hazards.join(','))?.settled === true;
  const require = (plan: WindowPlan, needed: Map<string, WindowPlan>) => {
    const items = [plan, ...plan.stretches.flatMap((stretch) => slopes.get(stretch.hazards.join(','))!.plans)];
    for (const item of items) if (!cache.has(item.key) && !needed.has(item.key)) needed.set(item.key, item);
  };
  const solve = async (needed: ReadonlyMap<string, WindowPlan>): Promise<SolveStats | Failure> => {
    const byWindow = new Map<number, string[]>();
    for (const [key, item] of needed) byWindow.set(item.window, [...(byWindow.get(item.window) ?? []), key]);
    let solves = 0;
    let solveMs = 0;
    let workers = 0;
    for (const [window, keys] of [...byWindow].sort((a, b) => a[0] - b[0])) {
      const base = baseFor(window);
      const outcome = await runner.run({
        base: base.scenario,
        closable,
        sessionKey: base.sessionKey,
        requests: keys.map((key) => {
          const events = needed.get(key)!.events;
          const request = { key, events: outageEvents(set.hazards, events, base.scenario, set.leadDays) };
          if (events.length < 2) return request;
          // Start from the first event's solution: few distinct ones, shared by many clusters.
          const main = events[0]!;
          return { ...request, warmStart: { key: `${window}|${main.hazard}@${main.startDay}+${main.days}`, events: outageEvents(set.hazards, [main], base.scenario, set.leadDays) } };
        }),
      });
      if (outcome.status !== 'optimal') return outcome;
      solves += keys.length;
      solveMs += outcome.solveMs;
      workers = Math.max(workers, outcome.workers);
      for (const [index, variant] of outcome.outcomes.entries()) {
        if (variant.status !== 'optimal' || !variant.result) return { status: variant.status === 'optimal' ? 'not-solved' : variant.status, run: 'scenario', message: `cluster ${keys[index]}: ${variant.status === 'optimal' ? 'no result' : variant.message}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
        cache.set(keys[index]!, lossOf(variant.result, actors));
      }
    }
    return { status: 'optimal', solves, solveMs, workers };
  };
  return {
    /** Measures whether the sets of hazards these clusters hold for long settle; before `plan`. */
    async prepare(clusters: readonly Cluster[]): Promise<SolveStats | Failure> {
      const fresh: string[] = [];
      const needed = new Map<string, WindowPlan>();
      for (const cluster of clusters) {
        for (const stretch of compressCluster(cluster, set.settleDays, set.recoveryDays, () => true).stretches) {
          const key = stretch.hazards.join(',');
          if (slopes.has(key)) continue;
          const plans = slopePlans(stretch.hazards, set);
          slopes.set(key, { plans });
          fresh.push(key);
          for (const plan of plans) if (!cache.has(plan.key)) needed.set(plan.key, plan);
        }
      }
      const outcome = await solve(needed);
      if (outcome.status !== 'optimal') return outcome;
      for (const key of fresh) {
        const entry = slopes.get(key)!;
        const [first, second, third] = entry.plans.map((plan) => cache.get(plan.key)!.netback) as [number, number, number];
        const early = (second - first) / SLOPE_DAYS;
        const late = (third - second) / SLOPE_DAYS;
        entry.settled = Math.abs(late - early) <= SLOPE_TOLERANCE * Math.abs(late) + SLOPE_TOLERANCE_USD;
      }
      return outcome;
    },
    plan(cluster: Cluster): WindowPlan {
      const compressed = compressCluster(cluster, set.settleDays, set.recoveryDays, steady);
      return { ...windowOf(compressed.cluster, set), stretches: compressed.stretches };
    },
    require,
    solve,
    /** The window's loss plus its steady days; every window it needs must have been solved. */
    loss(plan: WindowPlan): ClusterLoss {
      const solved = cache.get(plan.key)!;
      if (plan.stretches.length === 0) return solved;
      const byActor = Float64Array.from(solved.byActor);
      let netback = solved.netback;
      for (const stretch of plan.stretches) {
        const [, second, third] = slopes.get(stretch.hazards.join(','))!.plans.map((item) => cache.get(item.key)!) as [ClusterLoss, ClusterLoss, ClusterLoss];
        const perDay = stretch.days / SLOPE_DAYS;
        for (let actor = 0; actor < byActor.length; actor += 1) byActor[actor]! += (third.byActor[actor]! - second.byActor[actor]!) * perDay;
        netback += (third.netback - second.netback) * perDay;
      }
      return { byActor, netback };
    },
  };
}

function keyOf(cluster: Cluster, leadDays: number, recoveryDays: number): { key: string; window: number } {
  const needed = leadDays + cluster.spanDays + recoveryDays;
  const window = WINDOW_DAYS.find((days) => days >= needed) ?? Math.ceil(needed / 366) * 366;
  return { key: `${window}|${clusterKey(cluster)}`, window };
}

/** A steady window: constant price, no events; clusters are placed in it after the lead days. */
export function windowBase(network: Network, price: Price, days: number): Scenario {
  const start = network.referenceDate ?? '2022-01-01';
  const dates = datesBetween(start, addDays(start, days - 1));
  return { id: `${network.id}-risk-${days}`, name: `${network.name}: ${days}-day risk window`, network, dates, benchmark: dates.map(() => price), differentialOverrides: new Map(), discountRatePerYear: 0, foresight: 'myopic', events: [] };
}

export function outageEvents(hazards: readonly Hazard[], events: readonly SampledEvent[], base: Scenario, leadDays: number): OutageEvent[] {
  return events.flatMap((event) => {
    const hazard = hazards[event.hazard]!;
    const startDay = leadDays + event.startDay;
    const endDay = Math.min(base.dates.length - 1, startDay + event.days - 1);
    return hazard.assets.map((asset): OutageEvent => ({ type: 'outage', asset, remaining: hazard.remaining, startDay, endDay, start: base.dates[startDay]!, end: base.dates[endDay]!, note: hazard.id }));
  });
}

function lossOf(result: VariantResult, actors: readonly string[]): ClusterLoss {
  const byActor = new Float64Array(actors.length);
  for (const row of result.impact.byActor) {
    const index = actors.indexOf(row.actor);
    if (index >= 0) byActor[index] = row.lossUsd;
  }
  return { byActor, netback: result.impact.netbackLostUsd };
}

function hazardShares(alone: readonly ClusterLoss[], metricIndex: number): number[] {
  const losses = alone.map((loss) => Math.max(0, metricIndex < 0 ? loss.netback : loss.byActor[metricIndex]!));
  const total = losses.reduce((sum, value) => sum + value, 0);
  return total > 0 ? losses.map((value) => value / total) : losses.map(() => 1 / losses.length);
}

function column(values: Float64Array, width: number, index: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) out[row] = values[row * width + index]!;
  return out;
}

function describe(values: Float64Array): { mean: number; standardError: number } {
  const n = values.length;
  let mean = 0;
  let spread = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    spread += delta * (value - mean);
  });
  return { mean, standardError: n > 1 ? Math.sqrt(spread / (n - 1) / n) : 0 };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, as numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function statistics(values: Float64Array) {
  const sorted = Float64Array.from(values).sort();
  const { mean, standardError } = describe(values);
  const var95 = quantile(sorted, 0.95);
  const tail = sorted.filter((value) => value >= var95 - 1e-6);
  const cvar95 = tail.length > 0 ? tail.reduce((sum, value) => sum + value, 0) / tail.length : var95;
  return {
    expectedAnnualLossUsd: round(mean, 0),
    medianUsd: round(quantile(sorted, 0.5), 0),
    p90Usd: round(quantile(sorted, 0.9), 0),
    p95Usd: round(var95, 0),
    p99Usd: round(quantile(sorted, 0.99), 0),
    var95Usd: round(var95, 0),
    cvar95Usd: round(cvar95, 0),
    standardErrorUsd: round(standardError, 0),
  };
}

function histogram(values: Float64Array): RiskReport['histogram'] {
  const sorted = Float64Array.from(values).sort();
  const max = sorted[sorted.length - 1] ?? 0;
  const bins = 30;
  const width = max > 0 ? max / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.max(0, Math.floor(value / width)))]! += 1;
  const exceedance = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]
    .filter((probability) => probability * sorted.length >= 1)
    .map((probability) => ({ probability, lossUsd: round(quantile(sorted, 1 - probability), 0), returnPeriodYears: round(1 / probability, 0) }));
  return { binWidthUsd: round(width, 0), counts, exceedance };
}


/**
 * The proof that windows give the same answer: some sampled years solved whole (one horizon
 * covering the year, its lead and recovery) against the sum of their windows.
 */
export async function checkWindows(set: HazardSet, price: Price, runner: VariantRunner, seed: number, years: readonly number[]): Promise<{ year: number; events: number; clusters: number; daysCut: number; wholeYearUsd: number; windowsUsd: number }[] | Failure> {
  const network = set.network;
  const startDays = set.hazards.map((hazard) => allowedDays(hazard.months));
  const calendars = years.map((year) => ({ year, events: sampleYear(set.hazards, startDays, seed, year) }));
  const longest = Math.max(DAYS_PER_YEAR, ...calendars.flatMap(({ events }) => events.map((event) => event.startDay + event.days)));
  const whole = windowBase(network, price, set.leadDays + longest + set.recoveryDays);
  const closable = [...new Set(set.hazards.flatMap((hazard) => hazard.assets))].filter((id) => network.nodes.some((node) => node.id === id));
  const wholeRun = await runner.run({ base: whole, closable, requests: calendars.map(({ year, events }) => ({ key: `year ${year}`, events: outageEvents(set.hazards, events, whole, set.leadDays) })) });
  if (wholeRun.status !== 'optimal') return wholeRun;
  // The same path as the simulation: clusters, shortened steady stretches, cached windows.
  const actors = network.actors.map((actor) => actor.id);
  const bases = new Map<number, { scenario: Scenario; sessionKey: string }>();
  const baseFor = (days: number) => {
    const base = bases.get(days) ?? { scenario: windowBase(network, price, days), sessionKey: newSessionKey(`risk-check-${days}`) };
    bases.set(days, base);
    return base;
  };
  const solver = windowSolver(set, runner, closable, new Map(), baseFor, actors);
  const clustered = calendars.map(({ events }) => clusterEvents(events, set.mergeGapDays).map((cluster) => canonicalCluster(cluster, set.recoveryDays)));
  const prepared = await solver.prepare(clustered.flat());
  if (prepared.status !== 'optimal') return prepared;
  const planned = clustered.map((clusters) => clusters.map((cluster) => solver.plan(cluster)));
  const needed = new Map<string, WindowPlan>();
  for (const plans of planned) for (const plan of plans) solver.require(plan, needed);
  const solved = await solver.solve(needed);
  if (solved.status !== 'optimal') return solved;
  const results = [];
  for (const [index, { year, events }] of calendars.entries()) {
    const plans = planned[index]!;
    const windows = plans.reduce((sum, plan) => sum + solver.loss(plan).netback, 0);
    const wholeOutcome = wholeRun.outcomes[index]!;
    if (wholeOutcome.status !== 'optimal' || !wholeOutcome.result) return { status: 'not-solved', run: 'scenario', message: `whole year ${year}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
    results.push({ year, events: events.length, clusters: plans.length, daysCut: plans.reduce((sum, plan) => sum + plan.stretches.reduce((total, stretch) => total + stretch.days, 0), 0), wholeYearUsd: round(wholeOutcome.result.impact.netbackLostUsd, 0), windowsUsd: round(windows, 0) });
  }
  return results;
}

/** A changed world for `--condition`: hazards rescaled or removed, or the network extended. */
export type RiskCondition =
  | { readonly kind: 'rate'; readonly hazard: string; readonly factor: number }
  | { readonly kind: 'without'; readonly hazard: string }
  | { readonly kind: 'network'; readonly label: string; readonly network: Network };

export function applyConditions(set: HazardSet, conditions: readonly RiskCondition[]): HazardSet {
  let network = set.network;
  let hazards = [...set.hazards];
  for (const condition of conditions) {
    if (condition.kind === 'network') network = condition.network;
    else if (condition.kind === 'without') hazards = hazards.filter((hazard) => hazard.id !== condition.hazard);
    else hazards = hazards.map((hazard) => (hazard.id === condition.hazard ? { ...hazard, ratePerYear: hazard.ratePerYear * condition.factor } : hazard));
  }
  return { ...set, network, hazards };
}

export function conditionLabel(condition: RiskCondition): string {
  if (condition.kind === 'rate') return `rate of ${condition.hazard} × ${condition.factor}`;
  if (condition.kind === 'without') return `without ${condition.hazard}`;
  return condition.label;
}

/** The same simulation in a changed world, and the shift of each actor's figures. */
export async function conditionedRisk(report: RiskReport, set: HazardSet, price: Price, runner: VariantRunner, options: RiskOptions, conditions: readonly RiskCondition[]): Promise<RiskReport | Failure> {
  const changed = await simulateRisk(applyConditions(set, conditions), price, runner, { ...options, years: report.years });
  if ('status' in changed) return changed;
  const before = new Map([report.exporters, ...report.byActor].map((row) => [row.actor, row]));
  const after = [changed.exporters, ...changed.byActor];
  const actors = [...new Set([...before.keys(), ...after.map((row) => row.actor)])];
  const shift = actors.map((actor) => {
    const a = before.get(actor);
    const b = after.find((row) => row.actor === actor);
    return { actor, expectedAnnualLossUsd: (b?.expectedAnnualLossUsd ?? 0) - (a?.expectedAnnualLossUsd ?? 0), p95Usd: (b?.p95Usd ?? 0) - (a?.p95Usd ?? 0), cvar95Usd: (b?.cvar95Usd ?? 0) - (a?.cvar95Usd ?? 0) };
  });
  return {
    ...report,
    conditioned: { label: conditions.map(conditionLabel).join('; '), years: changed.years, exporters: changed.exporters, byActor: changed.byActor, drivers: changed.drivers, shift },
    performance: { ...report.performance, windows: report.performance.windows + changed.performance.windows, daysCut: report.performance.daysCut + changed.performance.daysCut, solves: report.performance.solves + changed.performance.solves, distinctClusters: report.performance.distinctClusters + changed.performance.distinctClusters, wallMs: report.performance.wallMs + changed.performance.wallMs, solveMs: report.performance.solveMs + changed.performance.solveMs },
  };
}
