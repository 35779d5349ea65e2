import type { ValidationIssue, Validated } from '../model/issues.ts';
import type { Network, Price } from '../model/network.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { canonicalRatio, resolvePrice } from '../model/resolve-network.ts';
import type { HazardFile } from './hazards-schema.ts';
import { hazardsFileSchema } from './hazards-schema.ts';
import type { NetworkResolver } from './load-scenario.ts';

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
    return {
      id: hazard.id,
      name: hazard.name,
      kind: hazard.kind,
      assets,
      remaining: canonicalRatio(hazard.remaining),
      ratePerYear: numberOf(hazard.rate),
      duration,
      months: hazard.months && hazard.months.length > 0 ? [...new Set(hazard.months)].sort((a, b) => a - b) : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    };
  });
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  return {
    ok: true,
    value: { id: data.id, name: data.name, network: network.value, price: data.price === undefined ? undefined : resolvePrice(data.price), leadDays: data.leadDays, recoveryDays: data.recoveryDays, mergeGapDays: data.mergeGapDays ?? data.leadDays + data.recoveryDays, settleDays: data.settleDays ?? 2 * data.recoveryDays, hazards },
  };
}

/** Links, junctions, terminals and storage under an actor (what a political decision closes). */
function infrastructureOf(network: Network, actor: string): string[] {
  return [...network.nodes.filter((node) => node.kind !== 'field' && node.kind !== 'market'), ...network.links].filter((asset) => asset.jurisdiction.includes(actor)).map((asset) => asset.id);
}
