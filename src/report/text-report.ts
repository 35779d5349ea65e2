import type { RunResult } from '../analysis/result-schema.ts';
import type { Network } from '../model/network.ts';
import { grouped, percent, table, usd, volume, type VolumeFormat } from './format.ts';
import { gasReport } from './gas-report.ts';

/** The system the run starts from: tanks, production limits, dated figures held at their first-day value. */
function stateLines(definition: RunResult['definition'], name: (id: string) => string, format: VolumeFormat): string[] {
  const state = definition.state;
  if (!state) return [];
  const lines = [`  network as of ${definition.start}; dated capacities change on their own dates within the horizon`];
  for (const tank of state.storage) lines.push(`  tank ${name(tank.storage)}: starts at ${volume(tank.initialTonnes, format)}, minimum operating stock ${volume(tank.minimumTonnes, format)}, capacity ${volume(tank.capacityTonnes, format)}`);
  for (const limit of state.productionLimits) lines.push(`  production limit ${limit.id} (${name(limit.state)}): ${limit.enforced ? `enforced${limit.firstDayCapTonnes === null ? '' : `, ${volume(limit.firstDayCapTonnes, format)}/d on the first day`}` : 'not enforced'}`);
  const perYear = (tonnesPerDay: number) => `${volume(tonnesPerDay * 365, format)}/yr`;
  for (const rule of state.schedules ?? []) {
    const pipe = rule.capacityTonnesPerDay === null ? 'an unlimited link' : `a link of ${perYear(rule.capacityTonnesPerDay)}`;
    const extra = rule.extra ? `more from ${rule.extra.leadDays} day(s) into a disruption, up to ${rule.extra.upToTonnesPerDay === null ? 'the link' : perYear(rule.extra.upToTonnesPerDay)}` : 'no more in a disruption';
    lines.push(`  schedule ${name(rule.link)}: ${perYear(rule.scheduleTonnesPerDay)} on ${pipe}; ${extra}`);
  }
  if (state.datedChanges.length > 0) lines.push(`  held at their first-day value although they change in the horizon: ${state.datedChanges.map((change) => `${change.figure} of ${change.asset} (${change.from})`).join(', ')}`);
  return lines;
}

/** The readable report of `chokepoint run`: headline, then tables by route, actor and shareholder. */
export function textReport(result: RunResult, network: Network, format: VolumeFormat): string {
  // A gas network speaks energy and its own currency, never barrels.
  if (result.gas) return gasReport(result, network);
  const { impact, definition } = result;
  // Short names keep the tables narrow: "Tengiz & Korolev (Tengizchevroil)" -> "Tengiz & Korolev".
  const name = (id: string) => short(network.actors.find((actor) => actor.id === id)?.name ?? network.nodes.find((node) => node.id === id)?.name ?? network.links.find((link) => link.id === id)?.name ?? id);
  const lines: string[] = [];
  lines.push(`${definition.name} (${definition.id})`);
  lines.push(`network ${definition.network}, ${definition.start} to ${definition.end} (${definition.days} days); impact = baseline without events minus scenario`);
  for (const event of definition.events) lines.push(`  event ${event.type} ${event.start}${event.end ? ` to ${event.end}` : ''}: ${clip(event.summary, 110)}`);
  lines.push(operationsLine(result.operations));
  lines.push(...allocationLines(result.allocation));
  lines.push(...stateLines(definition, name, format));
  lines.push('');
  if (result.warnings.length > 0) {
    lines.push('WARNINGS');
    for (const warning of result.warnings) lines.push(`  ! ${warning.message} (at ${warning.path})`);
    lines.push('');
  }

  lines.push('HEADLINE');
  lines.push(`  exports lost          ${volume(impact.exportsLostTonnes, format, impact.exportsLostBarrels)} (${volume(impact.exportsLostTonnes, { ...format, unit: 'Mt' })}, ${volume(impact.exportsLostTonnes, { ...format, unit: 'mb' }, impact.exportsLostBarrels)})`);
  lines.push(`  revenue lost          ${usd(impact.revenueLostUsd)} (sales at markets within the horizon)`);
  lines.push(`  netback lost          ${usd(impact.netbackLostUsd)} (after tariffs, lifting, shut-in costs; stock at end valued)`);
  lines.push(`  production shut in    ${volume(impact.productionShutInTonnes, format)}`);
  lines.push(`  stock built           ${volume(impact.peakStockBuiltTonnes, format)} at peak, ${volume(impact.stockBuiltTonnes, format)} at the end`);
  for (const row of impact.heldInTransit) {
    lines.push(`  held in transit       ${name(row.node)}: ${volume(row.peakTonnes, format)} at peak, ${row.days} day(s) from ${row.first}, ${volume(row.endTonnes, format)} at the end (shipped before its way on closed)`);
  }
  for (const state of impact.budgetLossByState) lines.push(`  budget loss ${pad(name(state.state), 10)}${usd(state.lossUsd)} (fiscal take)`);
  const hardest = [...new Set(impact.byShareholder.filter((row) => row.assetKind === 'field').map((row) => row.asset))]
    .map((asset) => ({ asset, rows: impact.byShareholder.filter((row) => row.asset === asset && row.assetKind === 'field') }))
    .sort((a, b) => sumLoss(b.rows) - sumLoss(a.rows))[0];
  if (hardest && sumLoss(hardest.rows) > 0) {
    lines.push(`  ${name(hardest.asset)} shareholders (after tax): ${hardest.rows.map((row) => `${name(row.actor)} ${usd(row.lossUsd)} (${percent(row.share)})`).join('; ')}`);
  }
  for (const disruptor of impact.disruptors) {
    const actor = impact.byActor.find((row) => row.actor === disruptor.actor);
    const parts = [`lost tariffs ${usd(disruptor.tariffLostUsd)}`];
    if (actor && actor.fiscalUsd !== 0) parts.push(`fiscal take ${usd(actor.fiscalUsd)}`);
    if (actor && actor.fieldEquityUsd !== 0) parts.push(`field equity ${usd(actor.fieldEquityUsd)}`);
    lines.push(`  ${name(disruptor.actor)}'s own cost (disruptor): ${usd(disruptor.ownCostUsd)} = ${parts.join(' + ')}`);
    if (disruptor.penaltiesReceivedUsd > 0) {
      const ratio = disruptor.tariffLostUsd / disruptor.penaltiesReceivedUsd;
      lines.push(`    against the fine it received: ${usd(disruptor.penaltiesReceivedUsd)}; its lost tariffs alone are ${grouped(ratio, 0)} times the fine`);
    }
  }
  for (const penalty of impact.penalties) {
    lines.push(`  penalty: ${name(penalty.payer)} pays ${penalty.amount.toLocaleString('en-US')} ${penalty.currency} = ${usd(penalty.usd)}${penalty.payee ? ` to ${name(penalty.payee)}` : ''} on ${penalty.date}`);
  }
  lines.push('');

  lines.push('EXPORTS BY ROUTE');
  const routes = result.baseline.exportsByRoute.map((row) => {
    const after = result.scenario.exportsByRoute.find((candidate) => candidate.route === row.route);
    const lost = impact.exportsLostByRoute.find((candidate) => candidate.route === row.route);
    return [row.route, volume(row.tonnes, format, row.barrels), volume(after?.tonnes ?? 0, format, after?.barrels), volume(lost?.tonnes ?? 0, format, lost?.barrels)];
  });
  lines.push(indent(table(['route', 'baseline', 'scenario', 'lost'], routes)));
  lines.push('');

  const fields = result.baseline.byField.map((row) => {
    const after = result.scenario.byField.find((candidate) => candidate.field === row.field)!;
    return [name(row.field), volume(row.productionTonnes, format), volume(after.productionTonnes, format), volume(after.shutInTonnes - row.shutInTonnes, format), usd(row.revenueUsd - after.revenueUsd)];
  });
  lines.push('FIELDS');
  lines.push(indent(table(['field', 'baseline output', 'scenario output', 'extra shut-in', 'revenue lost'], fields)));
  lines.push('');

  lines.push('LOSS BY ACTOR (positive = loses; fiscal + field equity + tariffs + penalties)');
  const actors = impact.byActor.map((row) => [name(row.actor), row.kind, usd(row.lossUsd), usd(row.fiscalUsd), usd(row.fieldEquityUsd), usd(row.tariffUsd), usd(row.penaltyUsd)]);
  lines.push(indent(table(['actor', 'kind', 'loss', 'fiscal', 'field equity', 'tariffs', 'penalties'], actors)));
  lines.push('');

  if (impact.worldPrice) lines.push(...worldPriceLines(impact, name), '');

  lines.push('LOSS BY SHAREHOLDING');
  const holdings = impact.byShareholder.filter((row) => Math.abs(row.lossUsd) >= 0.5).map((row) => [name(row.actor), name(row.asset), percent(row.share), usd(row.lossUsd)]);
  lines.push(indent(table(['shareholder', 'asset', 'share', 'loss'], holdings)));
  lines.push('');

  if (impact.tariffLostByLink.length > 0) {
    lines.push('TARIFF REVENUE LOST BY LINK');
    const links = impact.tariffLostByLink.map((row) => [name(row.link), row.jurisdiction.map(name).join(', ') || '-', usd(row.lossUsd)]);
    lines.push(indent(table(['link', 'jurisdiction', 'lost'], links)));
    lines.push('');
  }
  if (result.sensitivity && result.sensitivity.length > 0) {
    lines.push('SENSITIVITY OF THE HEADLINE (each estimate at both ends of its sourced range; --json has the sources)');
    const value = (row: (typeof result.sensitivity)[number], x: number) => (row.unit === '%' ? percent(x) : row.unit === 't' ? volume(x, format) : row.unit === 'x' ? `x${grouped(x, 1)}` : `${grouped(x, 0)} days`);
    const loss = (x: number | null) => (x === null ? 'not solved' : usd(x));
    const rows = result.sensitivity.map((row) => [clip(row.name, 60), value(row, row.base), `${value(row, row.low)} - ${value(row, row.high)}`, metricName(row.metric, name), loss(row.lossLowUsd), usd(row.lossBaseUsd), loss(row.lossHighUsd), row.method]);
    lines.push(indent(table(['estimate', 'data', 'range', 'moves', 'at low', 'as run', 'at high', 'how'], rows)));
    lines.push('');
  }
  lines.push(`model: ${result.model.columns} columns, ${result.model.rows} rows, ${result.model.nonZeros} non-zeros; solved to optimality (HiGHS)`);
  return `${lines.join('\n')}\n`;
}

/**
 * Which rule shared each asset with a stated one; pro-rata assets also say on how many days the
 * rule was in force and what share of their nominations the shippers moved then.
 */
function allocationLines(allocation: RunResult['allocation']): string[] {
  if (allocation.length === 0) return ['allocation: merit on every shared asset (the best-paid crude first)'];
  const lines = ['allocation (every other shared asset: merit, the best-paid crude first):'];
  for (const row of allocation) {
    const assets = row.assets.join(', ');
    if (row.rule === 'merit') {
      lines.push(`  ${assets}: merit${row.estimate !== undefined ? ' (estimate)' : ''}`);
      continue;
    }
    if (row.note !== undefined) {
      lines.push(`  ${assets}: pro rata to ${row.basis ?? 'nominations'}${row.estimate !== undefined ? ' (estimate)' : ''}; ${row.note}`);
      continue;
    }
    const shares = row.shippers.filter((shipper) => shipper.shareOfNomination !== null).map((shipper) => shipper.shareOfNomination!);
    const moved = row.daysInForce > 0 && shares.length > 0 ? `; shippers moved ${percentRange(shares)} of their nominations then` : '';
    lines.push(`  ${assets}: pro rata to ${row.basis ?? 'nominations'}${row.estimate !== undefined ? ' (estimate)' : ''}, in force ${row.daysInForce} day(s)${moved}`);
  }
  return lines;
}

function percentRange(shares: readonly number[]): string {
  const low = Math.round(Math.min(...shares) * 100);
  const high = Math.round(Math.max(...shares) * 100);
  return low === high ? `${low} %` : `${low}-${high} %`;
}

/** Which mode decided the scenario; a rolling run also gives the hindsight loss beside its own. */
function operationsLine(operations: RunResult['operations']): string {
  if (operations.mode === 'hindsight') return 'operations: hindsight (one plan that knows every event and its end: the lower bound of the loss)';
  const window = `re-planned every ${operations.replanDays} day(s) over ${operations.lookaheadDays} days with what was known each day`;
  return `operations: rolling (${window}); with hindsight the loss would be ${usd(operations.hindsightNetbackLostUsd ?? 0)}: value of foresight ${usd(operations.valueOfForesightUsd ?? 0)}`;
}

function metricName(metric: string, name: (id: string) => string): string {
  const [kind, id] = metric.split(':');
  if (kind === 'budget') return `budget loss ${name(id!)}`;
  if (kind === 'disruptor') return `${name(id!)}'s own cost`;
  return 'netback lost';
}

/** The world price's answer: the change, who gains and pays, and the disruptor net of its gain. */
function worldPriceLines(impact: RunResult['impact'], name: (id: string) => string): string[] {
  const world = impact.worldPrice!;
  const price = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} USD/bbl`;
  const { central, low, high } = world.elasticities;
  const lines = [
    `WORLD PRICE (benchmark change from the corridor's lost supply: share lost / (supply ${central.supply} - demand ${central.demand} elasticity), ${central.label})`,
    `  supply lost ${grouped(world.supplyLostBarrels / 1e6, 1)} mb over the horizon, peak ${grouped(world.peakSupplyLostBarrelsPerDay / 1e3, 0)} kb/d of ${grouped(world.worldSupplyBarrelsPerDay / 1e6, 1)} mb/d world supply`,
    `  benchmark ${price(world.averageChangeUsdPerBbl)} on average over the horizon, ${price(world.peakChangeUsdPerBbl)} at peak; average ${price(world.rangeAverageChangeUsdPerBbl[0])} to ${price(world.rangeAverageChangeUsdPerBbl[1])}${low && high ? ` (${low.label} to ${high.label})` : ''}`,
  ];
  const rows = world.byActor.filter((row) => Math.abs(row.gainUsd) >= 0.5).map((row) => [name(row.actor), row.role, usd(row.gainUsd), `${usd(row.gainRangeUsd[0])} to ${usd(row.gainRangeUsd[1])}`]);
  rows.push(["all the world's other buyers", 'buyers', usd(world.otherBuyersGainUsd), `${usd(world.otherBuyersGainRangeUsd[0])} to ${usd(world.otherBuyersGainRangeUsd[1])}`]);
  lines.push(indent(table(['actor', 'as', 'gain from the price', 'range'], rows)));
  const disruptor = impact.disruptor;
  if (disruptor) {
    lines.push(`  ${name(disruptor.actor)} (disruptor): gross cost ${usd(disruptor.grossCostUsd)} - price gain ${usd(disruptor.priceGainUsd)} = net cost ${usd(disruptor.netCostUsd)} (range ${usd(disruptor.netCostRangeUsd[0])} to ${usd(disruptor.netCostRangeUsd[1])})${disruptor.netCostUsd < 0 ? ': the closure pays it' : ''}`);
  }
  return lines;
}

function sumLoss(rows: readonly { lossUsd: number }[]): number {
  return rows.reduce((total, row) => total + row.lossUsd, 0);
}

function short(name: string): string {
  return name.split(' (')[0] ?? name;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `  ${line}`).join('\n');
}

function pad(text: string, width: number): string {
  return `${text} `.padEnd(width + 1);
}
