import { scaleLinear, scaleUtc } from 'd3-scale';
import { line } from 'd3-shape';
import { frame, legend, legendRows, tickText, type LegendItem } from './frame.ts';
import { el, type SvgElement } from './svg-tree.ts';

/** One line of a daily chart; `dashed` draws the baseline of a pair. */
export interface ChartLine {
  readonly label: string;
  readonly colour: string;
  readonly values: readonly number[];
  readonly dashed?: boolean;
}

export interface DailyChart {
  readonly title: string;
  readonly unit: string;
  readonly dates: readonly string[];
  readonly lines: readonly ChartLine[];
}

export interface DrawnDailyChart {
  readonly svg: SvgElement;
  /** Where a day sits on the x axis, in chart units: for the replay marker and the hover line. */
  xOfDay(day: number): number;
  /** The day nearest to an x position in chart units. */
  dayAt(x: number): number;
  readonly width: number;
}

export const DAILY_WIDTH = 640;
const PLOT_HEIGHT = 206;
const DAY_MS = 86_400_000;
const utcDate = (text: string) => new Date(`${text}T00:00:00Z`);

/**
 * Daily lines on a time axis: round ticks on both axes (d3-scale), the unit above the value
 * axis, one path per line, a legend flowed under the plot, and a replay `marker` line (placed
 * with `marker`, moved by the caller with xOfDay) and a hover line.
 */
export function dailyChart(chart: DailyChart, marker?: number): DrawnDailyChart {
  const width = DAILY_WIDTH;
  const items: LegendItem[] = chart.lines.map((item) => ({ label: item.label, colour: item.colour, ...(item.dashed ? { dashed: true } : {}) }));
  const pad = { left: 56, right: 14, top: 22, bottom: 34 };
  const legendTop = pad.top + PLOT_HEIGHT + pad.bottom;
  const height = legendTop + 14 * legendRows(items, width - pad.left - pad.right);
  const axisY = pad.top + PLOT_HEIGHT;
  const all = chart.lines.flatMap((item) => item.values);
  const y = scaleLinear()
    .domain([Math.min(0, ...all), Math.max(1e-9, ...all)])
    .nice(5)
    .range([axisY, pad.top]);
  const first = utcDate(chart.dates[0] ?? '2000-01-01');
  const last = utcDate(chart.dates.at(-1) ?? '2000-01-02');
  const x = scaleUtc().domain([first, last]).range([pad.left, width - pad.right]);
  const xOfDay = (day: number) => x(new Date(first.getTime() + day * DAY_MS));
  const days = chart.dates.length;
  const dayAt = (position: number) => Math.max(0, Math.min(days - 1, Math.round((x.invert(position).getTime() - first.getTime()) / DAY_MS)));
  const path = line<number>()
    .x((_, day) => xOfDay(day))
    .y((value) => y(value));
  const timeFormat = x.tickFormat(6);
  const markerX = marker === undefined ? -10 : xOfDay(marker);
  const svg = frame(
    width,
    height,
    `${chart.title}, ${chart.unit}`,
    el('text', { x: pad.left - 4, y: pad.top - 8, 'text-anchor': 'end', class: 'unit' }, chart.unit),
    ...y.ticks(5).map((tick) => el('g', { class: 'tick' }, el('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), stroke: tick === 0 ? '#888' : '#e3e3e3' }), el('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tickText(tick)))),
    el('line', { x1: pad.left, y1: pad.top, x2: pad.left, y2: axisY, stroke: '#888' }),
    ...x.ticks(6).map((tick) => el('g', { class: 'tick' }, el('line', { x1: x(tick), x2: x(tick), y1: axisY, y2: axisY + 4, stroke: '#888' }), el('text', { x: x(tick), y: axisY + 16, 'text-anchor': 'middle' }, timeFormat(tick)))),
    ...chart.lines.map((item) => el('path', { d: path([...item.values]) ?? '', fill: 'none', stroke: item.colour, 'stroke-width': 2, 'stroke-dasharray': item.dashed ? '4 3' : undefined }, el('title', {}, item.label))),
    legend(items, pad.left, legendTop, width - pad.left - pad.right),
    el('line', { class: 'marker', x1: markerX, x2: markerX, y1: pad.top, y2: axisY, stroke: '#1d2433', 'stroke-width': 1.5, 'data-day': marker }),
    el('line', { class: 'hover-line', x1: -10, x2: -10, y1: pad.top, y2: axisY, stroke: '#f0a202', 'stroke-width': 1 }),
  );
  return { svg, xOfDay, dayAt, width };
}
