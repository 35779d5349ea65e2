import type { Link, Network } from '../model/network.ts';
import type { Timeline } from '../scenario/timeline.ts';

/**
 * Links that run between the same two nodes with the same tariff, transit time and crudes
 * allowed (the three single-point moorings of a terminal, twin pipelines) are interchangeable
 * to the optimiser: only their joint capacity matters. The LP routes each such group as one
 * link whose capacity each day is the sum of its members' after events, so the simplex does not
 * pivot between equally good moorings (measured a third fewer iterations on the CPC terminal).
 * Each member's flow is restored pro rata to its capacity that day (see memberShares).
 */
export interface ParallelLinks {
  /** The network the LP routes: each group of parallel links replaced by one link, in place of its first member. */
  readonly network: Network;
  /** For each link of `network`, the indices of the original network's links it stands for. */
  readonly members: readonly (readonly number[])[];
  /** Whether any link stands for more than one. */
  readonly merged: boolean;
}

export function mergeParallelLinks(network: Network): ParallelLinks {
  const groups = new Map<string, number[]>();
  network.links.forEach((link, index) => {
    const signature = JSON.stringify([link.from, link.to, link.tariffUsdPerTonne, link.transitDays, link.commodities ? [...link.commodities].sort() : null]);
    groups.set(signature, [...(groups.get(signature) ?? []), index]);
  });
  const members = [...groups.values()];
  if (members.every((group) => group.length === 1)) return { network, members, merged: false };
  const links = members.map((group) => (group.length === 1 ? network.links[group[0]!]! : groupLink(group.map((index) => network.links[index]!))));
  return { network: { ...network, links }, members, merged: true };
}

/** The link a group is routed as: the first member's terms, the joint capacity. */
function groupLink(group: readonly Link[]): Link {
  const first = group[0]!;
  return {
    ...first,
    // '&' keeps the id a valid name in LP files.
    id: group.map((link) => link.id).join('&'),
    name: group.map((link) => link.name).join(' + '),
    capacityTonnesPerDay: group.reduce((total, link) => total + link.capacityTonnesPerDay, 0),
  };
}

/** The timeline the LP sees: each group's capacity on a day is the sum of its members' after events. */
export function mergedTimeline(timeline: Timeline, parallel: ParallelLinks): Timeline {
  if (!parallel.merged) return timeline;
  const original = timeline.network.links;
  const linkCapacity = new Map<string, Float64Array>();
  parallel.network.links.forEach((link, index) => {
    const group = parallel.members[index]!;
    const series = group.map((member) => timeline.linkCapacity.get(original[member]!.id)!);
    if (series.length === 1) {
      linkCapacity.set(link.id, series[0]!);
      return;
    }
    const total = new Float64Array(timeline.dates.length);
    for (const memberSeries of series) for (let day = 0; day < total.length; day += 1) total[day]! += memberSeries[day]!;
    linkCapacity.set(link.id, total);
  });
  return { ...timeline, network: parallel.network, linkCapacity };
}

/**
 * The share of its group's flow each original link carries on each day (index: original link,
 * then day): pro rata to capacity, so no member exceeds its own. Unlimited members share
 * equally what an unlimited group carries; a closed group carries nothing, and its members get
 * equal shares of that nothing. Links alone in their group carry all of it.
 */
export function memberShares(parallel: ParallelLinks, timeline: Timeline): Float64Array[] {
  const links = timeline.network.links;
  const days = timeline.dates.length;
  const shares: Float64Array[] = links.map(() => new Float64Array(days).fill(1));
  for (const group of parallel.members) {
    if (group.length === 1) continue;
    const series = group.map((member) => timeline.linkCapacity.get(links[member]!.id)!);
    for (let day = 0; day < days; day += 1) {
      const unlimited = series.filter((capacity) => !Number.isFinite(capacity[day]!)).length;
      const total = series.reduce((sum, capacity) => sum + (Number.isFinite(capacity[day]!) ? capacity[day]! : 0), 0);
      group.forEach((member, position) => {
        const capacity = series[position]![day]!;
        shares[member]![day] = unlimited > 0 ? (Number.isFinite(capacity) ? 0 : 1 / unlimited) : total > 0 ? capacity / total : 1 / group.length;
      });
    }
  }
  return shares;
}
