import { html, nothing, render, type TemplateResult } from 'lit-html';
import { energy, type Units } from './commodity.ts';
import { $, percent, tableRows } from './format.ts';
import type { GasResult } from './types.ts';

/**
 * A gas run's result (its `gas` block, docs/gas-model.md): supply lost, replacement LNG and its
 * cost, demand priced out and unserved, storage against the fill targets, suppliers and each
 * actor's loss, all in energy (TWh, GWh, bcm) and the network's currency.
 */
type Gas = GasResult['gas'];

export interface GasContext {
  readonly units: Units;
  /** MWh per m3 (the network's calorific value), for bcm beside TWh. */
  readonly mwhPerCubicMetre: number;
  name(id: string): string;
}

const bcm = (mwh: number, context: GasContext) => `${(mwh / context.mwhPerCubicMetre / 1e9).toFixed(2)} bcm`;

/** Summed over markets: scenario − baseline of one demand figure. */
function demandChange(gas: Gas, pick: (side: Gas['demand'][number]['baseline']) => number): number {
  return gas.demand.reduce((sum, row) => sum + pick(row.scenario) - pick(row.baseline), 0);
}

/** Each target date's shortfall summed over states (scenario), the 1 November one first when there is one. */
function targetShortfalls(gas: Gas): { date: string; shortMWh: number; states: number }[] {
  const byDate = new Map<string, { shortMWh: number; states: number }>();
  for (const row of gas.storage) {
    for (const target of row.targets) {
      const entry = byDate.get(target.date) ?? { shortMWh: 0, states: 0 };
      entry.shortMWh += target.scenario.shortMWh;
      entry.states += target.scenario.shortMWh > 0.5 ? 1 : 0;
      byDate.set(target.date, entry);
    }
  }
  return [...byDate.entries()].map(([date, entry]) => ({ date, ...entry })).sort((a, b) => Number(b.date.endsWith('-11-01')) - Number(a.date.endsWith('-11-01')) || a.date.localeCompare(b.date));
}

/** The headline: one figure per line (bcm in the hover card). */
export function gasHeadline(result: GasResult, context: GasContext): TemplateResult {
  const gas = result.gas;
  const { units } = context;
  const line = (label: string, figure: string, id: string, hover?: string) => html`<dt>${label}</dt><dd id=${id} title=${hover ?? nothing}>${figure}</dd>`;
  const lostSupply = gas.suppliers.filter((row) => !row.lng).reduce((sum, row) => sum + row.lostMWh, 0);
  const shortfall = targetShortfalls(gas)[0];
  const topSupplier = [...gas.suppliers].sort((a, b) => b.revenueLost - a.revenueLost)[0];
  return html`${line('pipeline supply lost', energy(lostSupply), 'gas-supply-lost', bcm(lostSupply, context))}
    ${line('replacement LNG', energy(gas.lng.extraMWh), 'gas-lng-extra', bcm(gas.lng.extraMWh, context))}
    ${line('extra cost of replacement LNG', units.money(gas.lng.extraCost), 'gas-lng-cost')}
    ${line('demand destroyed (priced out)', energy(demandChange(gas, (side) => side.destroyedMWh)), 'gas-destroyed')}
    ${line('demand unserved (firm)', energy(demandChange(gas, (side) => side.unservedMWh)), 'gas-unserved')}
    ${line('unserved, at the value of lost load', units.money(demandChange(gas, (side) => side.unservedCost)), 'gas-unserved-cost')}
    ${shortfall ? line(`storage short of the ${shortfall.date} targets (${shortfall.states} of ${gas.storage.length} states short)`, energy(shortfall.shortMWh), 'gas-storage-short') : nothing}
    ${topSupplier && topSupplier.revenueLost > 0 ? line(`revenue lost, ${context.name(topSupplier.supply)}`, units.money(topSupplier.revenueLost), 'gas-revenue-lost', topSupplier.supply) : nothing}
    ${gas.transit.map((row) => line(`transit fees lost, ${context.name(row.link)}`, units.money(row.feeLost), `gas-fees-${row.link}`, row.link))}`;
}

/** Storage against the fill targets (1 November: 80 % in 2022, Regulation 2022/1032), by state. */
function storageTable(gas: Gas, context: GasContext): TemplateResult {
  const rows = gas.storage.flatMap((row) =>
    row.targets.map((target) => [html`<span title=${row.state}>${context.name(row.state)}</span>`, target.date, percent(target.requiredFill, 0), percent(target.baseline.fill), percent(target.scenario.fill), energy(target.scenario.shortMWh)]),
  );
  const ends = gas.storage.map((row) => [html`<span title=${row.state}>${context.name(row.state)}</span>`, 'end', '', energy(row.endBaselineMWh), energy(row.endScenarioMWh), '']);
  return tableRows(['state', 'date', 'target', 'baseline fill', 'scenario fill', 'short (scenario)'], rows.length > 0 ? rows : ends);
}

function demandTable(gas: Gas, context: GasContext): TemplateResult {
  const { units } = context;
  return tableRows(
    ['market', 'reference', 'served', 'destroyed', 'unserved', 'at VoLL'],
    gas.demand.map((row) => [
      html`<span title=${row.market}>${context.name(row.market)}</span>`,
      energy(row.referenceMWh),
      energy(row.scenario.servedMWh),
      energy(row.scenario.destroyedMWh - row.baseline.destroyedMWh),
      energy(row.scenario.unservedMWh - row.baseline.unservedMWh),
      units.money(row.scenario.unservedCost - row.baseline.unservedCost),
    ]),
  );
}

function supplierTable(gas: Gas, context: GasContext): TemplateResult {
  const { units } = context;
  const rows = [...gas.suppliers].sort((a, b) => b.lostMWh - a.lostMWh);
  return tableRows(
    ['supply', 'baseline', 'scenario', 'revenue lost', 'cost change'],
    rows.map((row) => [html`<span title=${row.supply}>${context.name(row.supply)}${row.lng ? ' (LNG)' : ''}</span>`, energy(row.baselineMWh), energy(row.scenarioMWh), units.money(row.revenueLost), units.money(row.supplyCostChange)]),
  );
}

/** Losses by actor, largest first (fiscal take, equity, tariffs, penalties, ship-or-pay fees). */
export function gasActorLosses(gas: Gas): Gas['actors'] {
  return [...gas.actors].sort((a, b) => b.loss - a.loss || a.actor.localeCompare(b.actor));
}

/** The gas cards: storage against targets, demand, supplies, and losses by actor. */
export function showGasTables(result: GasResult, context: GasContext): void {
  const gas = result.gas;
  render(storageTable(gas, context), $('gas-storage'));
  render(demandTable(gas, context), $('gas-demand'));
  render(supplierTable(gas, context), $('gas-suppliers'));
  render(
    tableRows(
      ['actor', 'loss', 'of which ship-or-pay'],
      gasActorLosses(gas).map((row) => [html`<span title=${row.actor}>${row.name}</span>`, context.units.money(row.loss), context.units.money(row.shipOrPayFeesLost)]),
    ),
    $('actors'),
  );
}
