import type { Timeline } from '../scenario/timeline.ts';
import { initialStock, type LpLayout } from './build-lp.ts';
import { topologicalOrder } from './structure.ts';
import { keptIn, type SolveCache } from './cache.ts';

/** A run's primal values, in tonnes, laid out as in an LpLayout. */
export interface RunArrays {
  readonly flowTonnes: Float64Array;
  readonly stockTonnes: Float64Array;
  readonly linefillTonnes: Float64Array;
  readonly shortfallTonnes: Float64Array;
}

/** Each field's share of the oil under way on each delayed pair of the solved layout when the horizon starts. */
export type LinefillShares = readonly (readonly number[])[];

/**
 * How the solved layout's links map onto the report's when parallel links were routed as one
 * (see mergeParallelLinks): the original links each solved link stands for, each one's share
 * of the flow by day, and its share of the oil under way at the start.
 */
export interface LinkSplit {
  readonly members: readonly (readonly number[])[];
  readonly shares: readonly Float64Array[];
  readonly linefillShares: readonly number[];
}

/** Where a solved pair's flow of one field is reported: a pair of each link it stands for. */
interface Route {
  readonly target: number;
  /** The original link, whose share of the flow applies; undefined when it is alone. */
  readonly member: number | undefined;
  readonly linefill: number | undefined;
}

/** What a split needs of the two layouts, worked out once per solved layout. */
interface SplitPlan {
  readonly members: LinkSplit['members'] | undefined;
  readonly reportStockOf: ReadonlyMap<string, number>;
  readonly solvedLinefillOf: ReadonlyMap<number, number>;
  /** Routes of each solved pair, for each field of its stream. */
  readonly routes: readonly (readonly (readonly Route[])[])[];
  /** For each stream of several fields, the nodes it touches in flow order, with what enters and leaves each. */
  readonly steps: readonly (readonly Step[])[];
  /** The links form a cycle (a gas network's two-way interconnectors): each day's mix is iterated to its fixed point. */
  readonly cyclic: boolean;
}

interface Step {
  readonly node: string;
  /** The field the node is, if it is one of the stream's. */
  readonly member: number;
  readonly incoming: readonly { readonly pairIndex: number; readonly delay: number; readonly linefill: number }[];
  readonly outgoing: readonly { readonly pairIndex: number; readonly linefill: number }[];
  readonly block: number;
  readonly stockTargets: readonly number[];
}

function splitPlan(solved: LpLayout, report: LpLayout, members: LinkSplit['members'] | undefined, cache: SolveCache | undefined): SplitPlan {
  const byReport = keptIn(cache, 'split-plans', solved, () => new WeakMap<LpLayout, SplitPlan>());
  const kept = byReport.get(report);
  if (kept && kept.members === members) return kept;
  const graph = solved.graph;
  const reportPairOf = new Map(report.graph.pairs.map((pair, index) => [`${pair.linkIndex}|${pair.commodity.id}`, index]));
  const reportStockOf = new Map(report.stockBlocks.map((block, index) => [`${block.node}|${report.graph.commodities[block.commodityIndex]!.id}`, index]));
  const reportLinefillOf = new Map(report.linefillPairs.map((pairIndex, index) => [pairIndex, index]));
  const solvedLinefillOf = new Map(solved.linefillPairs.map((pairIndex, index) => [pairIndex, index]));
  const routes = graph.pairs.map((pair) =>
    graph.fieldsOf[pair.commodityIndex]!.map((field) => {
      const links = members?.[pair.linkIndex] ?? [pair.linkIndex];
      return links.flatMap((member): Route[] => {
        const target = reportPairOf.get(`${member}|${field.id}`);
        return target === undefined ? [] : [{ target, member: links.length === 1 ? undefined : member, linefill: reportLinefillOf.get(target) }];
      });
    }),
  );
  const topological = topologicalOrder(graph.network);
  const order = topological ?? graph.network.nodes.map((node) => node.id);
  const steps = graph.commodities.map((_, commodityIndex) => {
    const fields = graph.fieldsOf[commodityIndex]!;
    if (fields.length === 1) return [];
    const own = graph.pairsByCommodity[commodityIndex]!;
    const stockBlock = new Map(solved.stockBlocks.flatMap((block, index) => (block.commodityIndex === commodityIndex ? [[block.node, index] as const] : [])));
    const into = new Map<string, number[]>();
    const from = new Map<string, number[]>();
    for (const pairIndex of own) {
      const { link } = graph.pairs[pairIndex]!;
      into.set(link.to, [...(into.get(link.to) ?? []), pairIndex]);
      from.set(link.from, [...(from.get(link.from) ?? []), pairIndex]);
    }
    return order.flatMap((node): Step[] => {
      const incoming = (into.get(node) ?? []).map((pairIndex) => ({ pairIndex, delay: graph.pairs[pairIndex]!.link.transitDays, linefill: solvedLinefillOf.get(pairIndex) ?? -1 }));
      const outgoing = (from.get(node) ?? []).map((pairIndex) => ({ pairIndex, linefill: solvedLinefillOf.get(pairIndex) ?? -1 }));
      if (incoming.length === 0 && outgoing.length === 0) return [];
      const stockTargets = fields.map((field) => reportStockOf.get(`${node}|${field.id}`) ?? -1);
      return [{ node, member: fields.findIndex((field) => field.id === node), incoming, outgoing, block: stockBlock.get(node) ?? -1, stockTargets }];
    });
  });
  const plan = { members, reportStockOf, solvedLinefillOf, routes, steps, cyclic: topological === undefined };
  byReport.set(report, plan);
  return plan;
}

/**
 * Restores each field's crude from a run solved with commingled streams: every node mixes what
 * reaches it on a day (a storage also what it held the day before) and each outflow carries the
 * mix. Oil under way at the start carries `linefillShares` (the baseline's day-0 mix at the
 * pair's origin) or, for the baseline itself, its own day-0 mix, which it returns.
 * With `links`, a solved link's flow is also shared out among the parallel links it stands for.
 * Mass balance, capacities and every field's output hold as in the solved run.
 */
export function splitStreams(
  solved: LpLayout,
  report: LpLayout,
  timeline: Timeline,
  run: RunArrays,
  linefillShares?: LinefillShares,
  links?: LinkSplit,
  cache?: SolveCache,
): { arrays: RunArrays; linefillShares: LinefillShares } {
  const { days } = solved;
  const graph = solved.graph;
  const plan = splitPlan(solved, report, links?.members, cache);
  const { reportStockOf, solvedLinefillOf } = plan;
  const flowTonnes = new Float64Array(report.flowColumns);
  const stockTonnes = new Float64Array(report.linefillColumn - report.flowColumns);
  const linefillTonnes = new Float64Array(report.linefillPairs.length);
  const shares: number[][] = solved.linefillPairs.map((_, k) => [...(linefillShares?.[k] ?? [])]);
  // A flow written to each link a solved link stands for, at that link's share each day.
  const write = (route: Route, flows: ArrayLike<number>, stride: number, offset: number) => {
    const base = route.target * days;
    if (route.member === undefined) {
      for (let day = 0; day < days; day += 1) flowTonnes[base + day] = flows[day * stride + offset]!;
      return;
    }
    const share = links!.shares[route.member]!;
    for (let day = 0; day < days; day += 1) flowTonnes[base + day] = flows[day * stride + offset]! * share[day]!;
  };
  const linefillShare = (route: Route) => (route.member === undefined ? 1 : links!.linefillShares[route.member]!);

  graph.commodities.forEach((commodity, commodityIndex) => {
    const members = graph.fieldsOf[commodityIndex]!;
    const own = graph.pairsByCommodity[commodityIndex]!;
    const width = members.length;
    if (width === 1) {
      for (const pairIndex of own) {
        const flows = run.flowTonnes.subarray(pairIndex * days, (pairIndex + 1) * days);
        const k = solvedLinefillOf.get(pairIndex);
        const moves = flows.some((tonnes) => tonnes !== 0);
        for (const route of plan.routes[pairIndex]![0]!) {
          if (moves) write(route, flows, 1, 0);
          if (k !== undefined && route.linefill !== undefined) linefillTonnes[route.linefill] = run.linefillTonnes[k]! * linefillShare(route);
        }
      }
      solved.stockBlocks.forEach((block, index) => {
        if (block.commodityIndex !== commodityIndex) return;
        const target = reportStockOf.get(`${block.node}|${members[0]!.id}`)!;
        stockTonnes.set(run.stockTonnes.subarray(index * days, (index + 1) * days), target * days);
      });
      return;
    }
    // Tonnes of each member entering each of the stream's pairs on each day.
    const memberFlow = new Map<number, Float64Array>(own.map((pairIndex) => [pairIndex, new Float64Array(days * width)]));
    const stockBlock = new Map(solved.stockBlocks.flatMap((block, index) => (block.commodityIndex === commodityIndex ? [[block.node, index] as const] : [])));
    const held = new Map<string, Float64Array>();
    for (const [node] of stockBlock) {
      const here = graph.fieldsAtNode.get(node);
      const opening = new Float64Array(width);
      const weights = members.map((member) => (here?.has(member.id) ? member.productionTonnesPerDay : 0));
      const total = weights.reduce((sum, weight) => sum + weight, 0);
      const stock = initialStock(solved, timeline, node, commodityIndex);
      if (total > 0) weights.forEach((weight, member) => (opening[member] = (stock * weight) / total));
      held.set(node, opening);
    }
    // Plain objects of one shape each: the loop below is the hot part of every split.
    const steps = plan.steps[commodityIndex]!.map((step) => ({
      member: step.member,
      block: step.block,
      stockTargets: step.stockTargets,
      stock: held.get(step.node),
      incoming: step.incoming.map((entry) => ({ delay: entry.delay, linefill: entry.linefill, solved: entry.pairIndex * days, flows: memberFlow.get(entry.pairIndex)! })),
      outgoing: step.outgoing.map((entry) => ({ pairIndex: entry.pairIndex, linefill: entry.linefill, flows: memberFlow.get(entry.pairIndex)! })),
    }));
    const fallback = members.map((member) => member.productionTonnesPerDay / commodity.productionTonnesPerDay);
    const mixing: MixStep[] = steps.map((step) => ({ ...step, mix: new Float64Array(width) }));
    // In flow order one pass settles each day; around a cycle the mix is iterated until the flows it writes stop changing.
    const passes = plan.cyclic ? Math.max(1, mixing.length) : 1;
    for (let day = 0; day < days; day += 1) {
      for (let pass = 0; pass < passes; pass += 1) {
        let moved = 0;
        for (const step of mixing) moved = Math.max(moved, mixStep(step, day, { days, width, run, shares, fallback, ownLinefill: linefillShares === undefined, measure: passes > 1 }));
        if (moved <= MIX_TOLERANCE_TONNES) break;
      }
      for (const step of mixing) closeStep(step, day, width, days, run, stockTonnes);
    }
    for (const pairIndex of own) {
      const flows = memberFlow.get(pairIndex)!;
      const k = solvedLinefillOf.get(pairIndex);
      const moves = run.flowTonnes.subarray(pairIndex * days, (pairIndex + 1) * days).some((tonnes) => tonnes !== 0);
      members.forEach((_, index) => {
        for (const route of plan.routes[pairIndex]![index]!) {
          if (moves) write(route, flows, width, index);
          if (k !== undefined && route.linefill !== undefined) linefillTonnes[route.linefill] = run.linefillTonnes[k]! * (shares[k]![index] ?? 0) * linefillShare(route);
        }
      });
    }
  });
  return { arrays: { flowTonnes, stockTonnes, linefillTonnes, shortfallTonnes: run.shortfallTonnes }, linefillShares: shares };
}

/** Tonnes a day's mix may still move between fields when iteration around a cycle stops. */
const MIX_TOLERANCE_TONNES = 1e-6;

interface MixStep {
  readonly member: number;
  readonly block: number;
  readonly stockTargets: readonly number[];
  /** Each field's tonnes in the storage at the end of the day before (the opening stock). */
  readonly stock: Float64Array | undefined;
  readonly incoming: readonly { readonly delay: number; readonly linefill: number; readonly solved: number; readonly flows: Float64Array }[];
  readonly outgoing: readonly { readonly pairIndex: number; readonly linefill: number; readonly flows: Float64Array }[];
  /** The node's mix on the day being split. */
  readonly mix: Float64Array;
}

/**
 * A node's mix on `day`: what reaches it (and what its storage held) by field, as shares; each
 * outflow carries the mix. Returns the most any outflow's split changed (when `measure`).
 */
interface MixContext {
  readonly days: number;
  readonly width: number;
  readonly run: RunArrays;
  /** Each delayed pair's split of the oil under way at the start (set from the day-0 mix when the run is its own reference). */
  readonly shares: number[][];
  readonly fallback: readonly number[];
  readonly ownLinefill: boolean;
  readonly measure: boolean;
}

function mixStep(step: MixStep, day: number, context: MixContext): number {
  const { days, width, run, shares, fallback, measure } = context;
  const { mix } = step;
  mix.fill(0);
  if (step.member >= 0) mix[step.member] = 1;
  else {
    let total = 0;
    for (const entry of step.incoming) {
      if (day >= entry.delay) {
        // Most pairs carry nothing on most days: nothing to add.
        if (run.flowTonnes[entry.solved + day - entry.delay] === 0) continue;
        const base = (day - entry.delay) * width;
        for (let member = 0; member < width; member += 1) mix[member]! += entry.flows[base + member]!;
      } else {
        const tonnes = run.linefillTonnes[entry.linefill]!;
        const split = shares[entry.linefill]!;
        for (let member = 0; member < width; member += 1) mix[member]! += tonnes * (split[member] ?? 0);
      }
    }
    if (step.stock) for (let member = 0; member < width; member += 1) mix[member]! += step.stock[member]!;
    for (let member = 0; member < width; member += 1) total += mix[member]!;
    // Nothing arrives: whatever (solver-tolerance) flow leaves is split by output.
    for (let member = 0; member < width; member += 1) mix[member] = total > 0 ? mix[member]! / total : fallback[member]!;
  }
  let moved = 0;
  for (const entry of step.outgoing) {
    if (day === 0 && entry.linefill >= 0 && context.ownLinefill) shares[entry.linefill] = [...mix];
    const tonnes = run.flowTonnes[entry.pairIndex * days + day]!;
    if (tonnes === 0) continue;
    const base = day * width;
    for (let member = 0; member < width; member += 1) {
      const value = tonnes * mix[member]!;
      if (measure) moved = Math.max(moved, Math.abs(value - entry.flows[base + member]!));
      entry.flows[base + member] = value;
    }
  }
  return moved;
}

/** The day's closing stock by field, at the node's mix (the next day's opening stock). */
function closeStep(step: MixStep, day: number, width: number, days: number, run: RunArrays, stockTonnes: Float64Array): void {
  if (!step.stock || step.member >= 0) return;
  const closing = run.stockTonnes[step.block * days + day]!;
  for (let member = 0; member < width; member += 1) {
    step.stock[member] = closing * step.mix[member]!;
    const target = step.stockTargets[member]!;
    if (target >= 0) stockTonnes[target * days + day] = step.stock[member]!;
  }
}
