import type { ValidationIssue, Validated } from '../model/issues.ts';
import type { Network, Price } from '../model/network.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { canonicalRatio, resolvePrice } from '../model/resolve-network.ts';
import type { HazardFile } from './hazards-schema.ts';
import { hazardsFileSchema } from './hazards-schema.ts';
import type { NetworkResolver } from './load-scenario.ts';
import { dayNumber } from './dates.ts';

export type Duration = { readonly kind: 'fixed'; readonly days: number } | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number } | { readonly kind: 'empirical'; readonly days: readonly number[] };

/** A hazard resolved against its network: the assets one event closes, and its numbers. */
export interface Hazard {
  readonly id: string;
  readonly name: string;
  readonly kind: HazardFile['kind'];
  readonly assets: readonly string[];
  readonly remaining: number;
  readonly ratePerYear: number;
  readonly duration: Duration;
  /** Months (1-12) in which events may start. */
  readonly months: readonly number[];
  /** Belief about the rate before the record; undefined when the file states none. */
  readonly prior?: RatePrior | undefined;
  readonly record?: RateRecord | undefined;
}

/** Gamma(shape, years): as if `shape` events had been seen in `years` years. */
export interface RatePrior {
  readonly shape: number;
  readonly years: number;
  readonly reasoning: string;
}

export interface RateRecord {
  readonly from: string;
  readonly to: string;
  readonly events: readonly { readonly id: string; readonly date: string; readonly withdrawn: boolean }[];
  readonly source?: string | undefined;
}

export interface HazardSet {
  readonly id: string;
  readonly name: string;
  readonly network: Network;
  readonly price: Price | undefined;
  readonly leadDays: number;
  readonly recoveryDays: number;
  /** Events closer than this many days share a window. */
  readonly mergeGapDays: number;
  /** Days under an unchanged set of events after which each further day loses the same. */
  readonly settleDays: number;
  /** Days one step of a window stands for (1: every day solved; see networkInSteps). */
  readonly stepDays: number;
  readonly hazards: readonly Hazard[];
}

const Z90 = 1.2815515655446004;
const numberOf = (input: number | { value: number }) => (typeof input === 'number' ? input : input.value);

/** Mean event length in days (before rounding up), for the closed forms and reports. */
export function meanDuration(duration: Duration): number {
  if (duration.kind === 'fixed') return duration.days;
  if (duration.kind === 'empirical') return duration.days.reduce((sum, days) => sum + days, 0) / duration.days.length;
  return Math.exp(duration.mu + (duration.sigma * duration.sigma) / 2);
}

export function hazardsFromText(text: string, file: string, findNetwork: NetworkResolver): Validated<HazardSet> {
  const parsed = parseWithSchema(text, file, hazardsFileSchema);
  if (!parsed.ok) return parsed;
  const data = parsed.value.value;
  const network = findNetwork(data.network);
  if (!network.ok) return { ok: false, issues: network.issues.map((issue) => (issue.file ? issue : { ...issue, file, line: parsed.value.parsed.lineOf(['network']) })) };
  const issues: ValidationIssue[] = [];
  const known = new Set([...network.value.nodes.map((node) => node.id), ...network.value.links.map((link) => link.id)]);
  const actors = new Set(network.value.actors.map((actor) => actor.id));
  const ids = new Set<string>();
  const hazards = data.hazards.map((hazard, index): Hazard => {
    const path = ['hazards', index];
    if (ids.has(hazard.id)) issues.push({ code: 'duplicate-id', path: [...path, 'id'], message: `hazard id "${hazard.id}" is used twice: give each hazard its own id` });
    ids.add(hazard.id);
    hazard.assets.forEach((asset, assetIndex) => {
      if (!known.has(asset)) issues.push({ code: 'unknown-asset', path: [...path, 'assets', assetIndex], message: `"${asset}" is not a node or link of network "${network.value.id}": use an asset id` });
    });
    if (hazard.actor !== undefined && !actors.has(hazard.actor)) issues.push({ code: 'unknown-actor', path: [...path, 'actor'], message: `"${hazard.actor}" is not an actor of network "${network.value.id}"` });
    const assets = hazard.actor !== undefined ? infrastructureOf(network.value, hazard.actor) : hazard.assets;
    if (assets.length === 0) issues.push({ code: 'empty-hazard', path: [...path, 'assets'], message: 'the hazard hits nothing: list assets, or name an actor with jurisdiction over infrastructure' });
    let duration: Duration;
    if ('fixed' in hazard.duration) duration = { kind: 'fixed', days: hazard.duration.fixed };
    else if ('empirical' in hazard.duration) duration = { kind: 'empirical', days: hazard.duration.empirical };
    else {
      if (hazard.duration.p90 <= hazard.duration.median) issues.push({ code: 'out-of-range', path: [...path, 'duration', 'p90'], message: 'p90 must be above the median' });
      duration = { kind: 'lognormal', mu: Math.log(hazard.duration.median), sigma: Math.max(1e-9, Math.log(hazard.duration.p90 / hazard.duration.median) / Z90) };
    }
    const prior = hazard.prior ?? data.priors[hazard.kind];
    if (hazard.record) checkRecord(hazard.record, path, issues);
    return {
      id: hazard.id,
      name: hazard.name,
      kind: hazard.kind,
      assets,
      remaining: canonicalRatio(hazard.remaining),
      ratePerYear: numberOf(hazard.rate),
      duration,
      months: hazard.months && hazard.months.length > 0 ? [...new Set(hazard.months)].sort((a, b) => a - b) : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      prior,
      record: hazard.record,
    };
  });
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  return {
    ok: true,
    value: { id: data.id, name: data.name, network: network.value, price: data.price === undefined ? undefined : resolvePrice(data.price), leadDays: data.leadDays, recoveryDays: data.recoveryDays, mergeGapDays: data.mergeGapDays ?? data.leadDays + data.recoveryDays, settleDays: data.settleDays ?? 2 * data.recoveryDays, stepDays: data.stepDays, hazards },
  };
}

function checkRecord(record: RateRecord, path: (string | number)[], issues: ValidationIssue[]): void {
  const day = (date: string) => (isRealDate(date) ? dayNumber(date) : NaN);
  const from = day(record.from);
  const to = day(record.to);
  if (Number.isNaN(from)) issues.push({ code: 'invalid-date', path: [...path, 'record', 'from'], message: `"${record.from}" is not a calendar date` });
  if (Number.isNaN(to)) issues.push({ code: 'invalid-date', path: [...path, 'record', 'to'], message: `"${record.to}" is not a calendar date` });
  if (to < from) issues.push({ code: 'dates-out-of-order', path: [...path, 'record', 'to'], message: `the record ends (${record.to}) before it starts (${record.from}): swap or correct the dates` });
  record.events.forEach((event, index) => {
    const date = day(event.date);
    if (Number.isNaN(date) || date < from || date > to) issues.push({ code: 'out-of-range', path: [...path, 'record', 'events', index, 'date'], message: `event ${event.id} on ${event.date} is outside the record ${record.from} to ${record.to}: widen the record or correct the date` });
  });
}

const isRealDate = (date: string) => {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
};

/** Links, junctions, terminals and storage under an actor (what a political decision closes). */
function infrastructureOf(network: Network, actor: string): string[] {
  return [...network.nodes.filter((node) => node.kind !== 'field' && node.kind !== 'market'), ...network.links].filter((asset) => asset.jurisdiction.includes(actor)).map((asset) => asset.id);
}
