import type { BacktestCaseResult } from '../analysis/backtest.ts';
import { grouped, table, usd } from './format.ts';

/**
 * The backtest table: one row per observed metric, model beside observed, with the relative error;
 * a rolling replay also shows the figure with hindsight (what foresight of every event would give).
 */
export function backtestText(cases: readonly BacktestCaseResult[]): string {
  const figure = (value: number | null, unit: string) => (value === null ? 'not solved' : `${grouped(value, unit === '%' ? 1 : 0)} ${unit}`);
  const error = (value: number | null) => (value === null ? '-' : Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${grouped(value * 100, 0)} %` : 'inf');
  const withHindsight = (value: number | null, unit: string) => (value === null ? '-' : figure(value, unit));
  const rows = cases.flatMap((testCase) =>
    testCase.metrics.map((metric) => [testCase.record, testCase.id, modeLabel(testCase), metric.name, figure(metric.model, metric.unit), figure(metric.observed, metric.unit), error(metric.relativeError), withHindsight(metric.hindsight, metric.unit), error(metric.hindsightRelativeError)]),
  );
  const lines = [
    'BACKTESTS (real disruptions replayed with what was known at the time; observed figures only reported)',
    table(['event', 'case', 'mode', 'metric', 'model', 'observed', 'error', 'hindsight', 'error'], rows),
    '',
  ];
  const errors = cases.flatMap((testCase) => testCase.metrics.flatMap((metric) => (metric.relativeError === null || !Number.isFinite(metric.relativeError) ? [] : [Math.abs(metric.relativeError)])));
  if (errors.length > 0) {
    const sorted = [...errors].sort((a, b) => a - b);
    lines.push(`${errors.length} metrics over ${cases.length} events: median |error| ${grouped(sorted[Math.floor((sorted.length - 1) / 2)]! * 100, 0)} %, within 25 %: ${errors.filter((value) => value <= 0.25).length} of ${errors.length}`);
  }
  const foresight = cases.filter((testCase) => testCase.valueOfForesightUsd !== null);
  if (foresight.length > 0) lines.push(`value of foresight (netback lost rolling - hindsight): ${foresight.map((testCase) => `${testCase.record} ${usd(testCase.valueOfForesightUsd!)}`).join(', ')}`);
  lines.push('model: the mode shown (rolling: re-planned daily over the look-ahead with what operators knew); hindsight: the same case planned knowing every event and its end');
  lines.push('sources and estimated inputs: chokepoint backtest --json, data/backtests/*.yaml');
  return `${lines.join('\n')}\n`;
}

function modeLabel(testCase: BacktestCaseResult): string {
  return testCase.mode === 'rolling' ? `rolling ${testCase.lookaheadDays}d/${testCase.replanDays}d` : testCase.mode;
}
