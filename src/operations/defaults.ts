import type { Operations, Scenario } from '../scenario/scenario.ts';
import { DEFAULT_ROLLING } from './rolling.ts';

/**
 * How a replay is decided when its scenario does not say (no `operations`): rolling, daily over
 * a 30-day look-ahead, because a replay should do what operators could do — decide each day with
 * what they knew — and not what a plan knowing every event and its end would. Replays are scenario
 * runs (`chokepoint run`, the API's and the web app's runs, compare) and backtests; a rolling
 * result also carries the hindsight loss, the lower bound, and the value of foresight.
 */
export const REPLAY_OPERATIONS: Operations = { mode: 'rolling', ...DEFAULT_ROLLING };

/**
 * Analyses that solve many variants of a scenario (criticality, leverage, power, bypass, risk, the
 * sanction-rule costs) keep hindsight unless asked (`--mode rolling`, or the scenario's own
 * `operations`): one plan per variant, many times faster, and the lower bound of each loss.
 */
export const ANALYSIS_OPERATIONS: Operations = { mode: 'hindsight', ...DEFAULT_ROLLING };

/** The scenario's own operations, or a replay's default. */
export function replayOperations(scenario: Scenario): Operations {
  return scenario.operations ?? REPLAY_OPERATIONS;
}

/** The scenario with its operations stated: its own, or an analysis's default (hindsight). */
export function forAnalysis(scenario: Scenario): Scenario {
  return scenario.operations ? scenario : { ...scenario, operations: ANALYSIS_OPERATIONS };
}
