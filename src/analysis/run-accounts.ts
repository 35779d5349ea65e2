import type { LpLayout } from '../solve/build-lp.ts';
import { endValues, holdingCostOf, priceSeries, stockEndValue } from '../solve/build-lp.ts';
import type { RunSolution } from '../solve/solve.ts';
import type { SolveCache } from '../solve/cache.ts';

/** What one run (baseline or scenario) earned and moved, in tonnes and USD, whole horizon and daily. */
export interface RunAccounts {
  readonly days: number;
  /** route -> commodity index -> tonnes per day crossing the route's meter. */
  readonly routeDaily: ReadonlyMap<string, readonly Float64Array[]>;
  readonly productionDaily: readonly Float64Array[];
  readonly capacityDaily: readonly Float64Array[];
  /** storage node -> total stock at the end of each day. */
  readonly stockDaily: ReadonlyMap<string, Float64Array>;
  /** node -> oil held in transit there (shipped, unable to go on) at the end of each day. */
  readonly heldDaily: ReadonlyMap<string, Float64Array>;
  readonly revenueDaily: Float64Array;
  readonly commodity: readonly CommodityAccount[];
  /** Tariff earned on each link (USD, whole horizon), by link index. */
  readonly tariffByLink: Float64Array;
  readonly deliveredByMarket: ReadonlyMap<string, Float64Array>;
  readonly objectiveUsd: number;
}

export interface CommodityAccount {
  readonly revenueUsd: number;
  /** Value of this oil still in storage or in transit when the horizon ends. */
  readonly endValueUsd: number;
  /** Oil in storage when the horizon ends. */
  readonly endStockTonnes: number;
  /** Oil held in transit (its destination closed) when the horizon ends; valued as stock there. */
  readonly endHeldTonnes: number;
  /** Oil loaded but not yet arrived when the horizon ends. */
  readonly endInTransitTonnes: number;
  readonly tariffsUsd: number;
  readonly liftingUsd: number;
  readonly shutInCostUsd: number;
  readonly holdingCostUsd: number;
  readonly producedTonnes: number;
  readonly capacityTonnes: number;
  readonly netbackUsd: number;
  readonly fiscalUsd: number;
}

/** What each field earned and each link's owners were paid: all that losses by actor need. */
export type Ledger = Pick<RunAccounts, 'commodity' | 'tariffByLink'>;

// A run's accounts are asked for more than once (every variant's impact needs its baseline's).
const accounted = new WeakMap<RunSolution, RunAccounts>();
const ledgers = new WeakMap<RunSolution, Ledger>();

export function accountRun(layout: LpLayout, run: RunSolution, cache?: SolveCache): RunAccounts {
  let accounts = accounted.get(run);
  if (!accounts) {
    accounts = computeAccounts(layout, run, true, cache);
    accounted.set(run, accounts);
  }
  return accounts;
}

/**
 * The run's ledger without the daily series by route, market and tank, which analyses of
 * thousands of variants never read (the same figures as accountRun's, added in the same order).
 */
export function ledgerOf(layout: LpLayout, run: RunSolution, cache?: SolveCache): Ledger {
  const known = accounted.get(run) ?? ledgers.get(run);
  if (known) return known;
  const ledger = computeAccounts(layout, run, false, cache);
  ledgers.set(run, ledger);
  return ledger;
}

function computeAccounts(layout: LpLayout, run: RunSolution, daily: boolean, cache: SolveCache | undefined): RunAccounts {
  const { graph, days } = layout;
  const timeline = run.timeline;
  // Needed only for what is left in storage or under way at the end: none in a steady one-day game.
  let values: ReturnType<typeof endValues> | undefined;
  const endValueOf = (node: string, commodityIndex: number) => stockEndValue((values ??= endValues(layout, timeline, cache)), node, commodityIndex);
  const commodityCount = graph.commodities.length;
  const zero = () => new Float64Array(days);
  const routeDaily = new Map<string, Float64Array[]>();
  const productionDaily = graph.commodities.map(zero);
  // Capacity before outages: a field closed by an event counts as shut in.
  const capacityDaily = graph.commodities.map((field) => timeline.fieldNominal.get(field.id)!);
  const revenueDaily = daily ? zero() : new Float64Array(0);
  const revenue = new Float64Array(commodityCount);
  const endValue = new Float64Array(commodityCount);
  const endStock = new Float64Array(commodityCount);
  const endHeld = new Float64Array(commodityCount);
  const endInTransit = new Float64Array(commodityCount);
  const tariffs = new Float64Array(commodityCount);
  const tariffByLink = new Float64Array(graph.network.links.length);
  const holdingCost = new Float64Array(commodityCount);
  const deliveredByMarket = new Map<string, Float64Array>();

  const deliveredAt = (market: string) => {
    let delivered = deliveredByMarket.get(market);
    if (!delivered) {
      delivered = zero();
      deliveredByMarket.set(market, delivered);
    }
    return delivered;
  };
  const sell = (prices: Float64Array, delivered: Float64Array | undefined, commodityIndex: number, day: number, tonnes: number) => {
    const sale = tonnes * prices[day]!;
    revenue[commodityIndex] = revenue[commodityIndex]! + sale;
    if (!delivered) return;
    revenueDaily[day] = revenueDaily[day]! + sale;
    delivered[day] = delivered[day]! + tonnes;
  };

  graph.pairs.forEach((pair, pairIndex) => {
    const { link, commodity, commodityIndex } = pair;
    const to = graph.nodeById.get(link.to)!;
    const from = graph.nodeById.get(link.from)!;
    const route = daily ? link.route : undefined;
    if (route && !routeDaily.has(route)) routeDaily.set(route, Array.from({ length: commodityCount }, zero));
    const prices = to.kind === 'market' ? priceSeries(timeline, to.id, commodity, cache) : undefined;
    // Markets appear in the deliveries once something is sold there.
    let delivered: Float64Array | undefined;
    for (let day = 0; day < days; day += 1) {
      const tonnes = run.flowTonnes[pairIndex * days + day]!;
      if (tonnes === 0) continue;
      const tariff = tonnes * link.tariffUsdPerTonne;
      tariffs[commodityIndex] = tariffs[commodityIndex]! + tariff;
      tariffByLink[pair.linkIndex] = tariffByLink[pair.linkIndex]! + tariff;
      if (from.kind === 'field') productionDaily[commodityIndex]![day] = productionDaily[commodityIndex]![day]! + tonnes;
      if (route) {
        const series = routeDaily.get(route)![commodityIndex]!;
        series[day] = series[day]! + tonnes;
      }
      if (day + link.transitDays < days) {
        if (prices) sell(prices, daily ? (delivered ??= deliveredAt(to.id)) : undefined, commodityIndex, day + link.transitDays, tonnes);
      } else {
        const unit = prices ? prices[days - 1]! : endValueOf(to.id, commodityIndex);
        endValue[commodityIndex] = endValue[commodityIndex]! + tonnes * unit;
        endInTransit[commodityIndex] = endInTransit[commodityIndex]! + tonnes;
      }
    }
  });

  // Oil already under way when the horizon starts is sold on arrival like any other.
  layout.linefillPairs.forEach((pairIndex, k) => {
    const { link, commodity, commodityIndex } = graph.pairs[pairIndex]!;
    const to = graph.nodeById.get(link.to)!;
    const tonnes = run.linefillTonnes[k]!;
    if (to.kind !== 'market' || tonnes === 0) return;
    const prices = priceSeries(timeline, to.id, commodity, cache);
    const delivered = daily ? deliveredAt(to.id) : undefined;
    for (let arrival = 0; arrival < Math.min(link.transitDays, days); arrival += 1) sell(prices, delivered, commodityIndex, arrival, tonnes);
  });

  const stockDaily = new Map<string, Float64Array>();
  const heldDaily = new Map<string, Float64Array>();
  layout.stockBlocks.forEach((block, blockIndex) => {
    const byNode = block.held ? heldDaily : stockDaily;
    if (daily && !byNode.has(block.node)) byNode.set(block.node, zero());
    const series = byNode.get(block.node);
    const holding = holdingCostOf(graph, block);
    for (let day = 0; day < days; day += 1) {
      const stock = run.stockTonnes[blockIndex * days + day]!;
      if (series) series[day] = series[day]! + stock;
      holdingCost[block.commodityIndex] = holdingCost[block.commodityIndex]! + stock * holding;
    }
    const last = run.stockTonnes[blockIndex * days + days - 1]!;
    const ending = block.held ? endHeld : endStock;
    ending[block.commodityIndex] = ending[block.commodityIndex]! + last;
    if (last !== 0) endValue[block.commodityIndex] = endValue[block.commodityIndex]! + last * endValueOf(block.node, block.commodityIndex);
  });

  const commodity = graph.commodities.map((field, index): CommodityAccount => {
    const producedTonnes = sum(productionDaily[index]!);
    const capacityTonnes = sum(capacityDaily[index]!);
    // A dated lifting cost (an LNG price path) is paid at each day's value.
    const dated = timeline.gas?.fieldCost.get(field.id);
    const liftingUsd = dated ? productionDaily[index]!.reduce((total, tonnes, day) => total + tonnes * dated[day]!, 0) : producedTonnes * field.liftingCostUsdPerTonne;
    const shutInCostUsd = Math.max(0, capacityTonnes - producedTonnes) * field.shutInCostUsdPerTonne;
    const netbackUsd = revenue[index]! + endValue[index]! - tariffs[index]! - liftingUsd - shutInCostUsd - holdingCost[index]!;
    const base = field.fiscalBasis === 'revenue' ? revenue[index]! + endValue[index]! : Math.max(0, netbackUsd);
    return {
      revenueUsd: revenue[index]!,
      endValueUsd: endValue[index]!,
      endStockTonnes: endStock[index]!,
      endHeldTonnes: endHeld[index]!,
      endInTransitTonnes: endInTransit[index]!,
      tariffsUsd: tariffs[index]!,
      liftingUsd,
      shutInCostUsd,
      holdingCostUsd: holdingCost[index]!,
      producedTonnes,
      capacityTonnes,
      netbackUsd,
      fiscalUsd: field.fiscalTake * base,
    };
  });
  return { days, routeDaily, productionDaily, capacityDaily, stockDaily, heldDaily, revenueDaily, commodity, tariffByLink, deliveredByMarket, objectiveUsd: run.objectiveUsd };
}

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let index = 0; index < values.length; index += 1) total += values[index]!;
  return total;
}
