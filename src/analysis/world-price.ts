import type { Elasticities, Scenario, WorldMarket } from '../scenario/scenario.ts';
import type { LpLayout } from '../solve/build-lp.ts';
import type { RunResult } from './result-schema.ts';
import { round } from './rounding.ts';
import type { RunAccounts } from './run-accounts.ts';

/**
 * The world price's answer to a closure, accounted after the solve. A loss of s (a share of world
 * supply) moves the benchmark by s / (εs - εd) of itself (the short-run market clearing of a
 * supply shift). The change is applied to the scenario's benchmark day by day and everyone who
 * sells or buys at it gains or pays: exporters outside the corridor, the corridor's own shippers
 * on what they still sell, importers.
 *
 * Why after the solve and not inside the LP: every market of the network is priced off the same
 * benchmark, so the change shifts all of them alike and no route gains on another; it is largest
 * while the closure binds, when there is no spare capacity to sell more; and a few USD/bbl do not
 * turn a field's margin negative. The dispatch is the same with the moved price (a fixed-point
 * iteration stops after one step: tested on a small network), so the price is a consequence to
 * account, not a decision to optimise.
 */

type WorldPriceReport = NonNullable<RunResult['impact']['worldPrice']>;

/** Fraction by which the benchmark moves per unit share of world supply lost. */
export function priceMultiplier(elasticities: Elasticities): number {
  return 1 / (elasticities.supply - elasticities.demand);
}

/** Barrels of each field exported on each day (all metered routes). */
function exportsBarrels(layout: LpLayout, accounts: RunAccounts): Float64Array[] {
  const commodities = layout.graph.commodities;
  const daily = commodities.map(() => new Float64Array(layout.days));
  for (const series of accounts.routeDaily.values()) {
    series.forEach((tonnes, index) => {
      const barrelsPerTonne = commodities[index]!.barrelsPerTonne;
      for (let day = 0; day < layout.days; day += 1) daily[index]![day]! += tonnes[day]! * barrelsPerTonne;
    });
  }
  return daily;
}

/** The benchmark change on each day (USD/bbl) for one set of elasticities. */
export function priceChanges(scenario: Scenario, world: WorldMarket, lostBarrelsPerDay: Float64Array, elasticities: Elasticities): Float64Array {
  const multiplier = priceMultiplier(elasticities);
  const barrelsPerTonne = scenario.network.commodity.barrelsPerTonne;
  return Float64Array.from(lostBarrelsPerDay, (lost, day) => {
    const benchmark = scenario.benchmark[day]!;
    return (benchmark.perBarrel + benchmark.perTonne / barrelsPerTonne) * multiplier * (lost / world.supplyBarrelsPerDay);
  });
}

export function worldPriceAccount(scenario: Scenario, world: WorldMarket, layout: LpLayout, baseline: RunAccounts, disrupted: RunAccounts): WorldPriceReport {
  const days = layout.days;
  const commodities = layout.graph.commodities;
  const before = exportsBarrels(layout, baseline);
  const after = exportsBarrels(layout, disrupted);
  const lost = new Float64Array(days);
  before.forEach((series, index) => series.forEach((barrels, day) => (lost[day]! += barrels - after[index]![day]!)));
  const sets = { central: world.central, low: world.low ?? world.central, high: world.high ?? world.central };
  const changes = { central: priceChanges(scenario, world, lost, sets.central), low: priceChanges(scenario, world, lost, sets.low), high: priceChanges(scenario, world, lost, sets.high) };
  const total = (series: Float64Array, weight: (day: number) => number = () => 1) => series.reduce((sum, change, day) => sum + change * weight(day), 0);

  type Row = { actor: string; role: 'exporter' | 'corridor' | 'importer'; barrels: number; gain: { central: number; low: number; high: number } };
  const rows = new Map<string, Row>();
  const credit = (actor: string, role: Row['role'], barrels: number, gain: Row['gain']) => {
    const key = `${actor}\u0000${role}`;
    const row = rows.get(key) ?? { actor, role, barrels: 0, gain: { central: 0, low: 0, high: 0 } };
    row.barrels += barrels;
    row.gain.central += gain.central;
    row.gain.low += gain.low;
    row.gain.high += gain.high;
    rows.set(key, row);
  };
  const gains = (weight: (day: number) => number) => ({ central: total(changes.central, weight), low: total(changes.low, weight), high: total(changes.high, weight) });
  const scale = (gain: Row['gain'], factor: number) => ({ central: gain.central * factor, low: gain.low * factor, high: gain.high * factor });

  // The corridor's shippers gain on what they still export: the state its fiscal share, owners the rest.
  commodities.forEach((field, index) => {
    const sold = after[index]!;
    const gain = gains((day) => sold[day]!);
    const barrels = sold.reduce((sum, value) => sum + value, 0);
    credit(field.taxedBy, 'corridor', 0, scale(gain, field.fiscalTake));
    for (const owner of field.owners) credit(owner.actor, 'corridor', barrels * owner.share, scale(gain, (1 - field.fiscalTake) * owner.share));
  });
  // Exporters outside: their exports less what the network already carries of the fields they tax.
  for (const exporter of world.exporters) {
    const carried = commodities.reduce((sum, field, index) => (field.taxedBy === exporter.actor ? sum + before[index]!.reduce((total, value) => total + value, 0) / days : sum), 0);
    const outside = Math.max(0, exporter.barrelsPerDay - carried);
    credit(exporter.actor, 'exporter', outside * days, gains(() => outside));
  }
  let importedBarrelsPerDay = 0;
  for (const importer of world.importers) {
    importedBarrelsPerDay += importer.barrelsPerDay;
    credit(importer.actor, 'importer', importer.barrelsPerDay * days, scale(gains(() => importer.barrelsPerDay), -1));
  }
  // Everyone else who buys oil: world consumption (supply less what the corridor lost) less named importers.
  const others = scale(gains((day) => world.supplyBarrelsPerDay - lost[day]! - importedBarrelsPerDay), -1);

  const average = (series: Float64Array) => (days > 0 ? total(series) / days : 0);
  const peak = (series: Float64Array) => series.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
  const lostTotal = lost.reduce((sum, value) => sum + value, 0);
  return {
    elasticities: { central: sets.central, ...(world.low ? { low: world.low } : {}), ...(world.high ? { high: world.high } : {}) },
    multiplier: round(priceMultiplier(sets.central), 4),
    worldSupplyBarrelsPerDay: world.supplyBarrelsPerDay,
    supplyLostBarrels: round(lostTotal, 0),
    peakSupplyLostBarrelsPerDay: round(peak(lost), 0),
    averageChangeUsdPerBbl: round(average(changes.central), 4),
    peakChangeUsdPerBbl: round(peak(changes.central), 4),
    rangeAverageChangeUsdPerBbl: [round(average(changes.low), 4), round(average(changes.high), 4)],
    dailyChangeUsdPerBbl: [...changes.central].map((value) => round(value, 4)),
    byActor: [...rows.values()]
      .filter((row) => row.gain.central !== 0 || row.barrels !== 0)
      .map((row) => ({ actor: row.actor, role: row.role, barrels: round(row.barrels, 0), gainUsd: round(row.gain.central, 2), gainRangeUsd: [round(row.gain.low, 2), round(row.gain.high, 2)] as [number, number] }))
      .sort((a, b) => b.gainUsd - a.gainUsd || a.actor.localeCompare(b.actor) || a.role.localeCompare(b.role)),
    otherBuyersGainUsd: round(others.central, 2),
    otherBuyersGainRangeUsd: [round(others.low, 2), round(others.high, 2)],
  };
}

/** An actor's gain from the price change, all roles together, at the central elasticities and the range. */
export function priceGainOf(report: WorldPriceReport, actor: string): { central: number; low: number; high: number } {
  const rows = report.byActor.filter((row) => row.actor === actor);
  return { central: rows.reduce((sum, row) => sum + row.gainUsd, 0), low: rows.reduce((sum, row) => sum + row.gainRangeUsd[0], 0), high: rows.reduce((sum, row) => sum + row.gainRangeUsd[1], 0) };
}
