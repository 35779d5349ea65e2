/**
 * The text report of a run on a gas network: energy (GWh, TWh, with bcm beside) and the
 * network's currency; demand, storage against targets, LNG, suppliers, transit fees, actors.
 * Nothing of the crude report (barrels, exports by route, per-crude streams) appears here.
 */
import type { RunResult } from '../analysis/result-schema.ts';
import type { GasResult } from '../analysis/gas-result-schema.ts';
import type { Network } from '../model/network.ts';
import { grouped, percent, table } from './format.ts';

/** MWh as TWh, GWh or MWh, whichever reads best. */
export function energy(mwh: number): string {
  const magnitude = Math.abs(mwh);
  if (magnitude >= 1e6) return `${grouped(mwh / 1e6, 2)} TWh`;
  if (magnitude >= 1e3) return `${grouped(mwh / 1e3, 1)} GWh`;
  return `${grouped(mwh, 0)} MWh`;
}

export function money(amount: number, currency: string): string {
  const magnitude = Math.abs(amount);
  if (magnitude >= 1e9) return `${grouped(amount / 1e9, 2)} bn ${currency}`;
  if (magnitude >= 1e6) return `${grouped(amount / 1e6, 1)} M ${currency}`;
  return `${grouped(amount, 0)} ${currency}`;
}

/** bcm for MWh at the network's calorific value (MWh per m3). */
function bcm(mwh: number, network: Network): string {
  return `${grouped(mwh / (network.commodity.tonnesPerCubicMetre * 1e9), 2)} bcm`;
}

export function gasReport(result: RunResult, network: Network): string {
  const gas = result.gas!;
  const { definition } = result;
  const currency = gas.units.currency;
  const name = (id: string) => network.actors.find((actor) => actor.id === id)?.name ?? network.nodes.find((node) => node.id === id)?.name ?? network.links.find((link) => link.id === id)?.name ?? id;
  const cash = (amount: number) => money(amount, currency);
  const lines: string[] = [];
  lines.push(`${definition.name} (${definition.id})`);
  lines.push(`gas network ${definition.network}, ${definition.start} to ${definition.end} (${definition.days} days); impact = baseline without events minus scenario; energy at ${grouped(network.commodity.tonnesPerCubicMetre * 1000, 2)} kWh/m3; money in ${currency}`);
  for (const event of definition.events) lines.push(`  event ${event.type} ${event.start}${event.end ? ` to ${event.end}` : ''}: ${event.summary}`);
  lines.push(result.operations.mode === 'rolling' ? `operations: rolling (re-planned every ${result.operations.replanDays} day(s) over ${result.operations.lookaheadDays} days with what was known each day)` : 'operations: hindsight (one plan that knows every event and its end)');
  lines.push('');
  if (result.warnings.length > 0) lines.push('WARNINGS', ...result.warnings.map((warning) => `  ! ${warning.message} (at ${warning.path})`), '');
  lines.push(...headline(gas, network, cash), '');
  lines.push(...demandLines(gas, name, cash), '');
  lines.push(...storageLines(gas, name));
  lines.push(...supplierLines(gas, name, cash), '');
  if (gas.transit.length > 0) lines.push(...transitLines(gas, name, cash), '');
  lines.push('LOSS BY ACTOR (positive = loses; fiscal take, equity, tariffs, penalties, ship-or-pay fees)');
  lines.push(indent(table(['actor', 'loss', 'of which ship-or-pay'], gas.actors.map((row) => [name(row.actor), cash(row.loss), cash(row.shipOrPayFeesLost)]))));
  lines.push('');
  lines.push(`model: ${result.model.columns} columns, ${result.model.rows} rows, ${result.model.nonZeros} non-zeros; solved to optimality (HiGHS)`);
  return `${lines.join('\n')}\n`;
}

function headline(gas: GasResult, network: Network, cash: (amount: number) => string): string[] {
  const total = (pick: (row: GasResult['demand'][number]) => number) => gas.demand.reduce((sum, row) => sum + pick(row), 0);
  const unserved = total((row) => row.scenario.unservedMWh - row.baseline.unservedMWh);
  const destroyed = total((row) => row.scenario.destroyedMWh - row.baseline.destroyedMWh);
  const lostCost = total((row) => row.scenario.unservedCost - row.baseline.unservedCost);
  const pipeline = gas.suppliers.filter((row) => !row.lng);
  const lostSupply = pipeline.reduce((sum, row) => sum + row.lostMWh, 0);
  return [
    'HEADLINE',
    `  pipeline supply lost   ${energy(lostSupply)} (${bcm(lostSupply, network)})`,
    `  replacement LNG        ${energy(gas.lng.extraMWh)} (${bcm(gas.lng.extraMWh, network)}), extra cost ${cash(gas.lng.extraCost)}`,
    `  demand destroyed       ${energy(destroyed)} (priced out: willingness to pay below the cost of supply)`,
    `  demand unserved        ${energy(unserved)} (firm), ${cash(lostCost)} at the value of lost load`,
    ...gas.transit.map((row) => `  transit fees lost      ${cash(row.feeLost)} on ${row.link} (ship-or-pay)`),
  ];
}

function demandLines(gas: GasResult, name: (id: string) => string, cash: (amount: number) => string): string[] {
  const rows = gas.demand.map((row) => [name(row.market), energy(row.referenceMWh), energy(row.scenario.servedMWh), energy(row.scenario.destroyedMWh - row.baseline.destroyedMWh), energy(row.scenario.unservedMWh - row.baseline.unservedMWh), cash(row.scenario.unservedCost - row.baseline.unservedCost)]);
  return ['DEMAND (scenario; destroyed and unserved beyond the baseline)', indent(table(['market', 'reference', 'served', 'destroyed', 'unserved', 'at VoLL'], rows))];
}

function storageLines(gas: GasResult, name: (id: string) => string): string[] {
  const rows = gas.storage.flatMap((row) => row.targets.map((target) => [name(row.state), target.date, percent(target.requiredFill), `${percent(target.baseline.fill)} / ${percent(target.scenario.fill)}`, `${energy(target.baseline.shortMWh)} / ${energy(target.scenario.shortMWh)}`]));
  const ends = gas.storage.map((row) => [name(row.state), energy(row.capacityMWh), energy(row.endBaselineMWh), energy(row.endScenarioMWh)]);
  return [
    'STORAGE BY STATE (end of horizon)',
    indent(table(['state', 'working capacity', 'baseline', 'scenario'], ends)),
    '',
    ...(rows.length > 0 ? ['FILL AGAINST TARGETS (baseline / scenario)', indent(table(['state', 'date', 'target', 'fill', 'short'], rows)), ''] : []),
  ];
}

function supplierLines(gas: GasResult, name: (id: string) => string, cash: (amount: number) => string): string[] {
  const rows = gas.suppliers.map((row) => [`${name(row.supply)}${row.lng ? ' (LNG)' : ''}`, energy(row.baselineMWh), energy(row.scenarioMWh), cash(row.revenueLost), cash(row.supplyCostChange)]);
  return ['SUPPLIES (revenue at the market prices; cost change: scenario − baseline)', indent(table(['supply', 'baseline', 'scenario', 'revenue lost', 'cost change'], rows))];
}

function transitLines(gas: GasResult, name: (id: string) => string, cash: (amount: number) => string): string[] {
  const rows = gas.transit.map((row) => [name(row.link), name(row.payer), row.earners.map((earner) => name(earner.actor)).join(', '), cash(row.baselineFee), cash(row.feeLost)]);
  return ['SHIP-OR-PAY TRANSIT FEES', indent(table(['link', 'payer', 'earned by', 'baseline fee', 'fee lost'], rows))];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
