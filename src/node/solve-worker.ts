import { parentPort, workerData } from 'node:worker_threads';
import type { Scenario } from '../scenario/scenario.ts';
import { openSession, type SolveSession } from '../solve/solve.ts';
import { solveVariant, systemValue, type VariantRequest } from '../analysis/variants.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** One worker thread: one HiGHS runtime, one open session per batch, variants solved on request. */
let session: SolveSession | undefined;
let base: Scenario | undefined;
let sessionKey: string | undefined;
let opened: FromWorker | undefined;
// Fault injection (WorkerPoolOptions.crashAfterTasks): die instead of answering task N+1.
const crashAfterTasks = (workerData as { crashAfterTasks?: number } | undefined)?.crashAfterTasks;
let tasksDone = 0;

const send = (message: FromWorker) => parentPort!.postMessage(message);

parentPort!.on('message', (message: ToWorker) => {
  void handle(message).catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error), ...(message.type === 'task' ? { index: message.index } : {}) });
  });
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'open') {
    if (session && message.sessionKey !== undefined && message.sessionKey === sessionKey && opened) {
      send(opened);
      return;
    }
    session?.dispose();
    session = undefined;
    base = message.base;
    sessionKey = undefined;
    const result = await openSession(message.base, { closable: message.closable });
    if (result.status !== 'open') {
      send({ type: 'open-failed', failure: result });
      return;
    }
    session = result;
    sessionKey = message.sessionKey;
    opened = { type: 'opened', baselineSolveMs: result.timings.solveBaselineMs, baselineValueUsd: systemValue(result, result.baseline) };
    send(opened);
    return;
  }
  if (message.type === 'task') {
    if (!session || !base) throw new Error('task before open');
    if (crashAfterTasks !== undefined && tasksDone >= crashAfterTasks) process.exit(70);
    tasksDone += 1;
    const request: VariantRequest = message.request;
    send({ type: 'done', index: message.index, outcome: solveVariant(session, base, request) });
    return;
  }
  session?.dispose();
  session = undefined;
  parentPort!.close();
}
