import type { Operations, Scenario } from '../scenario/scenario.ts';
import { DEFAULT_ROLLING, solveRolling, type RollingStats } from '../operations/rolling.ts';
import { replayOperations } from '../operations/defaults.ts';
import { solveScenario, type SolveOptions, type SolveOutcome } from '../solve/solve.ts';
import { buildResult } from './impact.ts';
import { finiteOr, type NonFiniteFailure, type RunResult } from './result-schema.ts';
import { round } from './rounding.ts';

export type RunOutcome =
  | { readonly status: 'optimal'; readonly result: RunResult; readonly solve: Extract<SolveOutcome, { status: 'optimal' }> }
  | Exclude<SolveOutcome, { status: 'optimal' }>;

/**
 * Solves a scenario and its baseline and accounts the impact; infeasibility is an outcome, not an
 * error. Decided rolling unless the scenario says hindsight (see REPLAY_OPERATIONS): the scenario
 * and its baseline step by step (see solveRolling), and the result also gives the hindsight loss
 * and the value of foresight.
 */
export async function runScenario(scenario: Scenario, options: SolveOptions = {}): Promise<RunOutcome> {
  const operations = replayOperations(scenario);
  if (operations.mode === 'rolling') return runRolling({ ...scenario, operations }, { withDuals: true, ...options });
  const solve = await solveScenario(scenario, { withDuals: true, ...options });
  if (solve.status !== 'optimal') return solve;
  return finiteOutcome(buildResult(scenario, solve), solve);
}

/** A result that holds NaN or Infinity is not an answer: it is reported where, like an infeasible model. */
function finiteOutcome(result: RunResult, solve: Extract<SolveOutcome, { status: 'optimal' }>): RunOutcome {
  const checked = finiteOr(result);
  if (checked === result) return { status: 'optimal', result, solve };
  return { status: 'not-solved', run: 'scenario', message: (checked as NonFiniteFailure).message, conflicting: [], size: solve.size };
}

async function runRolling(scenario: Scenario, options: SolveOptions): Promise<RunOutcome> {
  const solve = await solveRolling(scenario, options);
  if (solve.status !== 'optimal') return solve;
  const { hindsight, hindsightBaseline, lookaheadDays, replanDays } = solve.operations;
  const result = rollingResult(buildResult(scenario, solve), buildResult(scenario, { ...solve, baseline: hindsightBaseline, scenario: hindsight }), { lookaheadDays, replanDays }, solve.operations);
  return finiteOutcome(result, solve);
}

/** A rolling run's result, with its hindsight loss and the value of foresight beside its own. */
export function rollingResult(rolling: RunResult, hindsight: Pick<RunResult, 'impact'>, plan: { readonly lookaheadDays: number; readonly replanDays: number }, stats: RollingStats): RunResult {
  const operations = {
    mode: 'rolling' as const,
    lookaheadDays: plan.lookaheadDays,
    replanDays: plan.replanDays,
    steps: stats.steps,
    reusedSteps: stats.reused,
    hindsightNetbackLostUsd: hindsight.impact.netbackLostUsd,
    valueOfForesightUsd: round(rolling.impact.netbackLostUsd - hindsight.impact.netbackLostUsd, 2),
  };
  return { ...rolling, operations };
}

/** The scenario decided in `mode` instead of its own (a run's --mode, or the API's `mode`). */
export function withMode(scenario: Scenario, mode: Operations['mode'] | undefined): Scenario {
  return mode === undefined ? scenario : { ...scenario, operations: { ...DEFAULT_ROLLING, ...scenario.operations, mode } };
}
