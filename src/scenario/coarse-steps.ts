/**
 * A horizon solved at a coarser step than a day (PyPSA's snapshot weightings): each LP "day"
 * stands for `stepDays` days. The LP is unchanged; the network is restated per step instead of
 * per day: every rate (capacity, production, demand, injection, booking, quota) times stepDays,
 * every lag in days divided by it, every holding cost per day times it; stocks, prices and
 * costs per unit stay. Flows then hold a step's volume, so money and volumes add up to totals
 * as they do for daily steps; a step can move its volume at any pace within it, which is the
 * approximation: storage is held within its bounds, and charged its holding cost, on each step's
 * closing stock; a deadline falls at the end of the step that holds it.
 *
 * Only a network frozen on one date (networkAt: no dated steps, no service windows) can be
 * restated: its figures are the same every day, so a step's figures are exact.
 */
import type { Link, Network, NetworkNode, ProductionLimit } from '../model/network.ts';
import { addDays, dayNumber } from './dates.ts';

/** The network with rates per step of `stepDays` days (a frozen network; 1 returns it unchanged). */
export function networkInSteps(network: Network, stepDays: number, firstDate: string): Network {
  if (stepDays === 1) return network;
  const dated = [...network.nodes, ...network.links].find((asset) => asset.steps !== undefined || asset.service !== undefined);
  if (dated) throw new Error(`networkInSteps: ${dated.id} has dated figures; freeze the network on a date first (networkAt)`);
  const perStep = (value: number) => value * stepDays;
  const lag = (days: number) => Math.round(days / stepDays);
  const stepOf = (date: string) => addDays(firstDate, Math.floor((dayNumber(date) - dayNumber(firstDate)) / stepDays) * stepDays);
  const node = (entry: NetworkNode): NetworkNode => {
    const throughputTonnesPerDay = perStep(entry.throughputTonnesPerDay);
    switch (entry.kind) {
      case 'field':
        return { ...entry, throughputTonnesPerDay, productionTonnesPerDay: perStep(entry.productionTonnesPerDay), minimumRateTonnesPerDay: perStep(entry.minimumRateTonnesPerDay) };
      case 'market':
        return {
          ...entry,
          throughputTonnesPerDay,
          intakeTonnesPerDay: perStep(entry.intakeTonnesPerDay),
          minimumIntakeTonnesPerDay: perStep(entry.minimumIntakeTonnesPerDay),
          ...(entry.demandReferenceTonnesPerDay === undefined ? {} : { demandReferenceTonnesPerDay: perStep(entry.demandReferenceTonnesPerDay) }),
        };
      case 'storage':
        return {
          ...entry,
          throughputTonnesPerDay,
          holdingCostUsdPerTonneDay: perStep(entry.holdingCostUsdPerTonneDay),
          ...(entry.injectionTonnesPerDay === undefined ? {} : { injectionTonnesPerDay: perStep(entry.injectionTonnesPerDay) }),
          ...(entry.withdrawalTonnesPerDay === undefined ? {} : { withdrawalTonnesPerDay: perStep(entry.withdrawalTonnesPerDay) }),
          // A target falls due at the end of the step that holds its date.
          ...(entry.fillTargets === undefined ? {} : { fillTargets: entry.fillTargets.map((target) => ({ ...target, by: stepOf(target.by) })) }),
        };
      default:
        return { ...entry, throughputTonnesPerDay };
    }
  };
  const link = (entry: Link): Link => ({
    ...entry,
    capacityTonnesPerDay: perStep(entry.capacityTonnesPerDay),
    transitDays: lag(entry.transitDays),
    ...(entry.scheduleTonnesPerDay === undefined ? {} : { scheduleTonnesPerDay: perStep(entry.scheduleTonnesPerDay) }),
    ...(entry.extra === undefined ? {} : { extra: { leadDays: lag(entry.extra.leadDays), upToTonnesPerDay: perStep(entry.extra.upToTonnesPerDay) } }),
    ...(entry.bookedTonnesPerDay === undefined ? {} : { bookedTonnesPerDay: perStep(entry.bookedTonnesPerDay) }),
  });
  const limit = (entry: ProductionLimit): ProductionLimit => ({ ...entry, capTonnesPerDay: perStep(entry.capTonnesPerDay) });
  return { ...network, nodes: network.nodes.map(node), links: network.links.map(link), ...(network.productionLimits ? { productionLimits: network.productionLimits.map(limit) } : {}) };
}

/** The first date of each of `steps` steps of `stepDays` days from `firstDate`. */
export function stepDates(firstDate: string, steps: number, stepDays: number): string[] {
  return Array.from({ length: steps }, (_, step) => addDays(firstDate, step * stepDays));
}

/** What is left of an asset over days startDay … endDay (inclusive), as events say it. */
export interface DailyCut {
  readonly asset: string;
  readonly remaining: number;
  readonly startDay: number;
  readonly endDay: number;
}

/**
 * Daily cuts restated per step: on each step, what is left of an asset is the mean over its
 * days of what is left each day (the least any cut leaves that day), so a step carries the
 * volume the days would. Runs of steps with the same share come out as one cut.
 */
export function cutsInSteps(cuts: readonly DailyCut[], days: number, stepDays: number): DailyCut[] {
  const steps = Math.ceil(days / stepDays);
  const byAsset = new Map<string, Float64Array>();
  for (const cut of cuts) {
    let left = byAsset.get(cut.asset);
    if (!left) byAsset.set(cut.asset, (left = new Float64Array(steps * stepDays).fill(1)));
    for (let day = Math.max(0, cut.startDay); day <= Math.min(days - 1, cut.endDay); day += 1) left[day] = Math.min(left[day]!, cut.remaining);
  }
  const stepped: DailyCut[] = [];
  for (const [asset, left] of byAsset) {
    let open: { remaining: number; startDay: number; endDay: number } | undefined;
    for (let step = 0; step < steps; step += 1) {
      let sum = 0;
      for (let day = step * stepDays; day < (step + 1) * stepDays; day += 1) sum += left[day]!;
      const remaining = sum / stepDays;
      if (open && Math.abs(open.remaining - remaining) < 1e-12) open.endDay = step;
      else {
        if (open && open.remaining < 1) stepped.push({ asset, ...open });
        open = { remaining, startDay: step, endDay: step };
      }
    }
    if (open && open.remaining < 1) stepped.push({ asset, ...open });
  }
  return stepped;
}
