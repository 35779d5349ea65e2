import { arrivalDays, initialStock, type LpLayout } from '../solve/build-lp.ts';
import type { RunSolution } from '../solve/solve.ts';

/**
 * Oil held in transit (see src/model/held-in-transit.ts) is oil that came by a link with a
 * transit time and could not go on: never negative, and on no day growing by more than what such
 * links delivered to the node that day.
 */
function checkHeld(layout: LpLayout, run: RunSolution, toleranceTonnes: number): string[] {
  const { graph, days } = layout;
  const violations: string[] = [];
  layout.stockBlocks.forEach((block, index) => {
    if (!block.held) return;
    const arrived = new Float64Array(days);
    layout.linefillPairs.forEach((pairIndex, k) => {
      const pair = graph.pairs[pairIndex]!;
      if (pair.link.to !== block.node || pair.commodityIndex !== block.commodityIndex) return;
      const delay = pair.link.transitDays;
      for (let day = 0; day < days; day += 1) arrived[day]! += day < delay ? run.linefillTonnes[k]! : run.flowTonnes[pairIndex * days + day - delay]!;
    });
    let previous = 0;
    for (let day = 0; day < days; day += 1) {
      const held = run.stockTonnes[index * days + day]!;
      const what = `oil held in transit at ${block.node} (${graph.commodities[block.commodityIndex]!.id}) on ${run.timeline.dates[day]}`;
      if (held < -toleranceTonnes) violations.push(`${what} is negative: ${held.toFixed(3)} t`);
      if (held - previous > arrived[day]! + toleranceTonnes) violations.push(`${what} grows by ${(held - previous).toFixed(3)} t, more than the ${arrived[day]!.toFixed(3)} t that arrived by links with a transit time`);
      previous = held;
    }
  });
  return violations;
}

/**
 * Re-checks a solved run against the physics, independently of the solver: mass balance per
 * node, commodity and day; no link, node, storage or market over its capacity; no negative
 * flow; oil held in transit only where it arrived. Returns one line per violation (empty when the run is sound).
 */
export function checkRun(layout: LpLayout, run: RunSolution, toleranceTonnes = 1e-3): string[] {
  const { graph, days } = layout;
  const timeline = run.timeline;
  const violations: string[] = [];
  const flow = (pairIndex: number, day: number) => run.flowTonnes[pairIndex * days + day]!;
  const over = (value: number, limit: number) => value > limit + toleranceTonnes + 1e-9 * Math.abs(limit);

  const net = new Map<string, Float64Array>();
  const key = (node: string, commodity: number) => `${node}|${commodity}`;
  const series = (node: string, commodity: number) => {
    if (!net.has(key(node, commodity))) net.set(key(node, commodity), new Float64Array(days));
    return net.get(key(node, commodity))!;
  };
  const outflowByNode = new Map<string, Float64Array>();
  const inflowByMarket = new Map<string, Float64Array>();
  graph.pairs.forEach((pair, pairIndex) => {
    for (let day = 0; day < days; day += 1) {
      const tonnes = flow(pairIndex, day);
      if (tonnes < -toleranceTonnes) violations.push(`negative flow ${tonnes} on ${pair.link.id} (${pair.commodity.id}) on ${timeline.dates[day]}`);
      series(pair.link.from, pair.commodityIndex)[day] = series(pair.link.from, pair.commodityIndex)[day]! - tonnes;
      if (!outflowByNode.has(pair.link.from)) outflowByNode.set(pair.link.from, new Float64Array(days));
      outflowByNode.get(pair.link.from)![day] = outflowByNode.get(pair.link.from)![day]! + tonnes;
      for (const arrival of arrivalDays(day, pair.link.transitDays, days)) {
        series(pair.link.to, pair.commodityIndex)[arrival] = series(pair.link.to, pair.commodityIndex)[arrival]! + tonnes;
        if (!inflowByMarket.has(pair.link.to)) inflowByMarket.set(pair.link.to, new Float64Array(days));
        inflowByMarket.get(pair.link.to)![arrival] = inflowByMarket.get(pair.link.to)![arrival]! + tonnes;
      }
    }
  });
  layout.linefillPairs.forEach((pairIndex, k) => {
    const pair = graph.pairs[pairIndex]!;
    for (let arrival = 0; arrival < Math.min(pair.link.transitDays, days); arrival += 1) {
      series(pair.link.to, pair.commodityIndex)[arrival] = series(pair.link.to, pair.commodityIndex)[arrival]! + run.linefillTonnes[k]!;
      if (!inflowByMarket.has(pair.link.to)) inflowByMarket.set(pair.link.to, new Float64Array(days));
      inflowByMarket.get(pair.link.to)![arrival] = inflowByMarket.get(pair.link.to)![arrival]! + run.linefillTonnes[k]!;
    }
  });
  graph.network.links.forEach((link, linkIndex) => {
    const capacity = timeline.linkCapacity.get(link.id)!;
    for (let day = 0; day < days; day += 1) {
      const total = graph.pairsByLink[linkIndex]!.reduce((sum, pairIndex) => sum + flow(pairIndex, day), 0);
      if (over(total, capacity[day]!)) violations.push(`link ${link.id} carries ${total.toFixed(3)} t over its capacity ${capacity[day]!.toFixed(3)} t on ${timeline.dates[day]}`);
    }
  });
  for (const node of graph.network.nodes) {
    const out = outflowByNode.get(node.id);
    const limit = timeline.nodeThroughput.get(node.id);
    if (node.kind !== 'market' && out && limit) {
      for (let day = 0; day < days; day += 1) if (over(out[day]!, limit[day]!)) violations.push(`node ${node.id} sends ${out[day]!.toFixed(3)} t over its limit ${limit[day]!.toFixed(3)} t on ${timeline.dates[day]}`);
    }
    if (node.kind === 'market') {
      const intake = timeline.marketIntake.get(node.id)!;
      const received = inflowByMarket.get(node.id);
      for (let day = 0; received && day < days; day += 1) if (over(received[day]!, intake[day]!)) violations.push(`market ${node.id} receives ${received[day]!.toFixed(3)} t over its intake on ${timeline.dates[day]}`);
    }
  }
  // Balance: junctions pass everything on; storage changes by the net flow.
  for (const [node, commodities] of graph.commoditiesAtNode) {
    const kind = graph.nodeById.get(node)!.kind;
    for (const commodityIndex of commodities) {
      const balance = series(node, commodityIndex);
      const block = layout.stockBlocks.findIndex((candidate) => candidate.node === node && candidate.commodityIndex === commodityIndex);
      let previous = kind === 'storage' ? initialStock(layout, timeline, node, commodityIndex) : 0;
      for (let day = 0; day < days; day += 1) {
        const stock = block >= 0 ? run.stockTonnes[block * days + day]! : 0;
        const residual = previous + balance[day]! - stock;
        if (Math.abs(residual) > toleranceTonnes) {
          violations.push(`mass balance at ${node} for ${graph.commodities[commodityIndex]!.id} on ${timeline.dates[day]} is off by ${residual.toFixed(6)} t`);
        }
        previous = stock;
      }
    }
  }
  violations.push(...checkHeld(layout, run, toleranceTonnes));
  for (const [node, capacity] of timeline.storageCapacity) {
    const blocks = layout.stockBlocks.map((block, index) => ({ block, index })).filter(({ block }) => block.node === node);
    for (let day = 0; day < days; day += 1) {
      const total = blocks.reduce((sum, { index }) => sum + run.stockTonnes[index * days + day]!, 0);
      if (over(total, capacity[day]!)) violations.push(`storage ${node} holds ${total.toFixed(3)} t over its capacity on ${timeline.dates[day]}`);
      const minimum = timeline.storageMinimum.get(node)?.[day] ?? 0;
      if (over(minimum, total)) violations.push(`storage ${node} holds ${total.toFixed(3)} t, below its minimum operating stock ${minimum.toFixed(3)} t, on ${timeline.dates[day]}`);
    }
  }
  for (const cap of timeline.productionCaps) {
    for (let day = 0; day < days; day += 1) {
      const total = cap.fields.reduce((sum, field) => sum + (outflowByNode.get(field)?.[day] ?? 0), 0);
      if (over(total, cap.cap[day]!)) violations.push(`fields under ${cap.id} produce ${total.toFixed(3)} t over its cap ${cap.cap[day]!.toFixed(3)} t on ${timeline.dates[day]}`);
    }
  }
  return violations;
}
