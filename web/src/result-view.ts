import type { GasResult, LinkFlow, Result } from './types.ts';

/**
 * The figures the shared views (map, route table, charts, shadow prices) read from a run, taken
 * from whichever shape the API served: a crude result in tonnes and USD, a gas one in its own
 * words (MWh and its currency: `deliveriesByRoute[].MWh`, `linkFlows[].baselineMWh`,
 * `series.production[].supply`, `…PerMWh`; src/analysis/gas-words.ts). Amounts are in the
 * network's unit (t or MWh), money in its currency; the page's Units write them.
 */

export function isGasResult(result: Result): result is GasResult {
  return 'units' in result;
}

/** Each route's (corridor's) total over the horizon, baseline and scenario. */
export function routeTotals(result: Result): { route: string; baseline: number; scenario: number }[] {
  const [baseline, scenario] = isGasResult(result)
    ? [result.baseline.deliveriesByRoute.map((row) => [row.route, row.MWh] as const), result.scenario.deliveriesByRoute.map((row) => [row.route, row.MWh] as const)]
    : [result.baseline.exportsByRoute.map((row) => [row.route, row.tonnes] as const), result.scenario.exportsByRoute.map((row) => [row.route, row.tonnes] as const)];
  const before = new Map(baseline);
  const after = new Map(scenario);
  return [...new Set([...before.keys(), ...after.keys()])].map((route) => ({ route, baseline: before.get(route) ?? 0, scenario: after.get(route) ?? 0 }));
}

/** What each link carried over the horizon, baseline and scenario, and its capacity (null: unlimited). */
export function linkFlows(result: Result): Map<string, LinkFlow> {
  const rows: LinkFlow[] = isGasResult(result)
    ? result.linkFlows.map((row) => ({ link: row.link, baseline: row.baselineMWh, scenario: row.scenarioMWh, capacity: row.capacityMWh }))
    : result.linkFlows.map((row) => ({ link: row.link, baseline: row.baselineTonnes, scenario: row.scenarioTonnes, capacity: row.capacityTonnes }));
  return new Map(rows.map((row) => [row.link, row]));
}

/** Each source's daily output: a crude network's fields, a gas network's supplies. */
export function sourceSeries(result: Result): { source: string; baseline: readonly number[]; scenario: readonly number[] }[] {
  if (isGasResult(result)) return result.series.production.map((row) => ({ source: row.supply, baseline: row.baseline, scenario: row.scenario }));
  return result.series.production.map((row) => ({ source: row.field, baseline: row.baseline, scenario: row.scenario }));
}

/** Shadow prices of binding links and storage: the daily scenario series and its mean (per t or per MWh). */
export function shadowRows(result: Result): { links: ShadowRow[]; storage: ShadowRow[] } {
  if (isGasResult(result)) {
    const { links, storage } = result.shadowPrices;
    return { links: links.map((row) => ({ asset: row.link, mean: row.scenarioMeanPerMWh, daily: row.scenario })), storage: storage.map((row) => ({ asset: row.storage, mean: row.scenarioMeanPerMWh, daily: row.scenario })) };
  }
  const { links, storage } = result.shadowPrices;
  return { links: links.map((row) => ({ asset: row.link, mean: row.scenarioMeanUsdPerTonne, daily: row.scenario })), storage: storage.map((row) => ({ asset: row.storage, mean: row.scenarioMeanUsdPerTonne, daily: row.scenario })) };
}

export interface ShadowRow {
  readonly asset: string;
  readonly mean: number;
  readonly daily: readonly number[];
}

