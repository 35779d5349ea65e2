import type { Allocation, AllocationBasis, AllocationRule, Network } from '../model/network.ts';
import type { SessionStructure } from '../solve/prepare.ts';
import type { Timeline } from '../scenario/timeline.ts';
import { activeDays, type AllocationGroup } from './allocation.ts';

/** What the report says of one shared asset's rule, and (pro-rata) what each shipper moved while it was in force. */
export interface AllocationSummary {
  /** The asset the rule is written on (the first, when several share one LP link). */
  readonly asset: string;
  readonly assets: readonly string[];
  readonly rule: AllocationRule;
  readonly basis?: AllocationBasis | undefined;
  readonly source?: string | undefined;
  readonly estimate?: string | undefined;
  /** Why a stated pro-rata rule had nothing to share in this run, if it had not. */
  readonly note?: string | undefined;
  /** Days of the scenario on which the rule was in force (pro-rata). */
  readonly daysInForce: number;
  readonly shippers: readonly {
    readonly shipper: string;
    readonly nominationTonnesPerDay: number;
    /** Flow through the asset on the days in force. */
    readonly inForceTonnes: number;
    /** inForceTonnes over nomination × days in force: the same for every shipper able to bring its share. */
    readonly shareOfNomination: number | null;
  }[];
}

/**
 * Each asset with a stated rule: pro-rata groups with what their shippers moved on the days the
 * rule was in force (scenario vs its network without events, as the emulation saw it), and assets
 * stated as merit. `flowTonnes` is the run on the session's LP layout, `scenarioTimeline` its timeline (a variant's own).
 */
export function summarizeAllocation(structure: SessionStructure, flowTonnes: Float64Array, scenarioTimeline: Timeline = structure.scenarioTimeline): AllocationSummary[] {
  const { layout } = structure;
  const days = layout.days;
  const timeline = structure.lpTimeline(scenarioTimeline);
  const summaries = layout.allocation.groups.map((group) => {
    const active = activeDays(group, timeline, structure.nominalRouted);
    const daysInForce = active.reduce((sum, on) => sum + on, 0);
    const stated = statedRule(structure.scenario.network, group);
    const shippers = group.shippers.map((shipper, index) => {
      let inForceTonnes = 0;
      for (const pair of shipper.pairs) for (let day = 0; day < days; day += 1) if (active[day]) inForceTonnes += flowTonnes[pair * days + day]!;
      const nomination = group.nominations[index]!;
      const nominated = nomination * daysInForce;
      return { shipper: shipper.id, nominationTonnesPerDay: nomination, inForceTonnes, shareOfNomination: nominated > 0 ? inForceTonnes / nominated : null };
    });
    return { asset: group.id, assets: group.assets, rule: 'pro-rata' as const, basis: group.basis, source: stated?.source, estimate: stated?.estimate, daysInForce, shippers };
  });
  const grouped = new Set(layout.allocation.groups.flatMap((group) => group.assets));
  return [...summaries, ...idle(structure.scenario.network, grouped), ...statedMerit(structure.scenario.network)];
}

/** Assets stated pro-rata that have nothing to share in this run, with why. */
function idle(network: Network, grouped: ReadonlySet<string>): AllocationSummary[] {
  const entry = (asset: string, allocation: Allocation | undefined, note: string): AllocationSummary[] =>
    allocation?.rule === 'pro-rata' && !grouped.has(asset) ? [{ asset, assets: [asset], rule: 'pro-rata', basis: allocation.basis, source: allocation.source, estimate: allocation.estimate, note, daysInForce: 0, shippers: [] }] : [];
  const oneStream = 'one shipper here (alike crudes travel as one stream): nothing to share';
  return [
    ...network.links.flatMap((link) => entry(link.id, link.allocation, oneStream)),
    ...network.nodes.flatMap((node) => (node.kind === 'junction' || node.kind === 'terminal' ? entry(node.id, node.allocation, oneStream) : [])),
    ...(network.productionLimits ?? []).flatMap((limit) => entry(limit.id, limit.allocation, 'the limit is not enforced in this run')),
  ];
}

function statedRule(network: Network, group: AllocationGroup) {
  if (group.quota !== undefined) return network.productionLimits?.find((limit) => limit.id === group.quota)?.allocation;
  const link = network.links.find((candidate) => candidate.id === group.id);
  if (link) return link.allocation;
  const node = network.nodes.find((candidate) => candidate.id === group.id);
  return node?.kind === 'junction' || node?.kind === 'terminal' ? node.allocation : undefined;
}

/** Assets the data state as merit (every other shared asset is merit by default). */
function statedMerit(network: Network): AllocationSummary[] {
  const merit = (asset: string, allocation: { readonly rule: AllocationRule; readonly source?: string | undefined; readonly estimate?: string | undefined } | undefined): AllocationSummary[] =>
    allocation?.rule === 'merit' ? [{ asset, assets: [asset], rule: 'merit', source: allocation.source, estimate: allocation.estimate, daysInForce: 0, shippers: [] }] : [];
  return [
    ...network.links.flatMap((link) => merit(link.id, link.allocation)),
    ...network.nodes.flatMap((node) => (node.kind === 'junction' || node.kind === 'terminal' ? merit(node.id, node.allocation) : [])),
    ...(network.productionLimits ?? []).flatMap((limit) => merit(limit.id, limit.allocation)),
  ];
}
