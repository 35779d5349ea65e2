import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { html, nothing, render } from 'lit-html';
import { lastAnalysis, refusal, runAnalysis, type AnalysisContext, type AnalysisKind } from './analyses.ts';
import { drawChartPanel, markDay, PALETTE, type ChartSpec } from './charts.ts';
import { $, tableRows } from './format.ts';
import { drawHistory, tickedPair, type HistoryActions } from './history.ts';
import { clearFigure, exceedanceCurve, sortedBars, stackedRoutes } from './figures.ts';
import { clusterLabel, drawMap, zoomMap, type MapView } from './map.ts';
import { unitsOf, type Units } from './commodity.ts';
import { gasActorLosses, gasHeadline, showGasTables } from './gas-result.ts';
import { addedAssets, candidateAssets, mergeSketches } from './sketches.ts';
import type { SketchedAssets } from './map.ts';
import { clearFieldErrors, reportAtFields } from './field-errors.ts';
import { eventChip } from './event-chips.ts';
import { drawRuleMarkets, fillRuleForm, wireRuleForm, type RuleFormContext } from './rule-form.ts';
import { applySettings, drawSettings, fieldOfIssue, settingsFromUrl, settingsOf, settingsProblems, type Settings } from './settings.ts';
import type { CrudeResult, LinkFlow, Network, Outage, PairedSeries, Result } from './types.ts';
import { isGasResult, linkFlows, routeTotals, shadowRows, sourceSeries } from './result-view.ts';

/** The network shown first, and the scenario whose horizon and prices each network starts from. */
const FIRST_NETWORK = 'caspian-crude';
const TEMPLATES: Record<string, string> = { 'caspian-crude': 'cpc-2022-ban', 'europe-gas': 'europe-gas-2022-sokhranivka' };

interface NetworkEntry {
  id: string;
  name: string;
  kind: 'crude' | 'gas';
  currency: 'USD' | 'EUR';
}
interface ScenarioEntry {
  id: string;
  name: string;
  network: string;
}

/** Outages are edited in the form; other events (sanctions, expansions, prices) come from files. */
const state: {
  networks: NetworkEntry[];
  scenarios: ScenarioEntry[];
  network?: Network;
  /** The network's units: every figure on the page is written in them. */
  units: Units;
  /** The built-in scenario the editor started from. */
  templateId?: string | undefined;
  template?: Record<string, unknown>;
  /** Horizon, price path and mode: the template's until edited. */
  settings?: Settings;
  events: Outage[];
  extra: Record<string, unknown>[];
  lastRun?: string;
  flows?: Map<string, LinkFlow>;
  result?: Result;
  overlay?: MapView['overlay'] | undefined;
  /** The bypass candidates' new links, drawn after the bypass analysis valued them. */
  candidates?: SketchedAssets | undefined;
  replayDay?: number | undefined;
} = { networks: [], scenarios: [], units: unitsOf({ commodity: { name: 'crude oil', kind: 'crude', currency: 'USD', barrelsPerTonne: 7.3, tonnesPerCubicMetre: 0.8 } }), events: [], extra: [] };


/** The whole view lives in the URL, so a link reproduces it. */
function writeUrl(): void {
  const edited = state.settings && state.template && JSON.stringify(state.settings) !== JSON.stringify(settingsOf(state.template));
  const parts = [
    state.network && state.network.id !== FIRST_NETWORK ? `network=${encodeURIComponent(state.network.id)}` : '',
    state.templateId && state.network && state.templateId !== templateOf(state.network.id) ? `template=${encodeURIComponent(state.templateId)}` : '',
    state.events.length > 0 ? `events=${encodeURIComponent(JSON.stringify(state.events))}` : '',
    state.extra.length > 0 ? `extra=${encodeURIComponent(JSON.stringify(state.extra))}` : '',
    edited ? `settings=${encodeURIComponent(JSON.stringify(state.settings))}` : '',
  ].filter(Boolean);
  const hash = parts.length > 0 ? `#${parts.join('&')}` : '';
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

function readExtra(hash: string): Record<string, unknown>[] {
  const match = /extra=([^&]+)/.exec(hash);
  if (!match) return [];
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as Record<string, unknown>[];
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

function readUrl(hash: string): Outage[] {
  const match = /events=([^&]+)/.exec(hash);
  if (!match) return [];
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as Outage[];
    return Array.isArray(parsed) ? parsed.filter((event) => typeof event.asset === 'string') : [];
  } catch {
    return [];
  }
}

/** An asset picked on the map or in a table goes to the editor. */
function pick(asset: string): void {
  ($('asset') as HTMLSelectElement).value = asset;
  $('asset').focus();
}

/** The events as chips with a remove button; every name is bound as text. */
function drawEvents(): void {
  const outage = (event: Outage, index: number) =>
    html`<li title="outage ${event.asset}" data-event="outage ${event.asset}">${assetName(event.asset)}: ${event.start}, ${event.days} days, ${event.remaining} % left
      <button type="button" aria-label="remove the outage of ${assetName(event.asset)}" @click=${() => {
        state.events.splice(index, 1);
        refresh();
      }}>×</button></li>`;
  const extra = (event: Record<string, unknown>, index: number) => {
    const chip = eventChip(event, { assetName, actorName });
    return html`<li class="extra ${String(event.type)}" title=${chip.hover} data-event=${chip.hover}>${chip.text}
      <button type="button" aria-label="remove: ${chip.text}" @click=${() => {
        state.extra.splice(index, 1);
        refresh();
      }}>×</button></li>`;
  };
  render(html`${state.events.map(outage)}${state.extra.map(extra)}`, $('events'));
  if (state.settings) drawSettings(state.settings, () => {
    writeUrl();
    updateDownload();
  }, state.network?.benchmarkName);
  updateDownload();
}

function updateDownload(): void {
  const link = $<HTMLAnchorElement>('download-yaml');
  if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(new Blob([stringifyYaml(scenarioFile())], { type: 'application/yaml' }));
}

function refresh(): void {
  writeUrl();
  drawEvents();
  if (state.network) drawRuleMarkets(state.network, ruleContext);
  redrawMap();
}

function scenarioFile(): Record<string, unknown> {
  const template = state.template!;
  const file = {
    ...template,
    id: 'web-scenario',
    name: state.events.length > 0 ? `Outages of ${state.events.map((event) => assetName(event.asset)).join(', ')}` : state.extra.length > 0 ? `${state.extra.length} event${state.extra.length === 1 ? '' : 's'} from the editor` : 'No events',
    events: [...state.events.map((event) => ({ type: 'outage', asset: event.asset, start: event.start, days: event.days, remaining: `${event.remaining} %` })), ...state.extra],
  };
  return state.settings ? applySettings(file, state.settings) : file;
}

async function run(): Promise<void> {
  const status = $('status');
  clearFieldErrors();
  if (state.settings && !reportAtFields(settingsProblems(state.settings))) return;
  status.textContent = 'queued…';
  const button = $<HTMLButtonElement>('run');
  button.disabled = true;
  try {
    await runAndShow(status);
  } catch (error) {
    status.textContent = '';
    $('form-error').textContent = `the run failed: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
}

/** A refused run: the message in the summary, and each issue about a setting at its field. */
async function showRefusal(response: Response): Promise<void> {
  const body = (await response.clone().json().catch(() => undefined)) as { issues?: { path: (string | number)[]; message: string }[] } | undefined;
  const problems = (body?.issues ?? []).flatMap((issue) => {
    const field = fieldOfIssue(issue.path);
    return field && document.getElementById(field) ? [{ field, message: issue.message }] : [];
  });
  const text = await refusal(response);
  if (problems.length > 0) reportAtFields(problems);
  $('form-error').textContent = text;
}

async function runAndShow(status: HTMLElement): Promise<void> {
  const response = await fetch('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: scenarioFile() }) });
  if (!response.ok) {
    status.textContent = '';
    await showRefusal(response);
    return;
  }
  const created = (await response.json()) as { id: string; warnings?: Result['warnings'] };
  showWarnings(created.warnings ?? []);
  for (;;) {
    const stored = (await (await fetch(`/api/runs/${created.id}?wait=10000`)).json()) as { status: string; stage: string; error: string | null; result: Result | null };
    if (stored.status === 'done' && stored.result) {
      status.textContent = 'done';
      showResult(stored.result, created.id);
      if (state.lastRun) await showComparison(state.lastRun, created.id);
      state.lastRun = created.id;
      void drawHistory(historyActions);
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

/** The run's warnings (events ignored or without effect), as text so a name never becomes markup. */
function showWarnings(warnings: Result['warnings']): void {
  const list = $('warnings');
  list.replaceChildren(
    ...warnings.map((warning) => {
      const item = document.createElement('li');
      item.textContent = `${warning.message} (at ${warning.path})`;
      return item;
    }),
  );
  list.hidden = warnings.length === 0;
}

/** How the run was decided, in words: the mode the engine used, not the one asked for. */
function decisions(operations: Result['operations']): string {
  if (operations.mode !== 'rolling') return 'hindsight: one plan that knows every event and its end';
  const every = operations.replanDays === 1 ? 'every day' : `every ${operations.replanDays} days`;
  return `rolling: re-planned ${every} over a ${operations.lookaheadDays}-day look-ahead with what was known that day`;
}

/** The headline: one figure per line, names for states and actors (ids in the hover card). */
function showHeadline(result: Result): void {
  const { operations, definition } = result;
  render(isGasResult(result) ? gasHeadline(result, gasContext()) : crudeHeadline(result), $('headline'));
  render(
    html`<span id="run-name">${definition.name}</span>, ${definition.start} to ${definition.end} (${definition.days} days). Decisions: <span id="run-mode" data-mode=${operations.mode}>${decisions(operations)}</span>.`,
    $('run-caption'),
  );
}

const gasContext = () => ({ units: state.units, mwhPerCubicMetre: state.network?.commodity.tonnesPerCubicMetre ?? 0.0105, name: anyName });

/** The crude headline: exports, revenue and netback lost, shut-in, budgets, the disruptor's own cost. */
function crudeHeadline(result: CrudeResult) {
  const { impact, operations } = result;
  const line = (label: string, figure: string, id?: string, hover?: string) => html`<dt>${label}</dt><dd id=${id ?? nothing} title=${hover ?? nothing}>${figure}</dd>`;
  const disruptor = impact.disruptor;
  const usd = state.units.money;
  const mt = state.units.amount;
  return html`${line('exports lost', mt(impact.exportsLostTonnes), 'exports-lost')}
      ${line('revenue lost', usd(impact.revenueLostUsd), 'revenue-lost')}
      ${line('netback lost', usd(impact.netbackLostUsd), 'netback-lost')}
      ${operations.hindsightNetbackLostUsd === undefined ? nothing : line('netback lost with hindsight', usd(operations.hindsightNetbackLostUsd), 'hindsight-netback-lost')}
      ${operations.valueOfForesightUsd === undefined ? nothing : line('value of foresight', usd(operations.valueOfForesightUsd), 'value-of-foresight')}
      ${line('production shut in', mt(impact.productionShutInTonnes))}
      ${impact.budgetLossByState.map((row) => line(`budget loss, ${actorName(row.state)}`, usd(row.lossUsd), undefined, row.state))}
      ${disruptor
        ? html`${line(`${actorName(disruptor.actor)}'s own cost, at fixed prices`, usd(disruptor.grossCostUsd), 'disruptor-gross', disruptor.actor)}
          ${line(`${actorName(disruptor.actor)}'s gain from the price change`, usd(disruptor.priceGainUsd), 'disruptor-gain', disruptor.actor)}
          ${line(`${actorName(disruptor.actor)}'s net cost`, usd(disruptor.netCostUsd), 'disruptor-net', disruptor.actor)}`
        : nothing}`;
}

function showResult(result: Result, id: string): void {
  $('summary').hidden = false;
  $('results').hidden = false;
  showWarnings(result.warnings);
  showHeadline(result);
  const { amount, money } = state.units;
  const gas = isGasResult(result);
  for (const card of document.querySelectorAll<HTMLElement>('[data-commodity]')) card.hidden = card.dataset.commodity !== (gas ? 'gas' : 'crude');
  $('routes-title').textContent = gas ? 'Imports by corridor: baseline → scenario' : 'Exports by route: baseline → scenario';
  render(
    tableRows(
      [gas ? 'corridor' : 'route', 'baseline', 'scenario', 'lost'],
      routeTotals(result).map((row) => [row.route, amount(row.baseline), amount(row.scenario), amount(row.baseline - row.scenario)]),
    ),
    $('routes'),
  );
  if (gas) showGasTables(result, gasContext());
  else {
    render(
      tableRows(
        ['actor', 'loss'],
        result.impact.byActor.slice(0, 10).map((row) => [html`<span title=${row.actor}>${row.name}</span>`, money(row.lossUsd)]),
      ),
      $('actors'),
    );
  }
  ($('csv') as HTMLAnchorElement).href = `/api/runs/${id}/impact-daily.csv`;
  for (const spec of resultCharts(result)) drawChartPanel($('charts'), spec);
  const { rate } = state.units;
  stackedRoutes($('chart-stacked'), result.series.dates, result.series.routes.filter(moved), gas ? { title: 'Imports by corridor, stacked', unit: rate.unit, divisor: rate.divisor } : { title: 'Exports by route, stacked', unit: rate.unit, divisor: rate.divisor });
  const losses = gas ? gasActorLosses(result.gas).map((row) => ({ name: row.name, loss: row.loss })) : result.impact.byActor.map((row) => ({ name: row.name, loss: row.lossUsd }));
  sortedBars($('chart-actors'), 'Loss by actor, largest first', `M ${state.units.currency}`, losses.slice(0, 12).map((row) => ({ label: row.name.replace(/\s*\(.*$/, ''), value: row.loss / 1e6 })));
  state.flows = linkFlows(result);
  state.result = result;
  state.overlay = undefined;
  state.replayDay = undefined;
  setupReplay(result);
  redrawMap();
  // The scenario column scrolls within the window's height: bring the impact into its view.
  const side = $('side');
  side.scrollTo({ top: $('summary').offsetTop - side.offsetTop });
}

/** The replay slider over the run's days: the map shows that day, every chart a marker on it. */
function setupReplay(result: Result): void {
  const slider = $<HTMLInputElement>('replay-day');
  slider.max = String(result.series.dates.length - 1);
  slider.value = '0';
  $('replay').hidden = false;
  $('replay-date').textContent = 'off';
}

let playing: number | undefined;

function showDay(day: number): void {
  const result = state.result;
  if (!result) return;
  state.replayDay = day;
  $<HTMLInputElement>('replay-day').value = String(day);
  $('replay-date').textContent = result.series.dates[day] ?? '';
  markDay(day);
  redrawMap();
}

function togglePlay(): void {
  const button = $('replay-play');
  if (playing !== undefined) {
    clearInterval(playing);
    playing = undefined;
    button.textContent = 'Play';
    button.setAttribute('aria-pressed', 'false');
    return;
  }
  const last = (state.result?.series.dates.length ?? 1) - 1;
  button.textContent = 'Pause';
  button.setAttribute('aria-pressed', 'true');
  playing = window.setInterval(() => {
    const next = (state.replayDay ?? -1) + 1;
    if (next > last) togglePlay();
    else showDay(next);
  }, 120);
}

/** The day's figures by asset: each route's export on its metering links, tank fill, fields' share shut in. */
function dayOnMap(result: Result, day: number): NonNullable<MapView['day']> {
  const network = state.network!;
  const linkAmount = new Map<string, number>();
  for (const route of result.series.routes) {
    for (const link of network.links.filter((item) => item.route === route.route)) linkAmount.set(link.id, route.scenario[day] ?? 0);
  }
  const nodeShare = new Map<string, number>();
  for (const tank of result.series.storage) {
    const top = Math.max(1, ...tank.scenario, ...tank.baseline);
    nodeShare.set(tank.storage, (tank.scenario[day] ?? 0) / top);
  }
  for (const source of sourceSeries(result)) {
    const baseline = source.baseline[day] ?? 0;
    nodeShare.set(source.source, baseline > 0 ? Math.max(0, baseline - (source.scenario[day] ?? 0)) / baseline : 0);
  }
  return { date: result.series.dates[day] ?? '', linkAmount, nodeShare };
}

/** The run's shadow prices on the replay day, or their means over the horizon when the replay is off. */
function shadowOnMap(result: Result, day: number | undefined): NonNullable<MapView['shadow']> {
  const { links, storage } = shadowRows(result);
  const value = (row: (typeof links)[number]) => (day === undefined ? row.mean : (row.daily[day] ?? 0));
  return {
    label: day === undefined ? 'mean over the horizon' : (result.series.dates[day] ?? ''),
    links: new Map(links.map((row) => [row.asset, value(row)])),
    storage: new Map(storage.map((row) => [row.asset, value(row)])),
    top: Math.max(1, ...[...links, ...storage].flatMap((row) => row.daily)),
  };
}

/** Canonical daily amounts in a chart's unit (kt/d or GWh/d; kt or TWh for stocks). */
const scaled = (values: readonly number[], divisor: number) => values.map((value) => value / divisor);

function sumSeries(series: readonly PairedSeries[], which: 'baseline' | 'scenario', days: number): number[] {
  return Array.from({ length: days }, (_, day) => series.reduce((total, item) => total + (item[which][day] ?? 0), 0));
}

/** Baseline (dashed) and scenario lines in one colour per item: routes, tanks. */
function pairedLines(items: readonly (PairedSeries & { label: string })[], divisor: number): ChartSpec['lines'] {
  return items.flatMap((item, index) => {
    const colour = PALETTE[index % PALETTE.length]!;
    return [
      { label: `${item.label}, baseline`, colour, values: scaled(item.baseline, divisor), dashed: true },
      { label: item.label, colour, values: scaled(item.scenario, divisor) },
    ];
  });
}

const moved = (item: PairedSeries) => item.baseline.some((value) => value > 0) || item.scenario.some((value) => value > 0);

/** Chart titles in the network's words: a crude network exports by route, a gas network imports by corridor. */
const CHART_TITLES = {
  crude: { total: 'Daily exports: baseline and scenario', routes: 'Exports by route (dashed: baseline)', stock: 'Stock in tanks, end of day (dashed: baseline)', cut: 'Production shut in, by field', none: 'no field shut in' },
  gas: { total: 'Daily imports by all corridors: baseline and scenario', routes: 'Imports by corridor (dashed: baseline)', stock: 'Gas in storage, end of day (dashed: baseline)', cut: 'Supply cut against the baseline, by source', none: 'no supply cut' },
} as const;

/** The result's daily charts: all exports (or imports), by route (corridor), stock, output shut in (supply cut). */
export function resultCharts(result: Result): ChartSpec[] {
  const { dates, routes, storage } = result.series;
  const { rate, stock, kind } = state.units;
  const titles = CHART_TITLES[kind];
  const shutIn = sourceSeries(result)
    .map((row) => ({ label: assetName(row.source).replace(/\s*\(.*$/, ''), values: row.baseline.map((value, day) => Math.max(0, value - (row.scenario[day] ?? 0))) }))
    .filter((field) => field.values.some((value) => value > 1e-6));
  return [
    {
      id: 'chart',
      title: titles.total,
      unit: rate.unit,
      dates,
      lines: [
        { label: 'baseline', colour: '#3a6ea5', values: scaled(sumSeries(routes, 'baseline', dates.length), rate.divisor) },
        { label: 'scenario', colour: '#c0392b', values: scaled(sumSeries(routes, 'scenario', dates.length), rate.divisor) },
      ],
    },
    { id: 'chart-routes', title: titles.routes, unit: rate.unit, dates, lines: pairedLines(routes.filter(moved).map((route) => ({ ...route, label: route.route })), rate.divisor) },
    { id: 'chart-storage', title: titles.stock, unit: stock.unit, dates, lines: pairedLines(storage.filter(moved).map((tank) => ({ ...tank, label: assetName(tank.storage) })), stock.divisor) },
    {
      id: 'chart-shutin',
      title: titles.cut,
      unit: rate.unit,
      dates,
      lines: shutIn.length > 0 ? shutIn.map((field, index) => ({ label: field.label, colour: PALETTE[index % PALETTE.length]!, values: scaled(field.values, rate.divisor) })) : [{ label: titles.none, colour: '#7f8c8d', values: dates.map(() => 0) }],
    },
  ];
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
  render(
    comparison.changes.length === 0 ? html`<li>same inputs</li>` : comparison.changes.map((change) => html`<li class=${change.kind} title=${`${change.what}: ${change.detail}`}>${change.kind === 'added' ? '+' : change.kind === 'removed' ? '−' : '~'} ${namesIn(change.what)}</li>`),
    $('changes'),
  );
  const { amount, money, perUnit, currency } = state.units;
  // The server names each figure's unit in the network's words: t or MWh, USD or EUR, USD/t or EUR/MWh (mean).
  const show = (value: number, unit: string) => (unit === 't' || unit === 'MWh' ? amount(value) : unit === currency ? money(value) : `${value.toFixed(2)} ${perUnit}`);
  render(
    tableRows(
      ['figure', 'before', 'after', 'change'],
      comparison.headline.filter((row) => row.a !== 0 || row.b !== 0).map((row) => [row.metric, show(row.a, row.unit), show(row.b, row.unit), show(row.change, row.unit)]),
    ),
    $('compare-table'),
  );
}

/** The forms' choices from the network, and their labels in its units: refilled when the network changes. */
function fillForms(network: Network): void {
  const { units } = state;
  const holders = new Set([...network.nodes, ...network.links].flatMap((asset) => asset.jurisdiction));
  render(
    network.actors.filter((actor) => holders.has(actor.id)).map((actor) => html`<option value=${actor.id}>${actor.name}</option>`),
    $('sanction-actor'),
  );
  render(
    network.links.filter((link) => link.capacityTonnesPerDay !== null).map((link) => html`<option value=${link.id}>${link.name} (${units.capacity(link.capacityTonnesPerDay!)})</option>`),
    $('expansion-asset'),
  );
  const options = network.nodes.map((node) => html`<option value=${node.id}>${node.name}</option>`);
  render(options, $('link-from'));
  render(options, $('link-to'));
  const [from, to] = network.id === 'caspian-crude' ? ['aktau-port', 'sangachal'] : [network.nodes[0]?.id ?? '', network.nodes[1]?.id ?? ''];
  $<HTMLSelectElement>('link-from').value = from;
  $<HTMLSelectElement>('link-to').value = to;
  $<HTMLInputElement>('link-id').value = network.id === 'caspian-crude' ? 'aktau-baku-bypass' : 'new-link';
  $('price-change-label').textContent = `${network.benchmarkName} change, ${priceUnit()}`;
  $('expansion-capacity-label').textContent = `New capacity, ${units.capacityInput}`;
  $('link-capacity-label').textContent = `Capacity, ${units.capacityInput}`;
  $('link-tariff-label').textContent = `Tariff, ${units.tariffInput}`;
  // Sanction rules catch crude by origin and price it in USD/bbl: a crude network's instrument.
  $('rule-form').hidden = units.kind !== 'crude';
  $('more-events-summary').textContent = units.kind === 'crude' ? 'Sanctions and sanction rules, price changes, expansions, new links' : 'Sanctions, price changes, expansions, new links';
  if (units.kind === 'crude') fillRuleForm(network, ruleContext);
}

/** The benchmark's price unit as the scenario writes it: USD/bbl (Brent), EUR/MWh (TTF). */
const priceUnit = () => (state.units.kind === 'gas' ? `${state.units.currency}/MWh` : 'USD/bbl');

/** The forms' listeners, once; they read the network from the state. */
function wireForms(): void {
  const days = (id: string) => Number(($(id) as HTMLInputElement).value);
  $('sanction-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reportAtFields(Number.isInteger(days('sanction-days')) && days('sanction-days') >= 1 ? [] : [{ field: 'sanction-days', message: 'sanction days: give a whole number of days, 1 or more' }])) return;
    state.extra.push({ type: 'sanction', actor: $<HTMLSelectElement>('sanction-actor').value, scope: 'jurisdiction', assets: [], start: ($('sanction-start') as HTMLInputElement).value, days: days('sanction-days') });
    refresh();
  });
  $('price-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const change = Number(($('price-change') as HTMLInputElement).value);
    const problems = [
      ...(Number.isFinite(change) && ($('price-change') as HTMLInputElement).value !== '' ? [] : [{ field: 'price-change', message: `price change: give a number of ${priceUnit()}` }]),
      ...(Number.isInteger(days('price-days')) && days('price-days') >= 1 ? [] : [{ field: 'price-days', message: 'price change days: give a whole number of days, 1 or more' }]),
    ];
    if (!reportAtFields(problems)) return;
    state.extra.push({ type: 'price', target: 'benchmark', change: `${change} ${priceUnit()}`, start: ($('price-start') as HTMLInputElement).value, days: days('price-days') });
    refresh();
  });
  $('expansion-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const capacity = Number(($('expansion-capacity') as HTMLInputElement).value);
    if (!reportAtFields(Number.isFinite(capacity) && capacity >= 0 ? [] : [{ field: 'expansion-capacity', message: `new capacity: give ${state.units.capacityInput}, 0 or more` }])) return;
    state.extra.push({ type: 'expansion', asset: $<HTMLSelectElement>('expansion-asset').value, capacity: `${capacity} ${state.units.capacityInput}`, start: ($('expansion-start') as HTMLInputElement).value });
    refresh();
  });
  $('refresh-history').addEventListener('click', () => void drawHistory(historyActions));
  $('compare-selected').addEventListener('click', () => {
    const pair = tickedPair();
    if (typeof pair === 'string') $('form-error').textContent = pair;
    else void showComparison(pair[0], pair[1]);
  });
  wireNewLinkForm();
  wireRuleForm(ruleContext);
}

/** The rule form's view of the scenario: markets its expansions add, ids already used. */
const ruleContext: RuleFormContext = {
  addedMarkets: () => state.extra.flatMap((event) => {
    const node = event.node as { id?: string; name?: string; kind?: string } | undefined;
    return event.type === 'expansion' && node?.kind === 'market' && node.id ? [{ id: node.id, name: node.name ?? node.id }] : [];
  }),
  takenIds: () => new Set(state.extra.flatMap((event) => (typeof event.id === 'string' ? [event.id] : []))),
  add: (rule) => {
    state.extra.push(rule);
    refresh();
  },
};

/** A new link between existing nodes from a date: a bypass sketched on the map. */
function wireNewLinkForm(): void {
  const from = $<HTMLSelectElement>('link-from');
  const to = $<HTMLSelectElement>('link-to');
  $('link-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const network = state.network;
    if (!network) return;
    const { capacityInput, tariffInput } = state.units;
    const number = (id: string) => Number($<HTMLInputElement>(id).value);
    const id = $<HTMLInputElement>('link-id').value.trim();
    const taken = network.links.some((link) => link.id === id) || network.nodes.some((node) => node.id === id) || state.extra.some((item) => (item.link as { id?: string } | undefined)?.id === id);
    const checks: [boolean, string, string][] = [
      [/^[a-z0-9][a-z0-9-]*$/.test(id), 'link-id', 'new link id: lower-case letters, digits and dashes'],
      [!taken, 'link-id', `new link id: "${id}" is taken`],
      [from.value !== to.value, 'link-to', 'new link: pick two different nodes'],
      [Number.isFinite(number('link-capacity')) && number('link-capacity') > 0, 'link-capacity', `new link capacity: give ${capacityInput}, more than 0`],
      [Number.isFinite(number('link-tariff')) && number('link-tariff') >= 0, 'link-tariff', `new link tariff: give ${tariffInput}, 0 or more`],
      [Number.isInteger(number('link-transit')) && number('link-transit') >= 0, 'link-transit', 'new link transit: whole days, 0 or more'],
    ];
    if (!reportAtFields(checks.filter(([ok]) => !ok).map(([, field, message]) => ({ field, message })))) return;
    const route = $<HTMLInputElement>('link-route').value.trim();
    state.extra.push({
      type: 'expansion',
      start: $<HTMLInputElement>('link-start').value,
      link: { id, name: `${assetName(from.value)} to ${assetName(to.value)} (new)`, kind: $<HTMLSelectElement>('link-kind').value, from: from.value, to: to.value, capacity: `${number('link-capacity')} ${capacityInput}`, tariff: `${number('link-tariff')} ${tariffInput}`, transitDays: number('link-transit'), ...(route ? { route } : {}), note: 'drawn in the web app; figures are the user\'s estimates' },
    });
    refresh();
  });
}

const historyActions: HistoryActions = {
  open: (id) => void openRun(id),
  compare: (a, b) => void showComparison(a, b),
  error: (message) => ($('form-error').textContent = message),
};

/** A stored run again: its events in the editor, its result on the page. */
async function openRun(id: string): Promise<void> {
  const response = await fetch(`/api/runs/${id}`);
  if (!response.ok) {
    historyActions.error(`cannot open the run: error ${response.status}`);
    return;
  }
  const stored = (await response.json()) as { scenario: Record<string, unknown>; result: Result | null };
  try {
    await loadScenarioFile(stored.scenario);
  } catch (error) {
    historyActions.error(`cannot open the run: ${(error as Error).message}`);
    return;
  }
  if (stored.result) showResult(stored.result, id);
  state.lastRun = id;
}

/**
 * A scenario file into the editor: outages with a length become editable, other events chips. A
 * file of another built-in network switches the page to that network first.
 */
async function loadScenarioFile(data: Record<string, unknown>, templateId?: string): Promise<void> {
  if (data.network !== state.network?.id) {
    if (!state.networks.some((entry) => entry.id === data.network)) throw new Error(`the file is for the network "${String(data.network)}", which this server does not have (it has ${state.networks.map((entry) => entry.id).join(', ')})`);
    await openNetwork(String(data.network));
  }
  state.templateId = templateId;
  $<HTMLSelectElement>('template-pick').value = templateId ?? '';
  const events = Array.isArray(data.events) ? (data.events as Record<string, unknown>[]) : [];
  state.template = { ...data, events: [] };
  state.settings = settingsOf(data);
  state.events = events.filter((item) => item.type === 'outage' && typeof item.days === 'number').map((item) => ({ asset: String(item.asset), start: String(item.start), days: Number(item.days), remaining: Number.parseFloat(String(item.remaining ?? '0')) || 0 }));
  state.extra = events.filter((item) => !(item.type === 'outage' && typeof item.days === 'number'));
  clearFieldErrors();
  refresh();
}

const optional = <K extends string, V>(key: K, value: V | undefined) => (value === undefined ? {} : ({ [key]: value } as Record<K, V>));

function redrawMap(): void {
  if (!state.network) return;
  const result = state.result;
  drawMap(state.network, {
    closed: new Set(state.events.map((event) => event.asset)),
    ...(state.flows ? { flows: state.flows } : {}),
    ...(result ? { days: result.series.dates.length } : {}),
    units: state.units,
    unit: $<HTMLSelectElement>('flow-unit').value,
    difference: $<HTMLInputElement>('difference').checked,
    ...(state.overlay ? { overlay: state.overlay } : {}),
    ...(result && state.replayDay !== undefined ? { day: dayOnMap(result, state.replayDay) } : {}),
    ...(result && $<HTMLInputElement>('shadow-layer').checked ? { shadow: shadowOnMap(result, state.replayDay) } : {}),
    ...optional('sketched', mergeSketches(addedAssets(state.extra), state.candidates)),
    pick,
  });
}

/** Ids in a server's short text ("outage cpc-loading") replaced by names. */
function namesIn(text: string): string {
  return text
    .split(' ')
    .map((word) => (isAsset(word) ? assetName(word) : state.network?.actors.some((actor) => actor.id === word) ? actorName(word) : word))
    .join(' ');
}

const isAsset = (id: string) => [...(state.network?.nodes ?? []), ...(state.network?.links ?? [])].some((asset) => asset.id === id);

function assetName(id: string): string {
  return [...(state.network?.nodes ?? []), ...(state.network?.links ?? [])].find((asset) => asset.id === id)?.name ?? id;
}

/** Any id of the network (actor, node, link) as its name. */
const anyName = (id: string) => (state.network?.actors.some((actor) => actor.id === id) ? actorName(id) : assetName(id));

const analysisContext: AnalysisContext = { actorName, assetName, pick, scenario: () => scenarioFile(), network: () => state.network?.id ?? FIRST_NETWORK, units: () => state.units };

/** Criticality colours each asset by its loss; leverage highlights the assets of the strongest closer. */
function showAnalysisOnMap(kind: AnalysisKind): void {
  const report = lastAnalysis.get(kind);
  const exceedance = (report as { histogram?: { exceedance?: { lossUsd: number; returnPeriodYears: number }[] } } | undefined)?.histogram?.exceedance;
  if (kind === 'risk' && exceedance) exceedanceCurve($('analysis-figure'), exceedance, state.units.kind === 'gas' ? 'Suppliers' : 'Exporters', state.units.currency);
  else clearFigure('analysis-figure');
  if (kind === 'criticality' && report) {
    const assets = (report as { assets: { asset: string; revenueLostUsd: number; gas?: { cost: number } }[] }).assets;
    // On gas: the cost to the gas supply, which counts firm demand unserved at the value of lost load (what the ranking puts first).
    state.overlay =
      state.units.kind === 'gas'
        ? { title: 'Criticality: cost to the gas supply if closed 30 days (unserved demand at the value of lost load)', values: new Map(assets.map((row) => [row.asset, Math.max(0, row.gas?.cost ?? 0)])) }
        : { title: 'Criticality: revenue lost if closed 30 days', values: new Map(assets.map((row) => [row.asset, row.revenueLostUsd])) };
  } else if (kind === 'bypass' && report) {
    void showCandidates(report as { candidates: { id: string; npvUsd: number }[] });
    return;
  } else if (kind === 'leverage' && report) {
    const levers = (report as { levers?: { actor: string; asset: string; targetLossUsd: number }[] }).levers ?? [];
    const top = [...levers].sort((a, b) => b.targetLossUsd - a.targetLossUsd)[0];
    if (top) {
      const held = [...(state.network?.nodes ?? []), ...(state.network?.links ?? [])].filter((asset) => asset.jurisdiction.includes(top.actor)).map((asset) => asset.id);
      state.overlay = { title: `Leverage: assets ${actorName(top.actor)} controls (its best lever ${assetName(top.asset)})`, values: new Map(levers.filter((lever) => lever.actor === top.actor).map((lever) => [lever.asset, lever.targetLossUsd])), highlight: new Set(held) };
    }
  } else return;
  redrawMap();
}

/** The bypass candidates' new links on the map, coloured by the NPV the analysis found. */
async function showCandidates(report: { candidates: { id: string; npvUsd: number }[] }): Promise<void> {
  const response = await fetch('/api/candidates/kazakh-bypass');
  if (!response.ok) return;
  const { file } = (await response.json()) as { file: Parameters<typeof candidateAssets>[0] };
  state.candidates = candidateAssets(file, new Map(report.candidates.map((row) => [row.id, row.npvUsd])), state.units.money);
  redrawMap();
}

function actorName(id: string): string {
  return state.network?.actors.find((actor) => actor.id === id)?.name ?? id;
}

const getJson = async <T>(url: string): Promise<T> => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(await refusal(response));
  return (await response.json()) as T;
};

/** The built-in scenario a network's editor starts from: its horizon and prices, no events. */
const templateOf = (network: string) => TEMPLATES[network] ?? state.scenarios.find((entry) => entry.network === network)?.id;

/** The network named in the URL (`#network=…`), when the server has it. */
function networkFromUrl(): string | undefined {
  const match = /network=([^&]+)/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]!) : undefined;
  return state.networks.some((entry) => entry.id === id) ? id : undefined;
}

/**
 * Shows a network: its map, its assets in the forms, its units everywhere, its scenarios in the
 * picker and its template's horizon and prices. The previous network's result, analysis and
 * events are cleared (they mean nothing on another network).
 */
async function openNetwork(id: string): Promise<void> {
  const templateId = templateOf(id);
  if (!templateId) throw new Error(`the network "${id}" has no built-in scenario to start from`);
  const [network, template] = await Promise.all([getJson<Network>(`/api/networks/${encodeURIComponent(id)}`), getJson<{ file: Record<string, unknown> }>(`/api/scenarios/${encodeURIComponent(templateId)}`)]);
  if (playing !== undefined) togglePlay();
  state.network = network;
  state.units = unitsOf(network);
  state.template = template.file;
  state.templateId = undefined;
  state.settings = settingsOf(template.file);
  state.events = [];
  state.extra = [];
  Object.assign(state, { result: undefined, flows: undefined, overlay: undefined, candidates: undefined, replayDay: undefined, lastRun: undefined });
  for (const section of ['summary', 'results', 'compare', 'replay']) $(section).hidden = true;
  clearAnalysis();
  showWarnings([]);
  $('form-error').textContent = '';
  $('status').textContent = '';
  $<HTMLSelectElement>('network-pick').value = id;
  $('subtitle').textContent = `${network.name}: close assets, run, and see who loses what`;
  render(
    [...network.nodes, ...network.links].map((asset) => html`<option value=${asset.id}>${asset.name}</option>`),
    $('asset'),
  );
  $<HTMLSelectElement>('asset').value = network.id === 'caspian-crude' ? 'cpc-loading' : (network.links[0]?.id ?? '');
  render(
    html`<option value="">its horizon and prices, no events</option>${state.scenarios.filter((entry) => entry.network === id).map((entry) => html`<option value=${entry.id}>${entry.name}</option>`)}`,
    $('template-pick'),
  );
  $<HTMLSelectElement>('template-pick').value = '';
  render(state.units.flowUnits.map((unit) => html`<option value=${unit.value}>${unit.label}</option>`), $('flow-unit'));
  $<HTMLSelectElement>('flow-unit').value = state.units.flowUnits[0]!.value;
  const cluster = clusterLabel(id);
  $('zoom-cluster').hidden = cluster === undefined;
  $('zoom-cluster').textContent = cluster ?? '';
  // Bypass candidates and sanction rules are written for crude corridors (kazakh-bypass, USD/bbl).
  for (const kind of ['bypass', 'rules']) {
    const button = $<HTMLButtonElement>(`run-${kind}`);
    button.hidden = state.units.kind !== 'crude';
  }
  fillForms(network);
  refresh();
}

/** The analysis panel emptied: a new network's analyses start afresh. */
function clearAnalysis(): void {
  lastAnalysis.clear();
  render(nothing, $('analysis-note'));
  render(nothing, $('analysis-table'));
  delete $('analysis-table').dataset.kind;
  $('analysis-status').textContent = '';
  clearFigure('analysis-figure');
}

async function start(): Promise<void> {
  [state.networks, state.scenarios] = await Promise.all([getJson<NetworkEntry[]>('/api/networks'), getJson<ScenarioEntry[]>('/api/scenarios')]);
  render(
    state.networks.map((entry) => html`<option value=${entry.id}>${entry.name} (${entry.kind}, ${entry.currency})</option>`),
    $('network-pick'),
  );
  $('network-pick').addEventListener('change', () => {
    void openNetwork($<HTMLSelectElement>('network-pick').value).catch((error: Error) => ($('form-error').textContent = `cannot open the network: ${error.message}`));
  });
  $('template-pick').addEventListener('change', () => void openTemplate($<HTMLSelectElement>('template-pick').value));
  const remaining = $('remaining') as HTMLInputElement;
  remaining.addEventListener('input', () => ($('remaining-value').textContent = `${remaining.value} %`));
  $('event-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const days = Number(($('days') as HTMLInputElement).value);
    const startDate = ($('start') as HTMLInputElement).value;
    const problems = [
      ...(Number.isInteger(days) && days >= 1 ? [] : [{ field: 'days', message: 'days: give a whole number of days, 1 or more' }]),
      ...(/^\d{4}-\d{2}-\d{2}$/.test(startDate) ? [] : [{ field: 'start', message: 'start: pick a date' }]),
    ];
    if (!reportAtFields(problems)) return;
    state.events.push({ asset: $<HTMLSelectElement>('asset').value, start: startDate, days, remaining: Number(remaining.value) });
    refresh();
  });
  $('run').addEventListener('click', () => void run());
  wireForms();
  void drawHistory(historyActions);
  for (const kind of ['criticality', 'leverage', 'power', 'bypass', 'risk', 'rules'] as AnalysisKind[]) {
    $(`run-${kind}`).addEventListener('click', () => void runAnalysis(kind, analysisContext).then(() => showAnalysisOnMap(kind)));
  }
  ($('upload-yaml') as HTMLInputElement).addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      await loadScenarioFile(parseYaml(await file.text()) as Record<string, unknown>);
    } catch (error) {
      $('form-error').textContent = `cannot open ${file.name}: ${(error as Error).message}`;
    }
  });
  wireMapControls();
  // A shared link: its template, settings and events over the network's defaults (read before
  // the network opens, which rewrites the URL).
  const hash = location.hash;
  await openNetwork(networkFromUrl() ?? FIRST_NETWORK);
  const templateId = /template=([^&]+)/.exec(hash)?.[1];
  if (templateId && state.scenarios.some((entry) => entry.id === decodeURIComponent(templateId) && entry.network === state.network?.id)) {
    const template = await getJson<{ file: Record<string, unknown> }>(`/api/scenarios/${templateId}`);
    state.template = { ...template.file, events: [] };
    state.templateId = decodeURIComponent(templateId);
    state.settings = settingsOf(template.file);
    $<HTMLSelectElement>('template-pick').value = state.templateId;
  }
  const linked = settingsFromUrl(hash);
  if (linked) state.settings = linked;
  state.events = readUrl(hash);
  state.extra = readExtra(hash);
  refresh();
  if (state.events.length > 0 || state.extra.length > 0) askBeforeRunningLink();
}

/** A built-in scenario of the network into the editor, with its events ('' = the template, no events). */
async function openTemplate(id: string): Promise<void> {
  try {
    if (id === '') {
      await openNetwork(state.network!.id);
      return;
    }
    const template = await getJson<{ file: Record<string, unknown> }>(`/api/scenarios/${encodeURIComponent(id)}`);
    await loadScenarioFile(template.file, id);
  } catch (error) {
    $('form-error').textContent = `cannot open the scenario: ${(error as Error).message}`;
  }
}

/**
 * Events that came with a link are shown, not run: a link can hold anything, so the user reads
 * them (as text, in the editor) and confirms before the server solves them.
 */
function askBeforeRunningLink(): void {
  const panel = $('link-confirm');
  const count = state.events.length + state.extra.length;
  render(
    html`<p>This link holds ${count} event${count === 1 ? '' : 's'}, listed under Scenario. Run ${count === 1 ? 'it' : 'them'}?</p>
      <button type="button" id="link-run" @click=${() => {
        panel.hidden = true;
        void run();
      }}>Run the linked scenario</button>
      <button type="button" id="link-discard" @click=${() => {
        panel.hidden = true;
        state.events = [];
        state.extra = [];
        refresh();
      }}>Discard</button>`,
    panel,
  );
  panel.hidden = false;
}

function wireMapControls(): void {
  $('zoom-in').addEventListener('click', () => zoomMap('in'));
  $('zoom-out').addEventListener('click', () => zoomMap('out'));
  $('zoom-all').addEventListener('click', () => zoomMap('all'));
  $('zoom-cluster').addEventListener('click', () => zoomMap('cluster'));
  $('flow-unit').addEventListener('change', redrawMap);
  $('difference').addEventListener('change', redrawMap);
  $('shadow-layer').addEventListener('change', redrawMap);
  $('replay-day').addEventListener('input', () => showDay(Number($<HTMLInputElement>('replay-day').value)));
  $('replay-play').addEventListener('click', togglePlay);
  $('overlay-clear').addEventListener('click', () => {
    state.overlay = undefined;
    state.candidates = undefined;
    redrawMap();
  });
}

void start();
