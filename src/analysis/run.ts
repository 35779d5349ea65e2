import type { Scenario } from '../scenario/scenario.ts';
import { solveRolling } from '../operations/rolling.ts';
import { solveScenario, type SolveOptions, type SolveOutcome } from '../solve/solve.ts';
import { buildResult } from './impact.ts';
import { finiteOr, type NonFiniteFailure, type RunResult } from './result-schema.ts';
import { round } from './rounding.ts';

export type RunOutcome =
  | { readonly status: 'optimal'; readonly result: RunResult; readonly solve: Extract<SolveOutcome, { status: 'optimal' }> }
  | Exclude<SolveOutcome, { status: 'optimal' }>;

/**
 * Solves a scenario and its baseline and accounts the impact; infeasibility is an outcome, not an
 * error. With `operations: rolling`, the scenario is decided step by step (see solveRolling) and
 * the result also gives the hindsight loss and the value of foresight.
 */
export async function runScenario(scenario: Scenario, options: SolveOptions = {}): Promise<RunOutcome> {
  if (scenario.operations?.mode === 'rolling') return runRolling(scenario, { withDuals: true, ...options });
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
  const result = buildResult(scenario, solve);
  const hindsight = buildResult(scenario, { ...solve, scenario: solve.operations.hindsight });
  const { lookaheadDays, replanDays, steps } = solve.operations;
  const operations = {
    mode: 'rolling' as const,
    lookaheadDays,
    replanDays,
    steps,
    hindsightNetbackLostUsd: hindsight.impact.netbackLostUsd,
    valueOfForesightUsd: round(result.impact.netbackLostUsd - hindsight.impact.netbackLostUsd, 2),
  };
  return finiteOutcome({ ...result, operations }, solve);
}
