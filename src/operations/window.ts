import { sliceGasSeries } from '../scenario/gas-timeline.ts';
import { addDays } from '../scenario/dates.ts';
import type { OutageEvent, SanctionEvent, ScenarioEvent } from '../scenario/scenario.ts';
import { EARLINESS_BONUS_USD_PER_TONNE_DAY, isOutage, type Timeline } from '../scenario/timeline.ts';

/**
 * The days [start, start + length) of a whole-horizon timeline, as a timeline of its own. Days
 * past the horizon repeat its last day (a decision window near the end looks ahead as if nothing
 * changed). With `prices: 'today'`, every day is priced as day `start` is: operators plan on
 * today's price, knowing no future price (a no-change forecast).
 */
export function sliceTimeline(full: Timeline, start: number, length: number, prices: 'actual' | 'today', myopic: boolean): Timeline {
  const horizon = full.dates.length;
  const dayOf = (t: number) => Math.min(start + t, horizon - 1);
  // Within the horizon a slice is a view (nothing writes to a timeline's series: applyOutages
  // copies the ones it changes); past it, a copy that repeats the last day.
  const inside = start + length <= horizon;
  const slice = (series: Float64Array) => {
    if (inside) return series.subarray(start, start + length);
    const copy = new Float64Array(length);
    for (let t = 0; t < length; t += 1) copy[t] = series[dayOf(t)]!;
    return copy;
  };
  const sliceMap = (map: ReadonlyMap<string, Float64Array>) => new Map([...map].map(([id, series]) => [id, slice(series)] as const));
  const priceSlice = (series: Float64Array) => (prices === 'today' ? new Float64Array(length).fill(series[dayOf(0)]!) : slice(series));
  const lastDate = full.dates[horizon - 1]!;
  // (1 + rate)^(-day/365) is a constant factor per day.
  const perDay = horizon > 1 ? full.discountFactor[1]! : 1;
  return {
    dates: Array.from({ length }, (_, t) => (start + t < horizon ? full.dates[start + t]! : addDays(lastDate, start + t - horizon + 1))),
    network: full.network,
    withEvents: full.withEvents,
    linkCapacity: sliceMap(full.linkCapacity),
    // Extra beyond a schedule: a sliced timeline is already past applyOutages, so it only carries the rule along.
    linkExtra: new Map([...full.linkExtra].map(([id, rule]) => [id, { leadDays: rule.leadDays, extra: slice(rule.extra) }] as const)),
    nodeThroughput: sliceMap(full.nodeThroughput),
    fieldMinimum: sliceMap(full.fieldMinimum),
    storageCapacity: sliceMap(full.storageCapacity),
    marketIntake: sliceMap(full.marketIntake),
    marketMinimum: sliceMap(full.marketMinimum),
    marketPrice: new Map(
      [...full.marketPrice].map(([id, price]) => [
        id,
        { perBarrel: priceSlice(price.perBarrel), perTonne: priceSlice(price.perTonne) },
      ]),
    ),
    discountFactor: Float64Array.from({ length }, (_, t) => perDay ** (start + t)),
    earlinessBonus: Float64Array.from({ length }, (_, t) => (myopic ? EARLINESS_BONUS_USD_PER_TONNE_DAY * (length - 1 - t) : 0)),
    fieldNominal: sliceMap(full.fieldNominal),
    // The opening stock of a window is the stock carried into it (see the rolling loop's carry-over).
    storageInitial: full.storageInitial,
    storageMinimum: sliceMap(full.storageMinimum),
    productionCaps: full.productionCaps.map((cap) => ({ ...cap, cap: slice(cap.cap) })),
    originAccess: new Map([...full.originAccess].map(([market, byField]) => [market, new Map([...byField].map(([field, access]) => [field, { open: slice(access.open), adjustUsdPerTonne: slice(access.adjustUsdPerTonne) }] as const))] as const)),
    ...(full.gas ? { gas: sliceGasSeries(full.gas, slice) } : {}),
  };
}

/**
 * The outages and sanctions operators know of on `day`, with the end they believe, as events of
 * a window that starts that day (day indices relative to it):
 * - an event not yet announced is absent;
 * - an event that has ended is over (its end was revealed the day after it);
 * - an event under way or to come lasts until its expected end while that is not past, else
 *   until further notice (through the window).
 */
export function knownEvents(events: readonly ScenarioEvent[], day: number, length: number): (OutageEvent | SanctionEvent)[] {
  const known: (OutageEvent | SanctionEvent)[] = [];
  for (const event of events) {
    if (!isOutage(event)) continue;
    if ((event.announcedDay ?? event.startDay) > day) continue;
    if (event.endDay < day) continue;
    const believedEnd = event.expectedEndDay !== undefined && event.expectedEndDay >= day ? event.expectedEndDay : day + length - 1;
    known.push({ ...event, startDay: event.startDay - day, endDay: believedEnd - day });
  }
  return known;
}
