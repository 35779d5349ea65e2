import { html, render } from 'lit-html';
import { exceedanceChart, sortedBarChart, stackedAreaChart, type ExceedancePoint } from '../../src/report/charts/index.ts';
import { $ } from './format.ts';
import { toDom } from './svg-dom.ts';

/** Charts other than the daily lines (the shared ones of src/report/charts): stacked exports by route, losses by actor, risk exceedance. */

/** Horizontal bars, largest first, each with its value: who loses most at a glance. */
export function sortedBars(host: HTMLElement, title: string, unit: string, rows: readonly { label: string; value: number }[]): void {
  render(html`<h3>${title}</h3>${toDom(sortedBarChart(title, unit, rows))}`, host);
}

/** Exports by route (imports by corridor on gas) as stacked areas (scenario), with the baseline's total as a dashed line. */
export function stackedRoutes(host: HTMLElement, dates: readonly string[], routes: readonly { route: string; baseline: readonly number[]; scenario: readonly number[] }[], look: { title: string; unit: string; divisor: number }): void {
  const scaled = (values: readonly number[]) => values.map((value) => value / look.divisor);
  const baseline = dates.map((_, day) => routes.reduce((sum, route) => sum + (route.baseline[day] ?? 0), 0) / look.divisor);
  const chart = stackedAreaChart(look.title, look.unit, dates, routes.map((route) => ({ label: route.route, values: scaled(route.scenario) })), baseline);
  render(html`<h3>${look.title} (dashed: the baseline's total)</h3>${toDom(chart)}`, host);
}

/** The risk report's exceedance curve: the annual loss exceeded once in so many years (log axis); `who` is whose loss, money in `currency`. */
export function exceedanceCurve(host: HTMLElement, points: readonly ExceedancePoint[], who = 'Exporters', currency = 'USD'): void {
  if (!points.some((point) => point.returnPeriodYears >= 1)) {
    render(html``, host);
    return;
  }
  render(html`<h3>${who}' annual loss against its return period</h3>${toDom(exceedanceChart(points, currency))}`, host);
}

/** Clears a figure host (a new analysis replaces the last one's figure). */
export const clearFigure = (id: string) => render(html``, $(id));
