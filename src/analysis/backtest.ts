import type { BacktestMetric } from '../scenario/backtest-schema.ts';
import type { BacktestCase } from '../scenario/backtests.ts';
import type { RollingOutcome } from '../operations/rolling.ts';
import { buildResult } from './impact.ts';
import type { RunResult } from './result-schema.ts';
import { round } from './rounding.ts';
import type { RunOutcome } from './run.ts';
import type { VariantRunner } from './variants.ts';
import type { Operations } from '../scenario/scenario.ts';

export interface BacktestMetricRow {
  readonly name: string;
  readonly model: number | null;
  readonly observed: number;
  readonly unit: string;
  /** (model - observed) / |observed|; null when the model gave no figure. */
  readonly relativeError: number | null;
  /** A rolling replay's figure had operators known every event and its end (null in a hindsight replay). */
  readonly hindsight: number | null;
  readonly hindsightRelativeError: number | null;
  readonly source: string;
}

export interface BacktestCaseResult {
  readonly id: string;
  readonly record: string;
  readonly name: string;
  /** How operators' decisions were taken in the replay, as the result reports it. */
  readonly mode: 'hindsight' | 'rolling';
  readonly lookaheadDays: number | null;
  readonly replanDays: number | null;
  /** Rolling: netback lost under rolling minus under hindsight (null in a hindsight replay). */
  readonly valueOfForesightUsd: number | null;
  readonly status: string;
  readonly estimates: readonly string[];
  readonly metrics: readonly BacktestMetricRow[];
}

/** What a replay gives: its status, the result as decided and, for a rolling replay, the same case decided with hindsight. */
export interface BacktestReplay {
  readonly status: string;
  readonly result?: RunResult | undefined;
  readonly hindsight?: RunResult | undefined;
}

/**
 * Replays one case and sets each model figure beside the observed one; the observed never feed
 * the model. A rolling replay also gives each figure under hindsight, from the hindsight plan the
 * rolling solve already holds (no second solve).
 */
export async function runBacktest(testCase: BacktestCase, run: (scenario: BacktestCase['scenario']) => Promise<RunOutcome>): Promise<BacktestCaseResult> {
  const outcome = await run(testCase.scenario);
  const result = outcome.status === 'optimal' ? outcome.result : undefined;
  const hindsight = outcome.status === 'optimal' && isRolling(outcome.solve) ? buildResult(testCase.scenario, { ...outcome.solve, baseline: outcome.solve.operations.hindsightBaseline, scenario: outcome.solve.operations.hindsight }) : undefined;
  return backtestCase(testCase, { status: outcome.status, result, hindsight });
}

/**
 * Replays one case on a variant runner (worker threads, a queue): the case as its operations
 * decide it and, when that is rolling, the same case with hindsight on the same session (its
 * baseline solved once), which is the hindsight plan a rolling run compares itself with.
 */
export async function replayOn(runner: VariantRunner, testCase: BacktestCase): Promise<BacktestReplay> {
  const scenario = testCase.scenario;
  const batch = { base: scenario, sessionKey: `backtest:${testCase.id}`, requests: [{ key: testCase.id, events: scenario.events, detail: 'full' as const }] };
  const full = async (operations: Operations | undefined) => {
    const outcome = await runner.run({ ...batch, operations });
    if (outcome.status !== 'optimal') return { status: outcome.status };
    const variant = outcome.outcomes[0]!;
    return variant.status === 'optimal' ? { status: variant.status, result: variant.full } : { status: variant.status };
  };
  const decided = await full(scenario.operations);
  if (scenario.operations?.mode !== 'rolling' || decided.result === undefined) return decided;
  const hindsight = await full(undefined);
  return { ...decided, hindsight: hindsight.result };
}

/** One case's rows: each observed figure beside the model's (and hindsight's) and their errors. */
export function backtestCase(testCase: BacktestCase, replay: BacktestReplay): BacktestCaseResult {
  const { result, hindsight } = replay;
  const figure = (observation: BacktestCase['observed'][number], from: RunResult | undefined) => (from ? round(metricValue(observation.metric, observation.unit, from), 4) : null);
  const metrics = testCase.observed.map((observation) => {
    const model = figure(observation, result);
    const withHindsight = figure(observation, hindsight);
    return {
      name: observation.name,
      model,
      observed: observation.value,
      unit: observation.unit,
      relativeError: model === null ? null : relativeError(model, observation.value),
      hindsight: withHindsight,
      hindsightRelativeError: withHindsight === null ? null : relativeError(withHindsight, observation.value),
      source: observation.source,
    };
  });
  const operations = result?.operations ?? { mode: testCase.scenario.operations?.mode ?? 'hindsight' };
  return {
    id: testCase.id,
    record: testCase.record,
    name: testCase.name,
    mode: operations.mode,
    lookaheadDays: operations.lookaheadDays ?? null,
    replanDays: operations.replanDays ?? null,
    valueOfForesightUsd: operations.valueOfForesightUsd ?? null,
    status: replay.status,
    estimates: testCase.estimates,
    metrics,
  };
}

function isRolling(solve: Extract<RunOutcome, { status: 'optimal' }>['solve']): solve is RollingOutcome {
  return 'operations' in solve;
}

export function relativeError(model: number, observed: number): number {
  if (observed === 0) return model === 0 ? 0 : Infinity;
  return round((model - observed) / Math.abs(observed), 4);
}

/** The model's figure for one observed metric, in the observation's unit. */
export function metricValue(metric: BacktestMetric, unit: string, result: RunResult): number {
  switch (metric.kind) {
    case 'linkFlowPerDay': {
      const tonnes = result.linkFlows.filter((flow) => metric.links.includes(flow.link)).reduce((total, flow) => total + flow.scenarioTonnes, 0);
      const perDay = tonnes / result.definition.days;
      return unit === 'bbl/d' ? perDay * metric.barrelsPerTonne! : perDay;
    }
    case 'productionChange': {
      const day = result.series.dates.indexOf(metric.date);
      const rows = result.series.production.filter((row) => metric.fields.includes(row.field));
      const baseline = rows.reduce((total, row) => total + row.baseline[day]!, 0);
      const scenario = rows.reduce((total, row) => total + row.scenario[day]!, 0);
      return baseline === 0 ? 0 : ((scenario - baseline) / baseline) * 100;
    }
    case 'productionTotal':
      return result.series.production.filter((row) => metric.fields.includes(row.field)).reduce((total, row) => total + row.scenario.reduce((sum, value) => sum + value, 0), 0);
    case 'productionLost': {
      const rows = result.series.production.filter((row) => metric.fields.includes(row.field));
      return rows.reduce((total, row) => total + row.baseline.reduce((sum, value, day) => sum + value - row.scenario[day]!, 0), 0);
    }
  }
}
