import type { SketchedAssets } from './map.ts';

/**
 * Links and nodes that are not in the network but belong on its map: those the scenario's
 * expansion events add from a date, and those the bypass candidates would build (coloured by
 * their NPV once the bypass analysis has valued them). Read from the documents as they are
 * written (a scenario's events, a candidates file), so a route's polyline is drawn as given.
 */
type Doc = Record<string, unknown>;
type Point = { lat: number; lon: number };
type Link = SketchedAssets['links'][number];
type Node = SketchedAssets['nodes'][number];

const ADDED = '#2e7d32';
const WORTH_IT = '#2e7d32';
const NOT_WORTH_IT = '#7f8c8d';

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
/** A quantity as written: "3 Mt/yr", or { value: "3 Mt/yr", source } → "3 Mt/yr". */
const quantity = (value: unknown) => (typeof value === 'object' && value !== null ? text((value as { value?: unknown }).value) : text(value));

function isPoint(value: unknown): value is Point {
  const point = value as Point | undefined;
  return typeof point?.lat === 'number' && typeof point.lon === 'number';
}

function sketchLink(link: Doc, colour: string, note: string): Link | undefined {
  const [id, from, to] = [text(link.id), text(link.from), text(link.to)];
  if (!id || !from || !to) return undefined;
  const polyline = Array.isArray(link.polyline) && link.polyline.every(isPoint) ? (link.polyline as Point[]) : undefined;
  return { id, name: text(link.name) || id, from, to, polyline, colour, note };
}

function sketchNode(node: Doc): Node | undefined {
  const id = text(node.id);
  return id && isPoint(node.location) ? { id, name: text(node.name) || id, location: node.location } : undefined;
}

/** The new links and nodes of the scenario's expansion events. */
export function addedAssets(events: readonly Doc[]): SketchedAssets {
  const expansions = events.filter((event) => event.type === 'expansion');
  const links = expansions.flatMap((event) => {
    const link = event.link as Doc | undefined;
    const capacity = link ? quantity(link.capacity) : '';
    return (link && sketchLink(link, ADDED, `added by the scenario from ${text(event.start)}${capacity ? `, ${capacity}` : ''}`)) || [];
  });
  const nodes = expansions.flatMap((event) => (event.node ? (sketchNode(event.node as Doc) ?? []) : []));
  return { title: 'green = links the scenario adds', links, nodes };
}

interface CandidateFile {
  readonly candidates?: readonly { readonly id?: unknown; readonly name?: unknown; readonly changes?: readonly Doc[] }[];
}

/** The bypass candidates' new links and nodes: green where the analysis found a positive NPV. */
export function candidateAssets(file: CandidateFile, npv: ReadonlyMap<string, number>, money: (value: number) => string): SketchedAssets {
  const links: Link[] = [];
  const nodes: Node[] = [];
  for (const candidate of file.candidates ?? []) {
    const value = npv.get(text(candidate.id));
    const colour = value !== undefined && value > 0 ? WORTH_IT : NOT_WORTH_IT;
    const note = `bypass candidate: ${text(candidate.name)}${value === undefined ? '' : `, NPV ${money(value)}`}`;
    for (const change of candidate.changes ?? []) {
      const link = change.link ? sketchLink(change.link as Doc, colour, note) : undefined;
      if (link) links.push(link);
      const node = change.node ? sketchNode(change.node as Doc) : undefined;
      if (node) nodes.push(node);
    }
  }
  return { title: 'the bypass candidates’ new links (green: NPV above zero, grey: below)', links, nodes };
}

/** Both sketches in one layer (undefined when there is nothing to draw). */
export function mergeSketches(...sketches: readonly (SketchedAssets | undefined)[]): SketchedAssets | undefined {
  const present = sketches.filter((sketch): sketch is SketchedAssets => sketch !== undefined && (sketch.links.length > 0 || sketch.nodes.length > 0));
  if (present.length === 0) return undefined;
  return { title: present.map((sketch) => sketch.title).join('; '), links: present.flatMap((sketch) => sketch.links), nodes: present.flatMap((sketch) => sketch.nodes) };
}
