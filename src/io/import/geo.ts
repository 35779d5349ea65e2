import type { LonLat } from './wkt.ts';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine), in km. */
export function distanceKm(a: LonLat, b: LonLat): number {
  const radians = Math.PI / 180;
  const dLat = (b[1] - a[1]) * radians;
  const dLon = (b[0] - a[0]) * radians;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * radians) * Math.cos(b[1] * radians) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface ChainedRoute {
  readonly points: LonLat[];
  /** Straight gaps (km) bridged between parts that do not touch. */
  readonly gapsKm: number[];
}

/**
 * A MULTILINESTRING's parts as one route: starting from the first part, the nearest remaining
 * part (either way round, at either end) is joined each time, so parts published out of order or
 * reversed still make one line from one end to the other. Gaps between parts are reported, not hidden.
 */
export function chainParts(parts: readonly (readonly LonLat[])[]): ChainedRoute {
  if (parts.length === 0) return { points: [], gapsKm: [] };
  const remaining = parts.slice(1).map((part) => [...part]);
  const points = [...parts[0]!];
  const gapsKm: number[] = [];
  while (remaining.length > 0) {
    const tail = points.at(-1)!;
    const head = points[0]!;
    let best = { index: 0, reverse: false, prepend: false, distance: Infinity };
    remaining.forEach((part, index) => {
      const options = [
        { reverse: false, prepend: false, distance: distanceKm(tail, part[0]!) },
        { reverse: true, prepend: false, distance: distanceKm(tail, part.at(-1)!) },
        { reverse: false, prepend: true, distance: distanceKm(part.at(-1)!, head) },
        { reverse: true, prepend: true, distance: distanceKm(part[0]!, head) },
      ];
      for (const option of options) if (option.distance < best.distance) best = { index, ...option };
    });
    const [part] = remaining.splice(best.index, 1);
    const oriented = best.reverse ? [...part!].reverse() : part!;
    if (best.distance > 0) gapsKm.push(best.distance);
    // A part that starts where the line ends shares that point; keep it once.
    if (best.prepend) points.unshift(...(best.distance === 0 ? oriented.slice(0, -1) : oriented));
    else points.push(...(best.distance === 0 ? oriented.slice(1) : oriented));
  }
  // The tracker writes the first part from the start location: the route runs from the end nearer
  // to where that part begins.
  const first = parts[0]![0]!;
  if (distanceKm(points.at(-1)!, first) < distanceKm(points[0]!, first)) points.reverse();
  return { points, gapsKm };
}

/**
 * Groups points closer than `toleranceKm` (single linkage: a chain of near points is one group).
 * Returns each point's group number. Points are hashed into a 3-D grid on the sphere whose cells
 * are as wide as the tolerance's chord, so only points in neighbouring cells are compared:
 * near-linear time at tracker scale, the same groups as comparing every pair.
 */
export function snapGroups(points: readonly LonLat[], toleranceKm: number): number[] {
  const parent = points.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]!]!;
      index = parent[index]!;
    }
    return index;
  };
  const cell = Math.max(2 * EARTH_RADIUS_KM * Math.sin(Math.min(toleranceKm / (2 * EARTH_RADIUS_KM), Math.PI / 2)), 1e-6);
  const grid = new Map<string, number[]>();
  points.forEach((point, index) => {
    const [x, y, z] = cartesian(point).map((coordinate) => Math.floor(coordinate / cell)) as [number, number, number];
    for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dz = -1; dz <= 1; dz += 1) {
          for (const other of grid.get(`${x + dx},${y + dy},${z + dz}`) ?? []) {
            if (distanceKm(point, points[other]!) <= toleranceKm) parent[find(index)] = find(other);
          }
        }
      }
    }
    const key = `${x},${y},${z}`;
    const bucket = grid.get(key);
    if (bucket) bucket.push(index);
    else grid.set(key, [index]);
  });
  const numbering = new Map<number, number>();
  return points.map((_, index) => {
    const root = find(index);
    if (!numbering.has(root)) numbering.set(root, numbering.size);
    return numbering.get(root)!;
  });
}

/** A point on the sphere in km; chord length never exceeds great-circle distance. */
function cartesian([lon, lat]: LonLat): [number, number, number] {
  const radians = Math.PI / 180;
  const cosLat = Math.cos(lat * radians);
  return [EARTH_RADIUS_KM * cosLat * Math.cos(lon * radians), EARTH_RADIUS_KM * cosLat * Math.sin(lon * radians), EARTH_RADIUS_KM * Math.sin(lat * radians)];
}
