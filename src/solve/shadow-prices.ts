import type { Timeline } from '../scenario/timeline.ts';
import type { SessionStructure } from './prepare.ts';
import type { LayoutDuals } from './run-model.ts';

/**
 * Shadow prices on the network as given (the report's links and tanks), per day, in USD per
 * tonne of capacity on that day (undiscounted): what one more tonne of capacity would have
 * been worth to the network. Zero where capacity was not binding.
 */
export interface ShadowPrices {
  /** By link of the report layout's network, then day: link index * days + day. */
  readonly linkUsdPerTonne: Float64Array;
  /** Storage node id -> daily value of one more tonne of tank space. */
  readonly storageUsdPerTonne: ReadonlyMap<string, Float64Array>;
}

/**
 * Routes the LP's duals back to the report's links by name. A link the LP routes as itself
 * takes its own dual. A link folded with others (see compactLinks) takes the dual of the LP link
 * on the days it is the bottleneck: its segment's joint capacity (parallel links together) is
 * the least along the path; where several tie, each is given the price (raising one alone would
 * then not help: read it as the value of raising them together).
 */
export function shadowPrices(structure: Pick<SessionStructure, 'layout' | 'reportLayout' | 'merge' | 'links'>, duals: LayoutDuals, timeline: Timeline, firstDays = structure.layout.days): ShadowPrices {
  const { layout, reportLayout } = structure;
  const days = layout.days;
  // Only the first `firstDays` are routed (a rolling window keeps no more); the rest stay zero.
  const routed = Math.min(firstDays, days);
  const discount = timeline.discountFactor;
  const undiscount = (value: number, day: number) => value / discount[day]!;
  const reportLinks = reportLayout.graph.network.links;
  const linkUsdPerTonne = new Float64Array(reportLinks.length * days);
  const lpLinks = layout.graph.network.links;
  if (!structure.merge) {
    for (let link = 0; link < reportLinks.length; link += 1) for (let day = 0; day < routed; day += 1) linkUsdPerTonne[link * days + day] = undiscount(duals.linkUsdPerTonne[link * days + day]!, day);
  } else {
    const indexOf = new Map(reportLinks.map((link, index) => [link.id, index]));
    lpLinks.forEach((_, lpIndex) => {
      const segments = structure.links.segments[lpIndex]!;
      const through = structure.links.through[lpIndex]!;
      for (let day = 0; day < routed; day += 1) {
        const dual = duals.linkUsdPerTonne[lpIndex * days + day]!;
        if (dual === 0) continue;
        const joint = segments.map((segment) => segment.reduce((sum, member) => sum + (timeline.linkCapacity.get(reportLinks[member]!.id)?.[day] ?? 0), 0));
        const least = Math.min(...joint, ...through.map((node) => timeline.nodeThroughput.get(node)?.[day] ?? Infinity));
        segments.forEach((segment, position) => {
          if (joint[position]! > least * (1 + 1e-9)) return;
          for (const member of segment) linkUsdPerTonne[indexOf.get(reportLinks[member]!.id)! * days + day] = undiscount(dual, day);
        });
      }
    });
  }
  const storageUsdPerTonne = new Map([...duals.storageUsdPerTonne].map(([node, series]) => [node, series.map((value, day) => undiscount(value, day))] as const));
  return { linkUsdPerTonne, storageUsdPerTonne };
}
