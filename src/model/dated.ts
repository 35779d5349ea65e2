/**
 * Figures that change over time, and assets that open or close. A network file may date any
 * capacity, production, tariff, cost, fiscal take or ownership; the resolved network keeps the
 * steps beside each asset's value on one date, and `networkDuring` re-bases it on a horizon.
 */
import type { Link, Network, NetworkNode, Owner } from './network.ts';

/** One step of a dated figure, in canonical units: it holds from `from` until the next step. */
export interface Step<T = number> {
  readonly from: string;
  readonly value: T;
}

export type Dated<T = number> = readonly Step<T>[];

/** First and last day in service, inclusive; an open end means no limit on that side. */
export interface Service {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/**
 * The figures whose daily value the timeline follows (a capacity that changes mid-horizon changes
 * that day). Every other dated figure (tariffs, costs, fiscal take, owners) takes its value on the
 * horizon's first day; `changesWithin` lists those that step inside a horizon.
 */
export const DAILY_FIGURES = [
  'capacityTonnesPerDay',
  'throughputTonnesPerDay',
  'productionTonnesPerDay',
  'minimumRateTonnesPerDay',
  'capacityTonnes',
  'intakeTonnesPerDay',
  'minimumIntakeTonnesPerDay',
  'minimumStockTonnes',
  'capTonnesPerDay',
  'scheduleTonnesPerDay',
  'extraUpToTonnesPerDay',
  'liftingCostUsdPerTonne',
  'demandReferenceTonnesPerDay',
  'injectionTonnesPerDay',
  'withdrawalTonnesPerDay',
  'bookedTonnesPerDay',
] as const;

/** The value on a date: the last step starting on or before it, or the first step before any. */
export function valueOn<T>(steps: Dated<T>, date: string | undefined): T {
  let value = steps[0]!.value;
  if (date === undefined) return value;
  for (const step of steps) {
    if (step.from > date) break;
    value = step.value;
  }
  return value;
}

/** The value on each of a run of consecutive, increasing dates. */
export function dailyValues(steps: Dated, dates: readonly string[]): Float64Array {
  const values = new Float64Array(dates.length);
  let next = 0;
  let value = steps[0]!.value;
  dates.forEach((date, day) => {
    while (next < steps.length && steps[next]!.from <= date) value = steps[next++]!.value;
    values[day] = value;
  });
  return values;
}

export function inServiceOn(service: Service | undefined, date: string): boolean {
  return !service || ((service.from === undefined || service.from <= date) && (service.to === undefined || service.to >= date));
}

/** Whether the asset is in service on at least one day from `first` to `last`. */
export function inServiceDuring(service: Service | undefined, first: string, last: string): boolean {
  return !service || ((service.from === undefined || service.from <= last) && (service.to === undefined || service.to >= first));
}

interface DatedAsset {
  readonly id: string;
  readonly steps?: Readonly<Record<string, Dated>> | undefined;
  readonly ownerSteps?: Dated<readonly Owner[]> | undefined;
  readonly service?: Service | undefined;
}

/** The asset with every dated figure and its owners taken on `date`. */
export function assetOn<T extends DatedAsset>(asset: T, date: string | undefined): T {
  if (!asset.steps && !asset.ownerSteps) return asset;
  const values = Object.fromEntries(Object.entries(asset.steps ?? {}).map(([figure, steps]) => [figure, valueOn(steps, date)]));
  return { ...asset, ...values, ...(asset.ownerSteps ? { owners: valueOn(asset.ownerSteps, date) } : {}) };
}

/**
 * The network a horizon runs on: only assets in service on at least one of its days (a link
 * also needs both its ends), each figure as on the first day. Steps and service dates stay, so
 * the timeline follows capacities day by day and the result can be re-based on another horizon.
 */
export function networkDuring(network: Network, first: string, last: string): Network {
  // One network per horizon, so caches keyed by a network's identity keep working.
  const horizons = rebased.get(network) ?? rebased.set(network, new Map()).get(network)!;
  const key = `${first}|${last}`;
  const known = horizons.get(key);
  if (known) return known;
  const result = rebase(network, first, last);
  horizons.set(key, result);
  return result;
}

const rebased = new WeakMap<Network, Map<string, Network>>();

function rebase(network: Network, first: string, last: string): Network {
  const nodes = network.nodes.filter((node) => inServiceDuring(node.service, first, last));
  const present = new Set(nodes.map((node) => node.id));
  const links = network.links.filter((link) => inServiceDuring(link.service, first, last) && present.has(link.from) && present.has(link.to));
  const unchanged = nodes.length === network.nodes.length && links.length === network.links.length && network.asOf === first;
  if (unchanged) return network;
  return {
    ...network,
    asOf: first,
    productionLimits: network.productionLimits?.map((limit) => ({ ...(limit.steps ? { ...limit, capTonnesPerDay: valueOn(limit.steps.capTonnesPerDay!, first) } : limit), fields: limit.fields.filter((id) => present.has(id)) })),
    nodes: nodes.map((node) => assetOn<NetworkNode>(node, first)),
    links: links.map((link) => {
      const dated = assetOn<Link>(link, first);
      return dated.commodities && dated.commodities.some((id) => !present.has(id)) ? { ...dated, commodities: dated.commodities.filter((id) => present.has(id)) } : dated;
    }),
  };
}

/**
 * The network frozen as it stood on one date: assets in service that day, every figure that
 * day's, no steps. For steady-state analyses (pipeline power, risk windows), which study the
 * system of a date rather than a calendar that walks into later years.
 */
export function networkAt(network: Network, date: string): Network {
  const horizons = frozen.get(network) ?? frozen.set(network, new Map()).get(network)!;
  const known = horizons.get(date);
  if (known) return known;
  const during = networkDuring(network, date, date);
  const strip = <T extends DatedAsset>(asset: T): T => {
    if (!asset.steps && !asset.ownerSteps && !asset.service) return asset;
    const { steps: _steps, ownerSteps: _owners, service: _service, ...rest } = asset;
    return rest as unknown as T;
  };
  const result: Network = { ...during, asOf: date, nodes: during.nodes.map(strip), links: during.links.map(strip), productionLimits: during.productionLimits?.map((limit) => { const { steps: _steps, ...rest } = limit; return rest; }) };
  horizons.set(date, result);
  return result;
}

const frozen = new WeakMap<Network, Map<string, Network>>();

/** Why an asset is missing from a network re-based on a horizon, or undefined if it is not. */
export function outOfService(network: Network, id: string, first: string, last: string): string | undefined {
  const node = network.nodes.find((candidate) => candidate.id === id);
  const asset = node ?? network.links.find((link) => link.id === id);
  if (!asset) return undefined;
  if (!inServiceDuring(asset.service, first, last)) {
    const from = asset.service?.from ? `from ${asset.service.from}` : '';
    const to = asset.service?.to ? `until ${asset.service.to}` : '';
    return `"${id}" is in service only ${[from, to].filter(Boolean).join(' ')}, not between ${first} and ${last}`;
  }
  if (node) return undefined;
  const link = asset as Link;
  for (const end of [link.from, link.to]) {
    const reason = outOfService(network, end, first, last);
    if (reason) return `link "${id}" connects to ${reason}`;
  }
  return undefined;
}

/** Figures taken on the first day of a horizon (not followed daily) that step inside it. */
export function changesWithin(network: Network, first: string, last: string): { asset: string; figure: string; from: string }[] {
  const daily = new Set<string>(DAILY_FIGURES);
  const changes: { asset: string; figure: string; from: string }[] = [];
  for (const asset of [...network.nodes, ...network.links]) {
    const stepped: [string, Dated<unknown>][] = [...Object.entries(asset.steps ?? {}).filter(([figure]) => !daily.has(figure)), ...(asset.ownerSteps ? [['owners', asset.ownerSteps] as [string, Dated<unknown>]] : [])];
    for (const [figure, steps] of stepped) {
      for (const step of steps) if (step.from > first && step.from <= last) changes.push({ asset: asset.id, figure, from: step.from });
    }
  }
  return changes;
}
