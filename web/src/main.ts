import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-50m.json';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

/** The network as the API serves it (resolved, canonical units). */
interface NetworkNode {
  id: string;
  name: string;
  kind: string;
  location?: { lat: number; lon: number };
  jurisdiction: string[];
}
interface NetworkLink {
  id: string;
  name: string;
  kind: string;
  from: string;
  to: string;
  capacityTonnesPerDay: number | null;
  jurisdiction: string[];
  owners: { actor: string; share: number }[];
}
interface Network {
  id: string;
  name: string;
  nodes: NetworkNode[];
  links: NetworkLink[];
  actors: { id: string; name: string }[];
}
interface Outage {
  asset: string;
  start: string;
  days: number;
  remaining: number;
}
interface RouteExports {
  route: string;
  tonnes: number;
}
interface LinkFlow {
  link: string;
  baselineTonnes: number;
  scenarioTonnes: number;
  capacityTonnes: number | null;
}
interface Result {
  linkFlows: LinkFlow[];
  series: { dates: string[]; routes: { route: string; baseline: number[]; scenario: number[] }[] };
  baseline: { exportsByRoute: RouteExports[] };
  scenario: { exportsByRoute: RouteExports[] };
  impact: {
    exportsLostTonnes: number;
    revenueLostUsd: number;
    netbackLostUsd: number;
    productionShutInTonnes: number;
    budgetLossByState: { state: string; lossUsd: number }[];
    byActor: { actor: string; name: string; lossUsd: number }[];
  };
}

const NETWORK = 'caspian-crude';
const TEMPLATE = 'cpc-2022-ban';
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** Outages are edited in the form; other events (sanctions, expansions, prices) come from files. */
const state: { network?: Network; template?: Record<string, unknown>; events: Outage[]; extra: Record<string, unknown>[]; lastRun?: string; flows?: Map<string, LinkFlow> } = { events: [], extra: [] };

function usd(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 1e9) return `${(value / 1e9).toFixed(2)} bn USD`;
  if (magnitude >= 1e6) return `${(value / 1e6).toFixed(1)} M USD`;
  return `${Math.round(value).toLocaleString('en-US')} USD`;
}
const mt = (tonnes: number) => `${(tonnes / 1e6).toFixed(3)} Mt`;

/** The whole view lives in the URL, so a link reproduces it. */
function writeUrl(): void {
  const parts = [state.events.length > 0 ? `events=${encodeURIComponent(JSON.stringify(state.events))}` : '', state.extra.length > 0 ? `extra=${encodeURIComponent(JSON.stringify(state.extra))}` : ''].filter(Boolean);
  const hash = parts.length > 0 ? `#${parts.join('&')}` : '';
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

function readExtra(): Record<string, unknown>[] {
  const match = /extra=([^&]+)/.exec(location.hash);
  if (!match) return [];
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as Record<string, unknown>[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function readUrl(): Outage[] {
  const match = /events=([^&]+)/.exec(location.hash);
  if (!match) return [];
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as Outage[];
    return Array.isArray(parsed) ? parsed.filter((event) => typeof event.asset === 'string') : [];
  } catch {
    return [];
  }
}

function drawMap(network: Network): void {
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
  const position = new Map(located.map((node) => [node.id, projection([node.location!.lon, node.location!.lat])!]));
  const closed = new Set(state.events.map((event) => event.asset));
  const flows = state.flows;
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
      `<line class="link${closed.has(link.id) ? ' closed' : ''}" data-asset="${link.id}" x1="${from[0].toFixed(1)}" y1="${from[1].toFixed(1)}" x2="${to[0].toFixed(1)}" y2="${to[1].toFixed(1)}" stroke-width="${width.toFixed(1)}"${colour && !closed.has(link.id) ? ` style="stroke:${colour}"` : ''}${flow && flow.scenarioTonnes > 0 ? ' marker-end="url(#arrow)"' : ''} tabindex="0" role="button" aria-label="${link.name}"><title>${link.name} (${link.kind})\ncapacity ${link.capacityTonnesPerDay === null ? 'unlimited' : `${((link.capacityTonnesPerDay * 365) / 1e6).toFixed(1)} Mt/yr`}${flowText}\njurisdiction ${link.jurisdiction.join(', ') || '-'}${link.owners.length ? `\nowners ${link.owners.map((owner) => `${owner.actor} ${Math.round(owner.share * 100)} %`).join(', ')}` : ''}</title></line>`,
    );
  }
  for (const node of located) {
    const [x, y] = position.get(node.id)!;
    parts.push(`<circle class="node ${node.kind}${closed.has(node.id) ? ' closed' : ''}" data-asset="${node.id}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" tabindex="0" role="button" aria-label="${node.name}"><title>${node.name} (${node.kind})\njurisdiction ${node.jurisdiction.join(', ') || '-'}</title></circle>`);
  }
  svg.innerHTML = parts.join('');
  for (const element of svg.querySelectorAll<SVGElement>('[data-asset]')) pickable(element);
}

/** Clicking the element (or Enter / Space on it) picks its `data-asset` for the editor. */
function pickable(element: HTMLElement | SVGElement): void {
  const select = () => {
    ($('asset') as HTMLSelectElement).value = element.dataset.asset!;
    $('asset').focus();
  };
  element.addEventListener('click', select);
  element.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter' || (event as KeyboardEvent).key === ' ') {
      event.preventDefault();
      select();
    }
  });
}

/** An event as a chip with a remove button. */
function chip(text: string, className: string, label: string, onRemove: () => void): HTMLLIElement {
  const item = document.createElement('li');
  item.className = className;
  item.textContent = `${text} `;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = '×';
  remove.setAttribute('aria-label', label);
  remove.addEventListener('click', onRemove);
  item.append(remove);
  return item;
}

function drawEvents(): void {
  const list = $('events');
  list.innerHTML = '';
  state.events.forEach((event, index) => {
    list.append(
      chip(`${event.asset}: ${event.start}, ${event.days} days, ${event.remaining} % left`, '', `remove the outage of ${event.asset}`, () => {
        state.events.splice(index, 1);
        refresh();
      }),
    );
  });
  state.extra.forEach((event, index) => {
    list.append(
      chip(`${String(event.type)} ${String(event.asset ?? event.actor ?? event.target ?? event.payer ?? '')} ${String(event.start ?? event.date ?? '')}`, 'extra', `remove the ${String(event.type)} event`, () => {
        state.extra.splice(index, 1);
        refresh();
      }),
    );
  });
  const blob = new Blob([stringifyYaml(scenarioFile())], { type: 'application/yaml' });
  ($('download-yaml') as HTMLAnchorElement).href = URL.createObjectURL(blob);
}

function refresh(): void {
  writeUrl();
  drawEvents();
  if (state.network) drawMap(state.network);
}

function scenarioFile(): Record<string, unknown> {
  const template = state.template!;
  return {
    ...template,
    id: 'web-scenario',
    name: state.events.length > 0 ? `Outages of ${state.events.map((event) => event.asset).join(', ')}` : 'No events',
    events: [...state.events.map((event) => ({ type: 'outage', asset: event.asset, start: event.start, days: event.days, remaining: `${event.remaining} %` })), ...state.extra],
  };
}

async function run(): Promise<void> {
  const status = $('status');
  $('form-error').textContent = '';
  status.textContent = 'queued…';
  const response = await fetch('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: scenarioFile() }) });
  const created = (await response.json()) as { id?: string; error?: string; issues?: { path: (string | number)[]; message: string }[] };
  if (!response.ok || !created.id) {
    status.textContent = '';
    $('form-error').textContent = created.issues?.length ? created.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : (created.error ?? `error ${response.status}`);
    return;
  }
  for (;;) {
    const stored = (await (await fetch(`/api/runs/${created.id}?wait=10000`)).json()) as { status: string; stage: string; error: string | null; result: Result | null };
    if (stored.status === 'done' && stored.result) {
      status.textContent = 'done';
      showResult(stored.result, created.id);
      if (state.lastRun) await showComparison(state.lastRun, created.id);
      state.lastRun = created.id;
      void drawHistory();
      return;
    }
    if (stored.status === 'failed') {
      status.textContent = '';
      $('form-error').textContent = stored.error ?? 'the run failed';
      return;
    }
    status.textContent = `${stored.stage}…`;
  }
}

function showResult(result: Result, id: string): void {
  $('results').hidden = false;
  const impact = result.impact;
  const budget = impact.budgetLossByState.map((row) => `<dt>budget loss ${row.state}</dt><dd>${usd(row.lossUsd)}</dd>`).join('');
  $('headline').innerHTML = `<dt>exports lost</dt><dd id="exports-lost">${mt(impact.exportsLostTonnes)}</dd><dt>revenue lost</dt><dd id="revenue-lost">${usd(impact.revenueLostUsd)}</dd><dt>netback lost</dt><dd>${usd(impact.netbackLostUsd)}</dd><dt>production shut in</dt><dd>${mt(impact.productionShutInTonnes)}</dd>${budget}`;
  const routes = [...new Set([...result.baseline.exportsByRoute, ...result.scenario.exportsByRoute].map((row) => row.route))];
  const tonnes = (rows: RouteExports[], route: string) => rows.find((row) => row.route === route)?.tonnes ?? 0;
  $('routes').innerHTML = `<tr><th>route</th><th>baseline</th><th>scenario</th><th>lost</th></tr>${routes.map((route) => `<tr><td>${route}</td><td>${mt(tonnes(result.baseline.exportsByRoute, route))}</td><td>${mt(tonnes(result.scenario.exportsByRoute, route))}</td><td>${mt(tonnes(result.baseline.exportsByRoute, route) - tonnes(result.scenario.exportsByRoute, route))}</td></tr>`).join('')}`;
  $('actors').innerHTML = `<tr><th>actor</th><th>loss</th></tr>${impact.byActor
    .slice(0, 10)
    .map((row) => `<tr><td>${row.name}</td><td>${usd(row.lossUsd)}</td></tr>`)
    .join('')}`;
  ($('csv') as HTMLAnchorElement).href = `/api/runs/${id}/impact-daily.csv`;
  drawChart(result);
  state.flows = new Map(result.linkFlows.map((flow) => [flow.link, flow]));
  if (state.network) drawMap(state.network);
}

/** Daily exports over all routes, baseline against scenario: an SVG chart, or the same as a table. */
function drawChart(result: Result): void {
  const { dates, routes } = result.series;
  const total = (which: 'baseline' | 'scenario') => dates.map((_, day) => routes.reduce((sum, route) => sum + (route[which][day] ?? 0), 0) / 1000);
  const baseline = total('baseline');
  const scenario = total('scenario');
  const width = 640;
  const height = 220;
  const pad = { left: 48, right: 10, top: 10, bottom: 28 };
  const max = Math.max(1, ...baseline, ...scenario);
  const x = (day: number) => pad.left + (day / Math.max(1, dates.length - 1)) * (width - pad.left - pad.right);
  const y = (value: number) => height - pad.bottom - (value / max) * (height - pad.top - pad.bottom);
  const line = (values: number[]) => values.map((value, day) => `${day === 0 ? 'M' : 'L'}${x(day).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const ticks = [0, Math.floor((dates.length - 1) / 2), dates.length - 1];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="Daily exports, thousand tonnes: baseline and scenario" font-family="DejaVu Sans, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<line x1="${pad.left}" y1="${y(0)}" x2="${width - pad.right}" y2="${y(0)}" stroke="#888"/><line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${y(0)}" stroke="#888"/>
<text x="${pad.left - 4}" y="${y(max) + 4}" text-anchor="end">${max.toFixed(0)}</text><text x="${pad.left - 4}" y="${y(0)}" text-anchor="end">0</text>
<text x="4" y="${pad.top + 10}">kt/d</text>
${ticks.map((day, index) => `<text x="${x(day)}" y="${height - 10}" text-anchor="${index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}">${dates[day]}</text>`).join('')}
<path d="${line(baseline)}" fill="none" stroke="#3a6ea5" stroke-width="2"><title>baseline</title></path>
<path d="${line(scenario)}" fill="none" stroke="#c0392b" stroke-width="2"><title>scenario</title></path>
<text x="${width - pad.right}" y="${pad.top + 10}" text-anchor="end" fill="#3a6ea5">baseline</text><text x="${width - pad.right}" y="${pad.top + 24}" text-anchor="end" fill="#c0392b">scenario</text>
</svg>`;
  $('chart').innerHTML = svg;
  ($('chart-download') as HTMLAnchorElement).href = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  $('chart-table').innerHTML = `<tr><th>date</th><th>baseline kt</th><th>scenario kt</th></tr>${dates.map((date, day) => `<tr><td>${date}</td><td>${baseline[day]!.toFixed(1)}</td><td>${scenario[day]!.toFixed(1)}</td></tr>`).join('')}`;
}

interface Comparison {
  changes: { kind: 'added' | 'removed' | 'changed'; what: string; detail: string }[];
  headline: { metric: string; unit: string; a: number; b: number; change: number }[];
}

/** What changed since the previous run, as chips, and every headline figure before → after. */
async function showComparison(previous: string, current: string): Promise<void> {
  const response = await fetch(`/api/compare?a=${previous}&b=${current}`);
  if (!response.ok) return;
  const comparison = (await response.json()) as Comparison;
  $('compare').hidden = false;
  $('changes').innerHTML = comparison.changes.length === 0 ? '<li>same inputs</li>' : comparison.changes.map((change) => `<li class="${change.kind}" title="${change.detail.replace(/"/g, '&quot;')}">${change.kind === 'added' ? '+' : change.kind === 'removed' ? '−' : '~'} ${change.what}</li>`).join('');
  const show = (value: number, unit: string) => (unit === 't' ? mt(value) : usd(value));
  $('compare-table').innerHTML = `<tr><th>figure</th><th>before</th><th>after</th><th>change</th></tr>${comparison.headline
    .filter((row) => row.a !== 0 || row.b !== 0)
    .map((row) => `<tr><td>${row.metric}</td><td>${show(row.a, row.unit)}</td><td>${show(row.b, row.unit)}</td><td>${show(row.change, row.unit)}</td></tr>`)
    .join('')}`;
}

/** An analysis through the API (solved on the server's worker threads), shown as a table. */
async function analysis(kind: 'criticality' | 'power'): Promise<void> {
  const status = $('analysis-status');
  status.textContent = 'solving…';
  const response = await fetch(`/api/analyses/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(kind === 'criticality' ? { days: 30 } : {}) });
  const report = (await response.json()) as { error?: string; assets?: { asset: string; kind: string; exportsLostTonnes: number; revenueLostUsd: number }[]; players?: { actor: string; shapley: number; share: number }[]; grandCoalitionValueUsd?: number };
  if (!response.ok) {
    status.textContent = report.error ?? `error ${response.status}`;
    return;
  }
  const table = $('analysis-table');
  if (kind === 'criticality' && report.assets) {
    status.textContent = 'each asset closed alone for 30 days, oil rerouted; click a row to pick the asset';
    table.innerHTML = `<tr><th>asset</th><th>kind</th><th>exports lost</th><th>revenue lost</th></tr>${report.assets
      .slice(0, 10)
      .map((row) => `<tr data-asset="${row.asset}" tabindex="0"><td>${row.asset}</td><td>${row.kind}</td><td>${mt(row.exportsLostTonnes)}</td><td>${usd(row.revenueLostUsd)}</td></tr>`)
      .join('')}`;
    for (const row of table.querySelectorAll<HTMLTableRowElement>('tr[data-asset]')) pickable(row);
  } else if (report.players) {
    status.textContent = `Shapley values of a steady year (grand coalition ${usd(report.grandCoalitionValueUsd ?? 0)} per year)`;
    table.innerHTML = `<tr><th>player</th><th>power</th><th>share</th></tr>${report.players.map((row) => `<tr><td>${row.actor}</td><td>${usd(row.shapley)}</td><td>${(row.share * 100).toFixed(1)} %</td></tr>`).join('')}`;
  }
}

/** The stored runs, newest first; tick two to compare them. */
async function drawHistory(): Promise<void> {
  const runs = (await (await fetch('/api/runs')).json()) as { id: string; name: string; status: string; createdAt: string }[];
  $('history-list').innerHTML = runs
    .slice(0, 30)
    .map((run) => `<li><input type="checkbox" value="${run.id}" aria-label="compare ${run.name.replace(/"/g, '&quot;')}" /><span>${run.createdAt.slice(11, 19)}</span><span>${run.status}</span><span>${run.name}</span></li>`)
    .join('');
}

function wireExtraForms(network: Network): void {
  const actors = $('sanction-actor') as HTMLSelectElement;
  const holders = new Set([...network.nodes, ...network.links].flatMap((asset) => asset.jurisdiction));
  actors.innerHTML = network.actors.filter((actor) => holders.has(actor.id)).map((actor) => `<option value="${actor.id}">${actor.name}</option>`).join('');
  const days = (id: string) => Number(($(id) as HTMLInputElement).value);
  $('sanction-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!Number.isInteger(days('sanction-days')) || days('sanction-days') < 1) {
      $('form-error').textContent = 'sanction days: give a whole number of days, 1 or more';
      return;
    }
    state.extra.push({ type: 'sanction', actor: actors.value, scope: 'jurisdiction', assets: [], start: ($('sanction-start') as HTMLInputElement).value, days: days('sanction-days') });
    refresh();
  });
  $('price-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const change = Number(($('price-change') as HTMLInputElement).value);
    if (!Number.isFinite(change) || !Number.isInteger(days('price-days')) || days('price-days') < 1) {
      $('form-error').textContent = 'price change: give a number of USD/bbl and whole days';
      return;
    }
    state.extra.push({ type: 'price', target: 'benchmark', change: `${change} USD/bbl`, start: ($('price-start') as HTMLInputElement).value, days: days('price-days') });
    refresh();
  });
  const expandable = $('expansion-asset') as HTMLSelectElement;
  expandable.innerHTML = network.links.filter((link) => link.capacityTonnesPerDay !== null).map((link) => `<option value="${link.id}">${link.id} (${((link.capacityTonnesPerDay! * 365) / 1e6).toFixed(2)} Mt/yr)</option>`).join('');
  $('expansion-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const capacity = Number(($('expansion-capacity') as HTMLInputElement).value);
    if (!Number.isFinite(capacity) || capacity < 0) {
      $('form-error').textContent = 'new capacity: give Mt/yr, 0 or more';
      return;
    }
    state.extra.push({ type: 'expansion', asset: expandable.value, capacity: `${capacity} Mt/yr`, start: ($('expansion-start') as HTMLInputElement).value });
    refresh();
  });
  $('refresh-history').addEventListener('click', () => void drawHistory());
  $('compare-selected').addEventListener('click', () => {
    const ticked = [...document.querySelectorAll<HTMLInputElement>('#history-list input:checked')].map((input) => input.value);
    if (ticked.length !== 2) {
      $('form-error').textContent = 'tick exactly two runs to compare';
      return;
    }
    void showComparison(ticked[1]!, ticked[0]!);
  });
}

async function start(): Promise<void> {
  const [network, template] = await Promise.all([fetch(`/api/networks/${NETWORK}`).then((response) => response.json() as Promise<Network>), fetch(`/api/scenarios/${TEMPLATE}`).then((response) => response.json() as Promise<{ file: Record<string, unknown> }>)]);
  state.network = network;
  state.template = template.file;
  $('subtitle').textContent = `${network.name}: close assets, run, and see who loses what`;
  const select = $('asset') as HTMLSelectElement;
  select.innerHTML = [...network.nodes, ...network.links].map((asset) => `<option value="${asset.id}">${asset.id} (${asset.name})</option>`).join('');
  select.value = 'cpc-loading';
  const remaining = $('remaining') as HTMLInputElement;
  remaining.addEventListener('input', () => ($('remaining-value').textContent = `${remaining.value} %`));
  $('event-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const days = Number(($('days') as HTMLInputElement).value);
    const startDate = ($('start') as HTMLInputElement).value;
    if (!Number.isInteger(days) || days < 1) {
      $('form-error').textContent = 'days: give a whole number of days, 1 or more';
      return;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) {
      $('form-error').textContent = 'start: pick a date';
      return;
    }
    $('form-error').textContent = '';
    state.events.push({ asset: select.value, start: startDate, days, remaining: Number(remaining.value) });
    refresh();
  });
  $('run').addEventListener('click', () => void run());
  wireExtraForms(network);
  void drawHistory();
  $('run-criticality').addEventListener('click', () => void analysis('criticality'));
  $('run-power').addEventListener('click', () => void analysis('power'));
  $('chart-toggle').addEventListener('click', () => {
    const table = $('chart-table');
    table.hidden = !table.hidden;
    $('chart').hidden = !table.hidden;
    $('chart-toggle').textContent = table.hidden ? 'Table' : 'Chart';
    $('chart-toggle').setAttribute('aria-pressed', String(!table.hidden));
  });
  ($('upload-yaml') as HTMLInputElement).addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const data = parseYaml(await file.text()) as Record<string, unknown>;
      if (data.network !== NETWORK) throw new Error(`this app edits scenarios of ${NETWORK}; the file is for ${String(data.network)}`);
      const events = Array.isArray(data.events) ? (data.events as Record<string, unknown>[]) : [];
      state.template = { ...data, events: [] };
      state.events = events.filter((item) => item.type === 'outage' && typeof item.days === 'number').map((item) => ({ asset: String(item.asset), start: String(item.start), days: Number(item.days), remaining: Number.parseFloat(String(item.remaining ?? '0')) || 0 }));
      state.extra = events.filter((item) => !(item.type === 'outage' && typeof item.days === 'number'));
      $('form-error').textContent = '';
      refresh();
    } catch (error) {
      $('form-error').textContent = `cannot open ${file.name}: ${(error as Error).message}`;
    }
  });
  state.events = readUrl();
  state.extra = readExtra();
  refresh();
  if (state.events.length > 0 || state.extra.length > 0) await run();
}

void start();
