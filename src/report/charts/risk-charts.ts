import { scaleLinear, scaleLog } from 'd3-scale';
import { frame, tickText } from './frame.ts';
import { el, type SvgElement } from './svg-tree.ts';

export interface ExceedancePoint {
  readonly lossUsd: number;
  readonly returnPeriodYears: number;
}

const WIDTH = 460;
const HEIGHT = 260;
const pad = { left: 64, right: 14, top: 22, bottom: 40 };

/** The annual loss exceeded once in so many years, on a log axis of return periods (M of the currency: USD, or a gas network's). */
export function exceedanceChart(points: readonly ExceedancePoint[], currency = 'USD'): SvgElement {
  const usable = points.filter((point) => point.returnPeriodYears >= 1);
  const x = scaleLog()
    .domain([1, Math.max(2, ...usable.map((point) => point.returnPeriodYears))])
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...usable.map((point) => point.lossUsd / 1e6))])
    .nice()
    .range([HEIGHT - pad.bottom, pad.top]);
  const format = x.tickFormat(4, '~s');
  return frame(
    WIDTH,
    HEIGHT,
    `Annual loss against its return period (exceedance curve), M ${currency}`,
    el('text', { x: pad.left - 4, y: pad.top - 8, 'text-anchor': 'end' }, `M ${currency}`),
    ...y.ticks(5).map((tick) => el('g', { class: 'tick' }, el('line', { x1: pad.left, x2: WIDTH - pad.right, y1: y(tick), y2: y(tick), stroke: '#e3e3e3' }), el('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tickText(tick)))),
    ...x.ticks(4).map((tick) => el('g', { class: 'tick' }, el('line', { x1: x(tick), x2: x(tick), y1: HEIGHT - pad.bottom, y2: HEIGHT - pad.bottom + 4, stroke: '#888' }), el('text', { x: x(tick), y: HEIGHT - pad.bottom + 16, 'text-anchor': 'middle' }, format(tick)))),
    el('text', { x: (pad.left + WIDTH - pad.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, 'return period, years (log scale)'),
    el('path', { d: usable.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.returnPeriodYears).toFixed(1)},${y(point.lossUsd / 1e6).toFixed(1)}`).join(''), fill: 'none', stroke: '#c0392b', 'stroke-width': 2 }),
    ...usable.map((point) => el('circle', { class: 'exceedance-point', cx: x(point.returnPeriodYears), cy: y(point.lossUsd / 1e6), r: 3, fill: '#c0392b' }, el('title', {}, `once in ${tickText(point.returnPeriodYears)} years: ${tickText(point.lossUsd / 1e6)} M ${currency} or more`))),
  );
}

/** Simulated years by annual loss (M of the currency): equal-width bins from 0. */
export function lossHistogram(counts: readonly number[], binWidthUsd: number, currency = 'USD'): SvgElement {
  const x = scaleLinear()
    .domain([0, (binWidthUsd * Math.max(1, counts.length)) / 1e6])
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...counts)])
    .nice()
    .range([HEIGHT - pad.bottom, pad.top]);
  return frame(
    WIDTH,
    HEIGHT,
    `Simulated years by annual loss, M ${currency}`,
    el('text', { x: pad.left - 4, y: pad.top - 8, 'text-anchor': 'end' }, 'years'),
    ...y.ticks(5).map((tick) => el('g', { class: 'tick' }, el('line', { x1: pad.left, x2: WIDTH - pad.right, y1: y(tick), y2: y(tick), stroke: '#e3e3e3' }), el('text', { x: pad.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, tickText(tick)))),
    ...x.ticks(5).map((tick) => el('text', { x: x(tick), y: HEIGHT - pad.bottom + 16, 'text-anchor': 'middle' }, tickText(tick))),
    el('text', { x: (pad.left + WIDTH - pad.right) / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, `annual loss, M ${currency}`),
    ...counts.map((count, index) => {
      const left = x((index * binWidthUsd) / 1e6);
      const right = x(((index + 1) * binWidthUsd) / 1e6);
      return el('rect', { class: 'histogram-bar', x: left, y: y(count), width: Math.max(1, right - left - 1), height: y(0) - y(count), fill: '#3a6ea5' }, el('title', {}, `${tickText((index * binWidthUsd) / 1e6)}–${tickText(((index + 1) * binWidthUsd) / 1e6)} M ${currency}: ${count} years`));
    }),
  );
}
