import type { Duration, Hazard } from '../scenario/hazards.ts';

/** One sampled disruption: hazard index, first day (0-364 of the simulated year), length in days. */
export interface SampledEvent {
  readonly hazard: number;
  readonly startDay: number;
  readonly days: number;
}

/** Events close enough to interact (their windows would overlap) are solved together. */
export interface Cluster {
  /** First day of the earliest event. */
  readonly startDay: number;
  readonly events: readonly SampledEvent[];
  /** Days from the first event's start to the last event's end. */
  readonly spanDays: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const DAYS_PER_YEAR = 365;

/** A seeded generator (mulberry32): the same seed gives the same stream on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each year has its own stream, so a year's calendar does not depend on which thread or in which order it is drawn. */
export function yearRandom(seed: number, year: number): () => number {
  let hash = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(year + 1, 0xc2b2ae35);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x27d4eb2f);
  hash ^= hash >>> 15;
  return mulberry32(hash);
}

function poisson(rate: number, random: () => number): number {
  if (rate <= 0) return 0;
  // Knuth's method is exact and fast for the small rates hazards have.
  const limit = Math.exp(-rate);
  let count = 0;
  let product = random();
  while (product > limit) {
    count += 1;
    product *= random();
  }
  return count;
}

function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export function sampleDuration(duration: Duration, random: () => number): number {
  let days: number;
  if (duration.kind === 'fixed') days = duration.days;
  else if (duration.kind === 'empirical') days = duration.days[Math.min(duration.days.length - 1, Math.floor(random() * duration.days.length))]!;
  else days = Math.exp(duration.mu + duration.sigma * normal(random));
  return Math.min(DAYS_PER_YEAR, Math.max(1, Math.ceil(days - 1e-9)));
}

/** Days of a (non-leap) year whose month is allowed. */
export function allowedDays(months: readonly number[]): number[] {
  const days: number[] = [];
  let day = 0;
  DAYS_IN_MONTH.forEach((length, index) => {
    if (months.includes(index + 1)) for (let offset = 0; offset < length; offset += 1) days.push(day + offset);
    day += length;
  });
  return days;
}

/** The events of one simulated year, in order of start. */
export function sampleYear(hazards: readonly Hazard[], startDays: readonly (readonly number[])[], seed: number, year: number): SampledEvent[] {
  const random = yearRandom(seed, year);
  const events: SampledEvent[] = [];
  hazards.forEach((hazard, index) => {
    const count = poisson(hazard.ratePerYear, random);
    const days = startDays[index]!;
    for (let event = 0; event < count; event += 1) {
      const startDay = days[Math.min(days.length - 1, Math.floor(random() * days.length))]!;
      events.push({ hazard: index, startDay, days: sampleDuration(hazard.duration, random) });
    }
  });
  return events.sort((a, b) => a.startDay - b.startDay || a.hazard - b.hazard || a.days - b.days);
}

/** Groups events whose windows (lead before, recovery after) would touch. */
export function clusterEvents(events: readonly SampledEvent[], gapDays: number): Cluster[] {
  const clusters: Cluster[] = [];
  let current: SampledEvent[] = [];
  let end = -Infinity;
  for (const event of events) {
    if (current.length > 0 && event.startDay > end + gapDays) {
      clusters.push(close(current));
      current = [];
    }
    current.push(event);
    end = Math.max(current.length === 1 ? -Infinity : end, event.startDay + event.days - 1);
  }
  if (current.length > 0) clusters.push(close(current));
  return clusters;
}

function close(events: SampledEvent[]): Cluster {
  const startDay = events[0]!.startDay;
  const last = Math.max(...events.map((event) => event.startDay + event.days - 1));
  return { startDay, events, spanDays: last - startDay + 1 };
}

/** Identical clusters (same hazards, lengths and spacing) have identical losses: one solve serves all. */
export function clusterKey(cluster: Cluster): string {
  return cluster.events.map((event) => `${event.hazard}@${event.startDay - cluster.startDay}+${event.days}`).join(';');
}

/**
 * Moves events that lie well inside a longer one (at least `margin` days from its ends and from
 * each other) to fixed places inside it, packed `margin` days apart to end `margin` days before its end. At a constant
 * price the network is the same every day once the longer event has settled (tanks full or
 * empty), so where exactly the shorter events fall does not change the loss; clusters that differ
 * only by that share one solve. `checkWindows` tests the equivalence on sampled years.
 */
export function canonicalCluster(cluster: Cluster, margin: number): Cluster {
  const end = (event: SampledEvent) => event.startDay + event.days - 1;
  const events = [...cluster.events];
  const moved = new Set<number>();
  for (let index = 0; index < events.length; index += 1) {
    const container = events[index]!;
    // The events well inside this one, each at least `margin` days from every other event.
    const inside = events
      .map((event, position) => ({ event, position }))
      .filter(({ event, position }) => position !== index && !moved.has(position) && event.days < container.days && container.startDay + margin <= event.startDay && end(event) + margin <= end(container));
    const isolated = inside.filter(({ event, position }) => events.every((other, otherPosition) => otherPosition === position || otherPosition === index || other.startDay > end(event) + margin || end(other) < event.startDay - margin));
    if (isolated.length === 0) continue;
    // Others that touch the container's interior stay where they are; pack the isolated ones
    // only when nothing else is inside.
    const othersInside = events.some((other, position) => position !== index && !isolated.some((entry) => entry.position === position) && end(other) >= container.startDay && other.startDay <= end(container));
    if (othersInside) continue;
    // Packed towards the container's end, so its opening stretch stays long (compressCluster).
    const packedDays = isolated.reduce((sum, { event }) => sum + event.days + margin, 0) - margin;
    let next = end(container) - margin + 1 - packedDays;
    for (const { event, position } of isolated.sort((a, b) => a.event.startDay - b.event.startDay || a.event.hazard - b.event.hazard)) {
      events[position] = { ...event, startDay: next };
      moved.add(position);
      next += event.days + margin;
    }
  }
  events.sort((a, b) => a.startDay - b.startDay || a.hazard - b.hazard || a.days - b.days);
  const startDay = Math.min(...events.map((event) => event.startDay));
  return { startDay, events, spanDays: Math.max(...events.map(end)) - startDay + 1 };
}


/** Days cut out of a cluster while a set of hazards was active, valued at that set's steady daily loss. */
export interface Stretch {
  /** Hazard indices active during the days cut, ascending, without repeats. */
  readonly hazards: readonly number[];
  readonly days: number;
}

/**
 * Shortens a cluster that starts with a long steady stretch. From the steady baseline, after
 * `settleDays` under the events that open the cluster the network is steady again (tanks full or
 * empty, rerouting at its limit), so each further day loses the same as the one before;
 * `anticipationDays` before the next change are kept so operators can prepare for it as they
 * would in the full calendar. The days between are cut and returned as a stretch to be valued at
 * that steady daily loss, measured from the same start (see `steady`, which says whether the
 * opening set of hazards settles within `settleDays`; tanks that fill slowly may not). Only the
 * opening stretch is cut: later ones start from a state the earlier events left (half-full
 * tanks), and may take longer to settle than any measurement from the baseline shows.
 * Clusters that differ only in how long they open steady share one solve, and long events fit in
 * short windows.
 */
export function compressCluster(cluster: Cluster, settleDays: number, anticipationDays: number, steady: (hazards: readonly number[]) => boolean): { cluster: Cluster; stretches: Stretch[] } {
  const origin = cluster.startDay;
  const end = (event: SampledEvent) => event.startDay - origin + event.days;
  const opening = cluster.events.filter((event) => event.startDay === origin);
  const firstChange = Math.min(...opening.map(end), ...cluster.events.filter((event) => event.startDay > origin).map((event) => event.startDay - origin));
  const cut = firstChange - settleDays - anticipationDays;
  const hazards = [...new Set(opening.map((event) => event.hazard))].sort((a, b) => a - b);
  if (cut <= 0 || !steady(hazards)) return { cluster, stretches: [] };
  // Every event starts at the origin and covers the cut, or starts after it.
  const events = cluster.events.map((event) => (event.startDay === origin ? { ...event, days: event.days - cut } : { ...event, startDay: event.startDay - cut }));
  return { cluster: { startDay: origin, events, spanDays: cluster.spanDays - cut }, stretches: [{ hazards, days: cut }] };
}
