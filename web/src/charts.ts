import { scaleLinear, scaleUtc } from 'd3-scale';
import { html, nothing, render, svg } from 'lit-html';
import { $, tableRows } from './format.ts';

/** One line of a daily chart; `dashed` draws the baseline of a pair. */
export interface ChartLine {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
}

export interface ChartSpec {
  /** Prefix of the panel's element ids: PREFIX (the chart), PREFIX-table, PREFIX-toggle, … */
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly dates: readonly string[];
  readonly lines: readonly ChartLine[];
}

export const PALETTE = ['#3a6ea5', '#c0392b', '#2e8b57', '#e67e22', '#8e44ad', '#16a085', '#7f8c8d', '#d35400', '#2c3e50', '#b7950b'];
const WIDTH = 640;
const HEIGHT = 260;

const utcDate = (text: string) => new Date(`${text}T00:00:00Z`);

/** Scales and padding of one chart: d3-scale picks round ticks for both axes. */
function layout(spec: ChartSpec) {
  const legendRows = Math.ceil(spec.lines.length / 3);
  const pad = { left: 56, right: 14, top: 22, bottom: 32 + 14 * legendRows };
  const all = spec.lines.flatMap((line) => line.values);
  const y = scaleLinear()
    .domain([Math.min(0, ...all), Math.max(1e-9, ...all)])
    .nice(5)
    .range([HEIGHT - pad.bottom, pad.top]);
  const first = utcDate(spec.dates[0] ?? '2000-01-01');
  const last = utcDate(spec.dates.at(-1) ?? '2000-01-02');
  const x = scaleUtc().domain([first, last]).range([pad.left, WIDTH - pad.right]);
  const xDay = (day: number) => x(utcDate(spec.dates[day] ?? spec.dates[0] ?? '2000-01-01'));
  return { pad, x, y, xDay };
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/**
 * The chart as a self-contained SVG (white background, embedded font name) so a download looks
 * like the page: axes with round ticks, the unit above the value axis, one path per line, a
 * legend, and a `marker` line for the replay day.
 */
export function chartTemplate(spec: ChartSpec, marker?: number) {
  const { pad, x, y, xDay } = layout(spec);
  const axisY = HEIGHT - pad.bottom;
  const path = (values: readonly number[]) => values.map((value, day) => `${day === 0 ? 'M' : 'L'}${xDay(day).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const timeFormat = x.tickFormat(6);
  return svg`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width=${WIDTH} height=${HEIGHT} role="img" aria-label=${`${spec.title}, ${spec.unit}`} font-family="DejaVu Sans, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"></rect>
<text x=${pad.left - 4} y=${pad.top - 8} text-anchor="end" class="unit">${spec.unit}</text>
${y.ticks(5).map((tick) => svg`<line x1=${pad.left} x2=${WIDTH - pad.right} y1=${y(tick)} y2=${y(tick)} stroke=${tick === 0 ? '#888' : '#e3e3e3'}></line><text x=${pad.left - 6} y=${y(tick) + 4} text-anchor="end">${formatValue(tick)}</text>`)}
<line x1=${pad.left} y1=${pad.top} x2=${pad.left} y2=${axisY} stroke="#888"></line>
${x.ticks(6).map((tick) => svg`<line x1=${x(tick)} x2=${x(tick)} y1=${axisY} y2=${axisY + 4} stroke="#888"></line><text x=${x(tick)} y=${axisY + 16} text-anchor="middle">${timeFormat(tick)}</text>`)}
${spec.lines.map((line) => svg`<path d=${path(line.values)} fill="none" stroke=${line.colour} stroke-width="2" stroke-dasharray=${line.dashed ? '4 3' : nothing}><title>${line.label}</title></path>`)}
${spec.lines.map((line, index) => {
  const lx = pad.left + (index % 3) * 190;
  const ly = axisY + 32 + Math.floor(index / 3) * 14;
  return svg`<line x1=${lx} y1=${ly - 4} x2=${lx + 18} y2=${ly - 4} stroke=${line.colour} stroke-width="2" stroke-dasharray=${line.dashed ? '4 3' : nothing}></line><text x=${lx + 22} y=${ly}>${line.label}</text>`;
})}
<line class="marker" x1=${marker === undefined ? -10 : xDay(marker)} x2=${marker === undefined ? -10 : xDay(marker)} y1=${pad.top} y2=${axisY} stroke="#1d2433" stroke-width="1.5" data-day=${marker ?? nothing}></line>
<line class="hover-line" x1="-10" x2="-10" y1=${pad.top} y2=${axisY} stroke="#f0a202" stroke-width="1"></line>
</svg>`;
}

/** The chart's numbers as a table: one row a day, one column a line. */
function chartTable(spec: ChartSpec) {
  return tableRows(
    ['date', ...spec.lines.map((line) => `${line.label} (${spec.unit})`)],
    spec.dates.map((date, day) => [date, ...spec.lines.map((line) => (line.values[day] ?? 0).toFixed(1))]),
  );
}

/** Renders an SVG chart to a PNG at twice its size (canvas in the browser; no network). */
export async function svgToPng(text: string): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH * 2;
  canvas.height = HEIGHT * 2;
  const context = canvas.getContext('2d')!;
  context.scale(2, 2);
  context.drawImage(image, 0, 0, WIDTH, HEIGHT);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not make a PNG'))), 'image/png'));
}

function download(blob: Blob, name: string): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const drawn = new Map<string, { spec: ChartSpec; marker?: number }>();

/** The SVG text of a drawn chart, for downloads. */
function svgText(id: string): string {
  const element = $(id).querySelector('svg');
  return element ? new XMLSerializer().serializeToString(element) : '';
}

/** The value of every line on the day under the pointer, as text beside the chart. */
function hoverValues(spec: ChartSpec, event: PointerEvent, host: HTMLElement): void {
  const element = host.querySelector('svg')!;
  const box = element.getBoundingClientRect();
  const { x, xDay } = layout(spec);
  const at = x.invert(((event.clientX - box.left) / box.width) * WIDTH);
  const day = Math.max(0, Math.min(spec.dates.length - 1, Math.round((at.getTime() - utcDate(spec.dates[0]!).getTime()) / 86_400_000)));
  const line = element.querySelector('.hover-line')!;
  line.setAttribute('x1', String(xDay(day)));
  line.setAttribute('x2', String(xDay(day)));
  $(`${spec.id}-hover`).textContent = `${spec.dates[day]}: ${spec.lines.map((item) => `${item.label} ${formatValue(item.values[day] ?? 0)} ${spec.unit}`).join(' · ')}`;
}

function panelTemplate(spec: ChartSpec) {
  const toggle = () => {
    const table = $(`${spec.id}-table`);
    table.hidden = !table.hidden;
    $(spec.id).hidden = !table.hidden;
    const button = $(`${spec.id}-toggle`);
    button.textContent = table.hidden ? 'Table' : 'Chart';
    button.setAttribute('aria-pressed', String(!table.hidden));
  };
  const png = () => void svgToPng(svgText(spec.id)).then((blob) => download(blob, `chokepoint-${spec.id}.png`));
  const csv = () => {
    const rows = [['date', ...spec.lines.map((line) => `${line.label} (${spec.unit})`)], ...spec.dates.map((date, day) => [date, ...spec.lines.map((line) => String(line.values[day] ?? 0))])];
    download(new Blob([rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\n')], { type: 'text/csv' }), `chokepoint-${spec.id}.csv`);
  };
  return html`<h3>
      <span id="${spec.id}-title">${spec.title}</span>
      <button type="button" id="${spec.id}-toggle" class="small" aria-pressed="false" @click=${toggle}>Table</button>
      <a id="${spec.id}-download" class="small" href="#" download="chokepoint-${spec.id}.svg">SVG</a>
      <button type="button" id="${spec.id}-png" class="small link" @click=${png}>PNG</button>
      <button type="button" id="${spec.id}-csv" class="small link" @click=${csv}>CSV</button>
    </h3>
    <div id=${spec.id} class="chart" @pointermove=${(event: PointerEvent) => hoverValues(spec, event, $(spec.id))}></div>
    <p id="${spec.id}-hover" class="hover-value" aria-live="off">Hover the chart for each line's value on a day.</p>
    <table id="${spec.id}-table" class="chart-table" tabindex="0" aria-label="${spec.title}, as a table" hidden></table>`;
}

/**
 * A chart panel inside `host`: title, a Chart/Table toggle, SVG, PNG and CSV downloads, the
 * chart, the value under the pointer and the table. Drawn again on every result.
 */
export function drawChartPanel(host: HTMLElement, spec: ChartSpec): void {
  let panel = document.getElementById(`${spec.id}-panel`);
  if (!panel) {
    panel = document.createElement('div');
    panel.id = `${spec.id}-panel`;
    panel.className = 'chart-panel card';
    host.append(panel);
  }
  render(panelTemplate(spec), panel);
  drawn.set(spec.id, { spec });
  render(chartTemplate(spec), $(spec.id));
  render(chartTable(spec), $(`${spec.id}-table`));
  const link = $<HTMLAnchorElement>(`${spec.id}-download`);
  link.href = URL.createObjectURL(new Blob([svgText(spec.id)], { type: 'image/svg+xml' }));
}

/** The replay day on every chart drawn. */
export function markDay(day: number): void {
  for (const [id, entry] of drawn) {
    entry.marker = day;
    if (document.getElementById(id)) render(chartTemplate(entry.spec, day), $(id));
  }
}
