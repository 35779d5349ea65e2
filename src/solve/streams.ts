import type { Timeline } from '../scenario/timeline.ts';
import { initialStock, type LpLayout } from './build-lp.ts';
import { topologicalOrder } from './structure.ts';

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

/** Where a solved pair's flow of one field is reported: a pair of each member link, with its share. */
interface Route {
  readonly target: number;
  readonly share: Float64Array | undefined;
  readonly linefillShare: number;
  readonly linefill: number | undefined;
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
): { arrays: RunArrays; linefillShares: LinefillShares } {
  const { days } = solved;
  const graph = solved.graph;
  const reportPairOf = new Map(report.graph.pairs.map((pair, index) => [`${pair.linkIndex}|${pair.commodity.id}`, index]));
  const reportStockOf = new Map(report.stockBlocks.map((block, index) => [`${block.node}|${report.graph.commodities[block.commodityIndex]!.id}`, index]));
  const reportLinefillOf = new Map(report.linefillPairs.map((pairIndex, index) => [pairIndex, index]));
  const solvedLinefillOf = new Map(solved.linefillPairs.map((pairIndex, index) => [pairIndex, index]));
  const routes = (linkIndex: number, field: string): Route[] =>
    (links?.members[linkIndex] ?? [linkIndex]).flatMap((member) => {
      const target = reportPairOf.get(`${member}|${field}`);
      if (target === undefined) return [];
      const alone = (links?.members[linkIndex]?.length ?? 1) === 1;
      return [{ target, share: alone ? undefined : links!.shares[member], linefillShare: alone ? 1 : links!.linefillShares[member]!, linefill: reportLinefillOf.get(target) }];
    });
  const flowTonnes = new Float64Array(report.flowColumns);
  const stockTonnes = new Float64Array(report.linefillColumn - report.flowColumns);
  const linefillTonnes = new Float64Array(report.linefillPairs.length);
  const shares: number[][] = solved.linefillPairs.map((_, k) => [...(linefillShares?.[k] ?? [])]);
  const order = topologicalOrder(graph.network) ?? graph.network.nodes.map((node) => node.id);

  graph.commodities.forEach((commodity, commodityIndex) => {
    const members = graph.fieldsOf[commodityIndex]!;
    const own = graph.pairsByCommodity[commodityIndex]!;
    const width = members.length;
    if (width === 1) {
      copyCommodity(solved, commodityIndex, run, { flowTonnes, stockTonnes, linefillTonnes }, { routes, reportStockOf, solvedLinefillOf });
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
    // The nodes the stream touches, in flow order, with what enters and leaves each.
    const steps = order.flatMap((node) => {
      const incoming = own.filter((pairIndex) => graph.pairs[pairIndex]!.link.to === node).map((pairIndex) => ({ flows: memberFlow.get(pairIndex)!, delay: graph.pairs[pairIndex]!.link.transitDays, linefill: solvedLinefillOf.get(pairIndex) ?? -1 }));
      const outgoing = own.filter((pairIndex) => graph.pairs[pairIndex]!.link.from === node).map((pairIndex) => ({ pairIndex, flows: memberFlow.get(pairIndex)!, linefill: solvedLinefillOf.get(pairIndex) ?? -1 }));
      if (incoming.length === 0 && outgoing.length === 0) return [];
      const block = stockBlock.get(node);
      const stockTargets = members.map((member) => reportStockOf.get(`${node}|${member.id}`) ?? -1);
      return [{ node, member: members.findIndex((member) => member.id === node), incoming, outgoing, stock: held.get(node), block: block ?? -1, stockTargets }];
    });
    const fallback = members.map((member) => member.productionTonnesPerDay / commodity.productionTonnesPerDay);
    const mix = new Float64Array(width);
    for (let day = 0; day < days; day += 1) {
      for (const step of steps) {
        mix.fill(0);
        if (step.member >= 0) mix[step.member] = 1;
        else {
          let total = 0;
          for (const entry of step.incoming) {
            if (day >= entry.delay) {
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
          if (step.stock) {
            const closing = run.stockTonnes[step.block * days + day]!;
            for (let member = 0; member < width; member += 1) step.stock[member] = closing * mix[member]!;
          }
        }
        for (const entry of step.outgoing) {
          const tonnes = run.flowTonnes[entry.pairIndex * days + day]!;
          const base = day * width;
          for (let member = 0; member < width; member += 1) entry.flows[base + member] = tonnes * mix[member]!;
          if (day === 0 && entry.linefill >= 0 && !linefillShares) shares[entry.linefill] = [...mix];
        }
        if (step.stock) {
          for (let member = 0; member < width; member += 1) {
            const target = step.stockTargets[member]!;
            if (target >= 0) stockTonnes[target * days + day] = step.stock[member]!;
          }
        }
      }
    }
    for (const pairIndex of own) {
      const pair = graph.pairs[pairIndex]!;
      const flows = memberFlow.get(pairIndex)!;
      const k = solvedLinefillOf.get(pairIndex);
      members.forEach((member, index) => {
        for (const route of routes(pair.linkIndex, member.id)) {
          for (let day = 0; day < days; day += 1) flowTonnes[route.target * days + day] = flows[day * width + index]! * (route.share?.[day] ?? 1);
          if (k !== undefined && route.linefill !== undefined) linefillTonnes[route.linefill] = run.linefillTonnes[k]! * (shares[k]![index] ?? 0) * route.linefillShare;
        }
      });
    }
  });
  return { arrays: { flowTonnes, stockTonnes, linefillTonnes, shortfallTonnes: run.shortfallTonnes }, linefillShares: shares };
}

/** A stream of one field: its values move over unchanged (split among parallel links, if any). */
function copyCommodity(
  solved: LpLayout,
  commodityIndex: number,
  run: RunArrays,
  into: Pick<RunArrays, 'flowTonnes' | 'stockTonnes' | 'linefillTonnes'>,
  maps: { routes: (linkIndex: number, field: string) => Route[]; reportStockOf: ReadonlyMap<string, number>; solvedLinefillOf: ReadonlyMap<number, number> },
): void {
  const { days, graph } = solved;
  const field = graph.fieldsOf[commodityIndex]![0]!.id;
  for (const pairIndex of graph.pairsByCommodity[commodityIndex]!) {
    const flows = run.flowTonnes.subarray(pairIndex * days, (pairIndex + 1) * days);
    const k = maps.solvedLinefillOf.get(pairIndex);
    for (const route of maps.routes(graph.pairs[pairIndex]!.linkIndex, field)) {
      const share = route.share;
      if (share) for (let day = 0; day < days; day += 1) into.flowTonnes[route.target * days + day] = flows[day]! * share[day]!;
      else into.flowTonnes.set(flows, route.target * days);
      if (k !== undefined && route.linefill !== undefined) into.linefillTonnes[route.linefill] = run.linefillTonnes[k]! * route.linefillShare;
    }
  }
  solved.stockBlocks.forEach((block, index) => {
    if (block.commodityIndex !== commodityIndex) return;
    const target = maps.reportStockOf.get(`${block.node}|${field}`)!;
    into.stockTonnes.set(run.stockTonnes.subarray(index * days, (index + 1) * days), target * days);
  });
}
