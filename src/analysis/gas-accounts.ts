/**
 * Gas accounts of a run (docs/gas-model.md): demand served, destroyed by price and unserved;
 * storage against its fill targets by state; replacement LNG and its extra cost; suppliers'
 * volumes and revenue; ship-or-pay fees owed and lost; each actor's loss. Base units: MWh and
 * the network's currency. Everything is read from the runs' flows and stocks, so hindsight and
 * rolling runs are accounted alike.
 */
import type { Link, MarketNode, Network, StorageNode } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { LpLayout } from '../solve/build-lp.ts';
import { demandSteps } from '../solve/gas-lp.ts';
import type { RunAccounts } from './run-accounts.ts';
import { sum } from './run-accounts.ts';
import { round } from './rounding.ts';
import type { GasResult } from './gas-result-schema.ts';

interface Side {
  readonly accounts: RunAccounts;
  readonly timeline: Timeline;
}

export interface DemandSplit {
  readonly served: number;
  readonly destroyed: number;
  readonly unserved: number;
}

/**
 * How one day's consumption `served` sits on a market's curve with reference demand `reference`:
 * firm demand is served first (it has the highest willingness to pay), the rest of the reference
 * is demand destroyed by price.
 */
export function splitDemand(market: MarketNode, reference: number, served: number): DemandSplit {
  const firm = (market.demand?.firmShare ?? 1) * reference;
  const unserved = Math.max(0, firm - served);
  return { served, unserved, destroyed: Math.max(0, reference - served - unserved) };
}

function demandOf(market: MarketNode, side: Side) {
  const delivered = side.accounts.deliveredByMarket.get(market.id);
  const reference = side.timeline.gas?.demandReference.get(market.id);
  let served = 0;
  let destroyed = 0;
  let unserved = 0;
  for (let day = 0; day < side.accounts.days; day += 1) {
    const split = splitDemand(market, reference?.[day] ?? 0, delivered?.[day] ?? 0);
    served += split.served;
    destroyed += split.destroyed;
    unserved += split.unserved;
  }
  const voll = market.demand?.valueOfLostLoadUsdPerTonne ?? 0;
  return { servedMWh: round(served, 3), destroyedMWh: round(destroyed, 3), unservedMWh: round(unserved, 3), unservedCost: round(unserved * voll, 2) };
}

function demandRows(network: Network, baseline: Side, scenario: Side): GasResult['demand'] {
  return network.nodes
    .filter((node): node is MarketNode => node.kind === 'market' && node.demand !== undefined)
    .map((market) => ({
      market: market.id,
      state: market.state ?? null,
      referenceMWh: round(sum(baseline.timeline.gas?.demandReference.get(market.id) ?? []), 3),
      valueOfLostLoad: market.demand!.valueOfLostLoadUsdPerTonne,
      priceSteps: demandSteps(market.demand!).map((step) => ({ share: round(step.share, 6), price: round(step.priceUsdPerTonne, 4) })),
      baseline: demandOf(market, baseline),
      scenario: demandOf(market, scenario),
    }));
}

/** Fill against targets, summed by state (a storage without a state counts as its own). */
function storageRows(network: Network, baseline: Side, scenario: Side): GasResult['storage'] {
  const storages = network.nodes.filter((node): node is StorageNode => node.kind === 'storage');
  const byState = new Map<string, StorageNode[]>();
  for (const storage of storages) byState.set(storage.state ?? storage.id, [...(byState.get(storage.state ?? storage.id) ?? []), storage]);
  const dates = baseline.timeline.dates;
  const last = dates.length - 1;
  return [...byState].map(([state, members]) => {
    const stock = (side: Side, day: number) => sum(members.map((storage) => side.accounts.stockDaily.get(storage.id)?.[day] ?? 0));
    const capacity = (side: Side, day: number) => sum(members.map((storage) => side.timeline.storageCapacity.get(storage.id)?.[day] ?? 0));
    const targetDays = [...new Set(members.flatMap((storage) => [...(baseline.timeline.gas?.fillTarget.get(storage.id) ?? [])].flatMap((value, day) => (value > 0 ? [day] : []))))].sort((a, b) => a - b);
    const targets = targetDays.map((day) => {
      const required = sum(members.map((storage) => scenario.timeline.gas?.fillTarget.get(storage.id)?.[day] ?? 0));
      const row = (side: Side) => ({ stockMWh: round(stock(side, day), 3), fill: round(stock(side, day) / Math.max(capacity(side, day), 1e-9), 4), shortMWh: round(Math.max(0, required - stock(side, day)), 3) });
      return { date: dates[day]!, requiredMWh: round(required, 3), requiredFill: round(required / Math.max(capacity(scenario, day), 1e-9), 4), baseline: row(baseline), scenario: row(scenario) };
    });
    return { state, storages: members.map((storage) => storage.id), capacityMWh: round(capacity(scenario, last), 3), endBaselineMWh: round(stock(baseline, last), 3), endScenarioMWh: round(stock(scenario, last), 3), targets };
  });
}

/** Each field's volume and what it cost per day (LNG: the delivered price path). */
function supplierRows(layout: LpLayout, baseline: Side, scenario: Side): GasResult['suppliers'] {
  return layout.graph.commodities.map((field, index) => {
    const volume = (side: Side) => sum(side.accounts.productionDaily[index]!);
    const before = baseline.accounts.commodity[index]!;
    const after = scenario.accounts.commodity[index]!;
    return {
      supply: field.id,
      lng: field.lng === true,
      owners: field.owners.map((owner) => ({ actor: owner.actor, share: owner.share })),
      baselineMWh: round(volume(baseline), 3),
      scenarioMWh: round(volume(scenario), 3),
      lostMWh: round(volume(baseline) - volume(scenario), 3),
      revenueLost: round(before.revenueUsd - after.revenueUsd, 2),
      netbackLost: round(before.netbackUsd - after.netbackUsd, 2),
      supplyCostChange: round(after.liftingUsd - before.liftingUsd, 2),
    };
  });
}

/** Replacement LNG: extra volume and what it cost at each day's price. */
function lngRow(layout: LpLayout, baseline: Side, scenario: Side): GasResult['lng'] {
  let extra = 0;
  let extraCost = 0;
  let before = 0;
  let after = 0;
  layout.graph.commodities.forEach((field, index) => {
    if (!field.lng) return;
    const cost = scenario.timeline.gas?.fieldCost.get(field.id);
    for (let day = 0; day < baseline.accounts.days; day += 1) {
      const change = scenario.accounts.productionDaily[index]![day]! - baseline.accounts.productionDaily[index]![day]!;
      before += baseline.accounts.productionDaily[index]![day]!;
      after += scenario.accounts.productionDaily[index]![day]!;
      extra += change;
      extraCost += change * (cost?.[day] ?? field.liftingCostUsdPerTonne);
    }
  });
  return { baselineMWh: round(before, 3), scenarioMWh: round(after, 3), extraMWh: round(extra, 3), extraCost: round(extraCost, 2) };
}

/** Ship-or-pay fee owed over a run: fee × booked capacity the link offered each day. */
export function shipOrPayFee(link: Link, timeline: Timeline): number {
  const booked = timeline.gas?.booked.get(link.id);
  const capacity = timeline.linkCapacity.get(link.id);
  if (!booked || link.shipOrPayFeeUsdPerTonne === undefined) return 0;
  let owed = 0;
  for (let day = 0; day < booked.length; day += 1) owed += link.shipOrPayFeeUsdPerTonne * Math.min(booked[day]!, capacity?.[day] ?? Infinity);
  return owed;
}

function transitRows(network: Network, baseline: Side, scenario: Side): GasResult['transit'] {
  return network.links
    .filter((link) => link.shipOrPay !== undefined)
    .map((link) => {
      const before = shipOrPayFee(link, baseline.timeline);
      const after = shipOrPayFee(link, scenario.timeline);
      return { link: link.id, payer: link.shipOrPay!.payer, earners: link.owners.map((owner) => ({ actor: owner.actor, share: owner.share })), baselineFee: round(before, 2), scenarioFee: round(after, 2), feeLost: round(before - after, 2) };
    });
}

/** Each actor's loss: the run's losses by actor (fiscal, equity, tariffs, penalties) plus ship-or-pay fees. */
function actorRows(network: Network, transit: GasResult['transit'], byActor: readonly { actor: string; lossUsd: number }[]): GasResult['actors'] {
  const loss = new Map(byActor.map((row) => [row.actor, { loss: row.lossUsd, fees: 0 }]));
  const of = (actor: string) => loss.get(actor) ?? loss.set(actor, { loss: 0, fees: 0 }).get(actor)!;
  for (const row of transit) {
    for (const earner of row.earners) of(earner.actor).fees += row.feeLost * earner.share;
    // Fees the payer no longer owes are a saving.
    of(row.payer).fees -= row.feeLost;
  }
  return network.actors
    .filter((actor) => loss.has(actor.id))
    .map((actor) => {
      const entry = loss.get(actor.id)!;
      return { actor: actor.id, name: actor.name, loss: round(entry.loss + entry.fees, 2), shipOrPayFeesLost: round(entry.fees, 2) };
    })
    .filter((row) => row.loss !== 0 || row.shipOrPayFeesLost !== 0)
    .sort((a, b) => b.loss - a.loss || a.actor.localeCompare(b.actor));
}

export function gasAccounts(layout: LpLayout, baseline: Side, scenario: Side, byActor: readonly { actor: string; lossUsd: number }[]): GasResult {
  const network = layout.graph.network;
  const transit = transitRows(network, baseline, scenario);
  return {
    units: { energy: 'MWh', currency: network.commodity.currency ?? 'EUR' },
    demand: demandRows(network, baseline, scenario),
    storage: storageRows(network, baseline, scenario),
    lng: lngRow(layout, baseline, scenario),
    suppliers: supplierRows(layout, baseline, scenario),
    transit,
    actors: actorRows(network, transit, byActor),
  };
}
