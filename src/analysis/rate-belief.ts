import type { Hazard, RatePrior, RateRecord } from '../scenario/hazards.ts';
import { dayNumber } from '../scenario/dates.ts';
import { gammaCdf, gammaQuantile } from './gamma.ts';
import { round } from './rounding.ts';

/**
 * Threat credibility as a belief that events update. A hazard's annual rate λ is uncertain: the
 * prior Gamma(α, β) (as if α events had been seen in β years) meets the record's k events in T
 * years of exposure, and the posterior is Gamma(α + k, β + T) (the Gamma-Poisson conjugate pair).
 */

/**
 * What an "executed then withdrawn" threat (a ruling enforced for days, then replaced by a fine)
 * says about the rate. Both readings are defensible; the user picks.
 */
export type WithdrawnReading = 'counts' | 'not-credible';

export const WITHDRAWN_READINGS: Record<WithdrawnReading, string> = {
  counts: 'An executed-then-withdrawn threat counts as an event: the disruptor showed it can and will pull the lever, and the withdrawal only shows it chose when to stop.',
  'not-credible': 'An executed-then-withdrawn threat is not an event: withdrawing it (for a token fine) showed that carrying it out costs the disruptor more than it is willing to pay, so only its exposure years count, and each quiet year lowers the rate.',
};

/** Central 90 % interval. */
export const INTERVAL = 0.9;
const DAYS_PER_YEAR = 365.25;

export interface RateSummary {
  /** Mean events per year, α / β. */
  readonly mean: number;
  /** Central 90 % interval of the rate. */
  readonly interval: [number, number];
  /** Probability of at least one event in a year, averaged over the belief: 1 - (β / (β + 1))^α. */
  readonly probabilityOfAnEventInAYear: number;
  readonly shape: number;
  readonly years: number;
}

export function summariseGamma(shape: number, years: number): RateSummary {
  const tail = (1 - INTERVAL) / 2;
  return {
    mean: round(shape / years, 6),
    interval: [round(gammaQuantile(shape, years, tail), 6), round(gammaQuantile(shape, years, 1 - tail), 6)],
    probabilityOfAnEventInAYear: round(1 - (years / (years + 1)) ** shape, 6),
    shape: round(shape, 6),
    years: round(years, 6),
  };
}

/** Years from the first to the last day, both inclusive. */
export function exposureYears(from: string, to: string): number {
  return (dayNumber(to) - dayNumber(from) + 1) / DAYS_PER_YEAR;
}

/** Events the record counts under a reading. */
export function countedEvents(record: RateRecord, reading: WithdrawnReading): RateRecord['events'] {
  return record.events.filter((event) => !event.withdrawn || reading === 'counts');
}

/** The posterior after the record (or its days up to `until`, inclusive). */
export function posteriorOf(prior: RatePrior, record: RateRecord | undefined, reading: WithdrawnReading, until?: string): { shape: number; years: number; events: number; exposureYears: number } {
  if (!record) return { shape: prior.shape, years: prior.years, events: 0, exposureYears: 0 };
  const to = until !== undefined && dayNumber(until) < dayNumber(record.to) ? until : record.to;
  const exposure = dayNumber(to) < dayNumber(record.from) ? 0 : exposureYears(record.from, to);
  const events = countedEvents(record, reading).filter((event) => dayNumber(event.date) <= dayNumber(to)).length;
  return { shape: prior.shape + events, years: prior.years + exposure, events, exposureYears: exposure };
}

export interface HazardBelief {
  readonly id: string;
  readonly statedRate: number;
  readonly prior: RateSummary & { readonly reasoning: string };
  readonly posterior: RateSummary;
  readonly record: { readonly from: string; readonly to: string; readonly exposureYears: number; readonly events: string[]; readonly counted: number } | null;
  readonly reading: WithdrawnReading;
}

export function hazardBelief(hazard: Hazard, reading: WithdrawnReading): HazardBelief | undefined {
  if (!hazard.prior) return undefined;
  const posterior = posteriorOf(hazard.prior, hazard.record, reading);
  return {
    id: hazard.id,
    statedRate: hazard.ratePerYear,
    prior: { ...summariseGamma(hazard.prior.shape, hazard.prior.years), reasoning: hazard.prior.reasoning },
    posterior: summariseGamma(posterior.shape, posterior.years),
    record: hazard.record ? { from: hazard.record.from, to: hazard.record.to, exposureYears: round(posterior.exposureYears, 4), events: hazard.record.events.map((event) => `${event.id}${event.withdrawn ? ' (withdrawn)' : ''}`), counted: posterior.events } : null,
    reading,
  };
}

/** The belief just before a recorded event (exposure up to the day before) and just after it. */
export function aroundEvent(hazard: Hazard, eventId: string, reading: WithdrawnReading): { event: string; date: string; before: RateSummary; after: RateSummary } | undefined {
  const event = hazard.record?.events.find((candidate) => candidate.id === eventId);
  if (!hazard.prior || !hazard.record || !event) return undefined;
  const dayBefore = new Date(dayNumber(event.date) * 86_400_000 - 86_400_000).toISOString().slice(0, 10);
  const before = posteriorOf(hazard.prior, hazard.record, reading, dayBefore);
  const after = posteriorOf(hazard.prior, hazard.record, reading, event.date);
  return { event: event.id, date: event.date, before: summariseGamma(before.shape, before.years), after: summariseGamma(after.shape, after.years) };
}

/** Probability, under a belief, that the rate exceeds a threshold (e.g. a break-even frequency). */
export function probabilityAbove(summary: Pick<RateSummary, 'shape' | 'years'>, threshold: number): number {
  return round(1 - gammaCdf(summary.shape, summary.years, threshold), 6);
}

/** Each hazard at its posterior mean (for `--rates posterior-mean`). */
export function atPosteriorMean(hazards: readonly Hazard[], reading: WithdrawnReading): Hazard[] {
  return hazards.map((hazard) => {
    if (!hazard.prior) return hazard;
    const posterior = posteriorOf(hazard.prior, hazard.record, reading);
    return { ...hazard, ratePerYear: posterior.shape / posterior.years };
  });
}
