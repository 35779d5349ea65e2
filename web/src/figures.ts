import { scaleBand, scaleLinear, scaleLog, scaleUtc } from 'd3-scale';
import { area, stack } from 'd3-shape';
import { html, render, svg, type TemplateResult } from 'lit-html';
import { PALETTE } from './charts.ts';
import { $ } from './format.ts';

/** Charts other than the daily lines: stacked exports by route, losses by actor, risk exceedance. */

const WIDTH = 640;

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

function frame(height: number, label: string, body: TemplateResult) {
  return svg`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width=${WIDTH} height=${height} role="img" aria-label=${label} font-family="DejaVu Sans, sans-serif" font-size="11"><rect width="100%" height="100%" fill="white"></rect>${body}</svg>`;
}

/** Horizontal bars, largest first, each with its value: who loses most at a glance. */
export function sortedBars(host: HTMLElement, title: string, unit: string, rows: readonly { label: string; value: number }[]): void {
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
  const body = svg`<text x=${pad.left} y="14">${unit}</text>
${x.ticks(5).map((tick) => svg`<line x1=${x(tick)} x2=${x(tick)} y1=${pad.top - 4} y2=${height - pad.bottom} stroke="#e3e3e3"></line><text x=${x(tick)} y=${pad.top - 6} text-anchor="middle">${format(tick)}</text>`)}
${sorted.map(
  (row) => svg`<g class="bar"><rect x=${Math.min(x(0), x(row.value))} y=${y(row.label)} width=${Math.abs(x(row.value) - x(0))} height=${y.bandwidth()} fill="#c0392b"><title>${`${row.label}: ${format(row.value)} ${unit}`}</title></rect>
<text x=${pad.left - 6} y=${(y(row.label) ?? 0) + y.bandwidth() - 3} text-anchor="end">${row.label}</text><text x=${Math.max(x(0), x(row.value)) + 4} y=${(y(row.label) ?? 0) + y.bandwidth() - 3}>${format(row.value)}</text></g>`,
)}`;
  render(html`<h3>${title}</h3>${frame(height, `${title}, ${unit}`, body)}`, host);
}

/** Exports by route as stacked areas (scenario), with the baseline's total as a dashed line. */
export function stackedRoutes(host: HTMLElement, dates: readonly string[], routes: readonly { route: string; baseline: readonly number[]; scenario: readonly number[] }[]): void {
  const height = 250;
  const pad = { left: 56, right: 14, top: 22, bottom: 46 };
  const keys = routes.map((route) => route.route);
  const rows = dates.map((_, day) => Object.fromEntries(routes.map((route) => [route.route, (route.scenario[day] ?? 0) / 1000])));
  const layers = stack<Record<string, number>>().keys(keys)(rows);
  const baselineTotal = dates.map((_, day) => routes.reduce((sum, route) => sum + (route.baseline[day] ?? 0), 0) / 1000);
  const top = Math.max(1e-9, ...baselineTotal, ...layers.flatMap((layer) => layer.map((point) => point[1])));
  const x = scaleUtc()
    .domain([new Date(`${dates[0]}T00:00:00Z`), new Date(`${dates.at(-1)}T00:00:00Z`)])
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleLinear().domain([0, top]).nice().range([height - pad.bottom, pad.top]);
  const xDay = (day: number) => x(new Date(`${dates[day]}T00:00:00Z`));
  const shape = area<[number, number]>()
    .x((_, day) => xDay(day))
    .y0((point) => y(point[0]))
    .y1((point) => y(point[1]));
  const timeFormat = x.tickFormat(6);
  const body = svg`<text x=${pad.left - 4} y=${pad.top - 8} text-anchor="end">kt/d</text>
${y.ticks(5).map((tick) => svg`<line x1=${pad.left} x2=${WIDTH - pad.right} y1=${y(tick)} y2=${y(tick)} stroke="#e3e3e3"></line><text x=${pad.left - 6} y=${y(tick) + 4} text-anchor="end">${format(tick)}</text>`)}
${x.ticks(6).map((tick) => svg`<text x=${x(tick)} y=${height - pad.bottom + 16} text-anchor="middle">${timeFormat(tick)}</text>`)}
${layers.map((layer, index) => svg`<path class="area" d=${shape(layer.map((point) => [point[0], point[1]] as [number, number])) ?? ''} fill=${PALETTE[index % PALETTE.length]!} fill-opacity="0.8"><title>${layer.key}</title></path>`)}
<path d=${baselineTotal.map((value, day) => `${day === 0 ? 'M' : 'L'}${xDay(day).toFixed(1)},${y(value).toFixed(1)}`).join('')} fill="none" stroke="#1d2433" stroke-width="1.5" stroke-dasharray="4 3"><title>baseline, all routes</title></path>
${keys.map((key, index) => svg`<rect x=${pad.left + (index % 5) * 116} y=${height - 20} width="10" height="10" fill=${PALETTE[index % PALETTE.length]!}></rect><text x=${pad.left + (index % 5) * 116 + 14} y=${height - 11}>${key}</text>`)}`;
  render(html`<h3>Exports by route, stacked (dashed: the baseline's total)</h3>${frame(height, 'Exports by route, stacked, kt/d', body)}`, host);
}

/** The risk report's exceedance curve: the annual loss exceeded once in so many years (log axis). */
export function exceedanceCurve(host: HTMLElement, points: readonly { lossUsd: number; returnPeriodYears: number }[]): void {
  const height = 240;
  const pad = { left: 64, right: 14, top: 22, bottom: 40 };
  const usable = points.filter((point) => point.returnPeriodYears >= 1);
  if (usable.length === 0) {
    render(html``, host);
    return;
  }
  const x = scaleLog()
    .domain([1, Math.max(2, ...usable.map((point) => point.returnPeriodYears))])
    .range([pad.left, WIDTH - pad.right]);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...usable.map((point) => point.lossUsd / 1e6))])
    .nice()
    .range([height - pad.bottom, pad.top]);
  const body = svg`<text x=${pad.left - 4} y=${pad.top - 8} text-anchor="end">M USD</text>
${y.ticks(5).map((tick) => svg`<line x1=${pad.left} x2=${WIDTH - pad.right} y1=${y(tick)} y2=${y(tick)} stroke="#e3e3e3"></line><text x=${pad.left - 6} y=${y(tick) + 4} text-anchor="end">${format(tick)}</text>`)}
${x.ticks(4).map((tick) => svg`<line x1=${x(tick)} x2=${x(tick)} y1=${height - pad.bottom} y2=${height - pad.bottom + 4} stroke="#888"></line><text x=${x(tick)} y=${height - pad.bottom + 16} text-anchor="middle">${x.tickFormat(4, '~s')(tick)}</text>`)}
<text x=${(pad.left + WIDTH - pad.right) / 2} y=${height - 6} text-anchor="middle">return period, years (log scale)</text>
<path d=${usable.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.returnPeriodYears).toFixed(1)},${y(point.lossUsd / 1e6).toFixed(1)}`).join('')} fill="none" stroke="#c0392b" stroke-width="2"></path>
${usable.map((point) => svg`<circle class="exceedance-point" cx=${x(point.returnPeriodYears)} cy=${y(point.lossUsd / 1e6)} r="3" fill="#c0392b"><title>${`once in ${format(point.returnPeriodYears)} years: ${format(point.lossUsd / 1e6)} M USD or more`}</title></circle>`)}`;
  render(html`<h3>Exporters' annual loss against its return period</h3>${frame(height, 'Risk exceedance curve, M USD against return period', body)}`, host);
}

/** Clears a figure host (a new analysis replaces the last one's figure). */
export const clearFigure = (id: string) => render(html``, $(id));
