import { $, escapeHtml, tableHtml } from './format.ts';

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
const HEIGHT = 240;

/** A self-contained SVG (white background, embedded font name) so a download looks like the page. */
export function lineChartSvg(spec: ChartSpec): string {
  const { dates, lines } = spec;
  const legendRows = Math.ceil(lines.length / 3);
  const pad = { left: 52, right: 12, top: 12, bottom: 30 + 14 * legendRows };
  const all = lines.flatMap((line) => line.values);
  const max = Math.max(1e-9, ...all);
  const min = Math.min(0, ...all);
  const x = (day: number) => pad.left + (day / Math.max(1, dates.length - 1)) * (WIDTH - pad.left - pad.right);
  const y = (value: number) => HEIGHT - pad.bottom - ((value - min) / (max - min)) * (HEIGHT - pad.top - pad.bottom);
  const path = (values: readonly number[]) => values.map((value, day) => `${day === 0 ? 'M' : 'L'}${x(day).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const ticks = [...new Set([0, Math.floor((dates.length - 1) / 2), dates.length - 1])];
  const axisY = HEIGHT - pad.bottom;
  const legend = lines
    .map((line, index) => {
      const lx = pad.left + (index % 3) * 190;
      const ly = axisY + 30 + Math.floor(index / 3) * 14;
      return `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="${line.colour}" stroke-width="2"${line.dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="${lx + 22}" y="${ly}">${escapeHtml(line.label)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(`${spec.title}, ${spec.unit}`)}" font-family="DejaVu Sans, sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
<line x1="${pad.left}" y1="${y(0)}" x2="${WIDTH - pad.right}" y2="${y(0)}" stroke="#888"/><line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${axisY}" stroke="#888"/>
<text x="${pad.left - 4}" y="${y(max) + 4}" text-anchor="end">${formatTick(max)}</text><text x="${pad.left - 4}" y="${y(0) + 4}" text-anchor="end">0</text>${min < 0 ? `<text x="${pad.left - 4}" y="${y(min)}" text-anchor="end">${formatTick(min)}</text>` : ''}
<text x="4" y="${pad.top + 10}">${escapeHtml(spec.unit)}</text>
${ticks.map((day, index) => `<text x="${x(day)}" y="${axisY + 16}" text-anchor="${index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}">${dates[day] ?? ''}</text>`).join('')}
${lines.map((line) => `<path d="${path(line.values)}" fill="none" stroke="${line.colour}" stroke-width="2"${line.dashed ? ' stroke-dasharray="4 3"' : ''}><title>${escapeHtml(line.label)}</title></path>`).join('\n')}
${legend}
</svg>`;
}

function formatTick(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** The chart's numbers as a table: one row a day, one column a line. */
export function chartTableHtml(spec: ChartSpec): string {
  return tableHtml(
    ['date', ...spec.lines.map((line) => `${escapeHtml(line.label)} (${escapeHtml(spec.unit)})`)],
    spec.dates.map((date, day) => [date, ...spec.lines.map((line) => (line.values[day] ?? 0).toFixed(1))]),
  );
}

/** Renders an SVG chart to a PNG at twice its size (canvas in the browser; no network). */
export async function svgToPng(svg: string): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
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

/**
 * A chart panel inside `host`: title, a Chart/Table toggle, SVG and PNG downloads, the chart
 * and its table. Drawn again on every result; the toggle keeps its state.
 */
export function drawChartPanel(host: HTMLElement, spec: ChartSpec): void {
  let panel = document.getElementById(`${spec.id}-panel`);
  if (!panel) {
    panel = document.createElement('div');
    panel.id = `${spec.id}-panel`;
    panel.className = 'chart-panel';
    panel.innerHTML = `<h3><span id="${spec.id}-title"></span> <button type="button" id="${spec.id}-toggle" class="small" aria-pressed="false">Table</button> <a id="${spec.id}-download" class="small" href="#">SVG</a> <button type="button" id="${spec.id}-png" class="small link">PNG</button></h3>
<div id="${spec.id}" class="chart"></div><table id="${spec.id}-table" class="chart-table" tabindex="0" aria-label="${escapeHtml(spec.title)}, as a table" hidden></table>`;
    host.append(panel);
    const toggle = $(`${spec.id}-toggle`);
    toggle.addEventListener('click', () => {
      const table = $(`${spec.id}-table`);
      table.hidden = !table.hidden;
      $(spec.id).hidden = !table.hidden;
      toggle.textContent = table.hidden ? 'Table' : 'Chart';
      toggle.setAttribute('aria-pressed', String(!table.hidden));
    });
    $(`${spec.id}-png`).addEventListener('click', () => {
      const svg = $(spec.id).dataset.svg ?? '';
      void svgToPng(svg).then((blob) => download(blob, `chokepoint-${spec.id}.png`));
    });
  }
  const svg = lineChartSvg(spec);
  $(`${spec.id}-title`).textContent = spec.title;
  const chart = $(spec.id);
  chart.innerHTML = svg;
  chart.dataset.svg = svg;
  const link = $<HTMLAnchorElement>(`${spec.id}-download`);
  link.href = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  link.download = `chokepoint-${spec.id}.svg`;
  $(`${spec.id}-table`).innerHTML = chartTableHtml(spec);
}
