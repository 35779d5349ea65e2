import type { Scenario } from '../scenario/scenario.ts';
import type { SolveOutcome } from '../solve/solve.ts';
import type { VariantOutcome, VariantRequest } from '../analysis/variants.ts';

/** Messages between the pool and its solve workers (structured clones). */
export type ToWorker =
  | { readonly type: 'open'; readonly base: Scenario; readonly closable: readonly string[]; readonly sessionKey?: string | undefined }
  /** `chained`: the task follows the previous one in its run and starts where that one ended. */
  | { readonly type: 'task'; readonly index: number; readonly request: VariantRequest; readonly chained: boolean }
  | { readonly type: 'close' };

export type FromWorker =
  | { readonly type: 'opened'; readonly baselineSolveMs: number; readonly baselineValueUsd: number }
  | { readonly type: 'open-failed'; readonly failure: Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }> }
  | { readonly type: 'done'; readonly index: number; readonly outcome: VariantOutcome }
  | { readonly type: 'error'; readonly message: string; readonly index?: number };
