import { html, render } from 'lit-html';
import { $ } from './format.ts';
import type { FieldProblem } from './field-errors.ts';

/**
 * The scenario's own settings, edited beside its events: the horizon, the benchmark price path
 * (a step function) and how decisions are taken (with hindsight, or rolling with what operators
 * know each day). They start from the template scenario; a price point keeps its source until
 * the user changes its value, then it is marked as the user's estimate.
 */
export type Mode = 'hindsight' | 'rolling';

export interface PricePoint {
  from: string;
  /** In the path's unit (Settings.priceUnit). */
  value: number;
  /** The figure's provenance in the file; an edited value becomes an estimate. */
  source?: string;
  estimate?: string;
}

export interface Settings {
  start: string;
  end: string;
  prices: PricePoint[];
  /** The benchmark's unit as the file writes it: USD/bbl (Brent), EUR/MWh (TTF). */
  priceUnit: string;
  mode: Mode;
  lookaheadDays: number;
  replanDays: number;
}

const EDITED = 'entered in the web app: the user\'s figure';
const DAY_MS = 86_400_000;

/** Days from start to end, both inclusive (NaN when a date is missing). */
export const horizonDays = (settings: Pick<Settings, 'start' | 'end'>) => Math.round((Date.parse(`${settings.end}T00:00:00Z`) - Date.parse(`${settings.start}T00:00:00Z`)) / DAY_MS) + 1;

/** A point of the file's path with its unit, or undefined when it is not "NUMBER UNIT". */
function pricePoint(raw: unknown): (PricePoint & { unit: string }) | undefined {
  const point = raw as { from?: unknown; price?: unknown };
  const price = point.price as string | { value?: string; source?: string; estimate?: string } | undefined;
  const text = typeof price === 'string' ? price : price?.value;
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*(\S+)\s*$/.exec(text ?? '');
  if (typeof point.from !== 'string' || !match) return undefined;
  const provenance = typeof price === 'object' ? price : {};
  return { from: point.from, value: Number(match[1]), unit: match[2]!, ...(provenance.source ? { source: provenance.source } : {}), ...(provenance.estimate ? { estimate: provenance.estimate } : {}) };
}

/** The settings a scenario file holds (the template's, or an opened file's). */
export function settingsOf(file: Record<string, unknown>): Settings {
  const horizon = (file.horizon ?? {}) as { start?: string; end?: string };
  const read = ((file.prices as { benchmark?: unknown[] } | undefined)?.benchmark ?? []).map(pricePoint).filter((point) => point !== undefined);
  // One unit for the path: the first point's (a file mixing units keeps only the points in it).
  const priceUnit = read[0]?.unit ?? 'USD/bbl';
  const benchmark = read.filter((point) => point.unit === priceUnit).map(({ unit: _unit, ...point }) => point);
  const operations = (file.operations ?? {}) as { mode?: Mode; lookaheadDays?: number; replanDays?: number };
  return {
    start: horizon.start ?? '',
    end: horizon.end ?? '',
    prices: benchmark,
    priceUnit,
    // A scenario without operations is decided rolling (a replay; docs/operations.md).
    mode: operations.mode ?? 'rolling',
    lookaheadDays: operations.lookaheadDays ?? 30,
    replanDays: operations.replanDays ?? 1,
  };
}

/** The settings written into a scenario file, over the template's other fields. */
export function applySettings(file: Record<string, unknown>, settings: Settings): Record<string, unknown> {
  const prices = (file.prices ?? {}) as Record<string, unknown>;
  return {
    ...file,
    horizon: { start: settings.start, end: settings.end },
    prices: {
      ...prices,
      benchmark: settings.prices.map((point) => ({ from: point.from, price: { value: `${point.value} ${settings.priceUnit}`, ...(point.source ? { source: point.source } : {}), ...(point.estimate || !point.source ? { estimate: point.estimate ?? EDITED } : {}) } })),
    },
    operations: settings.mode === 'rolling' ? { mode: 'rolling', lookaheadDays: settings.lookaheadDays, replanDays: settings.replanDays } : { mode: 'hindsight' },
  };
}

/** What the form can check before the server does: dates in order, prices present and sorted. */
export function settingsProblems(settings: Settings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (!date.test(settings.start)) problems.push({ field: 'horizon-start', message: 'horizon start: pick a date' });
  if (!date.test(settings.end)) problems.push({ field: 'horizon-end', message: 'horizon end: pick a date' });
  else if (date.test(settings.start) && horizonDays(settings) < 1) problems.push({ field: 'horizon-end', message: 'horizon end: on or after the start' });
  if (settings.prices.length === 0) problems.push({ field: 'add-price-point', message: 'price path: add at least one point' });
  settings.prices.forEach((point, index) => {
    if (!date.test(point.from)) problems.push({ field: `price-from-${index}`, message: `price point ${index + 1}: pick a date` });
    else if (index > 0 && point.from <= settings.prices[index - 1]!.from) problems.push({ field: `price-from-${index}`, message: `price point ${index + 1}: dates must increase` });
    if (!Number.isFinite(point.value) || point.value < 0) problems.push({ field: `price-value-${index}`, message: `price point ${index + 1}: give ${settings.priceUnit}, 0 or more` });
  });
  if (settings.prices[0] && date.test(settings.start) && settings.prices[0].from > settings.start) problems.push({ field: 'price-from-0', message: `price path: the first point must be on or before the horizon start (${settings.start})` });
  if (settings.mode === 'rolling') {
    if (!Number.isInteger(settings.lookaheadDays) || settings.lookaheadDays < 1 || settings.lookaheadDays > 366) problems.push({ field: 'lookahead-days', message: 'look-ahead: whole days, 1 to 366' });
    else if (!Number.isInteger(settings.replanDays) || settings.replanDays < 1 || settings.replanDays > settings.lookaheadDays) problems.push({ field: 'replan-days', message: 're-plan every: whole days, 1 up to the look-ahead' });
  }
  return problems;
}

/** A server issue's path (scenario.horizon.end, scenario.prices.benchmark.2.price) as the field it is about. */
export function fieldOfIssue(path: readonly (string | number)[]): string | undefined {
  const [root, section, key, index, leaf] = path;
  if (root !== 'scenario') return undefined;
  if (section === 'horizon') return key === 'end' ? 'horizon-end' : 'horizon-start';
  if (section === 'prices' && key === 'benchmark' && typeof index === 'number') return leaf === 'from' ? `price-from-${index}` : `price-value-${index}`;
  if (section === 'operations') return key === 'replanDays' ? 'replan-days' : key === 'lookaheadDays' ? 'lookahead-days' : 'mode';
  return undefined;
}

/**
 * The settings panel: every input writes straight into `settings` and calls `changed`, which
 * redraws (the URL, the YAML download). Values are bound as properties, never as markup.
 */
export function drawSettings(settings: Settings, changed: () => void, benchmark = 'Brent'): void {
  const update = (apply: () => void) => () => {
    apply();
    changed();
    drawSettings(settings, changed, benchmark);
  };
  const unit = settings.priceUnit;
  const value = (event: Event) => (event.target as HTMLInputElement).value;
  const days = horizonDays(settings);
  render(
    html`<legend>Horizon, prices and operations</legend>
      <div class="settings-row">
        <label>Horizon from <input id="horizon-start" type="date" .value=${settings.start} @change=${(event: Event) => update(() => (settings.start = value(event)))()} /></label>
        <label>to <input id="horizon-end" type="date" .value=${settings.end} @change=${(event: Event) => update(() => (settings.end = value(event)))()} /></label>
        <output id="horizon-days">${Number.isFinite(days) && days > 0 ? `${days} days` : ''}</output>
      </div>
      <details id="price-details" class="price-details">
      <summary id="price-summary">${priceSummary(settings.prices, benchmark, unit)}</summary>
      <table id="price-path" class="price-path" aria-label="Benchmark price path (${benchmark}), a step from each date">
        <tr><th>${benchmark} from</th><th>${unit}</th><th><span class="visually-hidden">remove</span></th></tr>
        ${settings.prices.map(
          (point, index) => html`<tr title=${point.source ? `source: ${point.source}` : `estimate: ${point.estimate ?? EDITED}`}>
            <td><input id="price-from-${index}" type="date" aria-label="price point ${index + 1}, from" .value=${point.from} @change=${(event: Event) => update(() => (point.from = value(event)))()} /></td>
            <td><input id="price-value-${index}" type="number" step="0.01" min="0" aria-label="price point ${index + 1}, ${unit}" .value=${String(point.value)} @change=${(event: Event) => update(() => {
              point.value = Number(value(event));
              delete point.source;
              point.estimate = EDITED;
            })()} /></td>
            <td><button type="button" class="small danger" aria-label="remove price point ${index + 1}" ?disabled=${settings.prices.length === 1} @click=${update(() => settings.prices.splice(index, 1))}>×</button></td>
          </tr>`,
        )}
      </table>
      <button type="button" id="add-price-point" class="small" @click=${update(() => {
        const last = settings.prices.at(-1);
        const next = last ? new Date(Date.parse(`${last.from}T00:00:00Z`) + 7 * DAY_MS).toISOString().slice(0, 10) : settings.start;
        settings.prices.push({ from: next, value: last?.value ?? 80, estimate: EDITED });
      })}>Add price point</button>
      </details>
      <div class="settings-row">
        <label>Decisions <select id="mode" .value=${settings.mode} @change=${(event: Event) => update(() => (settings.mode = value(event) as Mode))()}>
          <option value="hindsight" ?selected=${settings.mode === 'hindsight'}>hindsight: one plan knowing every event</option>
          <option value="rolling" ?selected=${settings.mode === 'rolling'}>rolling: re-planned with what is known each day</option>
        </select></label>
        <label ?hidden=${settings.mode !== 'rolling'}>look-ahead, days <input id="lookahead-days" type="number" min="1" max="366" .value=${String(settings.lookaheadDays)} @change=${(event: Event) => update(() => (settings.lookaheadDays = Number(value(event))))()} /></label>
        <label ?hidden=${settings.mode !== 'rolling'}>re-plan every, days <input id="replan-days" type="number" min="1" max="366" .value=${String(settings.replanDays)} @change=${(event: Event) => update(() => (settings.replanDays = Number(value(event))))()} /></label>
      </div>`,
    $('settings'),
  );
}

/** The path in one line: its first and last steps (the table opens for each). */
function priceSummary(prices: readonly PricePoint[], benchmark: string, unit: string): string {
  const first = prices[0];
  const last = prices.at(-1);
  if (!first || !last) return `${benchmark}: no price yet`;
  if (prices.length === 1) return `${benchmark} ${first.value} ${unit} from ${first.from}`;
  return `${benchmark} ${first.value} ${unit} from ${first.from} … ${last.value} from ${last.from} (${prices.length} steps)`;
}

/** The settings in the URL, so a shared link carries the horizon, prices and mode. */
export function settingsFromUrl(hash: string): Settings | undefined {
  const match = /settings=([^&]+)/.exec(hash);
  if (!match) return undefined;
  try {
    const parsed = JSON.parse(decodeURIComponent(match[1]!)) as Partial<Omit<Settings, 'prices'>> & { prices?: (PricePoint & { usdPerBbl?: number })[] };
    if (typeof parsed.start !== 'string' || typeof parsed.end !== 'string' || !Array.isArray(parsed.prices)) return undefined;
    // Links written before the path had a unit hold usdPerBbl.
    const prices = parsed.prices
      .map((point) => ({ ...point, value: point?.value ?? point?.usdPerBbl }))
      .filter((point): point is PricePoint => typeof point.from === 'string' && typeof point.value === 'number')
      .map((point) => ({ from: point.from, value: point.value, ...(typeof point.source === 'string' ? { source: point.source } : {}), ...(typeof point.estimate === 'string' ? { estimate: point.estimate } : {}) }));
    return { start: parsed.start, end: parsed.end, prices, priceUnit: typeof parsed.priceUnit === 'string' ? parsed.priceUnit : 'USD/bbl', mode: parsed.mode === 'hindsight' ? 'hindsight' : 'rolling', lookaheadDays: Number(parsed.lookaheadDays) || 30, replanDays: Number(parsed.replanDays) || 1 };
  } catch {
    return undefined;
  }
}
