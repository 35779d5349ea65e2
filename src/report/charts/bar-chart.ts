import { scaleBand, scaleLinear } from 'd3-scale';
import { frame, tickText } from './frame.ts';
import { el, type SvgElement } from './svg-tree.ts';

const WIDTH = 640;

/** Horizontal bars, largest first, each with its value: who loses most at a glance. */
export function sortedBarChart(title: string, unit: string, rows: readonly { label: string; value: number }[]): SvgElement {
  const sorted = [...rows].sort((a, b) => b.value - a.value);
  const pad = { left: 190, right: 70, top: 24, bottom: 8 };
  const height = pad.top + pad.bottom + 18 * sorted.length;
  const x = scaleLinear()
    .domain([Math.min(0, ...sorted.map((row) => row.value)), Math.max(1e-9, ...sorted.map((row) => row.value))])
    .nice()
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleBand()
    .domain(sorted.map((row) => row.label))
    .range([pad.top, height - pad.bottom])
    .padding(0.2);
  return frame(
    WIDTH,
    height,
    `${title}, ${unit}`,
    el('text', { x: pad.left - 6, y: 14, 'text-anchor': 'end' }, unit),
    ...x.ticks(5).map((tick) => el('g', { class: 'tick' }, el('line', { x1: x(tick), x2: x(tick), y1: pad.top - 4, y2: height - pad.bottom, stroke: '#e3e3e3' }), el('text', { x: x(tick), y: pad.top - 8, 'text-anchor': 'middle' }, tickText(tick)))),
    ...sorted.map((row) => {
      const top = y(row.label) ?? 0;
      return el(
        'g',
        { class: 'bar' },
        el('rect', { x: Math.min(x(0), x(row.value)), y: top, width: Math.abs(x(row.value) - x(0)), height: y.bandwidth(), fill: '#c0392b' }, el('title', {}, `${row.label}: ${tickText(row.value)} ${unit}`)),
        el('text', { x: pad.left - 6, y: top + y.bandwidth() - 3, 'text-anchor': 'end' }, row.label),
        el('text', { x: Math.max(x(0), x(row.value)) + 4, y: top + y.bandwidth() - 3 }, tickText(row.value)),
      );
    }),
  );
}
