import { networkAt } from '../model/dated.ts';
import type { Network, Price } from '../model/network.ts';
import { cutsInSteps, networkInSteps, stepDates } from '../scenario/coarse-steps.ts';
import { addDays, datesBetween } from '../scenario/dates.ts';
import type { Hazard, HazardSet } from '../scenario/hazards.ts';
import type { OutageEvent, Scenario } from '../scenario/scenario.ts';
import { clusterKey, compressCluster, type Cluster, type SampledEvent, type Stretch } from './risk-sampler.ts';
import { newSessionKey, type BatchOutcome, type VariantOutcome, type VariantRunner } from './variants.ts';

/**
 * How the risk engine solves a cluster of events: in a window of the network's steady state
 * (lead + events + recovery), each distinct window once, with long steady openings cut and valued
 * at a measured steady daily loss.
 */

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;

/** Window lengths the clusters are solved in: one LP structure (and baseline) per length. */
const WINDOW_DAYS = [32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 512, 768];

/** Sessions a runner should keep for the risk engine: one per window length, so none is solved twice. */
export const RISK_SESSIONS = WINDOW_DAYS.length + 1;

/** The figures one solved cluster contributes to its year: loss by actor, and the exporters' netback. */
export interface ClusterLoss {
  readonly byActor: Float64Array;
  readonly netback: number;
}

export function single(event: SampledEvent): Cluster {
  return { startDay: event.startDay, events: [event], spanDays: event.days };
}

/** How one cluster is solved: a (possibly shortened) window, plus steady days valued by slope. */
export interface WindowPlan {
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

/**
 * Clusters solved one after the other from where the one before ended (see chainLength):
 * measured 1.6× fewer iterations than each from the baseline at 8, a little more at 16.
 */
const CHAIN_LENGTH = 16;

type SolveStats = { status: 'optimal'; solves: number; solveMs: number; workers: number };

/**
 * Solves clusters in windows on the runner, each distinct window once, and adds up their losses.
 * Steady stretches are cut only for sets of hazards shown to settle (see compressCluster).
 */
export function windowSolver(set: HazardSet, price: Price, runner: VariantRunner, cache: Map<string, ClusterLoss>) {
  const closable = closableAssets(set);
  const actors = set.network.actors.map((actor) => actor.id);
  // One steady base (and one solver session per thread) per window length, for this solver's batches.
  const bases = new Map<number, { scenario: Scenario; sessionKey: string }>();
  const baseFor = (days: number) => {
    const base = bases.get(days) ?? { scenario: windowBase(set.network, price, days, set.stepDays), sessionKey: newSessionKey(`risk-${days}`) };
    bases.set(days, base);
    return base;
  };
  const slopes = new Map<string, { plans: WindowPlan[]; settled?: boolean }>();
  const steady = (hazards: readonly number[]) => slopes.get(hazards.join(','))?.settled === true;
  // Windows being solved (a chunk's, while the next is planned): not asked for again, so each
  // chunk asks for what is not solved before it, as if chunks ran one after the other.
  const inFlight = new Map<string, Promise<SolveStats | Failure>>();
  const known = (key: string) => cache.has(key) || inFlight.has(key);
  const require = (plan: WindowPlan, needed: Map<string, WindowPlan>) => {
    const items = [plan, ...plan.stretches.flatMap((stretch) => slopes.get(stretch.hazards.join(','))!.plans)];
    for (const item of items) if (!known(item.key) && !needed.has(item.key)) needed.set(item.key, item);
  };
  const solve = (needed: ReadonlyMap<string, WindowPlan>): Promise<SolveStats | Failure> => {
    const solving = solveNow(needed);
    for (const key of needed.keys()) inFlight.set(key, solving);
    return solving.finally(() => {
      for (const key of needed.keys()) inFlight.delete(key);
    });
  };
  const solveNow = async (needed: ReadonlyMap<string, WindowPlan>): Promise<SolveStats | Failure> => {
    const byWindow = new Map<number, string[]>();
    for (const [key, item] of needed) byWindow.set(item.window, [...(byWindow.get(item.window) ?? []), key]);
    let solves = 0;
    let solveMs = 0;
    let workers = 0;
    // Every window length at once, the longest first (their runs take longest), so the pool's
    // threads move on to the next length instead of waiting for the last run of each.
    const batches = [...byWindow]
      .sort((a, b) => b[0] - a[0])
      .map(([window, unsorted]) => {
        const base = baseFor(window);
        // In key order, clusters that open alike follow each other and chain well.
        const keys = unsorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const batch = {
          base: base.scenario,
          closable,
          sessionKey: base.sessionKey,
          chainLength: CHAIN_LENGTH,
          requests: keys.map((key) => ({ key, events: outageEvents(set.hazards, needed.get(key)!.events, base.scenario, set.leadDays, set.stepDays), detail: 'loss' as const })),
        };
        return { keys, outcome: runner.run(batch) };
      });
    const outcomes = await Promise.all(batches.map((batch) => batch.outcome));
    for (const [position, { keys }] of batches.entries()) {
      const outcome = outcomes[position]!;
      if (outcome.status !== 'optimal') return outcome;
      solves += keys.length;
      solveMs += outcome.solveMs;
      workers = Math.max(workers, outcome.workers);
      for (const [index, variant] of outcome.outcomes.entries()) {
        if (variant.status !== 'optimal' || !variant.losses) return { status: variant.status === 'optimal' ? 'not-solved' : variant.status, run: 'scenario', message: `cluster ${keys[index]}: ${variant.status === 'optimal' ? 'no result' : variant.message}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
        cache.set(keys[index]!, lossOf(variant.losses, actors));
      }
    }
    return { status: 'optimal', solves, solveMs, workers };
  };
  return {
    /** Measures whether the sets of hazards these clusters hold for long settle; before `plan`. */
    async prepare(clusters: readonly Cluster[]): Promise<SolveStats | Failure> {
      const fresh: string[] = [];
      const needed = new Map<string, WindowPlan>();
      const solving = new Set<Promise<SolveStats | Failure>>();
      for (const cluster of clusters) {
        for (const stretch of compressCluster(cluster, set.settleDays, set.recoveryDays, () => true).stretches) {
          const key = stretch.hazards.join(',');
          if (slopes.has(key)) continue;
          const plans = slopePlans(stretch.hazards, set);
          slopes.set(key, { plans });
          fresh.push(key);
          for (const plan of plans) {
            const pending = inFlight.get(plan.key);
            if (pending) solving.add(pending);
            else if (!cache.has(plan.key)) needed.set(plan.key, plan);
          }
        }
      }
      const outcome = await solve(needed);
      if (outcome.status !== 'optimal') return outcome;
      for (const other of await Promise.all(solving)) if (other.status !== 'optimal') return other;
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

/** Nodes the hazards close: they need capacity rows in the shared LP structure (links always have them). */
export function closableAssets(set: HazardSet): string[] {
  return [...new Set(set.hazards.flatMap((hazard) => hazard.assets))].filter((id) => set.network.nodes.some((node) => node.id === id));
}

function keyOf(cluster: Cluster, leadDays: number, recoveryDays: number): { key: string; window: number } {
  const needed = leadDays + cluster.spanDays + recoveryDays;
  const window = WINDOW_DAYS.find((days) => days >= needed) ?? Math.ceil(needed / 366) * 366;
  return { key: `${window}|${clusterKey(cluster)}`, window };
}

/**
 * A steady window: constant price, no events; clusters are placed in it after the lead days.
 * With `stepDays` above 1 the window's `days` are solved in steps of that many days (see
 * networkInSteps): ceil(days / stepDays) steps, each dated by its first day.
 */
export function windowBase(network: Network, price: Price, days: number, stepDays = 1): Scenario {
  const start = network.referenceDate ?? '2022-01-01';
  const steps = Math.ceil(days / stepDays);
  const dates = stepDays === 1 ? datesBetween(start, addDays(start, days - 1)) : stepDates(start, steps, stepDays);
  const name = stepDays === 1 ? `${days}-day risk window` : `${days}-day risk window in ${stepDays}-day steps`;
  return { id: `${network.id}-risk-${days}${stepDays === 1 ? '' : `-step-${stepDays}`}`, name: `${network.name}: ${name}`, network: networkInSteps(networkAt(network, start), stepDays, start), dates, benchmark: dates.map(() => price), differentialOverrides: new Map(), discountRatePerYear: 0, foresight: 'myopic', events: [] };
}

/**
 * The outages of sampled events in a window base (lead days first). Days are the base's own
 * days, or, in a base of coarser steps, restated per step by the share of each step they cut.
 */
export function outageEvents(hazards: readonly Hazard[], events: readonly SampledEvent[], base: Scenario, leadDays: number, stepDays = 1): OutageEvent[] {
  const days = base.dates.length * stepDays;
  const cuts = events.flatMap((event) => {
    const hazard = hazards[event.hazard]!;
    const startDay = leadDays + event.startDay;
    const endDay = Math.min(days - 1, startDay + event.days - 1);
    return hazard.assets.map((asset) => ({ asset, remaining: hazard.remaining, startDay, endDay, note: hazard.id }));
  });
  const notes = new Map(cuts.map((cut) => [cut.asset, cut.note]));
  const stepped = stepDays === 1 ? cuts : cutsInSteps(cuts, days, stepDays).map((cut) => ({ ...cut, note: notes.get(cut.asset)! }));
  return stepped.map((cut): OutageEvent => ({ type: 'outage', asset: cut.asset, remaining: cut.remaining, startDay: cut.startDay, endDay: cut.endDay, start: base.dates[cut.startDay]!, end: base.dates[cut.endDay]!, note: cut.note }));
}

function lossOf(losses: NonNullable<Extract<VariantOutcome, { status: 'optimal' }>['losses']>, actors: readonly string[]): ClusterLoss {
  const byActor = new Float64Array(actors.length);
  for (const row of losses.byActor) {
    const index = actors.indexOf(row.actor);
    if (index >= 0) byActor[index] = row.lossUsd;
  }
  return { byActor, netback: losses.netbackLostUsd };
}
