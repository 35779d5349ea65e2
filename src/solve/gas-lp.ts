/**
 * The LP terms of the gas additions (docs/gas-model.md): demand curves (step columns valued at
 * their willingness to pay, firm demand at the value of lost load), storage injection limits,
 * and fill targets (a row on the target day with a penalised shortfall column). build-lp places
 * them; this module says what they are.
 */
import type { DemandCurve } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { CommodityGraph } from './structure.ts';
import type { BoundsBlock } from './build-lp.ts';

/** A demand market's steps in LP order: the price-responsive slices, then firm demand at VoLL. */
export interface DemandBlock {
  readonly market: string;
  readonly steps: readonly { readonly share: number; readonly priceUsdPerTonne: number }[];
  /** First row of its daily balance: inflow − Σ steps = 0. */
  readonly row: number;
  /** First column of its steps: step j on day t at column + j * days + t. */
  readonly column: number;
}

export interface GasLayout {
  readonly demand: readonly DemandBlock[];
  /** Storage -> first row of its daily injection limit. */
  readonly injection: ReadonlyMap<string, number>;
  /** One row each: stock at the end of `day` + short ≥ required. */
  readonly fillTargets: readonly { readonly node: string; readonly day: number }[];
  readonly fillRow: number;
  /** Short column of fill target k at fillShortColumn + k. */
  readonly fillShortColumn: number;
  readonly columnCount: number;
}

export function demandSteps(curve: DemandCurve): { share: number; priceUsdPerTonne: number }[] {
  return [...curve.steps, { share: curve.firmShare, priceUsdPerTonne: curve.valueOfLostLoadUsdPerTonne }];
}

/** Row blocks for demand balances and injection limits (allocated with `block`, `days` rows each). */
export function gasRowBlocks(graph: CommodityGraph, timelines: readonly Timeline[], block: (label: string) => number, lpId: (id: string) => string) {
  const demandRows: { market: string; steps: ReturnType<typeof demandSteps>; row: number }[] = [];
  const injection = new Map<string, number>();
  const receiving = new Set(graph.pairs.map((pair) => pair.link.to));
  for (const node of graph.network.nodes) {
    if (node.kind === 'market' && node.demand && receiving.has(node.id) && timelines.some((timeline) => timeline.gas?.demandReference.has(node.id))) {
      demandRows.push({ market: node.id, steps: demandSteps(node.demand), row: block(`demand(${lpId(node.id)}`) });
    }
    if (node.kind === 'storage' && receiving.has(node.id) && timelines.some((timeline) => (timeline.gas?.storageInjection.get(node.id) ?? []).some(Number.isFinite))) {
      injection.set(node.id, block(`injection(${lpId(node.id)}`));
    }
  }
  return { demandRows, injection };
}

/** Fill targets that bind within the horizon, for storage the LP holds stock in. */
export function fillTargetsOf(graph: CommodityGraph, timelines: readonly Timeline[]): { node: string; day: number }[] {
  const targets: { node: string; day: number }[] = [];
  const stocked = new Set(graph.network.nodes.filter((node) => node.kind === 'storage' && graph.commoditiesAtNode.has(node.id)).map((node) => node.id));
  const first = timelines[0]!;
  for (const [node, required] of first.gas?.fillTarget ?? []) {
    if (!stocked.has(node)) continue;
    required.forEach((value, day) => {
      if (value > 0) targets.push({ node, day });
    });
  }
  return targets;
}

/** The gas layout, with columns placed from `firstColumn` and fill rows from `fillRow`. */
export function gasLayout(rows: ReturnType<typeof gasRowBlocks>, fillTargets: readonly { node: string; day: number }[], fillRow: number, firstColumn: number, days: number): GasLayout {
  let column = firstColumn;
  const demand = rows.demandRows.map((entry) => {
    const placed = { ...entry, column };
    column += entry.steps.length * days;
    return placed;
  });
  const fillShortColumn = column;
  return { demand, injection: rows.injection, fillTargets, fillRow, fillShortColumn, columnCount: column + fillTargets.length - firstColumn };
}

/** Demand-step and fill-short columns: their matrix entries and costs (bounds: gasBounds). */
export function writeGasColumns(gas: GasLayout, timeline: Timeline, days: number, add: (column: number, row: number | undefined, coefficient: number) => void, colCost: Float64Array): void {
  for (const entry of gas.demand) {
    entry.steps.forEach((step, index) => {
      for (let day = 0; day < days; day += 1) {
        const column = entry.column + index * days + day;
        add(column, entry.row + day, -1);
        colCost[column] = step.priceUsdPerTonne * timeline.discountFactor[day]!;
      }
    });
  }
  gas.fillTargets.forEach((target, index) => {
    const column = gas.fillShortColumn + index;
    add(column, gas.fillRow + index, 1);
    const penalty = timeline.gas?.fillPenalty.get(target.node)?.[target.day] ?? Infinity;
    colCost[column] = Number.isFinite(penalty) ? -penalty * timeline.discountFactor[target.day]! : 0;
  });
}

/** Fill-target rows each stock column counts in: node -> day -> row. */
export function fillRowsByStock(gas: GasLayout | undefined): Map<string, Map<number, number>> {
  const rows = new Map<string, Map<number, number>>();
  gas?.fillTargets.forEach((target, index) => {
    let byDay = rows.get(target.node);
    if (!byDay) rows.set(target.node, (byDay = new Map()));
    byDay.set(target.day, gas.fillRow + index);
  });
  return rows;
}

/**
 * Bounds that follow the timeline: each demand step up to its share of the day's reference
 * demand, injection rows up to the day's limit, fill rows at least the required stock, and a
 * hard target's short column fixed at 0.
 */
export function gasBoundsBlocks(gas: GasLayout, days: number, scale: number): BoundsBlock[] {
  const blocks: BoundsBlock[] = [];
  for (const entry of gas.demand) {
    entry.steps.forEach((step, index) => {
      const reference = (timeline: Timeline) => timeline.gas?.demandReference.get(entry.market);
      blocks.push({
        on: 'columns',
        first: entry.column + index * days,
        count: days,
        inputs: (timeline) => [reference(timeline)],
        write: (timeline, lower, upper, at) => {
          const series = reference(timeline);
          for (let day = 0; day < days; day += 1) {
            lower[at + day] = 0;
            upper[at + day] = (step.share * (series?.[day] ?? 0)) / scale;
          }
        },
      });
    });
  }
  for (const [node, first] of gas.injection) {
    const limit = (timeline: Timeline) => timeline.gas?.storageInjection.get(node);
    blocks.push({
      on: 'rows',
      first,
      count: days,
      inputs: (timeline) => [limit(timeline)],
      write: (timeline, lower, upper, at) => {
        const series = limit(timeline);
        for (let day = 0; day < days; day += 1) {
          lower[at + day] = 0;
          upper[at + day] = (series?.[day] ?? Infinity) / scale;
        }
      },
    });
  }
  if (gas.fillTargets.length > 0) {
    const inputs = (timeline: Timeline) => gas.fillTargets.flatMap((target) => [timeline.gas?.fillTarget.get(target.node), timeline.gas?.fillPenalty.get(target.node)]);
    blocks.push({
      on: 'rows',
      first: gas.fillRow,
      count: gas.fillTargets.length,
      inputs,
      write: (timeline, lower, upper, at) => {
        gas.fillTargets.forEach((target, index) => {
          lower[at + index] = (timeline.gas?.fillTarget.get(target.node)?.[target.day] ?? 0) / scale;
          upper[at + index] = Infinity;
        });
      },
    });
    blocks.push({
      on: 'columns',
      first: gas.fillShortColumn,
      count: gas.fillTargets.length,
      inputs,
      write: (timeline, lower, upper, at) => {
        gas.fillTargets.forEach((target, index) => {
          lower[at + index] = 0;
          upper[at + index] = Number.isFinite(timeline.gas?.fillPenalty.get(target.node)?.[target.day] ?? Infinity) ? Infinity : 0;
        });
      },
    });
  }
  return blocks;
}

/** The hard fill targets in a layout, as "store by 2022-11-01" (for an infeasibility message). */
export function hardTargets(gas: GasLayout | undefined, graph: CommodityGraph, dates: readonly string[]): string[] {
  return (gas?.fillTargets ?? []).flatMap((target) => {
    const node = graph.nodeById.get(target.node);
    const date = dates[target.day];
    const hard = node?.kind === 'storage' && (node.fillTargets ?? []).some((entry) => entry.by === date && entry.penaltyUsdPerTonne === undefined);
    return hard ? [`${target.node} by ${date}`] : [];
  });
}
