import { describe, expect, it } from 'vitest';
import { dailyChart, el, exceedanceChart, legendLayout, lossHistogram, sortedBarChart, stackedAreaChart, svgString, tickText, type SvgChild, type SvgElement } from '../src/report/charts/index.ts';
import { riskSvg } from '../src/report/risk-plot.ts';
import type { RiskReport } from '../src/analysis/analysis-schemas.ts';

/** Every element of a tree with the given tag (and class). */
function find(node: SvgChild, tag: string, className?: string): SvgElement[] {
  if (typeof node === 'string') return [];
  const here = node.tag === tag && (className === undefined || node.attrs.class === className) ? [node] : [];
  return [...here, ...node.children.flatMap((child) => find(child, tag, className))];
}
const textOf = (node: SvgChild): string => (typeof node === 'string' ? node : node.children.map(textOf).join(''));

const dates = Array.from({ length: 31 }, (_, day) => `2022-07-${String(day + 1).padStart(2, '0')}`);

describe('shared charts (src/report/charts): one code path for the CLI and the web app', () => {
  it('svgString escapes text and attributes, so a name never becomes markup', () => {
    const text = svgString(el('svg', { 'aria-label': '"><script>' }, el('text', {}, '<img src=x onerror=alert(1)> & co')));
    expect(text).toBe('<svg aria-label="&quot;&gt;&lt;script&gt;"><text>&lt;img src=x onerror=alert(1)&gt; &amp; co</text></svg>');
  });

  it('dailyChart: round ticks, one path per line, the first and last day at the plot edges, dayAt inverts xOfDay', () => {
    const chart = dailyChart({ title: 'Exports', unit: 'kt/d', dates, lines: [{ label: 'baseline', colour: '#000', values: dates.map(() => 183.4), dashed: true }, { label: 'scenario', colour: '#c00', values: dates.map((_, day) => (day < 10 ? 183.4 : 37)) }] }, 5);
    expect(find(chart.svg, 'path')).toHaveLength(2);
    const ticks = find(chart.svg, 'g', 'tick').map((tick) => textOf(tick));
    expect(ticks).toContain('200');
    expect(ticks).toContain('0');
    expect(chart.xOfDay(0)).toBe(56);
    expect(chart.xOfDay(30)).toBe(640 - 14);
    for (const day of [0, 7, 30]) expect(chart.dayAt(chart.xOfDay(day))).toBe(day);
    expect(chart.dayAt(-100)).toBe(0);
    const [marker] = find(chart.svg, 'line', 'marker');
    expect(marker!.attrs['data-day']).toBe(5);
    expect(marker!.attrs.x1).toBeCloseTo(chart.xOfDay(5), 6);
  });

  it('legends flow into rows by label length: no two entries overlap, none runs past the width', () => {
    const items = ['CPC Marine Terminal tank farm (Yuzhnaya Ozereyevka), baseline', 'CPC Marine Terminal tank farm (Yuzhnaya Ozereyevka)', 'Aktau, baseline', 'Aktau', 'Rail'].map((label) => ({ label, colour: '#000' }));
    const places = legendLayout(items, 570);
    const boxes = places.map((place, index) => ({ row: place.row, left: place.x, right: place.x + 22 + items[index]!.label.length * 6.6 }));
    for (const box of boxes) expect(box.left === 0 || box.right <= 570).toBe(true);
    for (const [index, a] of boxes.entries()) for (const b of boxes.slice(index + 1)) if (a.row === b.row) expect(a.right <= b.left || b.right <= a.left).toBe(true);
    expect(new Set(places.map((place) => place.row)).size).toBeGreaterThan(1);
  });

  it('sortedBarChart: bars largest first, widths in proportion to the values', () => {
    const chart = sortedBarChart('Loss', 'M USD', [{ label: 'b', value: 100 }, { label: 'a', value: 400 }, { label: 'c', value: 200 }]);
    const widths = find(chart, 'rect').slice(1).map((rect) => Number(rect.attrs.width));
    expect(widths).toEqual([...widths].sort((x, y) => y - x));
    expect(widths[0]! / widths[2]!).toBeCloseTo(4, 6);
  });

  it('stackedAreaChart: one area per series, stacked to the total', () => {
    const chart = stackedAreaChart('Routes', 'kt/d', dates, [{ label: 'CPC', values: dates.map(() => 150) }, { label: 'Aktau', values: dates.map(() => 30) }], dates.map(() => 180));
    expect(find(chart, 'path', 'area')).toHaveLength(2);
    expect(textOf(find(chart, 'g', 'legend')[0]!)).toBe('CPCAktau');
  });

  it('exceedanceChart puts longer return periods further right (log axis) and larger losses higher', () => {
    const chart = exceedanceChart([{ returnPeriodYears: 2, lossUsd: 1e8 }, { returnPeriodYears: 20, lossUsd: 5e8 }, { returnPeriodYears: 200, lossUsd: 9e8 }]);
    const points = find(chart, 'circle', 'exceedance-point').map((point) => [Number(point.attrs.cx), Number(point.attrs.cy)] as const);
    expect(points).toHaveLength(3);
    expect(points[1]![0] - points[0]![0]).toBeCloseTo(points[2]![0] - points[1]![0], 6);
    expect(points[2]![1]).toBeLessThan(points[0]![1]);
  });

  it("the CLI's risk plot is made of the same histogram and exceedance charts as the web app's", () => {
    const exceedance = [{ returnPeriodYears: 10, lossUsd: 2e8 }, { returnPeriodYears: 100, lossUsd: 6e8 }];
    const counts = [50, 30, 15, 5];
    const row = { actor: '*exporters', expectedAnnualLossUsd: 1e8, medianUsd: 0, p90Usd: 0, p95Usd: 0, p99Usd: 0, var95Usd: 4e8, cvar95Usd: 5e8, standardErrorUsd: 1e6 };
    const report = { years: 100, seed: 7, partial: false, metric: '*exporters', exporters: row, byActor: [], histogram: { counts, binWidthUsd: 2e8, exceedance } } as unknown as RiskReport;
    const text = riskSvg(report, 'Annual loss <all exporters>');
    expect(text).toContain('&lt;all exporters&gt;');
    const inner = (chart: SvgElement) => chart.children.map(svgString).join('');
    expect(text).toContain(inner(exceedanceChart(exceedance)));
    expect(text).toContain(inner(lossHistogram(counts, 2e8)));
    expect(find(lossHistogram(counts, 2e8), 'rect', 'histogram-bar').map((bar) => Number(bar.attrs.height))).toEqual(expect.arrayContaining([expect.any(Number)]));
    expect(tickText(0.5)).toBe('0.50');
  });
});
