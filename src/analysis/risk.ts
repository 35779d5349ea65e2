import type { Network, Price } from '../model/network.ts';
import { addDays, datesBetween } from '../scenario/dates.ts';
import type { Hazard, HazardSet } from '../scenario/hazards.ts';
import type { OutageEvent, Scenario } from '../scenario/scenario.ts';
import type { RiskReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import { allowedDays, canonicalCluster, clusterEvents, clusterKey, DAYS_PER_YEAR, sampleYear, type Cluster, type SampledEvent } from './risk-sampler.ts';
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
const WINDOW_DAYS = [32, 64, 96, 128, 192, 256, 384, 512, 768];
export const TOTAL = '*exporters';

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
  let partial = false;
  const convergence: RiskReport['convergence'] = [];

  while (done < years) {
    if (options.shouldStop?.()) {
      partial = true;
      break;
    }
    const last = Math.min(years, done + chunk);
    const calendars: { year: number; clusters: Cluster[] }[] = [];
    const needed = new Map<string, { window: number; events: readonly SampledEvent[] }>();
    for (let year = done; year < last; year += 1) {
      const events = sampleYear(hazards, startDays, options.seed, year);
      for (const event of events) eventsByHazard[event.hazard]! += 1;
      const clusters = clusterEvents(events, gap).map((cluster) => canonicalCluster(cluster, set.recoveryDays));
      windows += clusters.length;
      calendars.push({ year, clusters });
      for (const cluster of clusters) {
        for (const item of [cluster, ...(cluster.events.length > 1 ? cluster.events.map(single) : [])]) {
          const key = keyOf(item, set.leadDays, set.recoveryDays);
          if (!cache.has(key.key) && !needed.has(key.key)) needed.set(key.key, { window: key.window, events: item.events.map((event) => ({ ...event, startDay: event.startDay - item.startDay })) });
        }
      }
    }
    // Solve the clusters not seen before, one batch per window length.
    const byWindow = new Map<number, string[]>();
    for (const [key, item] of needed) byWindow.set(item.window, [...(byWindow.get(item.window) ?? []), key]);
    for (const [window, keys] of [...byWindow].sort((a, b) => a[0] - b[0])) {
      const base = baseFor(window);
      const outcome = await runner.run({
        base: base.scenario,
        closable,
        sessionKey: base.sessionKey,
        requests: keys.map((key) => ({ key, events: outageEvents(hazards, needed.get(key)!.events, base.scenario, set.leadDays) })),
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
    // Add up each year, and share each cluster's loss among its hazards by their losses alone.
    for (const { year, clusters } of calendars) {
      for (const cluster of clusters) {
        const loss = cache.get(keyOf(cluster, set.leadDays, set.recoveryDays).key)!;
        for (let actor = 0; actor < actors.length; actor += 1) yearLoss[year * actors.length + actor]! += loss.byActor[actor]!;
        yearNetback[year]! += loss.netback;
        const metric = metricIndex < 0 ? loss.netback : loss.byActor[metricIndex]!;
        const shares = cluster.events.length === 1 ? [1] : hazardShares(cluster, set, cache, metricIndex);
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
    performance: { solves, windows, distinctClusters: cache.size, workers, wallMs: Math.round(clock() - started), solveMs: Math.round(solveMs), baselineSolveMs: 0 },
  };
}

function single(event: SampledEvent): Cluster {
  return { startDay: event.startDay, events: [event], spanDays: event.days };
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

function hazardShares(cluster: Cluster, set: HazardSet, cache: ReadonlyMap<string, ClusterLoss>, metricIndex: number): number[] {
  const alone = cluster.events.map((event) => {
    const loss = cache.get(keyOf(single(event), set.leadDays, set.recoveryDays).key)!;
    return Math.max(0, metricIndex < 0 ? loss.netback : loss.byActor[metricIndex]!);
  });
  const total = alone.reduce((sum, value) => sum + value, 0);
  return total > 0 ? alone.map((value) => value / total) : alone.map(() => 1 / alone.length);
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
export async function checkWindows(set: HazardSet, price: Price, runner: VariantRunner, seed: number, years: readonly number[]): Promise<{ year: number; events: number; clusters: number; wholeYearUsd: number; windowsUsd: number }[] | Failure> {
  const network = set.network;
  const startDays = set.hazards.map((hazard) => allowedDays(hazard.months));
  const calendars = years.map((year) => ({ year, events: sampleYear(set.hazards, startDays, seed, year) }));
  const longest = Math.max(DAYS_PER_YEAR, ...calendars.flatMap(({ events }) => events.map((event) => event.startDay + event.days)));
  const whole = windowBase(network, price, set.leadDays + longest + set.recoveryDays);
  const closable = [...new Set(set.hazards.flatMap((hazard) => hazard.assets))].filter((id) => network.nodes.some((node) => node.id === id));
  const wholeRun = await runner.run({ base: whole, closable, requests: calendars.map(({ year, events }) => ({ key: `year ${year}`, events: outageEvents(set.hazards, events, whole, set.leadDays) })) });
  if (wholeRun.status !== 'optimal') return wholeRun;
  const results = [];
  for (const [index, { year, events }] of calendars.entries()) {
    const clusters = clusterEvents(events, set.mergeGapDays).map((cluster) => canonicalCluster(cluster, set.recoveryDays));
    let windows = 0;
    for (const cluster of clusters) {
      const { window } = keyOf(cluster, set.leadDays, set.recoveryDays);
      const base = windowBase(network, price, window);
      const relative = cluster.events.map((event) => ({ ...event, startDay: event.startDay - cluster.startDay }));
      const run = await runner.run({ base, closable, requests: [{ key: clusterKey(cluster), events: outageEvents(set.hazards, relative, base, set.leadDays) }] });
      if (run.status !== 'optimal') return run;
      const outcome = run.outcomes[0]!;
      if (outcome.status !== 'optimal' || !outcome.result) return { status: 'not-solved', run: 'scenario', message: `window of year ${year}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
      windows += outcome.result.impact.netbackLostUsd;
    }
    const wholeOutcome = wholeRun.outcomes[index]!;
    if (wholeOutcome.status !== 'optimal' || !wholeOutcome.result) return { status: 'not-solved', run: 'scenario', message: `whole year ${year}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
    results.push({ year, events: events.length, clusters: clusters.length, wholeYearUsd: round(wholeOutcome.result.impact.netbackLostUsd, 0), windowsUsd: round(windows, 0) });
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
    performance: { ...report.performance, windows: report.performance.windows + changed.performance.windows, solves: report.performance.solves + changed.performance.solves, distinctClusters: report.performance.distinctClusters + changed.performance.distinctClusters, wallMs: report.performance.wallMs + changed.performance.wallMs, solveMs: report.performance.solveMs + changed.performance.solveMs },
  };
}
