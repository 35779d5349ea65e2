import { geoMercator, geoPath, type GeoProjection } from 'd3-geo';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { html, nothing, render, svg } from 'lit-html';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import type { Units } from './commodity.ts';
import { $ } from './format.ts';
import type { FigureSource, LinkFlow, Network, NetworkLink, NetworkNode } from './types.ts';

/** Nodes closer than this (px on screen) are drawn apart, on a ring of SPREAD_RADIUS around their centre. */
const OVERLAP_PX = 9;
const SPREAD_RADIUS = 11;
const SOURCE_CHARS = 180;
/** The map's width in its own units; its height follows the shape of the box it fills. */
const WIDTH = 960;
const HEIGHT = 720;
/** Label size on screen (px) and the order in which kinds claim room for their label. */
const LABEL_PX = 13;
/**
 * Colours are presentation attributes, not inline styles: the page's CSP allows no style
 * attributes. Classes (closed, hover, focus) still win over them in style.css.
 */
const LINK_COLOUR = '#3a6ea5';
export const KIND_FILL: Record<string, string> = { field: '#8b5a2b', junction: '#555555', storage: '#8e44ad', terminal: '#1d4f91', market: '#2e8b57' };
const LABEL_PRIORITY: Record<string, number> = { market: 0, terminal: 1, field: 2, storage: 3, junction: 4 };

/** What the map shows on links: flows of a run in the user's unit, or the change against the baseline. */
export interface MapView {
  readonly closed: ReadonlySet<string>;
  readonly flows?: ReadonlyMap<string, LinkFlow>;
  readonly days?: number;
  /** The network's units (crude: kt/d, Mt/yr, Mt, USD; gas: GWh/d, mcm/d, TWh, EUR) and the one chosen for flows. */
  readonly units: Units;
  readonly unit: string;
  readonly difference: boolean;
  /** An analysis drawn on the map: a value per asset (criticality's loss), or assets highlighted (a closer's levers). */
  readonly overlay?: { readonly title: string; readonly values: ReadonlyMap<string, number>; readonly highlight?: ReadonlySet<string> };
  /** The replay day: route flows, tank levels and shut-ins of that day, by asset (canonical units). */
  readonly day?: { readonly date: string; readonly linkAmount: ReadonlyMap<string, number>; readonly nodeShare: ReadonlyMap<string, number> };
  /**
   * Shadow prices as a layer: what one more unit of a link's capacity, or of a tank's room, was
   * worth (USD/t, or EUR/MWh on gas) on the replay day, or on average over the horizon; `top` is
   * the largest daily value of the run, so colours compare across days.
   */
  readonly shadow?: { readonly label: string; readonly links: ReadonlyMap<string, number>; readonly storage: ReadonlyMap<string, number>; readonly top: number };
  /** Links and nodes not in the network: those the scenario's expansions add, or bypass candidates. */
  readonly sketched?: SketchedAssets;
  readonly pick: (asset: string) => void;
}

type Point = { readonly lat: number; readonly lon: number };

/**
 * Assets drawn dashed over the network without being part of it: the links and nodes a scenario's
 * expansions add from a date, or a bypass candidate would build (its route geometry when it has
 * one). Each carries its colour and the line its hover card adds.
 */
export interface SketchedAssets {
  readonly title: string;
  readonly nodes: readonly { readonly id: string; readonly name: string; readonly location: Point }[];
  readonly links: readonly { readonly id: string; readonly name: string; readonly from: string; readonly to: string; readonly polyline?: readonly Point[] | undefined; readonly colour: string; readonly note: string }[];
}

/** Light to dark orange with the shadow price; grey where capacity did not bind. */
export function shadowColour(value: number, top: number): string {
  if (!(value > 0)) return '#b8bec8';
  return `hsl(28 90% ${Math.round(72 - 47 * Math.min(1, value / Math.max(1e-9, top)))}%)`;
}

/** The hover line of an asset's shadow price, when the layer is on and the asset has one. */
const shadowLine = (view: MapView, value: number | undefined) => (view.shadow && value !== undefined ? `
shadow price, ${view.shadow.label}: ${value.toFixed(1)} ${view.units.perUnit}` : '');

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
 * Which nodes get a label at this zoom: markets and terminals first, then fields, tanks and
 * junctions, each only where its box does not overlap a label already placed (greedy, in
 * screen pixels, so zooming in frees room for more).
 */
export function placeLabels(nodes: readonly NetworkNode[], position: ReadonlyMap<string, [number, number]>, height = HEIGHT): Set<string> {
  const placed: [number, number, number, number][] = [];
  const shown = new Set<string>();
  const order = [...nodes].sort((a, b) => (LABEL_PRIORITY[a.kind] ?? 9) - (LABEL_PRIORITY[b.kind] ?? 9) || a.id.localeCompare(b.id));
  for (const node of order) {
    const at = position.get(node.id);
    if (!at) continue;
    const box: [number, number, number, number] = [at[0] + 7, at[1] - LABEL_PX / 2 - 1, at[0] + 7 + shortName(node).length * LABEL_PX * 0.58, at[1] + LABEL_PX / 2 + 1];
    if (box[0] < 0 || box[2] > WIDTH || box[1] < 0 || box[3] > height) continue;
    if (placed.some((other) => box[0] < other[2] && other[0] < box[2] && box[1] < other[3] && other[1] < box[3])) continue;
    placed.push(box);
    shown.add(node.id);
  }
  return shown;
}

/** The name before any parenthesis: "Tengiz & Korolev (Tengizchevroil)" → "Tengiz & Korolev". */
const shortName = (node: NetworkNode) => node.name.replace(/\s*\(.*$/, '');

interface MapState {
  network: Network;
  /** Height in map units: WIDTH × the box's height / its width. */
  height: number;
  projection: GeoProjection;
  land: string[];
  transform: ZoomTransform;
  behaviour: ZoomBehavior<SVGSVGElement, unknown>;
  view?: MapView;
}
let current: MapState | undefined;

/** A box on the globe: [[west, south], [east, north]] in degrees. */
type Box = [[number, number], [number, number]];

/**
 * Where each shipped network's map starts and what its "zoom to" button frames. The gas network
 * reaches from the Gulf of Mexico (Freeport LNG) to the Caspian: it starts framed on Europe, and
 * "Whole network" shows the rest. A network without an entry starts whole and has no cluster.
 */
const FRAMES: Record<string, { readonly home?: Box; readonly cluster?: { readonly label: string; readonly box: Box } }> = {
  'caspian-crude': { cluster: { label: 'Black Sea–Caspian', box: [[36.5, 41], [54.5, 48]] } },
  'europe-gas': { home: [[-11, 34], [38, 62]], cluster: { label: 'Central Europe', box: [[2, 45], [25, 56]] } },
};

/** The label of the network's cluster button, or undefined when it has none. */
export const clusterLabel = (networkId: string) => FRAMES[networkId]?.cluster?.label;

/** The zoom that frames a box, centred, with a margin. */
function frameTransform(projection: GeoProjection, height: number, [[west, south], [east, north]]: Box): ZoomTransform {
  const [x0, y0] = projection([west, north])!;
  const [x1, y1] = projection([east, south])!;
  const scale = Math.min(16, 0.9 / Math.max((x1 - x0) / WIDTH, (y1 - y0) / height));
  return zoomIdentity.translate(WIDTH / 2, height / 2).scale(scale).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
}

function setup(network: Network, height: number, kept: ZoomTransform | undefined): MapState {
  const located = network.nodes.filter((node) => node.location);
  const points = { type: 'MultiPoint' as const, coordinates: located.map((node) => [node.location!.lon, node.location!.lat]) };
  const projection = geoMercator().fitExtent(
    [
      [30, 30],
      [WIDTH - 30, height - 30],
    ],
    points,
  );
  const path = geoPath(projection);
  const topology = countries as unknown as Topology<{ countries: GeometryCollection }>;
  const land = feature(topology, topology.objects.countries).features.map((country) => path(country) ?? '');
  const element = $('map') as unknown as SVGSVGElement;
  const home = FRAMES[network.id]?.home;
  const transform = kept ?? (home ? frameTransform(projection, height, home) : zoomIdentity);
  element.setAttribute('viewBox', `0 0 ${WIDTH} ${height}`);
  const behaviour = zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, 16])
    .translateExtent([
      [-WIDTH / 2, -HEIGHT / 2],
      [WIDTH * 1.5, height * 1.5],
    ])
    .on('zoom', (event: { transform: ZoomTransform }) => {
      if (!current) return;
      current.transform = event.transform;
      paint();
    });
  select(element).call(behaviour);
  // The zoom keeps its state on the element: a refit (the box changed shape) keeps the user's zoom.
  select(element).property('__zoom', transform);
  return { network, height, projection, land, transform, behaviour };
}

/** Zooms by a factor around the centre, or frames a named place. */
export function zoomMap(how: 'in' | 'out' | 'all' | 'cluster'): void {
  if (!current) return;
  const element = select($('map') as unknown as SVGSVGElement);
  if (how === 'in' || how === 'out') {
    current.behaviour.scaleBy(element, how === 'in' ? 2 : 0.5);
    return;
  }
  if (how === 'all') {
    current.behaviour.transform(element, zoomIdentity);
    return;
  }
  const cluster = FRAMES[current.network.id]?.cluster;
  if (cluster) current.behaviour.transform(element, frameTransform(current.projection, current.height, cluster.box));
}

export function mapZoom(): number {
  return current?.transform.k ?? 1;
}

/**
 * Draws the network on packaged Natural Earth land (no tiles, no network), zoomable. Before a
 * run, line width shows capacity; after one, what each link carried (or its change against the
 * baseline in the difference view), colour the use of capacity, arrows for direction.
 */
export function drawMap(network: Network, view: MapView): void {
  const height = boxHeight();
  // A refit for the same network (the box changed shape) keeps the user's zoom; another network starts at its home frame.
  if (!current || current.network !== network || Math.abs(current.height - height) > 1) current = setup(network, height, current?.network.id === network.id ? current.transform : undefined);
  current.view = view;
  paint();
  watchBox();
}

/** The height in map units that fills the box the SVG sits in (its shape changes with the layout). */
function boxHeight(): number {
  const box = $('map').getBoundingClientRect();
  return box.width > 0 && box.height > 0 ? Math.round((WIDTH * box.height) / box.width) : HEIGHT;
}

let watching = false;
/** Redraws when the box changes shape (the side column grew, the window was resized). */
function watchBox(): void {
  if (watching || typeof ResizeObserver === 'undefined') return;
  watching = true;
  let pending = 0;
  new ResizeObserver(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => {
      if (current?.view && Math.abs(current.height - boxHeight()) > 1) drawMap(current.network, current.view);
    });
  }).observe($('map'));
}

const DIVERGING = (change: number, scale: number) => {
  const strength = Math.min(1, Math.abs(change) / scale);
  const light = Math.round(85 - 45 * strength);
  return change >= 0 ? `hsl(212 60% ${light}%)` : `hsl(4 70% ${light}%)`;
};

function linkLook(link: NetworkLink, view: MapView, maxFlow: number) {
  const flow = view.flows?.get(link.id);
  const days = view.days ?? 1;
  const closed = view.closed.has(link.id);
  if (view.day) {
    const amount = view.day.linkAmount.get(link.id);
    if (amount !== undefined) return { width: 1 + 8 * Math.sqrt(amount / Math.max(1, maxFlow / days)), colour: '#2c6fb7', text: `\n${view.day.date}: ${view.units.flow(amount, 1, view.units.rate.unit)} that day`, arrow: amount > 0 };
  }
  if (view.overlay?.values.has(link.id) || view.overlay?.highlight?.has(link.id)) {
    const value = view.overlay.values.get(link.id) ?? 0;
    const top = Math.max(1, ...view.overlay.values.values());
    return { width: 2 + 6 * Math.sqrt(value / top), colour: view.overlay.highlight?.has(link.id) ? '#8e44ad' : `hsl(4 75% ${Math.round(75 - 40 * (value / top))}%)`, text: `\n${view.overlay.title}`, arrow: false };
  }
  if (!flow) {
    const capacity = link.capacityTonnesPerDay ?? 200_000;
    return { width: Math.max(1.5, Math.min(7, Math.log10(Math.max(10, capacity)) * 1.3 - 3)), colour: undefined, text: '', arrow: false };
  }
  const change = flow.scenario - flow.baseline;
  const flowIn = (amount: number) => view.units.flow(amount, days, view.unit);
  const text = `\nflow ${flowIn(flow.baseline)} → ${flowIn(flow.scenario)} (change ${change >= 0 ? '+' : ''}${flowIn(change)})`;
  if (view.difference) return { width: 1 + 8 * Math.sqrt(Math.abs(change) / maxFlow), colour: closed ? undefined : DIVERGING(change, maxFlow / 4), text, arrow: Math.abs(change) > 0 };
  const use = flow.capacity ? flow.scenario / flow.capacity : undefined;
  const colour = use === undefined ? '#3a6ea5' : use > 0.95 ? '#c0392b' : use > 0.7 ? '#e67e22' : '#3a6ea5';
  return { width: 1 + 8 * Math.sqrt(flow.scenario / maxFlow), colour: closed ? undefined : colour, text: `${text}${use === undefined ? '' : `, ${Math.round(use * 100)} % of capacity`}`, arrow: flow.scenario > 0 };
}

function linkPoints(link: Pick<NetworkLink, 'from' | 'to'> & { readonly polyline?: readonly Point[] | undefined }, state: MapState, position: ReadonlyMap<string, [number, number]>): [number, number][] | undefined {
  const from = position.get(link.from);
  const to = position.get(link.to);
  if (!from || !to) return undefined;
  const middle = (link.polyline ?? []).slice(1, -1).map((point) => state.transform.apply(state.projection([point.lon, point.lat])!));
  return [from, ...middle, to];
}

function paint(): void {
  const state = current;
  if (!state?.view) return;
  const { network, view, transform } = state;
  const located = network.nodes.filter((node) => node.location);
  const position = spreadOverlapping(new Map(located.map((node) => [node.id, transform.apply(state.projection([node.location!.lon, node.location!.lat])!)])));
  const maxFlow = view.flows ? Math.max(1, ...[...view.flows.values()].map((flow) => (view.difference ? Math.abs(flow.scenario - flow.baseline) : Math.max(flow.baseline, flow.scenario)))) : 1;
  const labelled = placeLabels(located, position, state.height);
  const pickKeys = (asset: string) => (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    view.pick(asset);
  };
  const sketchedAt = new Map(view.sketched?.nodes.map((node) => [node.id, transform.apply(state.projection([node.location.lon, node.location.lat])!)] as const) ?? []);
  const sketched = drawSketched(view.sketched, state, new Map([...position, ...sketchedAt]));
  const links = network.links.map((link) => {
    const points = linkPoints(link, state, position);
    if (!points) return nothing;
    const shadow = view.shadow?.links.get(link.id);
    const base = linkLook(link, view, maxFlow);
    const look = view.shadow ? { ...base, colour: shadowColour(shadow ?? 0, view.shadow.top), text: `${base.text}${shadowLine(view, shadow ?? 0)}` } : base;
    const closed = view.closed.has(link.id);
    return svg`<path class="link${closed ? ' closed' : ''}${link.polyline ? ' routed' : ''}" data-asset=${link.id} data-shadow=${view.shadow ? (shadow ?? 0).toFixed(2) : nothing} d=${`M${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}`} stroke-width=${look.width.toFixed(1)} stroke=${look.colour ?? LINK_COLOUR} marker-end=${look.arrow ? 'url(#arrow)' : nothing} tabindex="0" role="button" aria-label=${link.name} @click=${() => view.pick(link.id)} @keydown=${pickKeys(link.id)}><title>${`${link.name} (${link.kind}, ${link.id})\ncapacity ${link.capacityTonnesPerDay === null ? 'unlimited' : view.units.capacity(link.capacityTonnesPerDay)}${look.text}\njurisdiction ${link.jurisdiction.map(actorName(network)).join(', ') || '-'}${link.owners.length ? `\nowners ${link.owners.map((owner) => `${actorName(network)(owner.actor)} ${Math.round(owner.share * 100)} %`).join(', ')}` : ''}${link.polyline ? '\ndrawn along its route (waypoints in the network file)' : ''}${sourceLines(link.sources)}`}</title></path>`;
  });
  const nodes = located.map((node) => {
    const [x, y] = position.get(node.id)!;
    const share = view.day?.nodeShare.get(node.id);
    const overlay = view.overlay?.values.get(node.id);
    const top = view.overlay ? Math.max(1, ...view.overlay.values.values()) : 1;
    const shadow = view.shadow?.storage.get(node.id);
    const fill = view.shadow && node.kind === 'storage' ? shadowColour(shadow ?? 0, view.shadow.top) : overlay !== undefined ? `hsl(4 75% ${Math.round(75 - 40 * (overlay / top))}%)` : view.overlay?.highlight?.has(node.id) ? '#8e44ad' : undefined;
    const radius = share === undefined ? 5 : 4 + 6 * share;
    return svg`<circle class="node ${node.kind}${view.closed.has(node.id) ? ' closed' : ''}${share !== undefined && share > 0 ? ' replay' : ''}" data-asset=${node.id} data-shadow=${view.shadow && node.kind === 'storage' ? (shadow ?? 0).toFixed(2) : nothing} cx=${x.toFixed(1)} cy=${y.toFixed(1)} r=${radius.toFixed(1)} fill=${fill ?? KIND_FILL[node.kind] ?? KIND_FILL.junction} tabindex="0" role="button" aria-label=${node.name} @click=${() => view.pick(node.id)} @keydown=${pickKeys(node.id)}><title>${`${node.name} (${KIND_WORDS[view.units.kind][node.kind] ?? node.kind}, ${node.id})${share === undefined ? '' : `\n${view.day!.date}: ${Math.round(share * 100)} % ${node.kind === 'storage' ? 'full' : view.units.kind === 'gas' ? 'cut' : 'shut in'}`}${node.kind === 'storage' ? shadowLine(view, shadow ?? 0) : ''}\njurisdiction ${node.jurisdiction.map(actorName(network)).join(', ') || '-'}${sourceLines(node.sources)}`}</title></circle>`;
  });
  const labels = located.filter((node) => labelled.has(node.id)).map((node) => {
    const [x, y] = position.get(node.id)!;
    return svg`<text class="label" data-label=${node.id} x=${(x + 7).toFixed(1)} y=${(y + 4).toFixed(1)} font-size=${LABEL_PX} aria-hidden="true">${shortName(node)}</text>`;
  });
  render(
    svg`<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"></path></marker></defs>
<g class="land-layer" transform=${transform.toString()}>${state.land.map((d) => svg`<path class="land" d=${d} vector-effect="non-scaling-stroke"></path>`)}</g>
${sketched}<g class="links">${links}</g><g class="nodes">${nodes}</g><g class="labels">${labels}</g>`,
    $('map') as unknown as SVGSVGElement,
  );
  $('map').dataset.zoom = transform.k.toFixed(2);
  drawLegend(network, view, maxFlow);
}

/** Sketched links (dashed) and nodes (hollow), under the network's own. */
function drawSketched(sketched: SketchedAssets | undefined, state: MapState, position: ReadonlyMap<string, [number, number]>) {
  if (!sketched) return nothing;
  const path = (points: [number, number][]) => `M${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}`;
  const links = sketched.links.map((link) => {
    const points = linkPoints(link, state, position);
    return points ? svg`<path class="link sketched${link.polyline ? ' routed' : ''}" data-sketched=${link.id} d=${path(points)} stroke=${link.colour} stroke-width="3"><title>${`${link.name} (${link.id})\n${link.note}${link.polyline ? '\ndrawn along its route (waypoints in its file)' : ''}`}</title></path>` : nothing;
  });
  const nodes = sketched.nodes.map((node) => {
    const at = position.get(node.id);
    return at ? svg`<circle class="node sketched" data-sketched=${node.id} cx=${at[0].toFixed(1)} cy=${at[1].toFixed(1)} r="4" fill="white"><title>${`${node.name} (${node.id})\n${sketched.title}`}</title></circle>` : nothing;
  });
  return svg`<g class="sketched-layer">${links}${nodes}</g>`;
}

const actorName = (network: Network) => (id: string) => network.actors.find((actor) => actor.id === id)?.name ?? id;

/** What each node kind is called in the legend: a gas network's "fields" are its supplies. */
const KIND_WORDS: Record<Units['kind'], Record<string, string>> = {
  crude: { field: 'field', junction: 'junction', storage: 'tank farm', terminal: 'terminal', market: 'market' },
  gas: { field: 'supply', junction: 'junction or border point', storage: 'storage', terminal: 'terminal', market: 'market (demand)' },
};

/** The legend beside the map: the network's node kinds, what width and colour mean in the current view. */
function drawLegend(network: Network, view: MapView, maxFlow: number): void {
  const days = view.days ?? 1;
  const { units } = view;
  const words = KIND_WORDS[units.kind];
  const kinds = Object.keys(words).filter((kind) => network.nodes.some((node) => node.kind === kind));
  const flowIn = (amount: number) => units.flow(amount, days, view.unit);
  const tank = units.kind === 'gas' ? 'storage' : 'tank';
  const unit = units.kind === 'gas' ? 'MWh' : 'tonne';
  const shadow = view.shadow
    ? [`Shadow prices, ${view.shadow.label}: what one more ${unit} of a link's capacity or of ${tank} room was worth, ${units.perUnit}; darker orange = more (the run's highest ${view.shadow.top.toFixed(0)} ${units.perUnit}), grey = not binding`]
    : [];
  const lines = view.day
    ? [`Replay ${view.day.date}: width = the route's ${units.kind === 'gas' ? 'flow' : 'export'} that day; ${tank} circles grow with stock, ${words.field} circles with the share ${units.kind === 'gas' ? 'cut' : 'shut in'}`]
    : view.overlay
      ? [`${view.overlay.title}: darker red = larger loss${view.overlay.highlight ? '; purple = the closer’s assets' : ''}`]
      : view.flows
        ? view.difference
          ? [`Change vs baseline: blue = more ${units.stuff}, red = less; widest = ${flowIn(maxFlow)}`]
          : [`Width = ${units.stuff} carried (widest ${flowIn(maxFlow)}); colour = use of capacity: blue < 70 %, orange 70–95 %, red > 95 %`]
        : ['Width = capacity; dashed red = closed in the scenario'];
  render(
    html`<ul class="legend-kinds">
        ${kinds.map((kind) => html`<li data-kind=${kind}><svg width="12" height="12" aria-hidden="true"><circle cx="6" cy="6" r="5" fill=${KIND_FILL[kind] ?? '#555'}></circle></svg> ${words[kind]}</li>`)}
      </ul>
      ${[...shadow, ...lines, ...(view.sketched && view.sketched.links.length > 0 ? [`Dashed: ${view.sketched.title}`] : [])].map((line) => html`<p>${line}</p>`)}`,
    $('map-legend'),
  );
}
