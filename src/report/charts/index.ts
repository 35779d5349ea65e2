/**
 * The charts the CLI writes as SVG files and the web app draws: one code path (d3-scale for
 * axes and ticks, d3-shape for lines and areas), pure, with no DOM. d3-axis is not used: it draws
 * into a d3-selection, which needs a document; the ticks here come from the same scales.
 */
export { el, svgString, type SvgChild, type SvgElement } from './svg-tree.ts';
export { FONT, legendLayout, PALETTE, tickText, type LegendItem } from './frame.ts';
export { DAILY_WIDTH, dailyChart, type ChartLine, type DailyChart, type DrawnDailyChart } from './line-chart.ts';
export { sortedBarChart } from './bar-chart.ts';
export { stackedAreaChart } from './stacked-area.ts';
export { exceedanceChart, lossHistogram, type ExceedancePoint } from './risk-charts.ts';
