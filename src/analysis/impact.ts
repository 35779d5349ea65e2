import { changesWithin } from '../model/dated.ts';
import { isGas, type FieldNode, type Price } from '../model/network.ts';
import { gasAccounts } from './gas-accounts.ts';
import { gasImpactOf } from './gas-impact.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { PenaltyEvent, Scenario, ScenarioEvent } from '../scenario/scenario.ts';
import type { SolveOutcome } from '../solve/solve.ts';
import type { LpLayout } from '../solve/build-lp.ts';
import { accountRun, sum, type Ledger, type RunAccounts } from './run-accounts.ts';
import type { Impact, RunResult, RunSummary } from './result-schema.ts';
import { round } from './rounding.ts';
import { scenarioWarnings, type ScenarioWarning } from '../scenario/warnings.ts';
import { priceGainOf, worldPriceAccount } from './world-price.ts';


type Optimal = Extract<SolveOutcome, { status: 'optimal' }>;

export function buildResult(scenario: Scenario, outcome: Optimal): RunResult {
  const { layout } = outcome;
  const baseline = accountRun(layout, outcome.baseline, outcome.cache);
  const disrupted = accountRun(layout, outcome.scenario, outcome.cache);
  const network = layout.graph.network;
  const commodities = layout.graph.commodities;
  const days = layout.days;
  const penalties = penaltiesIn(scenario, days);

  const byActor = actorLosses(layout, baseline, disrupted, penalties);

  const byShareholder: RunResult['impact']['byShareholder'] = [];
  commodities.forEach((field, index) => {
    const before = baseline.commodity[index]!;
    const after = disrupted.commodity[index]!;
    const afterTaxLoss = before.netbackUsd - before.fiscalUsd - (after.netbackUsd - after.fiscalUsd);
    for (const owner of field.owners) byShareholder.push({ actor: owner.actor, asset: field.id, assetKind: 'field', share: owner.share, lossUsd: round(afterTaxLoss * owner.share, 2) });
  });
  network.links.forEach((link, index) => {
    const loss = baseline.tariffByLink[index]! - disrupted.tariffByLink[index]!;
    if (loss === 0) return;
    for (const owner of link.owners) byShareholder.push({ actor: owner.actor, asset: link.id, assetKind: 'link', share: owner.share, lossUsd: round(loss * owner.share, 2) });
  });
  byShareholder.sort((a, b) => b.lossUsd - a.lossUsd || a.actor.localeCompare(b.actor) || a.asset.localeCompare(b.asset));

  const budgetLossByState = network.actors
    .filter((actor) => actor.kind === 'state')
    .map((actor) => ({ state: actor.id, lossUsd: round(commodities.reduce((total, field, index) => (field.taxedBy === actor.id ? total + baseline.commodity[index]!.fiscalUsd - disrupted.commodity[index]!.fiscalUsd : total), 0), 2) }))
    .filter((row) => row.lossUsd !== 0)
    .sort((a, b) => b.lossUsd - a.lossUsd);

  const supplyShortfall = layout.shortfallMarkets
    .map((market, k) => {
      const total = (run: { shortfallTonnes: Float64Array }) => sum([...run.shortfallTonnes.subarray(k * days, (k + 1) * days)]);
      return { market, tonnes: round(total(outcome.scenario) - total(outcome.baseline), 3) };
    })
    .filter((row) => row.tonnes !== 0);

  const tariffLostByLink = network.links
    .map((link, index) => ({ link: link.id, lossUsd: round(baseline.tariffByLink[index]! - disrupted.tariffByLink[index]!, 2), jurisdiction: [...link.jurisdiction] }))
    .filter((row) => row.lossUsd !== 0)
    .sort((a, b) => b.lossUsd - a.lossUsd || a.link.localeCompare(b.link));

  const disruptorIds = [...new Set(scenario.events.flatMap((event) => disruptorOf(event)))].sort();
  const disruptors = disruptorIds.map((actor) => {
    const row = byActor.find((candidate) => candidate.actor === actor);
    return {
      actor,
      ownCostUsd: row?.lossUsd ?? 0,
      tariffLostUsd: row?.tariffUsd ?? 0,
      penaltiesReceivedUsd: round(sum(penalties.filter((p) => p.payee === actor).map((p) => p.usd)), 2),
      penaltiesPaidUsd: round(sum(penalties.filter((p) => p.payer === actor).map((p) => p.usd)), 2),
    };
  });

  const worldPrice = scenario.world ? worldPriceAccount(scenario, scenario.world, layout, baseline, disrupted) : undefined;
  const disruptor = worldPrice && disruptorIds.length > 0 ? disruptorNet(disruptorIds[0]!, byActor, worldPrice) : undefined;

  const routes = [...new Set([...baseline.routeDaily.keys()])].sort();
  const routeTotal = (accounts: RunAccounts, route: string) => sum((accounts.routeDaily.get(route) ?? []).map((series) => sum(series)));
  const routeBarrels = (accounts: RunAccounts, route: string) => sum((accounts.routeDaily.get(route) ?? []).map((series, index) => sum(series) * commodities[index]!.barrelsPerTonne));
  // Barrels and per-crude streams are crude figures: a gas network has neither (gas is one pooled stream).
  const crude = !isGas(network);
  const exportsLostByRoute = routes.map((route) => ({ route, tonnes: round(routeTotal(baseline, route) - routeTotal(disrupted, route)), ...(crude ? { barrels: round(routeBarrels(baseline, route) - routeBarrels(disrupted, route)) } : {}) }));

  const storages = [...baseline.stockDaily.keys()].sort();
  const stockBuiltByStorage = storages.map((storage) => {
    const before = baseline.stockDaily.get(storage)!;
    const after = disrupted.stockDaily.get(storage)!;
    let peak = 0;
    for (let day = 0; day < days; day += 1) peak = Math.max(peak, after[day]! - before[day]!);
    return { storage, endTonnes: round(after[days - 1]! - before[days - 1]!), peakTonnes: round(peak) };
  });
  const heldNodes = [...new Set([...baseline.heldDaily.keys(), ...disrupted.heldDaily.keys()])].filter((node) => [baseline, disrupted].some((accounts) => accounts.heldDaily.get(node)?.some((tonnes) => round(tonnes) > 0))).sort();
  const heldInTransit = heldInTransitRows(heldNodes, disrupted, outcome.scenario.timeline.dates, round);
  const daily = outcome.baseline.timeline.dates.map((date, day) => {
    const exportsLost = routes.reduce((total, route) => total + dayRoute(baseline, route, day) - dayRoute(disrupted, route, day), 0);
    const shutIn = commodities.reduce((total, _field, index) => total + disrupted.capacityDaily[index]![day]! - disrupted.productionDaily[index]![day]! - (baseline.capacityDaily[index]![day]! - baseline.productionDaily[index]![day]!), 0);
    const stock = storages.reduce((total, storage) => total + disrupted.stockDaily.get(storage)![day]! - baseline.stockDaily.get(storage)![day]!, 0);
    return { date, exportsLostTonnes: round(exportsLost), revenueLostUsd: round(baseline.revenueDaily[day]! - disrupted.revenueDaily[day]!, 2), shutInTonnes: round(shutIn), stockBuiltTonnes: round(stock) };
  });

  const shutIn = (accounts: RunAccounts, index: number) => accounts.commodity[index]!.capacityTonnes - accounts.commodity[index]!.producedTonnes;
  const stateOf = (field: FieldNode) => field.taxedBy;
  const shutInByField = () => commodities.map((field, index) => ({ field: field.id, tonnes: round(shutIn(disrupted, index) - shutIn(baseline, index)) })).filter((row) => row.tonnes !== 0);
  const linkFlows = linkFlowsOf(layout, outcome);
  const netbackLostUsd = netbackLost(baseline, disrupted);
  const gas = isGas(network) ? gasAccounts(layout, { accounts: baseline, timeline: outcome.baseline.timeline }, { accounts: disrupted, timeline: outcome.scenario.timeline }, byActor) : undefined;
  return {
    schemaVersion: 1,
    status: 'optimal',
    definition: {
      id: scenario.id,
      name: scenario.name,
      network: network.id,
      start: scenario.dates[0] ?? '',
      end: scenario.dates[scenario.dates.length - 1] ?? '',
      days,
      events: scenario.events.map((event) => describeEvent(event, moneyWords(network))),
      state: startingState(outcome.baseline.timeline, scenario, (value) => round(value)),
    },
    warnings: [...scenarioWarnings(scenario), ...impactWarnings(scenario, { netbackLostUsd, exportsLostByRoute, shutInByField: shutInByField() }, days)],
    model: { ...outcome.size },
    operations: { mode: 'hindsight' },
    allocation: (outcome.allocation ?? []).map((summary) => ({
      ...summary,
      assets: [...summary.assets],
      shippers: summary.shippers.map((row) => ({ ...row, nominationTonnesPerDay: round(row.nominationTonnesPerDay), inForceTonnes: round(row.inForceTonnes), shareOfNomination: row.shareOfNomination === null ? null : round(row.shareOfNomination, 4) })),
    })),
    baseline: summarise(layout, baseline, stateOf, crude),
    scenario: summarise(layout, disrupted, stateOf, crude),
    impact: {
      exportsLostTonnes: round(sum(exportsLostByRoute.map((row) => row.tonnes))),
      ...(crude ? { exportsLostBarrels: round(sum(exportsLostByRoute.map((row) => row.barrels ?? 0))) } : {}),
      exportsLostByRoute,
      productionShutInTonnes: round(commodities.reduce((total, _f, index) => total + shutIn(disrupted, index) - shutIn(baseline, index), 0)),
      shutInByField: shutInByField(),
      stockBuiltTonnes: round(sum(disrupted.commodity.map((c) => c.endStockTonnes)) - sum(baseline.commodity.map((c) => c.endStockTonnes))),
      inTransitBuiltTonnes: round(sum(disrupted.commodity.map((c) => c.endInTransitTonnes)) - sum(baseline.commodity.map((c) => c.endInTransitTonnes))),
      peakStockBuiltTonnes: round(Math.max(0, ...daily.map((row) => row.stockBuiltTonnes))),
      stockBuiltByStorage,
      heldInTransit,
      revenueLostUsd: round(sum(baseline.commodity.map((c) => c.revenueUsd)) - sum(disrupted.commodity.map((c) => c.revenueUsd)), 2),
      netbackLostUsd,
      budgetLossByState,
      byActor,
      byShareholder,
      tariffLostByLink,
      supplyShortfall,
      disruptors,
      penalties: penalties.map((p) => ({ payer: p.payer, ...(p.payee ? { payee: p.payee } : {}), amount: p.amount, currency: p.currency, usd: round(p.usd, 2), date: p.date })),
      ...(worldPrice ? { worldPrice } : {}),
      ...(disruptor ? { disruptor } : {}),
      // Gas: the impact in gas terms (see gas-impact.ts).
      ...(gas ? { gas: gasImpactOf(gas) } : {}),
      daily,
    },
    shadowPrices: shadowPricesOf(layout, outcome),
    linkFlows,
    series: {
      dates: [...outcome.baseline.timeline.dates],
      routes: routes.map((route) => ({ route, baseline: routeDays(baseline, route, days), scenario: routeDays(disrupted, route, days) })),
      storage: storages.map((storage) => ({ storage, baseline: [...baseline.stockDaily.get(storage)!].map((value) => round(value)), scenario: [...disrupted.stockDaily.get(storage)!].map((value) => round(value)) })),
      held: heldNodes.map((node) => ({ node, baseline: [...(baseline.heldDaily.get(node) ?? new Float64Array(days))].map((value) => round(value)), scenario: [...(disrupted.heldDaily.get(node) ?? new Float64Array(days))].map((value) => round(value)) })),
      production: commodities.map((field, index) => ({ field: field.id, baseline: [...baseline.productionDaily[index]!].map((value) => round(value)), scenario: [...disrupted.productionDaily[index]!].map((value) => round(value)) })),
    },
    ...(gas ? { gas } : {}),
  };
}

/**
 * A scenario whose events act within the horizon but leave exports by route, output and netback
 * as in the baseline: spare capacity absorbed them, which the reader should be told rather than
 * left to infer from tables of zeros.
 */
function impactWarnings(scenario: Scenario, impact: Pick<RunResult['impact'], 'netbackLostUsd' | 'exportsLostByRoute' | 'shutInByField'>, days: number): ScenarioWarning[] {
  const acting = scenario.events.filter((event) => event.type !== 'penalty' && event.startDay < days && (event.type === 'expansion' || event.endDay >= 0));
  if (acting.length === 0 || impact.netbackLostUsd !== 0 || impact.shutInByField.length > 0 || impact.exportsLostByRoute.some((row) => row.tonnes !== 0)) return [];
  return [{ code: 'no-impact', path: 'events', message: `the events change no export, output or netback: spare capacity absorbs them (${acting.map((event) => ('asset' in event ? event.asset : event.type)).join(', ')})` }];
}

/** The disruptor's own loss at fixed prices, less what the price change earns it. */
function disruptorNet(actor: string, byActor: RunResult['impact']['byActor'], worldPrice: NonNullable<RunResult['impact']['worldPrice']>): NonNullable<RunResult['impact']['disruptor']> {
  const gross = byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
  const gain = priceGainOf(worldPrice, actor);
  return {
    actor,
    grossCostUsd: round(gross, 2),
    priceGainUsd: round(gain.central, 2),
    netCostUsd: round(gross - gain.central, 2),
    priceGainRangeUsd: [round(gain.low, 2), round(gain.high, 2)],
    netCostRangeUsd: [round(gross - gain.low, 2), round(gross - gain.high, 2)],
  };
}

function routeDays(accounts: RunAccounts, route: string, days: number): number[] {
  return Array.from({ length: days }, (_, day) => round(dayRoute(accounts, route, day)));
}

function dayRoute(accounts: RunAccounts, route: string, day: number): number {
  return (accounts.routeDaily.get(route) ?? []).reduce((total, series) => total + series[day]!, 0);
}

function summarise(layout: LpLayout, accounts: RunAccounts, stateOf: (field: FieldNode) => string, crude: boolean): RunSummary {
  const commodities = layout.graph.commodities;
  const exportsByRoute = [...accounts.routeDaily.keys()].sort().map((route) => {
    const series = accounts.routeDaily.get(route)!;
    const byOrigin = commodities
      .map((field, index) => ({ field: field.id, state: stateOf(field), tonnes: round(sum(series[index]!)) }))
      .filter((row) => row.tonnes !== 0);
    const tonnes = round(sum(series.map((values) => sum(values))));
    // On gas the split by origin is the pooled stream's mix (see splitStreams): the analyses read it, a gas result does not show it.
    if (!crude) return { route, tonnes, byOrigin };
    return { route, tonnes, barrels: round(sum(series.map((values, index) => sum(values) * commodities[index]!.barrelsPerTonne))), byOrigin };
  });
  const byField = commodities.map((field, index) => {
    const account = accounts.commodity[index]!;
    return {
      field: field.id,
      name: field.name,
      state: stateOf(field),
      productionTonnes: round(account.producedTonnes),
      shutInTonnes: round(account.capacityTonnes - account.producedTonnes),
      revenueUsd: round(account.revenueUsd, 2),
      netbackUsd: round(account.netbackUsd, 2),
      fiscalUsd: round(account.fiscalUsd, 2),
    };
  });
  return {
    objectiveUsd: round(accounts.objectiveUsd, 2),
    netbackUsd: round(sum(accounts.commodity.map((c) => c.netbackUsd)), 2),
    exportsTonnes: round(sum(exportsByRoute.map((row) => row.tonnes))),
    exportsByRoute,
    revenueUsd: round(sum(accounts.commodity.map((c) => c.revenueUsd)), 2),
    productionTonnes: round(sum(accounts.commodity.map((c) => c.producedTonnes))),
    shutInTonnes: round(sum(accounts.commodity.map((c) => c.capacityTonnes - c.producedTonnes))),
    endStockTonnes: round(sum(accounts.commodity.map((c) => c.endStockTonnes))),
    endInTransitTonnes: round(sum(accounts.commodity.map((c) => c.endInTransitTonnes))),
    endHeldTonnes: round(sum(accounts.commodity.map((c) => c.endHeldTonnes))),
    byField,
  };
}

interface Income {
  fiscal: number;
  fieldEquity: number;
  tariff: number;
  penalty: number;
}

const emptyIncome = (): Income => ({ fiscal: 0, fieldEquity: 0, tariff: 0, penalty: 0 });

/** Who earns what in one run: fiscal take, after-tax field margin by equity, tariffs by equity. */
/** What each actor loses (fiscal take, field equity, tariffs, penalties), largest first; actors untouched left out. */
export function actorLosses(layout: LpLayout, baseline: Ledger, disrupted: Ledger, penalties: readonly PenaltyEvent[]): RunResult['impact']['byActor'] {
  const baselineIncome = incomeByActor(layout, baseline, []);
  const scenarioIncome = incomeByActor(layout, disrupted, penalties);
  return layout.graph.network.actors
    .map((actor) => {
      const before = baselineIncome.get(actor.id) ?? emptyIncome();
      const after = scenarioIncome.get(actor.id) ?? emptyIncome();
      const fiscalUsd = before.fiscal - after.fiscal;
      const fieldEquityUsd = before.fieldEquity - after.fieldEquity;
      const tariffUsd = before.tariff - after.tariff;
      const penaltyUsd = before.penalty - after.penalty;
      return { actor: actor.id, name: actor.name, kind: actor.kind, lossUsd: round(fiscalUsd + fieldEquityUsd + tariffUsd + penaltyUsd, 2), fiscalUsd: round(fiscalUsd, 2), fieldEquityUsd: round(fieldEquityUsd, 2), tariffUsd: round(tariffUsd, 2), penaltyUsd: round(penaltyUsd, 2) };
    })
    .filter((row) => row.lossUsd !== 0 || row.fiscalUsd !== 0 || row.tariffUsd !== 0 || row.fieldEquityUsd !== 0)
    .sort((a, b) => b.lossUsd - a.lossUsd || a.actor.localeCompare(b.actor));
}

/** The penalties a scenario pays within its horizon of `days` days. */
export function penaltiesIn(scenario: Scenario, days: number): PenaltyEvent[] {
  return scenario.events.filter((event): event is PenaltyEvent => event.type === 'penalty' && event.day >= 0 && event.day < days);
}

/** The exporters' netback lost: all fields' netback in the baseline less in the scenario. */
export function netbackLost(baseline: Ledger, disrupted: Ledger): number {
  return round(sum(baseline.commodity.map((c) => c.netbackUsd)) - sum(disrupted.commodity.map((c) => c.netbackUsd)), 2);
}

function incomeByActor(layout: LpLayout, accounts: Ledger, penalties: readonly PenaltyEvent[]): Map<string, Income> {
  const income = new Map<string, Income>();
  const of = (actor: string) => {
    if (!income.has(actor)) income.set(actor, emptyIncome());
    return income.get(actor)!;
  };
  layout.graph.commodities.forEach((field, index) => {
    const account = accounts.commodity[index]!;
    of(field.taxedBy).fiscal += account.fiscalUsd;
    for (const owner of field.owners) of(owner.actor).fieldEquity += (account.netbackUsd - account.fiscalUsd) * owner.share;
  });
  layout.graph.network.links.forEach((link, index) => {
    for (const owner of link.owners) of(owner.actor).tariff += accounts.tariffByLink[index]! * owner.share;
  });
  for (const penalty of penalties) {
    of(penalty.payer).penalty -= penalty.usd;
    if (penalty.payee) of(penalty.payee).penalty += penalty.usd;
  }
  return income;
}

function disruptorOf(event: ScenarioEvent): string[] {
  if (event.type === 'outage' && event.causedBy) return [event.causedBy];
  if (event.type === 'sanction') return [event.actor];
  return [];
}

/** How an event's summary writes money: USD and USD/t on crude, the network's currency and its price per MWh on gas. */
interface MoneyWords {
  readonly currency: string;
  readonly perAmount: string;
  /** The unit a price change of zero is written in (crude prices move per barrel). */
  readonly priceUnit: string;
}

function moneyWords(network: Timeline['network']): MoneyWords {
  const currency = network.commodity.currency ?? (isGas(network) ? 'EUR' : 'USD');
  return isGas(network) ? { currency, perAmount: `${currency}/MWh`, priceUnit: `${currency}/MWh` } : { currency: 'USD', perAmount: 'USD/t', priceUnit: 'USD/bbl' };
}

function describePrice(price: Price, words: MoneyWords): string {
  const signed = (value: number, unit: string) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ${unit}`;
  const parts = [price.perBarrel !== 0 ? signed(price.perBarrel, 'USD/bbl') : '', price.perTonne !== 0 ? signed(price.perTonne, words.perAmount) : ''].filter(Boolean);
  return parts.join(' ') || signed(0, words.priceUnit);
}

function startingState(timeline: Timeline, scenario: Scenario, roundTonnes: (value: number) => number): NonNullable<RunResult['definition']['state']> {
  const network = timeline.network;
  const storage = network.nodes.flatMap((node) => (node.kind === 'storage' ? [{ storage: node.id, initialTonnes: roundTonnes(timeline.storageInitial.get(node.id) ?? 0), minimumTonnes: roundTonnes(timeline.storageMinimum.get(node.id)?.[0] ?? 0), capacityTonnes: roundTonnes(timeline.storageCapacity.get(node.id)?.[0] ?? 0) }] : []));
  const enforced = new Map(timeline.productionCaps.map((cap) => [cap.id, cap.cap[0]!]));
  const productionLimits = (network.productionLimits ?? []).map((limit) => ({ id: limit.id, state: limit.state, enforced: enforced.has(limit.id), firstDayCapTonnes: Number.isFinite(enforced.get(limit.id) ?? Infinity) ? roundTonnes(enforced.get(limit.id)!) : null }));
  const first = scenario.dates[0];
  const last = scenario.dates[scenario.dates.length - 1];
  return { storage, productionLimits, datedChanges: first && last ? changesWithin(scenario.network, first, last) : [], schedules: scheduleRules(network, roundTonnes) };
}

/** Commercial schedules that hold a link below its pipe: what a disruption can ask more of. */
function scheduleRules(network: Timeline['network'], roundTonnes: (value: number) => number): NonNullable<NonNullable<RunResult['definition']['state']>['schedules']> {
  const finiteOrNull = (value: number) => (Number.isFinite(value) ? roundTonnes(value) : null);
  return network.links.flatMap((link) => {
    const schedule = link.scheduleTonnesPerDay;
    if (schedule === undefined || !Number.isFinite(schedule) || schedule >= link.capacityTonnesPerDay) return [];
    const extra = link.extra ? { leadDays: link.extra.leadDays, upToTonnesPerDay: finiteOrNull(link.extra.upToTonnesPerDay) } : null;
    return [{ link: link.id, scheduleTonnesPerDay: roundTonnes(schedule), capacityTonnesPerDay: finiteOrNull(link.capacityTonnesPerDay), extra }];
  });
}

function describeEvent(event: ScenarioEvent, words: MoneyWords): RunResult['definition']['events'][number] {
  switch (event.type) {
    case 'outage':
      return { type: 'outage', asset: event.asset, start: event.start, end: event.end, summary: `${event.asset} at ${Math.round(event.remaining * 100)} % capacity${event.causedBy ? `, caused by ${event.causedBy}` : ''}${event.note ? ` — ${event.note}` : ''}` };
    case 'sanction':
      return { type: 'sanction', start: event.start, end: event.end, summary: `${event.actor} blocks ${event.assets.join(', ')}${event.note ? ` — ${event.note}` : ''}` };
    case 'expansion':
      return { type: 'expansion', asset: event.asset, start: event.start, summary: `${event.link || event.node ? 'new' : 'enlarged'} ${event.asset}${event.note ? ` — ${event.note}` : ''}` };
    case 'price':
      return { type: 'price', start: event.start, end: event.end, summary: `${event.target} ${describePrice(event.change, words)}${event.note ? ` — ${event.note}` : ''}` };
    case 'rule':
      return { type: 'rule', start: event.start, end: event.end, summary: `${event.id}: ${event.issuer} ${event.rule} at ${event.markets.join(', ')} on crude of ${event.caught.join(', ') || 'no field'}${event.exempt.length > 0 ? ` (exempt: ${event.exempt.map((entry) => entry.field).join(', ')})` : ''} — ${event.legalBasis}` };
    case 'penalty':
      return { type: 'penalty', start: event.date, summary: `${event.payer} pays ${event.amount.toLocaleString('en-US')} ${event.currency} (${event.usd.toFixed(0)} ${words.currency})${event.payee ? ` to ${event.payee}` : ''}${event.note ? ` — ${event.note}` : ''}` };
  }
}


/** Tonnes each link carried over the horizon in both runs, and what it could have carried. */
/** Shadow prices of the assets binding on some day, read back by name from both runs' duals. */
function shadowPricesOf(layout: LpLayout, outcome: Optimal): RunResult['shadowPrices'] {
  const days = layout.days;
  const base = outcome.baseline.shadow;
  const disrupted = outcome.scenario.shadow;
  if (!base || !disrupted) return { links: [], storage: [] };
  const row = (baseline: ArrayLike<number>, scenario: ArrayLike<number>) => {
    const daily = Array.from({ length: days }, (_, day) => round(scenario[day]!, 2));
    const mean = (series: ArrayLike<number>) => round(Array.from({ length: days }, (_, day) => series[day]!).reduce((total, value) => total + value, 0) / days, 2);
    return { baselineMeanUsdPerTonne: mean(baseline), scenarioMeanUsdPerTonne: mean(scenario), scenarioBindingDays: daily.filter((value) => value > 0).length, scenario: daily };
  };
  const binding = (entry: { baselineMeanUsdPerTonne: number; scenarioMeanUsdPerTonne: number }) => entry.baselineMeanUsdPerTonne > 0 || entry.scenarioMeanUsdPerTonne > 0;
  const links = layout.graph.network.links
    .map((link, index) => ({ link: link.id, ...row(base.linkUsdPerTonne.subarray(index * days, (index + 1) * days), disrupted.linkUsdPerTonne.subarray(index * days, (index + 1) * days)) }))
    .filter(binding);
  const storage = [...disrupted.storageUsdPerTonne]
    .map(([node, series]) => ({ storage: node, ...row(base.storageUsdPerTonne.get(node) ?? new Float64Array(days), series) }))
    .filter(binding);
  return { links, storage };
}

function linkFlowsOf(layout: LpLayout, outcome: Optimal): RunResult['linkFlows'] {
  const { graph, days } = layout;
  const total = (run: Optimal['baseline'], linkIndex: number) => {
    let tonnes = 0;
    for (const pair of graph.pairsByLink[linkIndex] ?? []) for (let day = 0; day < days; day += 1) tonnes += run.flowTonnes[pair * days + day]!;
    return tonnes;
  };
  return graph.network.links.map((link, linkIndex) => {
    const capacity = outcome.scenario.timeline.linkCapacity.get(link.id);
    const capacityTonnes = capacity ? capacity.reduce((sum, value) => sum + value, 0) : Infinity;
    return { link: link.id, baselineTonnes: round(total(outcome.baseline, linkIndex)), scenarioTonnes: round(total(outcome.scenario, linkIndex)), capacityTonnes: Number.isFinite(capacityTonnes) ? round(capacityTonnes) : null };
  });
}

/** Where the scenario held oil in transit: peak, end, days held and the first of them. */
function heldInTransitRows(nodes: readonly string[], accounts: RunAccounts, dates: readonly string[], round: (value: number) => number): Impact['heldInTransit'] {
  return nodes.flatMap((node) => {
    const series = accounts.heldDaily.get(node);
    if (!series) return [];
    const heldDays = [...series.keys()].filter((day) => round(series[day]!) > 0);
    if (heldDays.length === 0) return [];
    return [{ node, peakTonnes: round(Math.max(...series)), endTonnes: round(series[series.length - 1]!), days: heldDays.length, first: dates[heldDays[0]!]! }];
  });
}
