import type { Operations, Scenario } from '../scenario/scenario.ts';
import type { SolveOutcome } from '../solve/solve.ts';
import type { VariantOutcome, VariantRequest } from '../analysis/variants.ts';

/** Messages between the pool and its solve workers (structured clones). */
export type ToWorker =
  | { readonly type: 'open'; readonly base: Scenario; readonly closable: readonly string[]; readonly sessionKey?: string | undefined; readonly operations?: Operations | undefined }
  /** A run of variants (see chainLength), solved in order and answered in one message. */
  | { readonly type: 'run'; readonly tasks: readonly { readonly index: number; readonly request: VariantRequest }[] }
  | { readonly type: 'close' };

export type FromWorker =
  /** `kept`: the thread's session cache once this one is open (the budget it was given shows here). */
  | { readonly type: 'opened'; readonly baselineSolveMs: number; readonly baselineValueUsd: number; readonly kept: KeptSessions }
  | { readonly type: 'open-failed'; readonly failure: Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }> }
  | { readonly type: 'done'; readonly outcomes: readonly { readonly index: number; readonly outcome: VariantOutcome }[] }
  | { readonly type: 'error'; readonly message: string };

/** What a solve thread's session cache holds: sessions, their WebAssembly heap, evictions so far. */
export interface KeptSessions {
  readonly sessions: number;
  readonly heapBytes: number;
  readonly evictions: number;
}
