import { parentPort, workerData } from 'node:worker_threads';
import type { Operations, Scenario } from '../scenario/scenario.ts';
import type { SolveSession } from '../solve/solve.ts';
import { baselineValue, sessionKeeper, solveVariant } from '../analysis/variants.ts';
import { isHighsAbort } from '../solve/highs.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** One worker thread: one HiGHS runtime, its sessions, variants solved on request. */
const options = workerData as { crashAfterTasks?: number; sessionsKept?: number; heapBudgetBytes?: number } | undefined;
const sessions = sessionKeeper(options?.sessionsKept, { heapBudgetBytes: options?.heapBudgetBytes });
let current: { session: SolveSession; base: Scenario; operations: Operations | undefined } | undefined;
// Fault injection (WorkerPoolOptions.crashAfterTasks): die instead of answering task N+1.
const crashAfterTasks = options?.crashAfterTasks;
let tasksDone = 0;

const send = (message: FromWorker) => parentPort!.postMessage(message);

parentPort!.on('message', (message: ToWorker) => {
  void handle(message).catch((error: unknown) => {
    // An abort killed this thread's runtime: the pool retires the worker and retries on a fresh one.
    const aborted = isHighsAbort(error) ? 'the in-process solver aborted (WebAssembly heap exhausted or a failed check inside HiGHS): ' : '';
    send({ type: 'error', message: aborted + (error instanceof Error ? (error.stack ?? error.message) : String(error)) });
  });
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'open') {
    current = undefined;
    const batch = { base: message.base, closable: message.closable, requests: [], operations: message.operations, ...(message.sessionKey === undefined ? {} : { sessionKey: message.sessionKey }) };
    const session = await sessions.open(batch);
    if (session.status !== 'open') {
      send({ type: 'open-failed', failure: session });
      return;
    }
    current = { session, base: message.base, operations: message.operations };
    send({ type: 'opened', baselineSolveMs: session.timings.solveBaselineMs, baselineValueUsd: baselineValue(session, message.operations), kept: sessions.stats() });
    return;
  }
  if (message.type === 'run') {
    const { session, base, operations } = current ?? {};
    if (!session || !base) throw new Error('run before open');
    const outcomes = message.tasks.map(({ index, request }, position) => {
      if (crashAfterTasks !== undefined && tasksDone >= crashAfterTasks) process.exit(70);
      tasksDone += 1;
      return { index, outcome: solveVariant(session, base, request, position > 0, operations) };
    });
    send({ type: 'done', outcomes });
    return;
  }
  sessions.release();
  parentPort!.close();
}
