import type { RiskReport } from '../analysis/analysis-schemas.ts';
import { usd } from './format.ts';

/**
 * An SVG of the simulated loss distribution: a histogram of annual losses (left) and the
 * exceedance curve, loss against return period (right). Plain SVG, no fonts or scripts needed.
 */
export function riskSvg(report: RiskReport, title: string): string {
  const width = 960;
  const height = 420;
  const pad = { left: 70, right: 20, top: 50, bottom: 60 };
  const panel = (width - pad.left - pad.right - 60) / 2;
  const plotHeight = height - pad.top - pad.bottom;
  const { counts, binWidthUsd, exceedance } = report.histogram;
  const maxCount = Math.max(1, ...counts);
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  parts.push(`<text x="${pad.left}" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`);
  parts.push(`<text x="${pad.left}" y="40" fill="#555">${report.years.toLocaleString('en-US')} simulated years, seed ${report.seed}${report.partial ? ' (partial)' : ''}; expected ${escape(usd(report.histogram ? meanOf(report) : 0))} a year, VaR95 ${escape(usd(varOf(report)))}, CVaR95 ${escape(usd(cvarOf(report)))}</text>`);
  // Histogram.
  const x0 = pad.left;
  const y0 = pad.top + plotHeight;
  const barWidth = panel / counts.length;
  counts.forEach((count, index) => {
    const barHeight = (count / maxCount) * plotHeight;
    parts.push(`<rect x="${(x0 + index * barWidth).toFixed(1)}" y="${(y0 - barHeight).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="#4472c4"><title>${escape(usd(index * binWidthUsd))}–${escape(usd((index + 1) * binWidthUsd))}: ${count} years</title></rect>`);
  });
  parts.push(`<line x1="${x0}" y1="${y0}" x2="${x0 + panel}" y2="${y0}" stroke="black"/><line x1="${x0}" y1="${pad.top}" x2="${x0}" y2="${y0}" stroke="black"/>`);
  for (const fraction of [0, 0.5, 1]) {
    const value = fraction * binWidthUsd * counts.length;
    parts.push(`<text x="${(x0 + fraction * panel).toFixed(1)}" y="${y0 + 16}" text-anchor="middle">${escape(usd(value))}</text>`);
  }
  parts.push(`<text x="${x0 + panel / 2}" y="${y0 + 36}" text-anchor="middle">annual loss</text>`);
  parts.push(`<text x="${x0 - 10}" y="${pad.top + 4}" text-anchor="end">${maxCount}</text><text x="${x0 - 10}" y="${y0}" text-anchor="end">0</text>`);
  parts.push(`<text transform="translate(${x0 - 48},${pad.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">years</text>`);
  // Exceedance curve: return period on a log axis.
  const x1 = pad.left + panel + 60;
  const maxLoss = Math.max(1, ...exceedance.map((point) => point.lossUsd));
  const maxPeriod = Math.max(2, ...exceedance.map((point) => point.returnPeriodYears));
  const px = (period: number) => x1 + (Math.log10(period) / Math.log10(maxPeriod)) * panel;
  const py = (loss: number) => y0 - (loss / maxLoss) * plotHeight;
  const path = exceedance.map((point, index) => `${index === 0 ? 'M' : 'L'}${px(point.returnPeriodYears).toFixed(1)},${py(point.lossUsd).toFixed(1)}`).join(' ');
  parts.push(`<line x1="${x1}" y1="${y0}" x2="${x1 + panel}" y2="${y0}" stroke="black"/><line x1="${x1}" y1="${pad.top}" x2="${x1}" y2="${y0}" stroke="black"/>`);
  if (path) parts.push(`<path d="${path}" fill="none" stroke="#c0504d" stroke-width="2"/>`);
  for (const point of exceedance) {
    parts.push(`<circle cx="${px(point.returnPeriodYears).toFixed(1)}" cy="${py(point.lossUsd).toFixed(1)}" r="3" fill="#c0504d"><title>1 in ${point.returnPeriodYears} years: ${escape(usd(point.lossUsd))}</title></circle>`);
    parts.push(`<text x="${px(point.returnPeriodYears).toFixed(1)}" y="${y0 + 16}" text-anchor="middle">${point.returnPeriodYears}</text>`);
  }
  parts.push(`<text x="${x1 + panel / 2}" y="${y0 + 36}" text-anchor="middle">return period (years, log scale): annual loss exceeded once in so many years</text>`);
  parts.push(`<text x="${x1 - 8}" y="${pad.top + 4}" text-anchor="end">${escape(usd(maxLoss))}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function metricRow(report: RiskReport) {
  return report.metric === report.exporters.actor ? report.exporters : (report.byActor.find((row) => row.actor === report.metric) ?? report.exporters);
}
const meanOf = (report: RiskReport) => metricRow(report).expectedAnnualLossUsd;
const varOf = (report: RiskReport) => metricRow(report).var95Usd;
const cvarOf = (report: RiskReport) => metricRow(report).cvar95Usd;
