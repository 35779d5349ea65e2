/**
 * The daily series the gas additions need (docs/gas-model.md): reference demand, injection
 * limits, fill targets, ship-or-pay bookings, and lifting costs that change by date (an LNG price
 * path). A timeline carries them only when its network has any, so crude runs are unchanged.
 */
import { dailyValues, inServiceOn } from '../model/dated.ts';
import type { Network, NetworkNode, Link } from '../model/network.ts';
import type { ScenarioEvent } from './scenario.ts';

export interface GasSeries {
  /** Market -> reference demand each day (base units per day); 0 outside service. */
  readonly demandReference: ReadonlyMap<string, Float64Array>;
  /** Storage -> most injected each day. */
  readonly storageInjection: ReadonlyMap<string, Float64Array>;
  /** Storage -> stock required at the end of each day (0 = no target that day). */
  readonly fillTarget: ReadonlyMap<string, Float64Array>;
  /** Storage -> cost of each unit short of that day's target (Infinity = a hard target). */
  readonly fillPenalty: ReadonlyMap<string, Float64Array>;
  /** Link -> capacity booked under ship-or-pay each day. */
  readonly booked: ReadonlyMap<string, Float64Array>;
  /** Field -> lifting cost each day, for fields whose cost is dated. */
  readonly fieldCost: ReadonlyMap<string, Float64Array>;
}

type Series = (asset: NetworkNode | Link, figure: string, value: number) => Float64Array;

/**
 * The gas series of a network over `dates`, or undefined when it uses none of them. `events`
 * (the scenario's, in a run with events) may shift a field's lifting cost: a price event whose
 * target is a field (an LNG price shock).
 */
export function gasSeries(network: Network, dates: readonly string[], series: Series, storageCapacity: ReadonlyMap<string, Float64Array>, events: readonly ScenarioEvent[] = []): GasSeries | undefined {
  const demandReference = new Map<string, Float64Array>();
  const storageInjection = new Map<string, Float64Array>();
  const fillTarget = new Map<string, Float64Array>();
  const fillPenalty = new Map<string, Float64Array>();
  const booked = new Map<string, Float64Array>();
  const fieldCost = new Map<string, Float64Array>();
  const dayOf = new Map(dates.map((date, day) => [date, day]));
  for (const node of network.nodes) {
    if (node.kind === 'market' && node.demand && node.demandReferenceTonnesPerDay !== undefined) demandReference.set(node.id, series(node, 'demandReferenceTonnesPerDay', node.demandReferenceTonnesPerDay));
    if (node.kind === 'field' && node.steps?.liftingCostUsdPerTonne) fieldCost.set(node.id, dailyValues(node.steps.liftingCostUsdPerTonne, dates));
    if (node.kind !== 'storage') continue;
    if (node.injectionTonnesPerDay !== undefined) storageInjection.set(node.id, series(node, 'injectionTonnesPerDay', node.injectionTonnesPerDay));
    const capacity = storageCapacity.get(node.id);
    const targets = (node.fillTargets ?? []).filter((target) => dayOf.has(target.by) && inServiceOn(node.service, target.by));
    if (!capacity || targets.length === 0) continue;
    const required = new Float64Array(dates.length);
    const penalty = new Float64Array(dates.length).fill(Infinity);
    for (const target of targets) {
      const day = dayOf.get(target.by)!;
      required[day] = target.share * capacity[day]!;
      penalty[day] = target.penaltyUsdPerTonne ?? Infinity;
    }
    fillTarget.set(node.id, required);
    fillPenalty.set(node.id, penalty);
  }
  for (const link of network.links) if (link.bookedTonnesPerDay !== undefined) booked.set(link.id, series(link, 'bookedTonnesPerDay', link.bookedTonnesPerDay));
  shiftFieldCosts(network, dates.length, events, fieldCost);
  const used = [demandReference, storageInjection, fillTarget, booked, fieldCost].some((map) => map.size > 0);
  return used ? { demandReference, storageInjection, fillTarget, fillPenalty, booked, fieldCost } : undefined;
}

/** Price events on a field move its lifting cost over their window (per base unit, e.g. an LNG price shock). */
function shiftFieldCosts(network: Network, days: number, events: readonly ScenarioEvent[], fieldCost: Map<string, Float64Array>): void {
  for (const event of events) {
    if (event.type !== 'price') continue;
    const field = network.nodes.find((node) => node.id === event.target);
    if (field?.kind !== 'field') continue;
    const cost = fieldCost.get(field.id) ?? new Float64Array(days).fill(field.liftingCostUsdPerTonne);
    fieldCost.set(field.id, cost);
    for (let day = Math.max(0, event.startDay); day <= Math.min(days - 1, event.endDay); day += 1) cost[day] = cost[day]! + event.change.perTonne + event.change.perBarrel * field.barrelsPerTonne;
  }
}

/** The same series on days start … start+length−1 (see sliceTimeline). */
export function sliceGasSeries(gas: GasSeries, slice: (series: Float64Array) => Float64Array): GasSeries {
  const map = (source: ReadonlyMap<string, Float64Array>) => new Map([...source].map(([id, values]) => [id, slice(values)] as const));
  return {
    demandReference: map(gas.demandReference),
    storageInjection: map(gas.storageInjection),
    fillTarget: map(gas.fillTarget),
    fillPenalty: map(gas.fillPenalty),
    booked: map(gas.booked),
    fieldCost: map(gas.fieldCost),
  };
}

/** A field's lifting cost on one day: its dated series if it has one, else its single value. */
export function liftingCostOn(gas: GasSeries | undefined, field: { readonly id: string; readonly liftingCostUsdPerTonne: number }, day: number): number {
  return gas?.fieldCost.get(field.id)?.[day] ?? field.liftingCostUsdPerTonne;
}
