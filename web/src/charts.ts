import { html, render } from 'lit-html';
import { dailyChart, PALETTE, svgString, type DailyChart, type DrawnDailyChart } from '../../src/report/charts/index.ts';
import { $, tableRows } from './format.ts';
import { toDom } from './svg-dom.ts';

export { PALETTE };

/** A daily chart with the prefix of its panel's element ids: PREFIX (the chart), PREFIX-table, PREFIX-toggle, … */
export interface ChartSpec extends DailyChart {
  readonly id: string;
}

function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** The chart's numbers as a table: one row a day, one column a line. */
function chartTable(spec: ChartSpec) {
  return tableRows(
    ['date', ...spec.lines.map((line) => `${line.label} (${spec.unit})`)],
    spec.dates.map((date, day) => [date, ...spec.lines.map((line) => (line.values[day] ?? 0).toFixed(1))]),
  );
}

/** Renders an SVG chart to a PNG at twice its size (canvas in the browser; no network). */
export async function svgToPng(text: string, width: number, height: number): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const context = canvas.getContext('2d')!;
  context.scale(2, 2);
  context.drawImage(image, 0, 0, width, height);
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

const drawn = new Map<string, { spec: ChartSpec; chart: DrawnDailyChart }>();

/** The SVG text of a drawn chart, for downloads: the shared chart's own text, as the CLI writes it. */
function svgText(id: string): string {
  const entry = drawn.get(id);
  return entry ? svgString(entry.chart.svg) : '';
}

/** The value of every line on the day under the pointer, as text beside the chart. */
function hoverValues(spec: ChartSpec, event: PointerEvent, host: HTMLElement): void {
  const element = host.querySelector('svg');
  const chart = drawn.get(spec.id)?.chart;
  if (!element || !chart) return;
  const box = element.getBoundingClientRect();
  const day = chart.dayAt(((event.clientX - box.left) / box.width) * chart.width);
  const line = element.querySelector('.hover-line')!;
  line.setAttribute('x1', chart.xOfDay(day).toFixed(1));
  line.setAttribute('x2', chart.xOfDay(day).toFixed(1));
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
  const png = () => {
    const chart = drawn.get(spec.id)!.chart;
    void svgToPng(svgText(spec.id), chart.width, Number(chart.svg.attrs.height)).then((blob) => download(blob, `chokepoint-${spec.id}.png`));
  };
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
  const chart = dailyChart(spec);
  drawn.set(spec.id, { spec, chart });
  $(spec.id).replaceChildren(toDom(chart.svg));
  render(chartTable(spec), $(`${spec.id}-table`));
  const link = $<HTMLAnchorElement>(`${spec.id}-download`);
  link.href = URL.createObjectURL(new Blob([svgText(spec.id)], { type: 'image/svg+xml' }));
}

/** The replay day on every chart drawn: its marker moves, nothing else is redrawn. */
export function markDay(day: number): void {
  for (const [id, entry] of drawn) {
    const marker = document.getElementById(id)?.querySelector('.marker');
    if (!marker) continue;
    const x = entry.chart.xOfDay(day).toFixed(1);
    marker.setAttribute('x1', x);
    marker.setAttribute('x2', x);
    marker.setAttribute('data-day', String(day));
  }
}
