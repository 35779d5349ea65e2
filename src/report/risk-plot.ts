import type { RiskReport } from '../analysis/analysis-schemas.ts';
import { el, exceedanceChart, FONT, lossHistogram, svgString, type SvgElement } from './charts/index.ts';
import { money } from './gas-report.ts';

/**
 * An SVG of the simulated loss distribution: a histogram of annual losses (left) and the
 * exceedance curve, loss against return period (right) — the same charts the web app draws
 * (src/report/charts). Plain SVG, no fonts or scripts needed.
 */
export function riskSvg(report: RiskReport, title: string, currency = 'USD'): string {
  const { counts, binWidthUsd, exceedance } = report.histogram;
  const cash = (amount: number) => money(amount, currency);
  const row = metricRow(report);
  const place = (chart: SvgElement, x: number, y: number): SvgElement => ({ ...chart, attrs: { ...chart.attrs, xmlns: undefined, x, y } });
  const summary = `${report.years.toLocaleString('en-US')} simulated years, seed ${report.seed}${report.partial ? ' (partial)' : ''}; expected ${cash(row.expectedAnnualLossUsd)} a year, VaR95 ${cash(row.var95Usd)}, CVaR95 ${cash(row.cvar95Usd)}`;
  const page = el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', width: 960, height: 330, viewBox: '0 0 960 330', 'font-family': FONT, 'font-size': 12 },
    el('rect', { width: '100%', height: '100%', fill: 'white' }),
    el('text', { x: 20, y: 24, 'font-size': 15, 'font-weight': 'bold' }, title),
    el('text', { x: 20, y: 44, fill: '#555' }, summary),
    place(lossHistogram(counts, binWidthUsd, currency), 20, 60),
    place(exceedanceChart(exceedance, currency), 490, 60),
  );
  return `${svgString(page)}\n`;
}

function metricRow(report: RiskReport) {
  return report.metric === report.exporters.actor ? report.exporters : (report.byActor.find((item) => item.actor === report.metric) ?? report.exporters);
}
