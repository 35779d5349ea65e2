import type { RouteEnd, Segment } from './gem-segments.ts';
import { snapGroups } from './geo.ts';
import { slug } from './owners.ts';
import type { LonLat } from './wkt.ts';

export interface PlacedNode {
  readonly id: string;
  readonly name: string;
  readonly location: { readonly lat: number; readonly lon: number } | undefined;
  readonly countries: string[];
  /** How many route ends were snapped into this node. */
  readonly ends: number;
}

export interface Placement {
  readonly nodes: PlacedNode[];
  /** For each segment, the indices of its start and end node, or undefined when it has no placeable end. */
  readonly ends: ([number, number] | undefined)[];
}

const nameKey = (end: RouteEnd) => `${end.name.toLowerCase()}|${end.country.toLowerCase()}`;
const round5 = (value: number) => Math.round(value * 1e5) / 1e5;

/**
 * Route ends become nodes: ends with coordinates within `snapKm` of each other are one node;
 * an end without coordinates joins the node that holds an end of the same location name and
 * country, or becomes a node of its own without a location.
 */
export function placeEnds(segments: readonly Segment[], snapKm: number, warnings: string[]): Placement {
  const ends = segments.flatMap((segment) => [segment.start, segment.end]);
  const located = ends.map((end, index) => ({ end, index })).filter((item): item is { end: RouteEnd & { point: LonLat }; index: number } => item.end.point !== undefined);
  const groups = snapGroups(located.map((item) => item.end.point), snapKm);
  const groupOfEnd = new Map<number, number>();
  located.forEach((item, position) => groupOfEnd.set(item.index, groups[position]!));
  let groupCount = groups.length === 0 ? 0 : Math.max(...groups) + 1;
  const groupByName = new Map<string, number>();
  located.forEach((item, position) => {
    if (item.end.name && !groupByName.has(nameKey(item.end))) groupByName.set(nameKey(item.end), groups[position]!);
  });
  ends.forEach((end, index) => {
    if (groupOfEnd.has(index) || !end.name) return;
    const key = nameKey(end);
    if (!groupByName.has(key)) groupByName.set(key, groupCount++);
    groupOfEnd.set(index, groupByName.get(key)!);
  });
  const members = new Map<number, RouteEnd[]>();
  for (const [index, group] of groupOfEnd) members.set(group, [...(members.get(group) ?? []), ends[index]!]);
  const order = [...members.keys()].sort((a, b) => a - b);
  const nodeIndex = new Map(order.map((group, index) => [group, index]));
  const nodes = nameNodes(order.map((group) => members.get(group)!));
  const placed = segments.map((segment, index): [number, number] | undefined => {
    const start = groupOfEnd.get(2 * index);
    const end = groupOfEnd.get(2 * index + 1);
    if (start === undefined || end === undefined) {
      warnings.push(`line ${segment.line} (${segment.projectId}): a route end has neither coordinates nor a location name; the segment is left out`);
      return undefined;
    }
    return [nodeIndex.get(start)!, nodeIndex.get(end)!];
  });
  return { nodes, ends: placed };
}

/** Names each node by its most frequent location name; ids are unique slugs of that name. */
function nameNodes(groups: readonly (readonly RouteEnd[])[]): PlacedNode[] {
  const used = new Set<string>();
  return groups.map((group) => {
    const points = group.map((end) => end.point).filter((point): point is LonLat => point !== undefined);
    const location = points.length > 0 ? { lat: round5(mean(points.map((point) => point[1]))), lon: round5(mean(points.map((point) => point[0]))) } : undefined;
    const countries = [...new Set(group.map((end) => end.country).filter((country) => country.length > 0))];
    const name = mostFrequent(group.map((end) => end.name).filter((text) => text.length > 0)) ?? (location ? `${location.lat}, ${location.lon}` : 'unnamed');
    const base = group.some((end) => end.name) ? slug(name) : `at-${slug(`${location?.lat ?? 0}-${location?.lon ?? 0}`)}`;
    let id = base;
    if (used.has(id) && countries[0]) id = `${base}-${slug(countries[0])}`;
    for (let suffix = 2; used.has(id); suffix += 1) id = `${base}-${suffix}`;
    used.add(id);
    return { id, name, location, countries, ends: group.length };
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function mostFrequent(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}
