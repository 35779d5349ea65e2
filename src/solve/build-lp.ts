import type { FieldNode } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { CommodityGraph } from './structure.ts';
import { keptIn, type SolveCache } from './cache.ts';
import { fillRowsByStock, fillTargetsOf, gasBoundsBlocks, gasLayout, gasRowBlocks, writeGasColumns, type GasLayout } from './gas-lp.ts';
import { liftingCostOn } from '../scenario/gas-timeline.ts';
import { NO_ALLOCATION, writeAllocationBounds, type AllocationPlan } from '../operations/allocation.ts';
import { HELD_IN_TRANSIT_COST } from '../model/held-in-transit.ts';

/**
 * The time-expanded LP in the arrays HiGHS takes (CSC). Flows are in kilotonnes and money in
 * thousand USD so coefficients stay near 1–1000, which keeps the simplex well conditioned.
 */
export const TONNES_PER_UNIT = 1000;

export interface LinearProgram {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Constant part of the objective (kUSD): the shut-in cost of all capacity. */
  readonly offset: number;
}

/** Where the variables of a run sit; shared by the baseline and the scenario. */
export interface LpLayout {
  readonly graph: CommodityGraph;
  readonly days: number;
  /** Column of flow pair p on day t: p * days + t. */
  readonly flowColumns: number;
  /** The fields each production limit row covers. */
  readonly capFields: ReadonlyMap<string, readonly string[]>;
  /**
   * Node and commodity of each stock block; column: flowColumns + k * days + t. The tanks come
   * first; then, with `held`, the oil held in transit at a node that delayed links reach (see
   * src/model/held-in-transit.ts): its columns are stock at that node, at the cost of holding it
   * (heldCostUsdPerTonneDay), growing on a day by no more than the oil shipped before the LP's
   * first day that arrives then (its rows.held row, see heldArrivals).
   */
  readonly stockBlocks: readonly StockBlock[];
  /** Index of the first held block in stockBlocks (stockBlocks.length when none). */
  readonly firstHeldBlock: number;
  /**
   * Flow pairs with a transit delay. Each has a linefill column (the oil already under way when
   * the horizon starts, arriving on days 0 … delay−1) at linefillColumn + k, and a row that ties
   * it to the pair's day-0 flow in the baseline (steady state before the horizon).
   */
  readonly linefillPairs: readonly number[];
  readonly linefillColumn: number;
  /**
   * Markets with a supply obligation; each has a block of shortfall columns (tonnes the
   * obligation misses each day) at shortfallColumn + k * days + t, entering its intake row.
   */
  readonly shortfallMarkets: readonly string[];
  readonly shortfallColumn: number;
  /** Demand curves, injection limits and fill targets (docs/gas-model.md); absent when the network has none. */
  readonly gas?: GasLayout | undefined;
  /**
   * Pro-rata allocation groups (see src/operations/allocation.ts): group k's ratio r_t is column
   * allocationColumn + k * days + t; its shippers' rows follow rows.allocation.
   */
  readonly allocation: AllocationPlan;
  readonly allocationColumn: number;
  readonly rows: RowLayout;
}


interface RowLayout {
  readonly balance: ReadonlyMap<string, number>;
  readonly linkCapacity: ReadonlyMap<number, number>;
  readonly throughput: ReadonlyMap<string, number>;
  readonly storage: ReadonlyMap<string, number>;
  /** Production limit id -> first row of its daily cap on the covered fields' summed output. */
  readonly productionCap: ReadonlyMap<string, number>;
  readonly intake: ReadonlyMap<string, number>;
  /** First row of each allocation group (its shippers' blocks of `days` rows follow each other). */
  readonly allocation: readonly number[];
  /** First row of the held blocks' growth limits: held block h (from firstHeldBlock) on day t at held + h * days + t. */
  readonly held: number;
  /** First of the single linefill rows, one per delayed pair in `linefillPairs` order. */
  readonly linefill: number;
  readonly count: number;
  /** Label of each block of `days` rows, by its first row, e.g. "balance(cpc_atyrau,tengiz". */
  readonly blocks: readonly { readonly base: number; readonly label: string }[];
}

export interface StockBlock {
  readonly node: string;
  readonly commodityIndex: number;
  /** Oil held in transit at a junction or terminal, not a tank. */
  readonly held?: true;
  /** What holding a tonne for a day costs: the cheapest of the delayed links that reach the node with this commodity. */
  readonly heldCostUsdPerTonneDay?: number;
}

const balanceKey = (node: string, commodityIndex: number) => `${node}\u0000${commodityIndex}`;

/**
 * Rows exist for the union of what either timeline limits, so the baseline and the scenario
 * have the same structure and the scenario can start from the baseline's basis.
 */
export function layoutLp(graph: CommodityGraph, timelines: readonly Timeline[], closable: ReadonlySet<string> = new Set(), allocationPlan: AllocationPlan = NO_ALLOCATION): LpLayout {
  const dates = timelines[0]!.dates;
  const days = dates.length;
  const blocks: { base: number; label: string }[] = [];
  let count = 0;
  const block = (label: string) => {
    const base = count;
    blocks.push({ base, label: lpName(label) });
    count += days;
    return base;
  };
  const balance = new Map<string, number>();
  for (const node of graph.network.nodes) {
    for (const commodityIndex of graph.commoditiesAtNode.get(node.id) ?? []) {
      balance.set(balanceKey(node.id, commodityIndex), block(`balance(${lpId(node.id)},${lpId(graph.commodities[commodityIndex]!.id)}`));
    }
  }
  const linkCapacity = new Map<number, number>();
  graph.pairsByLink.forEach((pairs, linkIndex) => {
    if (pairs.length > 1) linkCapacity.set(linkIndex, block(`capacity(${lpId(graph.network.links[linkIndex]!.id)}`));
  });
  // Nodes that later variants may close need their rows now, so every variant shares this structure.
  const limited = (map: (timeline: Timeline) => ReadonlyMap<string, Float64Array>, id: string) =>
    closable.has(id) ||
    timelines.some((timeline) => (map(timeline).get(id) ?? []).some((value) => Number.isFinite(value)));
  const obliged = (id: string) => timelines.some((timeline) => (timeline.marketMinimum.get(id) ?? []).some((value) => value > 0));
  const throughput = new Map<string, number>();
  const storage = new Map<string, number>();
  const intake = new Map<string, number>();
  const sending = new Set(graph.pairs.map((pair) => pair.link.from));
  const receiving = new Set(graph.pairs.map((pair) => pair.link.to));
  for (const node of graph.network.nodes) {
    const used = node.kind === 'field' ? sending.has(node.id) : graph.commoditiesAtNode.has(node.id);
    if (node.kind === 'market') {
      const fed = receiving.has(node.id);
      if (fed && (limited((timeline) => timeline.marketIntake, node.id) || obliged(node.id))) intake.set(node.id, block(`intake(${lpId(node.id)}`));
      continue;
    }
    if (!used) continue;
    if (node.kind === 'field' || limited((timeline) => timeline.nodeThroughput, node.id)) {
      throughput.set(node.id, block(`${node.kind === 'field' ? 'production' : 'throughput'}(${lpId(node.id)}`));
    }
    if (node.kind === 'storage') storage.set(node.id, block(`storage(${lpId(node.id)}`));
  }
  // National production limits: one row a day over the covered fields' output.
  const productionCap = new Map<string, number>();
  const capFields = new Map<string, readonly string[]>();
  for (const timeline of timelines) {
    for (const cap of timeline.productionCaps) {
      if (productionCap.has(cap.id)) continue;
      productionCap.set(cap.id, block(`quota(${cap.id}`));
      capFields.set(cap.id, cap.fields);
    }
  }
  const gasRows = gasRowBlocks(graph, timelines, block, lpId);
  // Allocation: one row a day per shipper of each pro-rata group.
  const allocation = allocationPlan.groups.map((group) => {
    const first = count;
    for (const shipper of group.shippers) block(`allocation(${lpId(group.id)},${lpId(shipper.id)}`);
    return first;
  });
  const stockBlocks: StockBlock[] = [];
  for (const node of graph.network.nodes) {
    if (node.kind !== 'storage') continue;
    for (const commodityIndex of graph.commoditiesAtNode.get(node.id) ?? []) stockBlocks.push({ node: node.id, commodityIndex });
  }
  const linefillPairs = graph.pairs.flatMap((pair, index) => (pair.link.transitDays > 0 ? [index] : []));
  const firstHeldBlock = stockBlocks.length;
  const held = count;
  for (const entry of heldBlocks(graph, linefillPairs)) {
    stockBlocks.push(entry);
    block(`held_in(${lpId(entry.node)},${lpId(graph.commodities[entry.commodityIndex]!.id)}`);
  }
  const linefill = count;
  count += linefillPairs.length;
  const fillTargets = fillTargetsOf(graph, timelines);
  const fillRow = count;
  count += fillTargets.length;
  const flowColumns = graph.pairs.length * days;
  const linefillColumn = flowColumns + stockBlocks.length * days;
  const shortfallMarkets = [...intake.keys()].filter(obliged);
  const shortfallColumn = linefillColumn + linefillPairs.length;
  const allocationColumn = shortfallColumn + shortfallMarkets.length * days;
  const gas = gasRows.demandRows.length + gasRows.injection.size + fillTargets.length > 0 ? gasLayout(gasRows, fillTargets, fillRow, allocationColumn + allocationPlan.groups.length * days, days) : undefined;
  return {
    ...(gas ? { gas } : {}),
    graph,
    days,
    flowColumns,
    stockBlocks,
    firstHeldBlock,
    linefillPairs,
    linefillColumn,
    shortfallMarkets,
    capFields,
    shortfallColumn,
    allocation: allocationPlan,
    allocationColumn,
    rows: { balance, linkCapacity, throughput, storage, intake, productionCap, allocation, held, linefill, count, blocks },
  };
}

/**
 * Where oil in transit may be held: each junction or terminal (with each commodity) that a link
 * with a transit time reaches. A tank takes what arrives (within its capacity) and a market buys
 * it, so neither holds.
 */
function heldBlocks(graph: CommodityGraph, linefillPairs: readonly number[]): StockBlock[] {
  const cost = new Map<string, number>();
  for (const pairIndex of linefillPairs) {
    const pair = graph.pairs[pairIndex]!;
    const kind = graph.nodeById.get(pair.link.to)?.kind;
    if (kind === 'market' || kind === 'storage') continue;
    const key = balanceKey(pair.link.to, pair.commodityIndex);
    cost.set(key, Math.min(cost.get(key) ?? Infinity, HELD_IN_TRANSIT_COST[pair.link.kind].usdPerTonneDay));
  }
  const blocks: StockBlock[] = [];
  for (const node of graph.network.nodes) {
    for (const commodityIndex of graph.commoditiesAtNode.get(node.id) ?? []) {
      const perDay = cost.get(balanceKey(node.id, commodityIndex));
      if (perDay !== undefined) blocks.push({ node: node.id, commodityIndex, held: true, heldCostUsdPerTonneDay: perDay });
    }
  }
  return blocks;
}

/** Holding a tonne for a day in stock block `block`: a tank's holding cost, or what oil held in transit costs. */
export function holdingCostOf(graph: CommodityGraph, block: StockBlock): number {
  if (block.held) return block.heldCostUsdPerTonneDay ?? 0;
  const storage = graph.nodeById.get(block.node);
  return storage?.kind === 'storage' ? storage.holdingCostUsdPerTonneDay : 0;
}

/**
 * The upper bounds of the held blocks' rows (held + h * days + t, tonnes): the oil shipped before
 * the LP's first day that reaches each held node on each day, and on the first day what it held
 * when the LP starts. Oil the LP ships itself is shipped knowing where it can go; only oil already
 * under way can find its destination closed, so held oil grows by no more than that.
 */
export function heldArrivals(layout: LpLayout, opening: (block: number) => number, arrivals: (pairIndex: number, linefill: number, day: number) => number): Float64Array {
  const { days, graph } = layout;
  const limits = new Float64Array((layout.stockBlocks.length - layout.firstHeldBlock) * days);
  for (let index = layout.firstHeldBlock; index < layout.stockBlocks.length; index += 1) {
    const block = layout.stockBlocks[index]!;
    const base = (index - layout.firstHeldBlock) * days;
    limits[base] = opening(index);
    layout.linefillPairs.forEach((pairIndex, k) => {
      const pair = graph.pairs[pairIndex]!;
      if (pair.link.to !== block.node || pair.commodityIndex !== block.commodityIndex) return;
      for (let day = 0; day < Math.min(pair.link.transitDays, days); day += 1) limits[base + day]! += arrivals(pairIndex, k, day);
    });
  }
  return limits;
}

/** Columns of the LP a layout describes: flows, stock, linefill, shortfalls, allocation ratios, then the gas terms. */
export function columnCount(layout: LpLayout): number {
  return layout.allocationColumn + layout.allocation.groups.length * layout.days + (layout.gas?.columnCount ?? 0);
}

/** Price a market pays for one commodity on one day, USD per tonne. */
export function pricePerTonne(timeline: Timeline, market: string, commodity: FieldNode, day: number): number {
  const price = timeline.marketPrice.get(market);
  const perBarrel = (price?.perBarrel[day] ?? 0) + commodity.qualityDifferential.perBarrel;
  const perTonne = (price?.perTonne[day] ?? 0) + commodity.qualityDifferential.perTonne;
  return perBarrel * commodity.barrelsPerTonne + perTonne;
}

/**
 * pricePerTonne for every day of the horizon. Every solve builds costs and accounts from the same
 * prices: with a cache, each series is computed once per timeline's prices (an LP timeline and
 * its run's share them).
 */
export function priceSeries(timeline: Timeline, market: string, commodity: FieldNode, cache?: SolveCache): Float64Array {
  const table = keptIn(cache, 'price-series', timeline.marketPrice, () => new Map<string, Float64Array>());
  const key = `${market}\u0000${commodity.id}\u0000${commodity.barrelsPerTonne}`;
  let series = table.get(key);
  if (!series) {
    series = new Float64Array(timeline.dates.length);
    const price = timeline.marketPrice.get(market);
    const { perBarrel, perTonne } = commodity.qualityDifferential;
    // Sanction rules may lower what this crude fetches here (a price cap's cost, a buyer's penalty).
    const adjust = timeline.originAccess.get(market)?.get(commodity.id)?.adjustUsdPerTonne;
    for (let day = 0; day < series.length; day += 1) series[day] = ((price?.perBarrel[day] ?? 0) + perBarrel) * commodity.barrelsPerTonne + (price?.perTonne[day] ?? 0) + perTonne + (adjust?.[day] ?? 0);
    table.set(key, series);
  }
  return series;
}

/**
 * Value of a tonne of each commodity left at a node when the horizon ends: the best netback
 * from there to a market at last-day prices, ignoring capacity. Valuing stock this way makes
 * holding and selling on the last day equivalent, so the optimiser neither dumps storage nor
 * hoards it.
 */
export function endValues(layout: LpLayout, timeline: Timeline, cache?: SolveCache): ReadonlyMap<string, number> {
  // They depend only on the last day, which most variants of a horizon share: kept per layout,
  // by the last day's intakes, prices and capacities (compared as numbers: a string key cost more
  // than the rest of the accounts).
  const last = layout.days - 1;
  const signature: number[] = [];
  for (const node of layout.graph.network.nodes) {
    if (node.kind !== 'market') continue;
    const price = timeline.marketPrice.get(node.id);
    signature.push(timeline.marketIntake.get(node.id)?.[last] ?? 0, price?.perBarrel[last] ?? 0, price?.perTonne[last] ?? 0);
    // What rules and origin differentials do there on the last day, crude by crude.
    for (const access of timeline.originAccess.get(node.id)?.values() ?? []) signature.push(access.open[last] ?? 1, access.adjustUsdPerTonne[last] ?? 0);
  }
  for (const pair of layout.graph.pairs) signature.push(timeline.linkCapacity.get(pair.link.id)?.[last] ?? 0, timeline.nodeThroughput.get(pair.link.from)?.[last] ?? Infinity);
  const kept = keptIn(cache, 'end-values', layout, () => new Map<number, EndValuesEntry[]>());
  // Found by a hash of the numbers, then compared in full.
  let hash = 0;
  for (const value of signature) hash = (Math.imul(hash, 31) + (Number.isFinite(value) ? Math.round(value * 1000) | 0 : 7)) | 0;
  const entries = kept.get(hash) ?? [];
  const found = entries.find((entry) => entry.signature.length === signature.length && entry.signature.every((value, index) => value === signature[index]));
  if (found) return found.values;
  const values = computeEndValues(layout, timeline);
  entries.push({ signature, values });
  kept.set(hash, entries);
  return values;
}

interface EndValuesEntry {
  readonly signature: readonly number[];
  readonly values: ReadonlyMap<string, number>;
}

function computeEndValues(layout: LpLayout, timeline: Timeline): Map<string, number> {
  const { graph } = layout;
  const last = layout.days - 1;
  const value = new Map<string, number>();
  graph.commodities.forEach((commodity, commodityIndex) => {
    const best = new Map<string, number>();
    for (const node of graph.network.nodes) {
      // A market a rule closes to this crude on the last day gives its stock no value.
      const closed = timeline.originAccess.get(node.id)?.get(commodity.id)?.open[last] === 0;
      if (node.kind === 'market' && !closed && (timeline.marketIntake.get(node.id)?.[last] ?? 0) > 0) best.set(node.id, pricePerTonne(timeline, node.id, commodity, last));
    }
    // Tariffs are non-negative, so at most one pass per node reaches the fixed point; most
    // networks settle after as many passes as their longest path has links.
    const own = graph.pairsByCommodity[commodityIndex]!.map((position) => graph.pairs[position]!);
    for (let pass = 0; pass < graph.network.nodes.length; pass += 1) {
      let changed = false;
      for (const pair of own) {
        // Only routes open on the last day can give stock its value.
        if (!((timeline.linkCapacity.get(pair.link.id)?.[last] ?? 0) > 0) || !((timeline.nodeThroughput.get(pair.link.from)?.[last] ?? Infinity) > 0)) continue;
        const downstream = best.get(pair.link.to);
        if (downstream === undefined) continue;
        const candidate = downstream - pair.link.tariffUsdPerTonne;
        if (candidate > (best.get(pair.link.from) ?? -Infinity)) {
          best.set(pair.link.from, candidate);
          changed = true;
        }
      }
      if (!changed) break;
    }
    for (const [node, netback] of best) value.set(balanceKey(node, commodityIndex), Math.max(0, netback));
  });
  return value;
}

export function stockEndValue(values: ReadonlyMap<string, number>, node: string, commodityIndex: number): number {
  return values.get(balanceKey(node, commodityIndex)) ?? 0;
}

/**
 * The LP of one timeline on the layout. Without the matrix (`withMatrix: false`) only costs and
 * bounds are filled: what a variant changes on an existing model. Stock and oil under way at the
 * end are valued on `endTimeline`'s last day (default: the timeline's own; a rolling decision
 * window values them on its network without outages, see src/operations).
 */
export function buildLp(layout: LpLayout, timeline: Timeline, withMatrix = true, cache?: SolveCache, endTimeline: Timeline = timeline, allocationReference?: Timeline): LinearProgram {
  const { graph, days, rows } = layout;
  const numCols = columnCount(layout);
  const linefillRowOfPair = new Map(layout.linefillPairs.map((pairIndex, k) => [pairIndex, rows.linefill + k]));
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(Infinity);
  const rowLower = new Float64Array(rows.count);
  const rowUpper = new Float64Array(rows.count);
  // Columns are filled in order, so the CSC arrays grow as they go; no column repeats a row.
  const starts = new Int32Array(numCols + 1);
  let indices = new Int32Array(withMatrix ? Math.max(16, numCols * 4) : 0);
  let coefficients = new Float64Array(indices.length);
  let nonZeros = 0;
  let current = 0;
  const add = (column: number, row: number | undefined, coefficient: number) => {
    if (row === undefined || !withMatrix) return;
    while (current < column) starts[++current] = nonZeros;
    if (nonZeros === indices.length) {
      const grownIndices = new Int32Array(indices.length * 2);
      grownIndices.set(indices);
      indices = grownIndices;
      const grownValues = new Float64Array(coefficients.length * 2);
      grownValues.set(coefficients);
      coefficients = grownValues;
    }
    indices[nonZeros] = row;
    coefficients[nonZeros] = coefficient;
    nonZeros += 1;
  };
  // Read only by stock and flows still under way at the end (a steady one-day game has neither).
  let values: ReturnType<typeof endValues> | undefined;
  const endValueOf = (node: string, commodityIndex: number) => stockEndValue((values ??= endValues(layout, endTimeline, cache)), node, commodityIndex);
  const scale = TONNES_PER_UNIT;
  // The quota rows each field's output counts in (the union of every timeline's caps).
  const demandRowOf = new Map((layout.gas?.demand ?? []).map((entry) => [entry.market, entry.row]));
  const fillRows = fillRowsByStock(layout.gas);
  const capRowsOf = new Map<string, number[]>();
  for (const [id, base] of rows.productionCap) {
    for (const field of layout.capFields.get(id) ?? []) capRowsOf.set(field, [...(capRowsOf.get(field) ?? []), base]);
  }

  // The allocation rows each pair's flow counts in (a shipper's flow through a pro-rata asset).
  const allocationRowsOf = new Map<number, number[]>();
  layout.allocation.groups.forEach((group, k) => {
    group.shippers.forEach((shipper, index) => {
      for (const pair of shipper.pairs) allocationRowsOf.set(pair, [...(allocationRowsOf.get(pair) ?? []), rows.allocation[k]! + index * days]);
    });
  });

  graph.pairs.forEach((pair, pairIndex) => {
    const { link, commodity, commodityIndex } = pair;
    const allocationRows = allocationRowsOf.get(pairIndex) ?? [];
    const from = graph.nodeById.get(link.from)!;
    const to = graph.nodeById.get(link.to)!;
    const sourceBalance = rows.balance.get(balanceKey(link.from, commodityIndex));
    const targetBalance = rows.balance.get(balanceKey(link.to, commodityIndex));
    const throughputRow = rows.throughput.get(link.from);
    const capRows = from.kind === 'field' ? (capRowsOf.get(link.from) ?? []) : [];
    const capacityRow = rows.linkCapacity.get(pair.linkIndex);
    const intakeRow = rows.intake.get(link.to);
    const demandRow = demandRowOf.get(link.to);
    const injectionRow = layout.gas?.injection.get(link.to);
    const delay = link.transitDays;
    const prices = to.kind === 'market' ? priceSeries(timeline, to.id, commodity, cache) : undefined;
    // A market with a demand curve is paid by its step columns (willingness to pay), not its price.
    const sells = prices !== undefined && demandRow === undefined;
    const discount = timeline.discountFactor;
    const endValue = prices ? prices[days - 1]! : delay > 0 ? endValueOf(to.id, commodityIndex) : 0;
    for (let day = 0; day < days; day += 1) {
      const column = pairIndex * days + day;
      let cost = -link.tariffUsdPerTonne;
      // The field lifting the gas or oil pays its own costs (a gas stream may join fields of different costs).
      if (from.kind === 'field') cost += from.shutInCostUsdPerTonne - liftingCostOn(timeline.gas, from, day);
      cost *= discount[day]!;
      if (from.kind === 'field') cost += timeline.earlinessBonus[day]!;
      if (sourceBalance !== undefined) add(column, sourceBalance + day, -1);
      if (throughputRow !== undefined) add(column, throughputRow + day, 1);
      for (const capRow of capRows) add(column, capRow + day, 1);
      if (capacityRow !== undefined) add(column, capacityRow + day, 1);
      for (const row of allocationRows) add(column, row + day, 1);
      if (day === 0) add(column, linefillRowOfPair.get(pairIndex), -1);
      const arrival = day + delay;
      if (arrival < days) {
        if (targetBalance !== undefined) add(column, targetBalance + arrival, 1);
        if (intakeRow !== undefined) add(column, intakeRow + arrival, 1);
        if (demandRow !== undefined) add(column, demandRow + arrival, 1);
        if (injectionRow !== undefined) add(column, injectionRow + arrival, 1);
        if (sells) cost += prices[arrival]! * discount[arrival]!;
      } else cost += endValue * discount[days - 1]!;
      colCost[column] = cost;
    }
  });

  // Oil is held only where it cannot go on: a tonne-day held costs the plan more than any sale
  // earns, so no plan holds oil to make room for other oil, and held oil goes on as soon as it can.
  // The accounts charge only the holding cost (demurrage).
  const holdPenalty = layout.firstHeldBlock < layout.stockBlocks.length ? shortfallPenaltyUsdPerTonne(layout, timeline) / 2 : 0;
  layout.stockBlocks.forEach((block, blockIndex) => {
    const balanceRow = rows.balance.get(balanceKey(block.node, block.commodityIndex))!;
    const storageRow = rows.storage.get(block.node);
    for (let day = 0; day < days; day += 1) {
      const column = layout.flowColumns + blockIndex * days + day;
      add(column, balanceRow + day, -1);
      if (day + 1 < days) add(column, balanceRow + day + 1, 1);
      if (storageRow !== undefined) add(column, storageRow + day, 1);
      add(column, fillRows.get(block.node)?.get(day), 1);
      colCost[column] = -(holdingCostOf(graph, block) + (block.held ? holdPenalty : 0)) * timeline.discountFactor[day]! - STOCK_TIE_BREAK_USD_PER_TONNE_DAY;
      if (day === days - 1) colCost[column] += endValueOf(block.node, block.commodityIndex) * timeline.discountFactor[day]!;
      // Held oil grows by at most what arrives of the oil shipped before the LP (see heldArrivals; none until known).
      if (block.held) {
        const row = rows.held + (blockIndex - layout.firstHeldBlock) * days + day;
        add(column, row, 1);
        if (day + 1 < days) add(column, row + 1, -1);
      }
    }
  });

  layout.linefillPairs.forEach((pairIndex, k) => {
    const pair = graph.pairs[pairIndex]!;
    const to = graph.nodeById.get(pair.link.to)!;
    const column = layout.linefillColumn + k;
    const targetBalance = rows.balance.get(balanceKey(pair.link.to, pair.commodityIndex));
    const intakeRow = rows.intake.get(pair.link.to);
    let cost = 0;
    const demandRow = demandRowOf.get(to.id);
    const injectionRow = layout.gas?.injection.get(to.id);
    for (let arrival = 0; arrival < Math.min(pair.link.transitDays, days); arrival += 1) {
      add(column, targetBalance === undefined ? undefined : targetBalance + arrival, 1);
      add(column, intakeRow === undefined ? undefined : intakeRow + arrival, 1);
      add(column, demandRow === undefined ? undefined : demandRow + arrival, 1);
      add(column, injectionRow === undefined ? undefined : injectionRow + arrival, 1);
      if (to.kind === 'market' && demandRow === undefined) cost += pricePerTonne(timeline, to.id, pair.commodity, arrival) * timeline.discountFactor[arrival]!;
    }
    add(column, rows.linefill + k, 1);
    colCost[column] = cost;
    // Baseline: the linefill equals the day-0 flow (steady state). The scenario fixes it to the
    // baseline's value once that is known (see solveScenario), so events cannot change oil that
    // was already under way.
    rowLower[rows.linefill + k] = 0;
    rowUpper[rows.linefill + k] = 0;
  });

  // A supply obligation is met whenever oil can reach the market: each tonne it misses costs more
  // than any sale earns, so no export is worth a shortfall; shortfalls remain only where no oil
  // can get there (and are not money: the accounts leave them out).
  const penalty = shortfallPenaltyUsdPerTonne(layout, timeline);
  layout.shortfallMarkets.forEach((market, k) => {
    const intakeRow = rows.intake.get(market)!;
    for (let day = 0; day < days; day += 1) {
      const column = layout.shortfallColumn + k * days + day;
      add(column, intakeRow + day, 1);
      colCost[column] = -penalty * timeline.discountFactor[day]!;
    }
  });

  // Pro-rata groups: x_s,t − n_s · r_t in the shipper's row, 0 ≤ r_t ≤ 1 (see src/operations/allocation.ts).
  layout.allocation.groups.forEach((group, k) => {
    for (let day = 0; day < days; day += 1) {
      const column = layout.allocationColumn + k * days + day;
      group.shippers.forEach((_, index) => {
        const nomination = group.nominations[index]!;
        if (nomination > 0) add(column, rows.allocation[k]! + index * days + day, -nomination / scale);
      });
      colUpper[column] = 1;
    }
  });
  // The gas terms' columns come last (see gas-lp.ts).
  if (layout.gas) writeGasColumns(layout.gas, timeline, days, add, colCost);

  for (const block of boundsBlocks(layout, cache)) {
    if (block.on === 'columns') block.write(timeline, colLower, colUpper, block.first);
    else block.write(timeline, rowLower, rowUpper, block.first);
  }
  layout.allocation.groups.forEach((group, k) => writeAllocationBounds(group, timeline, allocationReference, scale, rowLower, rowUpper, rows.allocation[k]!));
  // Held oil's growth rows: no room until the oil under way is known (heldArrivals).
  rowLower.fill(-Infinity, rows.held, rows.held + (layout.stockBlocks.length - layout.firstHeldBlock) * days);
  // Shut-in is counted against each field's capacity before outages: a field closed by an event
  // is shut in too.
  let offset = 0;
  for (const [node] of rows.throughput) {
    const field = graph.nodeById.get(node);
    if (field?.kind !== 'field') continue;
    const nominal = timeline.fieldNominal.get(node);
    for (let day = 0; day < days; day += 1) offset -= (field.shutInCostUsdPerTonne * (nominal?.[day] ?? 0) * timeline.discountFactor[day]!) / scale;
  }

  while (current < numCols) starts[++current] = nonZeros;
  return {
    numCols,
    numRows: rows.count,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    starts,
    indices: indices.slice(0, nonZeros),
    values: coefficients.slice(0, nonZeros),
    offset,
  };
}

/**
 * A run of bounds (of columns or of rows) that a few series of the timeline decide: a link's
 * capacity on each day, a field's output limits... Variants of one LP differ only in such blocks,
 * so a block whose series are the same arrays as in another timeline has the same bounds there
 * (see applyOutages, which shares every series an event leaves alone).
 */
export interface BoundsBlock {
  readonly on: 'columns' | 'rows';
  readonly first: number;
  readonly count: number;
  /** The series the block's bounds are computed from. */
  readonly inputs: (timeline: Timeline) => readonly (Float64Array | undefined)[];
  /** Writes the block's bounds for `timeline` at `lower[at]`, `upper[at]`… */
  readonly write: (timeline: Timeline, lower: Float64Array, upper: Float64Array, at: number) => void;
}

/** Every bound of the layout that depends on the timeline, in blocks (other bounds are fixed: 0 to ∞). */
export function boundsBlocks(layout: LpLayout, cache?: SolveCache): readonly BoundsBlock[] {
  return keptIn(cache, 'bounds-blocks', layout, () => layoutBoundsBlocks(layout));
}

function layoutBoundsBlocks(layout: LpLayout): readonly BoundsBlock[] {
  const { graph, days, rows } = layout;
  const scale = TONNES_PER_UNIT;
  const blocks: BoundsBlock[] = [];
  const series = (lower: (timeline: Timeline) => Float64Array | undefined, upper: (timeline: Timeline) => Float64Array | undefined, on: BoundsBlock['on'], first: number, lowerOf: (bound: number, floor: number) => number = (_, floor) => floor) => {
    blocks.push({
      on,
      first,
      count: days,
      inputs: (timeline) => [upper(timeline), lower(timeline)],
      write: (timeline, lowerOut, upperOut, at) => {
        const upperSeries = upper(timeline);
        const lowerSeries = lower(timeline);
        for (let day = 0; day < days; day += 1) {
          const bound = (upperSeries?.[day] ?? 0) / scale;
          upperOut[at + day] = bound;
          lowerOut[at + day] = lowerOf(bound, (lowerSeries?.[day] ?? 0) / scale);
        }
      },
    });
  };
  const none = () => undefined;
  // A link with one pair has its capacity as the flow column's bound, with several a row. A pair
  // into a market is also closed on the days a sanction rule bars its crude there.
  graph.pairs.forEach((pair, pairIndex) => {
    const single = !rows.linkCapacity.has(pair.linkIndex);
    const intoMarket = graph.nodeById.get(pair.link.to)?.kind === 'market';
    if (!single && !intoMarket) return;
    const capacity = (timeline: Timeline) => (single ? timeline.linkCapacity.get(pair.link.id) : undefined);
    const open = (timeline: Timeline) => (intoMarket ? timeline.originAccess.get(pair.link.to)?.get(pair.commodity.id)?.open : undefined);
    blocks.push({
      on: 'columns',
      first: pairIndex * days,
      count: days,
      inputs: (timeline) => [capacity(timeline), open(timeline)],
      write: (timeline, lowerOut, upperOut, at) => {
        const capacitySeries = capacity(timeline);
        const openSeries = open(timeline);
        for (let day = 0; day < days; day += 1) {
          upperOut[at + day] = openSeries?.[day] === 0 ? 0 : single ? (capacitySeries?.[day] ?? 0) / scale : Infinity;
          lowerOut[at + day] = 0;
        }
      },
    });
  });
  layout.shortfallMarkets.forEach((market, k) => series(none, (timeline) => timeline.marketMinimum.get(market), 'columns', layout.shortfallColumn + k * days));
  // Balance rows: inflow = outflow, except the first day of a storage, which starts with stock.
  for (const [key, base] of rows.balance) {
    const [node, commodityText] = key.split('\u0000') as [string, string];
    const commodityIndex = Number(commodityText);
    blocks.push({
      on: 'rows',
      first: base,
      count: 1,
      inputs: (timeline) => [timeline.storageCapacity.get(node)],
      write: (timeline, lowerOut, upperOut, at) => {
        const initial = initialStock(layout, timeline, node, commodityIndex) / scale;
        lowerOut[at] = -initial;
        upperOut[at] = -initial;
      },
    });
  }
  for (const [linkIndex, base] of rows.linkCapacity) series(none, (timeline) => timeline.linkCapacity.get(graph.network.links[linkIndex]!.id), 'rows', base);
  // A field's minimum rate never exceeds what it may produce that day.
  for (const [node, base] of rows.throughput) series((timeline) => timeline.fieldMinimum.get(node), (timeline) => timeline.nodeThroughput.get(node), 'rows', base, Math.min);
  // Tanks are not drawn below their minimum operating stock (never above the capacity that day).
  for (const [node, base] of rows.storage) series((timeline) => timeline.storageMinimum.get(node), (timeline) => timeline.storageCapacity.get(node), 'rows', base, Math.min);
  for (const [id, base] of rows.productionCap) series(none, (timeline) => timeline.productionCaps.find((cap) => cap.id === id)?.cap, 'rows', base);
  for (const [node, base] of rows.intake) series((timeline) => timeline.marketMinimum.get(node), (timeline) => timeline.marketIntake.get(node), 'rows', base);
  if (layout.gas) blocks.push(...gasBoundsBlocks(layout.gas, days, scale));
  blocks.sort((a, b) => (a.on === b.on ? a.first - b.first : a.on === 'columns' ? -1 : 1));
  return blocks;
}

/** Initial stock split across the commodities that can reach the storage, by production capacity. */
export function initialStock(layout: LpLayout, timeline: Timeline, node: string, commodityIndex: number): number {
  const storage = layout.graph.nodeById.get(node);
  // The timeline's starting stock: the scenario's, else the operating level (0 for a storage that
  // an expansion adds later).
  const initialTonnes = timeline.storageInitial.get(node) ?? 0;
  if (storage?.kind !== 'storage' || initialTonnes === 0) return 0;
  const present = layout.graph.commoditiesAtNode.get(node) ?? [];
  // A commingled stream weighs only the fields whose crude can reach this storage.
  const here = layout.graph.fieldsAtNode.get(node);
  const weight = (index: number) => layout.graph.fieldsOf[index]!.reduce((total, field) => total + (here?.has(field.id) ? field.productionTonnesPerDay : 0), 0);
  const total = present.reduce((sum, index) => sum + weight(index), 0);
  return total > 0 ? (initialTonnes * weight(commodityIndex)) / total : 0;
}

/** The day on which oil entering a link on `day` arrives, when that is within the horizon. */
export function arrivalDays(day: number, delay: number, days: number): number[] {
  return day + delay < days ? [day + delay] : [];
}

/**
 * Objective-only tie-breaker: holding a tonne in storage for a day costs this much, so that among
 * equally profitable plans the optimiser does not keep stock for no reason.
 */
export const STOCK_TIE_BREAK_USD_PER_TONNE_DAY = 5e-5;

/**
 * Cost of a tonne of missed supply obligation: twice the dearest sale of any crude anywhere in
 * the horizon, so that meeting the obligation always beats exporting, yet the LP stays feasible
 * (and well scaled) when the market cannot be reached.
 */
export function shortfallPenaltyUsdPerTonne(layout: LpLayout, timeline: Timeline): number {
  let dearest = 0;
  for (const node of layout.graph.network.nodes) {
    if (node.kind !== 'market') continue;
    const price = timeline.marketPrice.get(node.id);
    for (const commodity of layout.graph.commodities) {
      const { perBarrel, perTonne } = commodity.qualityDifferential;
      for (let day = 0; day < layout.days; day += 1) dearest = Math.max(dearest, ((price?.perBarrel[day] ?? 0) + perBarrel) * commodity.barrelsPerTonne + (price?.perTonne[day] ?? 0) + perTonne);
    }
  }
  return 2 * dearest;
}

/**
 * Names of every column and row, built only when asked for (an LP file, an infeasibility
 * report): flow(link,commodity,day), stock(node,commodity,day), balance(node,commodity,day)…
 */
export function lpNames(layout: LpLayout, dates: readonly string[]): { colNames: string[]; rowNames: string[] } {
  const tags = dates.map(dateTag);
  const colNames: string[] = [];
  for (const pair of layout.graph.pairs) {
    const prefix = lpName(`flow(${lpId(pair.link.id)},${lpId(pair.commodity.id)}`);
    for (const tag of tags) colNames.push(`${prefix},${tag})`);
  }
  for (const block of layout.stockBlocks) {
    const prefix = lpName(`${block.held ? 'held' : 'stock'}(${lpId(block.node)},${lpId(layout.graph.commodities[block.commodityIndex]!.id)}`);
    for (const tag of tags) colNames.push(`${prefix},${tag})`);
  }
  const rowNames: string[] = [];
  for (const block of layout.rows.blocks) for (const tag of tags) rowNames.push(`${block.label},${tag})`);
  for (const pairIndex of layout.linefillPairs) {
    const pair = layout.graph.pairs[pairIndex]!;
    colNames.push(lpName(`linefill(${lpId(pair.link.id)},${lpId(pair.commodity.id)})`));
    rowNames.push(lpName(`linefill_tie(${lpId(pair.link.id)},${lpId(pair.commodity.id)})`));
  }
  for (const market of layout.shortfallMarkets) {
    const prefix = lpName(`shortfall(${lpId(market)}`);
    for (const tag of tags) colNames.push(`${prefix},${tag})`);
  }
  for (const group of layout.allocation.groups) {
    const prefix = lpName(`ratio(${lpId(group.id)}`);
    for (const tag of tags) colNames.push(`${prefix},${tag})`);
  }
  for (const entry of layout.gas?.demand ?? []) {
    entry.steps.forEach((_, index) => {
      const prefix = lpName(`${index === entry.steps.length - 1 ? 'firm' : `step${index + 1}`}(${lpId(entry.market)}`);
      for (const tag of tags) colNames.push(`${prefix},${tag})`);
    });
  }
  for (const target of layout.gas?.fillTargets ?? []) {
    rowNames.push(lpName(`fill(${lpId(target.node)},${tags[target.day]})`));
    colNames.push(lpName(`fill_short(${lpId(target.node)},${tags[target.day]})`));
  }
  return { colNames, rowNames };
}

/**
 * An id as it appears inside an LP name, escaped one-to-one: letters, digits and '.' stay, '_'
 * doubles, '-' (which the LP format forbids) becomes '_d', anything else '_xHEX_'. The escape is
 * prefix-free, so ids `a-b` and `a_b` (or `a,b` against a pair of ids) can never meet in one name.
 */
export function lpId(id: string): string {
  let text = '';
  for (const char of id) {
    if (/[A-Za-z0-9.]/.test(char)) text += char;
    else if (char === '_') text += '__';
    else if (char === '-') text += '_d';
    else text += `_x${char.codePointAt(0)!.toString(16)}_`;
  }
  return text;
}

/** Longest name prefix written as is: HiGHS and CLP cannot read back names of ~560 characters. */
export const LP_NAME_PREFIX_LIMIT = 80;

/**
 * Deterministic names join the LP file to the results, e.g. flow(cpc_dkz,tengiz,20220706). A
 * prefix over the limit keeps its head and ends with a stable hash of the whole, so names stay
 * short, readable and one-to-one (a 64-bit hash: a collision needs ~4 billion long names).
 */
export function lpName(text: string): string {
  if (text.length <= LP_NAME_PREFIX_LIMIT) return text;
  return `${text.slice(0, LP_NAME_PREFIX_LIMIT - 18)}~${fnv1a64(text)}`;
}

/** FNV-1a, 64 bits as 16 hex digits (two 32-bit halves; pure, so it runs wherever the engine does). */
function fnv1a64(text: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let index = 0; index < text.length; index += 1) {
    low ^= text.charCodeAt(index);
    // Multiply by the 64-bit FNV prime 0x100000001b3 in 16-bit limbs.
    const a = low & 0xffff;
    const b = low >>> 16;
    const c = high & 0xffff;
    const d = high >>> 16;
    const p0 = a * 0x1b3;
    const p1 = b * 0x1b3 + (p0 >>> 16);
    const p2 = c * 0x1b3 + a * 0x100 + (p1 >>> 16);
    const p3 = d * 0x1b3 + b * 0x100 + (p2 >>> 16);
    low = ((p1 & 0xffff) << 16) | (p0 & 0xffff);
    high = ((p3 & 0xffff) << 16) | (p2 & 0xffff);
  }
  return `${(high >>> 0).toString(16).padStart(8, '0')}${(low >>> 0).toString(16).padStart(8, '0')}`;
}

/** 2022-07-06 -> 20220706 */
function dateTag(date: string): string {
  return `${date.slice(0, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
}
