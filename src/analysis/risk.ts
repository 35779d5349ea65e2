import { isGas, type Network, type Price } from '../model/network.ts';
import type { Hazard, HazardSet } from '../scenario/hazards.ts';
import { sampleGamma } from './gamma.ts';
import { atPosteriorMean, hazardBelief, posteriorOf, WITHDRAWN_READINGS, type WithdrawnReading } from './rate-belief.ts';
import type { RiskReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import { allowedDays, canonicalCluster, clusterEvents, DAYS_PER_YEAR, sampleYear, yearRandom, type Cluster } from './risk-sampler.ts';
import { column, describe, histogram, statistics } from './risk-stats.ts';
import { closableAssets, outageEvents, single, windowBase, windowSolver, type ClusterLoss, type WindowPlan } from './risk-windows.ts';
import type { BatchOutcome, VariantRunner } from './variants.ts';

export { RISK_SESSIONS, windowBase, outageEvents } from './risk-windows.ts';
export { quantile, statistics } from './risk-stats.ts';

export interface RiskOptions {
  readonly years: number;
  readonly seed: number;
  /** The actor whose loss the drivers explain; default: all exporters' netback. */
  readonly actor?: string | undefined;
  /**
   * Years sampled and solved together; progress and Ctrl-C act between chunks. Default: 500,
   * then twice as many each chunk up to 2,000 (early progress, few pauses later: every chunk
   * ends with threads waiting for the last runs of windows).
   */
  readonly chunkYears?: number | undefined;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: ((yearsDone: number, years: number, solves: number) => void) | undefined;
  readonly clock?: () => number;
  /**
   * Which rate each hazard has: the file's stated point (default), the posterior mean of its
   * prior updated by its record, or a rate drawn from that posterior for each simulated year (the
   * predictive distribution: the rate's own uncertainty widens the tail).
   */
  readonly rates?: RateMode | undefined;
  /** How an executed-then-withdrawn event of the record counts (default: counts). */
  readonly withdrawn?: WithdrawnReading | undefined;
}

export type RateMode = 'stated' | 'posterior-mean' | 'posterior';
export const RATE_MODES: readonly RateMode[] = ['stated', 'posterior-mean', 'posterior'];

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;

export const TOTAL = '*exporters';

const FIRST_CHUNK_YEARS = 500;
const LAST_CHUNK_YEARS = 2000;

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
  const reading = options.withdrawn ?? 'counts';
  const rates = options.rates ?? 'stated';
  const hazards = rates === 'posterior-mean' ? atPosteriorMean(set.hazards, reading) : set.hazards;
  const posteriors = hazards.map((hazard) => (hazard.prior ? posteriorOf(hazard.prior, hazard.record, reading) : undefined));
  const beliefs = set.hazards.flatMap((hazard) => hazardBelief(hazard, reading) ?? []);
  const actors = network.actors.map((actor) => actor.id);
  const metricIndex = options.actor === undefined ? -1 : actors.indexOf(options.actor);
  const startDays = hazards.map((hazard) => allowedDays(hazard.months));
  const gap = set.mergeGapDays;
  const cache = new Map<string, ClusterLoss>();
  const years = options.years;
  let chunk = Math.max(1, options.chunkYears ?? FIRST_CHUNK_YEARS);
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
  const solver = windowSolver(set, price, runner, cache);

  type Planned = { cluster: Cluster; plan: WindowPlan; alone: WindowPlan[] };
  interface Chunk {
    readonly last: number;
    readonly calendars: readonly { year: number; clusters: readonly Planned[] }[];
    readonly events: readonly number[];
    readonly windows: number;
    readonly daysCut: number;
    readonly prepared: { solves: number; solveMs: number; workers: number };
    readonly solving: ReturnType<typeof solver.solve>;
  }
  // Adds up a chunk's years once its windows are solved.
  const finish = async (finished: Chunk): Promise<Failure | undefined> => {
    const outcome = await finished.solving;
    if (outcome.status !== 'optimal') return outcome;
    solves += finished.prepared.solves + outcome.solves;
    solveMs += finished.prepared.solveMs + outcome.solveMs;
    workers = Math.max(workers, finished.prepared.workers, outcome.workers);
    finished.events.forEach((count, hazard) => (eventsByHazard[hazard]! += count));
    windows += finished.windows;
    daysCut += finished.daysCut;
    // Add up each year, and share each cluster's loss among its hazards by their losses alone.
    for (const { year, clusters } of finished.calendars) {
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
    done = finished.last;
    options.onProgress?.(done, years, solves);
    return undefined;
  };

  // While a chunk's windows are solved, the next one is sampled, planned and queued, so no thread
  // waits for this one between chunks. Each chunk asks only for windows no earlier chunk has, as
  // if they ran one after the other: the runs, and so the results, are the same.
  let pending: Chunk | undefined;
  let planned = 0;
  // A failure returns only once no chunk is being solved: a runner closed under running batches
  // could leave work, and workers, behind. The earlier chunk's failure is the one reported.
  const failWith = async (failure: Failure, solving: readonly (Chunk | undefined)[]): Promise<Failure> => {
    let first: Failure | undefined;
    for (const chunk of solving) {
      if (!chunk) continue;
      const outcome = await chunk.solving.catch((error: unknown) => ({ status: 'not-solved' as const, run: 'scenario' as const, message: error instanceof Error ? error.message : String(error), conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } }));
      if (outcome.status !== 'optimal') first ??= outcome;
    }
    return first ?? failure;
  };
  while (planned < years) {
    if (options.shouldStop?.()) {
      partial = true;
      break;
    }
    const last = Math.min(years, planned + chunk);
    const calendars: Chunk['calendars'][number][] = [];
    const needed = new Map<string, WindowPlan>();
    const sampled: { year: number; clusters: Cluster[] }[] = [];
    const events = hazards.map(() => 0);
    for (let year = planned; year < last; year += 1) {
      const drawn = sampleYear(rates === 'posterior' ? drawRates(hazards, posteriors, options.seed, year) : hazards, startDays, options.seed, year);
      for (const event of drawn) events[event.hazard]! += 1;
      sampled.push({ year, clusters: clusterEvents(drawn, gap).map((cluster) => canonicalCluster(cluster, set.recoveryDays)) });
    }
    // First whether the long stretches settle, then the windows themselves.
    const prepared = await solver.prepare(sampled.flatMap(({ clusters }) => clusters.flatMap((cluster) => [cluster, ...cluster.events.map(single)])));
    if (prepared.status !== 'optimal') return failWith(prepared, [pending]);
    let chunkWindows = 0;
    let chunkDaysCut = 0;
    for (const { year, clusters } of sampled) {
      const plannedClusters = clusters.map((cluster) => {
        const plan = solver.plan(cluster);
        chunkDaysCut += plan.stretches.reduce((sum, stretch) => sum + stretch.days, 0);
        return { cluster, plan, alone: cluster.events.length > 1 ? cluster.events.map((event) => solver.plan(single(event))) : [] };
      });
      chunkWindows += plannedClusters.length;
      calendars.push({ year, clusters: plannedClusters });
      for (const { plan, alone } of plannedClusters) for (const item of [plan, ...alone]) solver.require(item, needed);
    }
    // A stop asked for while this chunk was planned: it is not queued (the one solving finishes).
    if (options.shouldStop?.()) {
      partial = true;
      break;
    }
    const next: Chunk = { last, calendars, events, windows: chunkWindows, daysCut: chunkDaysCut, prepared, solving: solver.solve(needed) };
    if (pending) {
      const failed = await finish(pending);
      if (failed) return failWith(failed, [next]);
    }
    pending = next;
    planned = last;
    if (options.chunkYears === undefined) chunk = Math.min(LAST_CHUNK_YEARS, 2 * chunk);
    // Let signals (Ctrl-C) and progress output through between chunks, even when every window was cached.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (pending) {
    const failed = await finish(pending);
    if (failed) return failed;
  }

  if (done === 0) return { status: 'not-solved', run: 'scenario', message: 'stopped before the first simulated year was done', conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
  const byActor = actors
    .map((actor, index) => ({ actor, ...statistics(column(yearLoss, actors.length, index, done)) }))
    .filter((row) => row.expectedAnnualLossUsd !== 0 || row.p99Usd !== 0)
    .sort((a, b) => b.expectedAnnualLossUsd - a.expectedAnnualLossUsd || a.actor.localeCompare(b.actor));
  const metric = metricIndex < 0 ? yearNetback.subarray(0, done) : column(yearLoss, actors.length, metricIndex, done);
  // The estimate after every step of years (the first chunk's size), whatever the chunks were.
  const step = Math.max(1, options.chunkYears ?? FIRST_CHUNK_YEARS);
  for (let count = Math.min(step, done); count <= done; count = count === done ? done + 1 : Math.min(done, count + step)) {
    const summary = describe(metric.subarray(0, count));
    convergence.push({ years: count, expectedAnnualLossUsd: round(summary.mean, 0), standardErrorUsd: round(summary.standardError, 0) });
  }
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
        name: hazard.name,
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
    hazardsFile: set.id,
    years: done,
    requestedYears: years,
    seed: options.seed,
    partial,
    stepDays: set.stepDays,
    ...(isGas(network) ? { units: { energy: 'MWh' as const, currency: network.commodity.currency ?? 'EUR' } } : {}),
    priceUsdPerBbl: round(price.perBarrel + price.perTonne / network.commodity.barrelsPerTonne, 2),
    metric: options.actor ?? TOTAL,
    exporters: { actor: TOTAL, ...statistics(yearNetback.subarray(0, done)) },
    byActor,
    drivers,
    convergence,
    histogram: histogram(metric),
    rates: { mode: rates, withdrawn: reading, reading: WITHDRAWN_READINGS[reading] },
    hazards: beliefs,
    performance: { solves, windows, distinctClusters: cache.size, daysCut, workers, wallMs: Math.round(clock() - started), solveMs: Math.round(solveMs), baselineSolveMs: 0 },
  };
}

/** Each hazard's rate for one simulated year, drawn from its posterior on a stream of its own. */
function drawRates(hazards: readonly Hazard[], posteriors: readonly ({ shape: number; years: number } | undefined)[], seed: number, year: number): Hazard[] {
  const random = yearRandom((seed ^ 0x5bd1e995) >>> 0, year);
  return hazards.map((hazard, index) => {
    const posterior = posteriors[index];
    return posterior ? { ...hazard, ratePerYear: sampleGamma(posterior.shape, posterior.years, random) } : hazard;
  });
}

function hazardShares(alone: readonly ClusterLoss[], metricIndex: number): number[] {
  const losses = alone.map((loss) => Math.max(0, metricIndex < 0 ? loss.netback : loss.byActor[metricIndex]!));
  const total = losses.reduce((sum, value) => sum + value, 0);
  return total > 0 ? losses.map((value) => value / total) : losses.map(() => 1 / losses.length);
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
  const whole = windowBase(network, price, set.leadDays + longest + set.recoveryDays, set.stepDays);
  const wholeRun = await runner.run({ base: whole, closable: closableAssets(set), requests: calendars.map(({ year, events }) => ({ key: `year ${year}`, events: outageEvents(set.hazards, events, whole, set.leadDays, set.stepDays) })) });
  if (wholeRun.status !== 'optimal') return wholeRun;
  // The same path as the simulation: clusters, shortened steady stretches, cached windows.
  const solver = windowSolver(set, price, runner, new Map());
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
