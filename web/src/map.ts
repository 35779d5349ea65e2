import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import { $, escapeHtml, mt } from './format.ts';
import type { FigureSource, LinkFlow, Network } from './types.ts';

/** Nodes closer than this (px) are drawn apart, on a ring of SPREAD_RADIUS around their centre. */
const OVERLAP_PX = 9;
const SPREAD_RADIUS = 11;

const SOURCE_CHARS = 180;

/** The provenance lines of a hover card: each figure's source, or why it is an estimate. */
export function sourceLines(sources: readonly FigureSource[] | undefined): string {
  if (!sources || sources.length === 0) return '';
  const clip = (text: string) => (text.length > SOURCE_CHARS ? `${text.slice(0, SOURCE_CHARS - 1)}…` : text);
  const lines = sources.map((item) => {
    const label = item.figure === 'asset' ? 'asset' : item.figure;
    return `${label}: ${[item.source ? clip(item.source) : '', item.estimate ? `estimate: ${clip(item.estimate)}` : ''].filter(Boolean).join('; ')}`;
  });
  return `\nsources\n${lines.map((line) => `· ${line}`).join('\n')}`;
}

export function spreadOverlapping(position: Map<string, [number, number]>): Map<string, [number, number]> {
  const groups: string[][] = [];
  for (const id of [...position.keys()].sort()) {
    const [x, y] = position.get(id)!;
    const group = groups.find((members) => members.some((member) => Math.hypot(position.get(member)![0] - x, position.get(member)![1] - y) < OVERLAP_PX));
    if (group) group.push(id);
    else groups.push([id]);
  }
  const spread = new Map(position);
  for (const members of groups) {
    if (members.length < 2) continue;
    const cx = members.reduce((sum, id) => sum + position.get(id)![0], 0) / members.length;
    const cy = members.reduce((sum, id) => sum + position.get(id)![1], 0) / members.length;
    members.forEach((id, index) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / members.length;
      spread.set(id, [cx + SPREAD_RADIUS * Math.cos(angle), cy + SPREAD_RADIUS * Math.sin(angle)]);
    });
  }
  return spread;
}

/**
 * Draws the network on packaged Natural Earth land (no tiles, no network). Before a run, line
 * width shows capacity; after one, the oil each link carried, its colour the use of capacity,
 * with arrows for direction. Nodes that would overlap at this scale (the Novorossiysk terminals)
 * are spread on a small ring around their common place, and links follow them.
 */
export function drawMap(network: Network, closed: ReadonlySet<string>, flows: ReadonlyMap<string, LinkFlow> | undefined, pick: (element: SVGElement) => void): void {
  const svg = $('map') as unknown as SVGSVGElement;
  const width = 960;
  const height = 720;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const located = network.nodes.filter((node) => node.location);
  const points = { type: 'MultiPoint' as const, coordinates: located.map((node) => [node.location!.lon, node.location!.lat]) };
  const projection = geoMercator().fitExtent(
    [
      [30, 30],
      [width - 30, height - 30],
    ],
    points,
  );
  const path = geoPath(projection);
  const topology = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topology, topology.objects.countries);
  const parts: string[] = [`<g>${land.features.map((country) => `<path class="land" d="${path(country) ?? ''}"></path>`).join('')}</g>`];
  const position = spreadOverlapping(new Map(located.map((node) => [node.id, projection([node.location!.lon, node.location!.lat])!])));
  // After a run: width by the oil each link carried in the scenario, colour by its use of capacity,
  // arrows for direction. Before: width by capacity.
  parts.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>');
  const maxFlow = flows ? Math.max(1, ...[...flows.values()].map((flow) => Math.max(flow.baselineTonnes, flow.scenarioTonnes))) : 1;
  for (const link of network.links) {
    const from = position.get(link.from);
    const to = position.get(link.to);
    if (!from || !to) continue;
    const flow = flows?.get(link.id);
    const capacity = link.capacityTonnesPerDay ?? 200_000;
    const width = flow ? 1 + 8 * Math.sqrt(flow.scenarioTonnes / maxFlow) : Math.max(1.5, Math.min(7, Math.log10(Math.max(10, capacity)) * 1.3 - 3));
    const use = flow && flow.capacityTonnes ? flow.scenarioTonnes / flow.capacityTonnes : undefined;
    const colour = flow ? (use === undefined ? '#3a6ea5' : use > 0.95 ? '#c0392b' : use > 0.7 ? '#e67e22' : '#3a6ea5') : undefined;
    const flowText = flow ? `\nflow ${mt(flow.baselineTonnes)} → ${mt(flow.scenarioTonnes)}${use === undefined ? '' : ` (${Math.round(use * 100)} % of capacity)`}` : '';
    parts.push(
      `<line class="link${closed.has(link.id) ? ' closed' : ''}" data-asset="${link.id}" x1="${from[0].toFixed(1)}" y1="${from[1].toFixed(1)}" x2="${to[0].toFixed(1)}" y2="${to[1].toFixed(1)}" stroke-width="${width.toFixed(1)}"${colour && !closed.has(link.id) ? ` style="stroke:${colour}"` : ''}${flow && flow.scenarioTonnes > 0 ? ' marker-end="url(#arrow)"' : ''} tabindex="0" role="button" aria-label="${link.name}"><title>${link.name} (${link.kind})\ncapacity ${link.capacityTonnesPerDay === null ? 'unlimited' : `${((link.capacityTonnesPerDay * 365) / 1e6).toFixed(1)} Mt/yr`}${flowText}\njurisdiction ${link.jurisdiction.join(', ') || '-'}${link.owners.length ? `\nowners ${link.owners.map((owner) => `${owner.actor} ${Math.round(owner.share * 100)} %`).join(', ')}` : ''}${escapeHtml(sourceLines(link.sources))}</title></line>`,
    );
  }
  for (const node of located) {
    const [x, y] = position.get(node.id)!;
    parts.push(`<circle class="node ${node.kind}${closed.has(node.id) ? ' closed' : ''}" data-asset="${node.id}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" tabindex="0" role="button" aria-label="${node.name}"><title>${node.name} (${node.kind})\njurisdiction ${node.jurisdiction.join(', ') || '-'}${escapeHtml(sourceLines(node.sources))}</title></circle>`);
  }
  svg.innerHTML = parts.join('');
  for (const element of svg.querySelectorAll<SVGElement>('[data-asset]')) pick(element);
}
