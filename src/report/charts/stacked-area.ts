import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, line, stack } from 'd3-shape';
import { frame, legend, legendRows, PALETTE, tickText } from './frame.ts';
import { el, type SvgElement } from './svg-tree.ts';

const WIDTH = 640;

/** Series stacked as areas (the scenario's exports by route), with a dashed reference total (the baseline's). */
export function stackedAreaChart(title: string, unit: string, dates: readonly string[], series: readonly { label: string; values: readonly number[] }[], reference: readonly number[]): SvgElement {
  const pad = { left: 56, right: 14, top: 22, bottom: 30 };
  const plot = 190;
  const items = series.map((item, index) => ({ label: item.label, colour: PALETTE[index % PALETTE.length]!, swatch: 'box' as const }));
  const height = pad.top + plot + pad.bottom + 14 * legendRows(items, WIDTH - pad.left - pad.right);
  const keys = series.map((_, index) => String(index));
  const rows = dates.map((_, day) => Object.fromEntries(series.map((item, index) => [String(index), item.values[day] ?? 0])));
  const layers = stack<Record<string, number>>().keys(keys)(rows);
  const top = Math.max(1e-9, ...reference, ...layers.flatMap((layer) => layer.map((point) => point[1])));
  const day = (index: number) => new Date(`${dates[index]}T00:00:00Z`);
  const x = scaleUtc()
    .domain([day(0), day(dates.length - 1)])
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleLinear().domain([0, top]).nice().range([pad.top + plot, pad.top]);
  const shape = area<[number, number]>()
    .x((_, index) => x(day(index)))
    .y0((point) => y(point[0]))
    .y1((point) => y(point[1]));
  const total = line<number>()
    .x((_, index) => x(day(index)))
    .y((value) => y(value));
  const timeFormat = x.tickFormat(6);
  return frame(
    WIDTH,
    height,
    `${title}, ${unit}`,
    el('text', { x: pad.left - 4, y: pad.top - 8, 'text-anchor': 'end' }, unit),
    ...y.ticks(5).map((tick) => el('g', { class: 'tick' }, el('line', { x1: pad.left, x2: WIDTH - pad.right, y1: y(tick), y2: y(tick), stroke: '#e3e3e3' }), el('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tickText(tick)))),
    ...x.ticks(6).map((tick) => el('text', { x: x(tick), y: pad.top + plot + 16, 'text-anchor': 'middle' }, timeFormat(tick))),
    ...layers.map((layer, index) => el('path', { class: 'area', d: shape(layer.map((point) => [point[0], point[1]] as [number, number])) ?? '', fill: items[index]!.colour, 'fill-opacity': 0.8 }, el('title', {}, series[index]!.label))),
    el('path', { d: total([...reference]) ?? '', fill: 'none', stroke: '#1d2433', 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }, el('title', {}, 'reference total')),
    legend(items, pad.left, pad.top + plot + pad.bottom + 6, WIDTH - pad.left - pad.right),
  );
}
