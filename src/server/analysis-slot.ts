import type { VariantRunner } from '../analysis/variants.ts';
import { publishedReport } from '../analysis/published-report.ts';
import { RISK_SESSIONS } from '../analysis/risk.ts';
import type { AnalysisId } from '../contract/index.ts';
import { ANALYSIS_RUNNERS, OperationInputError } from '../contract/orchestrate.ts';
import { builtinLoaders, DATA_DIRECTORY } from '../io/files.ts';
import { workerRunner } from '../node/worker-pool.ts';
import { SolverAbortError } from '../solve/highs.ts';
import { publicMessage } from './public-message.ts';
import { HttpError } from './security.ts';

export interface AnalysisSlotOptions {
  readonly workers: number;
  /** Longest an analysis may run (ms). */
  readonly timeLimitMs: number;
  /** Makes the runner analyses solve on (default: worker threads); tests observe it. */
  readonly runner?: () => VariantRunner;
}

/**
 * Analyses run one at a time on worker threads (the thread that answers requests only
 * orchestrates). Work is bounded by the contract's limits and by a time limit, and stops when
 * the client leaves: the workers solving it are terminated and fresh ones take their place, so a
 * request nobody waits for holds no core. Risk stops between chunks at the time limit and answers
 * with what is done (partial: true).
 */
export function analysisSlot(options: AnalysisSlotOptions) {
  const fresh = options.runner ?? (() => workerRunner({ workers: Math.max(1, options.workers), mainLane: false, sessionsKept: RISK_SESSIONS }));
  let runner: VariantRunner = fresh();
  let busy = false;
  const replace = (dying: VariantRunner) => {
    if (runner === dying) runner = fresh();
    void dying.close();
  };
  return {
    busy: () => busy,
    async run(id: AnalysisId, request: unknown, signal: AbortSignal): Promise<unknown> {
      if (busy) throw new HttpError(429, 'an analysis is running: try again shortly', [], { 'retry-after': '10' });
      busy = true;
      const mine = runner;
      let stopped: 'client' | 'time' | undefined;
      const stop = (reason: 'client' | 'time') => {
        if (stopped) return;
        stopped = reason;
        // Risk reports what it has at the time limit; everything else is cut off at once.
        if (!(id === 'risk' && reason === 'time')) replace(mine);
      };
      const timer = setTimeout(() => stop('time'), options.timeLimitMs);
      const onClient = () => stop('client');
      signal.addEventListener('abort', onClient);
      try {
        const report = await (ANALYSIS_RUNNERS[id] as (request: unknown, context: Parameters<(typeof ANALYSIS_RUNNERS)['risk']>[1]) => Promise<unknown>)(request, { loaders: builtinLoaders, baseDirectory: DATA_DIRECTORY, runner: mine, shouldStop: () => stopped !== undefined });
        if (stopped && !(id === 'risk' && stopped === 'time')) throw new Error('stopped');
        if (report && typeof report === 'object' && 'status' in report && 'message' in report) throw new HttpError(422, `the model has no answer: ${publicMessage((report as { message: string }).message)}`);
        return publishedReport(id, report);
      } catch (error) {
        if (error instanceof OperationInputError) throw new HttpError(400, 'invalid analysis request', error.issues.map((issue) => ({ ...issue, file: issue.file && /[/\\]/.test(issue.file) ? undefined : issue.file })));
        if (error instanceof HttpError) throw error;
        if (error instanceof SolverAbortError) throw new HttpError(422, `the model has no answer: ${publicMessage(error)}`);
        if (stopped === 'time') throw new HttpError(503, `the analysis took longer than the time limit (${Math.round(options.timeLimitMs / 1000)} s) and was stopped: ask for less (fewer days, years or samples)`);
        if (stopped === 'client') throw new HttpError(499, 'the client left; the analysis was stopped');
        // A runner that failed (e.g. a solver abort) is replaced, so the next analysis starts clean.
        replace(mine);
        throw error;
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onClient);
        busy = false;
      }
    },
    close: () => runner.close(),
  };
}

export type AnalysisSlot = ReturnType<typeof analysisSlot>;
