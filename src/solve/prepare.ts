import type { Network } from '../model/network.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { buildTimeline, nominalTimeline, type Timeline } from '../scenario/timeline.ts';
import { layoutLp, type LpLayout } from './build-lp.ts';
import type { SolveCache } from './cache.ts';
import { compactLinks, compactTimeline, memberShares, membersOf, type CompactLinks, type Derived } from './compact-links.ts';
import { splitStreams, type LinefillShares, type RunArrays } from './streams.ts';
import { commodityGraph } from './structure.ts';
import { planAllocation, type AllocationPlan } from '../operations/allocation.ts';

/**
 * Stage 1 of a solve: everything about a scenario that does not depend on the solver. The
 * timelines of the baseline, the scenario and its nominal (before outages), the links and
 * streams the LP routes, the LP's layout and the report's (field by field, link by link), and
 * how a solved run maps from one to the other.
 */
export interface SessionStructure {
  readonly scenario: Scenario;
  readonly baselineTimeline: Timeline;
  readonly scenarioTimeline: Timeline;
  /** The scenario's timeline before outages and sanctions; variants take them off it. */
  readonly nominal: Timeline;
  /** `nominal` as the LP sees it (compacted links). */
  readonly nominalRouted: Timeline;
  readonly links: CompactLinks;
  /** Whether the LP routes compacted links. */
  readonly merge: boolean;
  /** Whether any LP link or stream stands for several of the report's. */
  readonly compact: boolean;
  readonly members: readonly (readonly number[])[];
  /** The layout the LP is solved on. */
  readonly layout: LpLayout;
  /** The layout results are reported on (the layout itself unless compacted). */
  readonly reportLayout: LpLayout;
  /** Oil under way on parallel links is shared out as the baseline's first day shares their capacity. */
  readonly linefillShares: readonly number[];
  /** The timeline the LP sees for one of the scenario's timelines. */
  lpTimeline(timeline: Timeline): Timeline;
  /** Delayed pairs of the LP whose oil under way may be stranded under `timeline` (see strandablePairs). */
  strandable(timeline: Timeline): Set<number>;
  /** The same structure with the allocation groups' nominations set (see nominationsFromRun). */
  withAllocation(plan: AllocationPlan): SessionStructure;
  /** A run solved on `layout`, restated on `reportLayout`. */
  report(run: ReportableRun, shares: LinefillShares | undefined, cache: SolveCache): { readonly arrays: RunArrays; readonly shares: LinefillShares };
}

export interface ReportableRun extends RunArrays {
  readonly timeline: Timeline;
}

export interface StructureOptions {
  readonly closable?: Iterable<string> | undefined;
  readonly commingle?: boolean | undefined;
  readonly compactLinks?: boolean | undefined;
}

export function prepareStructure(scenario: Scenario, options: StructureOptions = {}): SessionStructure {
  const baselineTimeline = buildTimeline(scenario, false);
  const scenarioTimeline = buildTimeline(scenario, true);
  const links = compactLinks(baselineTimeline.network);
  const merge = (options.compactLinks ?? true) && links.compacted;
  const members = membersOf(links);
  const closable = new Set(options.closable ?? []);
  // The timeline the LP sees; results keep the scenario's own.
  // Variants are outages on the scenario's nominal timeline (see applyOutages): what depends only
  // on the series an outage leaves alone is kept from it.
  const nominal = nominalTimeline(scenario, true);
  const nominalRouted = merge ? compactTimeline(nominal, links) : nominal;
  const lpTimeline = (timeline: Timeline) => (merge ? compactTimeline(timeline, links, { timeline: nominal, derived: nominalRouted }) : timeline);
  const lpBaselineTimeline = lpTimeline(baselineTimeline);
  // Sanction rules and buyers' differentials treat each field's crude by its origin and owners: no field may hide in a stream.
  const ruled = scenario.events.some((event) => event.type === 'rule') || byOriginPriced(baselineTimeline.network);
  const graph = commodityGraph(lpBaselineTimeline.network, { commingle: (options.commingle ?? true) && !ruled });
  const lpTimelines = [lpBaselineTimeline, lpTimeline(scenarioTimeline)];
  const allocation = planAllocation(graph, baselineTimeline.network, merge ? links : undefined, lpTimelines);
  const layout = layoutLp(graph, lpTimelines, closable, allocation);
  // Results are reported field by field and link by link whatever the LP routes.
  const commingled = graph.fieldsOf.some((fieldsOfStream) => fieldsOfStream.length > 1);
  const compact = commingled || merge;
  const reportLayout = compact ? layoutLp(commodityGraph(baselineTimeline.network), [baselineTimeline, scenarioTimeline], closable) : layout;
  const linefillShares = merge ? memberShares(links, baselineTimeline).map((series) => series[0] ?? 1) : [];
  // Which oil under way may be stranded is judged on the network as given: a cut downstream
  // counts even where a folded or merged link still has the capacity (as link by link).
  const reportPairsOf = new Map(
    layout.linefillPairs.map((pairIndex) => {
      const pair = layout.graph.pairs[pairIndex]!;
      const linkIndices = merge ? members[pair.linkIndex]! : [pair.linkIndex];
      const fields = new Set(layout.graph.fieldsOf[pair.commodityIndex]!.map((field) => field.id));
      const candidates = linkIndices.flatMap((linkIndex) => reportLayout.graph.pairsByLink[linkIndex] ?? []).sort((a, b) => a - b);
      return [pairIndex, candidates.filter((index) => fields.has(reportLayout.graph.pairs[index]!.commodity.id))] as const;
    }),
  );
  const nominalReduced = reducedAssets(baselineTimeline, nominal);
  const nominalShares = { timeline: nominal, derived: memberShares(links, nominal) };
  const structure: SessionStructure = {
    scenario,
    baselineTimeline,
    scenarioTimeline,
    nominal,
    nominalRouted,
    links,
    merge,
    compact,
    members,
    layout,
    reportLayout,
    linefillShares,
    lpTimeline,
    strandable(timeline) {
      const reportStrandable = strandablePairs(reportLayout, reducedAssets(baselineTimeline, timeline, { timeline: nominal, derived: nominalReduced }));
      return new Set(layout.linefillPairs.filter((pairIndex) => reportPairsOf.get(pairIndex)!.some((index) => reportStrandable.has(index))));
    },
    report(run, shares, cache) {
      if (!compact) return { arrays: run, shares: [] };
      const split = splitStreams(layout, reportLayout, run.timeline, run, shares, merge ? { members, shares: memberShares(links, run.timeline, nominalShares), linefillShares } : undefined, cache);
      return { arrays: split.arrays, shares: split.linefillShares };
    },
    withAllocation(plan) {
      // Only the allocation rows' coefficients change: every other position stays where it was.
      const next = layoutLp(graph, lpTimelines, closable, plan);
      return { ...structure, layout: next, reportLayout: compact ? reportLayout : next };
    },
  };
  return structure;
}

/** A fingerprint of the assets a timeline knows, to refuse variants that change the structure. */
export function assetIds(timeline: Timeline): string {
  return `${[...timeline.linkCapacity.keys()].join(',')}|${[...timeline.nodeThroughput.keys()].join(',')}`;
}

type CapacityMaps = 'linkCapacity' | 'nodeThroughput' | 'marketIntake' | 'storageCapacity';
const CAPACITY_MAPS: readonly CapacityMaps[] = ['linkCapacity', 'nodeThroughput', 'marketIntake', 'storageCapacity'];
type Reduced = ReadonlyMap<CapacityMaps, ReadonlySet<string>>;

/**
 * Assets with less capacity on some day in `scenario` than in `baseline`, by kind of series. A
 * series that is the `known` timeline's own array is reduced as it was there.
 */
function reducedAssets(baseline: Timeline, scenario: Timeline, known?: Derived<Reduced>): Reduced {
  return new Map(
    CAPACITY_MAPS.map((name) => {
      const reduced = new Set<string>();
      for (const [id, series] of scenario[name]) {
        if (known && known.timeline[name].get(id) === series) {
          if (known.derived.get(name)!.has(id)) reduced.add(id);
          continue;
        }
        const base = baseline[name].get(id);
        if (base && series.some((value, day) => value < base[day]!)) reduced.add(id);
      }
      return [name, reduced] as const;
    }),
  );
}

/** Delayed pairs whose destination reaches, downstream, an asset the scenario gives less capacity. */
function strandablePairs(layout: LpLayout, reducedByKind: Reduced): Set<number> {
  const reduced = new Set([...reducedByKind.values()].flatMap((ids) => [...ids]));
  const strandable = new Set<number>();
  if (reduced.size === 0) return strandable;
  const links = layout.graph.network.links;
  for (const pairIndex of layout.linefillPairs) {
    const seen = new Set<string>();
    const stack = [layout.graph.pairs[pairIndex]!.link.to];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node)) continue;
      seen.add(node);
      if (reduced.has(node)) {
        strandable.add(pairIndex);
        break;
      }
      for (const link of links) {
        if (link.from !== node) continue;
        if (reduced.has(link.id)) {
          strandable.add(pairIndex);
          stack.length = 0;
          break;
        }
        stack.push(link.to);
      }
    }
  }
  return strandable;
}

/** Whether some market prices crude by its origin (then streams may not mix origins). */
function byOriginPriced(network: Network): boolean {
  return network.nodes.some((node) => node.kind === 'market' && node.originDifferentials.length > 0);
}
