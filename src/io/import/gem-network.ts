import type { NetworkInput } from '../../model/network-schema.ts';
import type { Commodity } from './capacity-units.ts';
import { placeEnds, type PlacedNode } from './gem-nodes.ts';
import { columnsOf, readSegments, type Segment } from './gem-segments.ts';
import { ActorBook, commodityOf, linkEntry, nodeEntries, type PlacedLink } from './gem-entries.ts';
import { slug } from './owners.ts';
import type { Sheet } from './sheet.ts';

export interface GemImportOptions {
  readonly commodity: Commodity;
  /** Country names as the tracker writes them; a segment is kept when it touches one. */
  readonly countries?: readonly string[] | undefined;
  readonly statuses: readonly string[];
  /** Route ends closer than this are one node. */
  readonly snapKm: number;
  readonly id: string;
  readonly name: string;
  /** How the sheet is named in each figure's source (e.g. its file name). */
  readonly sourceLabel: string;
}

export interface GemImport {
  readonly network: NetworkInput;
  /** What the tracker does not hold and the user must add before the results mean anything. */
  readonly toAdd: string[];
  readonly warnings: string[];
  readonly counts: { readonly rows: number; readonly kept: number; readonly skippedStatus: number; readonly skippedCountry: number };
}

export type GemImportOutcome = { readonly ok: true; readonly value: GemImport } | { readonly ok: false; readonly message: string };

/** A network from a GEM pipeline sheet: route ends as nodes, segments as links, owners as actors. */
export function gemNetwork(sheet: Sheet, options: GemImportOptions): GemImportOutcome {
  const columns = columnsOf(sheet);
  if ('missing' in columns) {
    return { ok: false, message: `the sheet lacks the column${columns.missing.length > 1 ? 's' : ''} ${columns.missing.join(', ')} (it has: ${sheet.columns.join(', ') || 'none'}); export the tracker's pipeline sheet as published` };
  }
  const warnings: string[] = [];
  const { segments, skipped } = readSegments(sheet, columns.found, options, warnings);
  if (segments.length === 0) {
    return { ok: false, message: `no segment is left after the filters (status ${options.statuses.join(', ')}${options.countries ? `; countries ${options.countries.join(', ')}` : ''}; ${skipped.status} rows of other statuses, ${skipped.country} outside the countries)` };
  }
  const placement = placeEnds(segments, options.snapKm, warnings);
  const links = linksOf(segments, placement.ends, placement.nodes, options, warnings);
  if (links.length === 0) return { ok: false, message: 'every segment was left out (see the warnings): no link to write' };
  const actors = new ActorBook();
  const usedNodes = nodesInUse(placement.nodes, links);
  const network: NetworkInput = {
    id: options.id,
    name: options.name,
    description: `Imported from ${options.sourceLabel} (Global Energy Monitor, CC BY 4.0): ${links.length} pipeline segments. Fields, markets and prices are placeholders: see the list at the top of this file.`,
    commodity: commodityOf(options.commodity),
    benchmark: { name: options.commodity === 'gas' ? 'TTF' : 'Brent', source: 'placeholder: set referencePrice and referenceDate before running analyses' },
    actors: [],
    nodes: nodeEntries(usedNodes, links, options, actors),
    links: links.map((link) => linkEntry(link, options, actors, warnings)),
  };
  network.actors = actors.entries();
  return {
    ok: true,
    value: { network, toAdd: toAddList(network, links), warnings: byLine(warnings), counts: { rows: sheet.rows.length, kept: segments.length, skippedStatus: skipped.status, skippedCountry: skipped.country } },
  };
}

function linksOf(segments: readonly Segment[], ends: Placement['ends'], nodes: readonly PlacedNode[], options: GemImportOptions, warnings: string[]): PlacedLink[] {
  const used = new Set<string>();
  const links: PlacedLink[] = [];
  segments.forEach((segment, index) => {
    const placed = ends[index];
    if (!placed) return;
    const [from, to] = [nodes[placed[0]]!, nodes[placed[1]]!];
    if (from === to) {
      warnings.push(`line ${segment.line} (${segment.projectId}): both ends snap to node "${from.id}" (within ${options.snapKm} km); the segment is left out`);
      return;
    }
    const base = slug(segment.projectId).toUpperCase().replace(/^X$/, `ROW-${segment.line}`);
    let id = base;
    for (let suffix = 2; used.has(id); suffix += 1) id = `${base}-${suffix}`;
    used.add(id);
    links.push({ id, segment, from, to });
  });
  return links;
}

type Placement = ReturnType<typeof placeEnds>;

function nodesInUse(nodes: readonly PlacedNode[], links: readonly PlacedLink[]): PlacedNode[] {
  const used = new Set(links.flatMap((link) => [link.from, link.to]));
  return nodes.filter((node) => used.has(node));
}

const names = (items: readonly { id: string }[], limit = 12) => `${items.slice(0, limit).map((item) => item.id).join(', ')}${items.length > limit ? `, … (${items.length} in all)` : ''}`;

/** The list printed after an import and written at the top of the file. */
function toAddList(network: NetworkInput, links: readonly PlacedLink[]): string[] {
  const fields = network.nodes.filter((node) => node.kind === 'field');
  const markets = network.nodes.filter((node) => node.kind === 'market');
  const items = [
    `production, lifting cost and fiscal terms of the ${fields.length} supply nodes written as fields with placeholders (production = capacity of the pipelines leaving them): ${names(fields)}`,
    `prices: benchmark.referencePrice and referenceDate, and each market's priceDifferential (${markets.length} end nodes written as markets: ${names(markets)}); demand and intake limits`,
    `tariffs of the ${links.length} links (none in the tracker; written as 0)`,
    'storage, terminals, fields and demand that the pipeline sheet does not hold, and the direction of any reverse flow (links run from StartLocation to EndLocation)',
    `the commodity's own figures (${network.commodity.source ?? ''})`,
  ];
  const noCapacity = links.filter((link) => link.segment.capacity === undefined);
  if (noCapacity.length > 0) items.push(`capacity of ${noCapacity.length} links (written as unlimited): ${noCapacity.slice(0, 12).map((link) => `${link.id} (${link.segment.capacityProblem})`).join('; ')}`);
  const noOwners = links.filter((link) => link.segment.owners.length === 0);
  if (noOwners.length > 0) items.push(`owners of ${noOwners.length} links the tracker lists none for: ${names(noOwners)}`);
  const partial = links.filter((link) => link.segment.owners.some((owner) => owner.share === undefined));
  if (partial.length > 0) items.push(`shares of owners listed without one (left out of equity): ${partial.slice(0, 12).map((link) => `${link.id} (${link.segment.owners.filter((owner) => owner.share === undefined).map((owner) => owner.name).join(', ')})`).join('; ')}`);
  items.push("the companies' home states (actors.country), which the tracker's Owner column does not give");
  return items;
}

/** Warnings in the order of the sheet's lines. */
function byLine(warnings: readonly string[]): string[] {
  const line = (warning: string) => Number(/^line (\d+)/.exec(warning)?.[1] ?? Infinity);
  return [...warnings].sort((a, b) => line(a) - line(b));
}
