import type { Validated } from '../model/issues.ts';
import { networkDuring } from '../model/dated.ts';
import type { Link, Network, NetworkNode, Price } from '../model/network.ts';
import { addDays, datesBetween, dayNumber } from '../scenario/dates.ts';
import type { OutageEvent, Scenario } from '../scenario/scenario.ts';

/** Where analyses take their prices and dates from, and how long the closures they simulate last. */
export interface AnalysisWindow {
  /** Length of each simulated closure, days. */
  readonly closureDays: number;
  /** Days simulated after the closure ends, so storage drains and deferred oil is counted. */
  readonly recoveryDays?: number;
  /** First day of the closure (YYYY-MM-DD); defaults to the network's reference date. */
  readonly start?: string;
  /** Prices (and foresight, discount rate, differentials) from this scenario, on the same dates. */
  readonly reference?: Scenario;
  /** A constant benchmark price; overrides the network's reference price. */
  readonly price?: Price;
}

export const DEFAULT_RECOVERY_DAYS = 30;
const FALLBACK_START = '2022-01-01';

/**
 * The scenario every variant of an analysis shares: the closure starts on its first day and the
 * horizon runs on through the recovery. Prices come from the reference scenario where its dates
 * cover the horizon (held flat beyond them), else from a constant benchmark.
 */
export function analysisBase(network: Network, window: AnalysisWindow): Validated<Scenario> {
  const start = window.start ?? network.referenceDate ?? window.reference?.dates[0] ?? FALLBACK_START;
  const days = window.closureDays + (window.recoveryDays ?? DEFAULT_RECOVERY_DAYS);
  const dates = datesBetween(start, addDays(start, days - 1));
  const reference = window.reference;
  let benchmark: Price[];
  if (window.price) benchmark = dates.map(() => window.price!);
  else if (reference && reference.benchmark.length > 0) {
    const first = dayNumber(reference.dates[0]!);
    benchmark = dates.map((date) => {
      const index = Math.min(Math.max(dayNumber(date) - first, 0), reference.benchmark.length - 1);
      return reference.benchmark[index]!;
    });
  } else if (network.referencePrice) benchmark = dates.map(() => network.referencePrice!);
  else {
    return {
      ok: false,
      issues: [{ code: 'missing-price', path: ['benchmark', 'referencePrice'], message: `network "${network.id}" has no benchmark.referencePrice: add one to the network, or give a price (--price "90 USD/bbl") or a reference scenario (--base)` }],
    };
  }
  return {
    ok: true,
    value: {
      id: `${network.id}-analysis`,
      name: `${network.name}: ${window.closureDays}-day closures from ${start}`,
      network: networkDuring(network, dates[0]!, dates[dates.length - 1]!),
      dates,
      benchmark,
      differentialOverrides: reference?.differentialOverrides ?? new Map(),
      discountRatePerYear: reference?.discountRatePerYear ?? 0,
      foresight: reference?.foresight ?? 'myopic',
      events: [],
    },
  };
}

/** Full closure of each listed asset over the first `days` days of the base horizon. */
export function closureEvents(base: Scenario, assets: readonly string[], days: number, causedBy?: string): OutageEvent[] {
  const endDay = Math.min(days, base.dates.length) - 1;
  return assets.map((asset) => ({
    type: 'outage',
    asset,
    remaining: 0,
    startDay: 0,
    endDay,
    start: base.dates[0]!,
    end: base.dates[endDay]!,
    ...(causedBy === undefined ? {} : { causedBy }),
  }));
}

/** Every node and link of the network, in file order. */
export function allAssets(network: Network): (NetworkNode | Link)[] {
  return [...network.nodes, ...network.links];
}

/** Assets on an actor's territory: what it could close by decree. */
export function assetsUnderJurisdiction(network: Network, actor: string): string[] {
  return allAssets(network)
    .filter((asset) => asset.jurisdiction.includes(actor))
    .map((asset) => asset.id);
}

/**
 * What an actor can close to put pressure on others: links, junctions, terminals and storage on
 * its territory. Fields and markets are left open; shutting its own wells or refineries is not
 * leverage, and its own oil still loses its way out when the pipes close.
 */
export function infrastructureUnderJurisdiction(network: Network, actor: string): string[] {
  return allAssets(network)
    .filter((asset) => asset.jurisdiction.includes(actor) && (!isNode(asset) || (asset.kind !== 'field' && asset.kind !== 'market')))
    .map((asset) => asset.id);
}

export function isNode(asset: NetworkNode | Link): asset is NetworkNode {
  return !('from' in asset);
}

/** The horizon of an analysis's base, for its report. */
export function windowOf(base: Scenario, closureDays: number): { start: string; end: string; closureDays: number; recoveryDays: number } {
  return { start: base.dates[0]!, end: base.dates[base.dates.length - 1]!, closureDays, recoveryDays: base.dates.length - closureDays };
}
