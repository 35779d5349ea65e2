import type { RiskReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';

/** Statistics of simulated annual losses: moments, quantiles, tail means, histogram. */

export function column(values: Float64Array, width: number, index: number, rows: number): Float64Array {
  const out = new Float64Array(rows);
  for (let row = 0; row < rows; row += 1) out[row] = values[row * width + index]!;
  return out;
}

export function describe(values: Float64Array): { mean: number; standardError: number } {
  const n = values.length;
  let mean = 0;
  let spread = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    spread += delta * (value - mean);
  });
  return { mean, standardError: n > 1 ? Math.sqrt(spread / (n - 1) / n) : 0 };
}

/** Linear interpolation between order statistics (Hyndman & Fan type 7, as numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

export function statistics(values: Float64Array) {
  const sorted = Float64Array.from(values).sort();
  const { mean, standardError } = describe(values);
  const var95 = quantile(sorted, 0.95);
  const tail = sorted.filter((value) => value >= var95 - 1e-6);
  const cvar95 = tail.length > 0 ? tail.reduce((sum, value) => sum + value, 0) / tail.length : var95;
  return {
    expectedAnnualLossUsd: round(mean, 0),
    medianUsd: round(quantile(sorted, 0.5), 0),
    p90Usd: round(quantile(sorted, 0.9), 0),
    p95Usd: round(var95, 0),
    p99Usd: round(quantile(sorted, 0.99), 0),
    var95Usd: round(var95, 0),
    cvar95Usd: round(cvar95, 0),
    standardErrorUsd: round(standardError, 0),
  };
}

export function histogram(values: Float64Array): RiskReport['histogram'] {
  const sorted = Float64Array.from(values).sort();
  const max = sorted[sorted.length - 1] ?? 0;
  const bins = 30;
  const width = max > 0 ? max / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of sorted) counts[Math.min(bins - 1, Math.max(0, Math.floor(value / width)))]! += 1;
  const exceedance = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001]
    .filter((probability) => probability * sorted.length >= 1)
    .map((probability) => ({ probability, lossUsd: round(quantile(sorted, 1 - probability), 0), returnPeriodYears: round(1 / probability, 0) }));
  return { binWidthUsd: round(width, 0), counts, exceedance };
}
