import type { Scenario } from '../scenario/scenario.ts';
import { solveScenario, type SolveOptions, type SolveOutcome } from '../solve/solve.ts';
import { buildResult } from './impact.ts';
import type { RunResult } from './result-schema.ts';

export type RunOutcome =
  | { readonly status: 'optimal'; readonly result: RunResult; readonly solve: Extract<SolveOutcome, { status: 'optimal' }> }
  | Exclude<SolveOutcome, { status: 'optimal' }>;

/** Solves a scenario and its baseline and accounts the impact; infeasibility is an outcome, not an error. */
export async function runScenario(scenario: Scenario, options: SolveOptions = {}): Promise<RunOutcome> {
  const solve = await solveScenario(scenario, options);
  if (solve.status !== 'optimal') return solve;
  return { status: 'optimal', result: buildResult(scenario, solve), solve };
}
