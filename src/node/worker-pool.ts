import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchOutcome, Progress, VariantBatch, VariantOutcome, VariantRunner } from '../analysis/variants.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

export interface WorkerPoolOptions {
  /** Threads to use; defaults to the machine's available parallelism. */
  readonly workers?: number;
  /** Attempts per variant when a worker dies or throws (default 2). */
  readonly attempts?: number;
  readonly clock?: () => number;
  /**
   * Fault injection for tests: the first worker spawned dies (exit code 70) when asked for its
   * task number N+1, so the pool's recovery is exercised on real threads.
   */
  readonly crashAfterTasks?: number;
}

/**
 * A pool of solve workers, each with its own HiGHS runtime. Variants go to whichever worker is
 * free; results come back in request order. A worker that dies is replaced and its variant
 * retried, so no variant is lost or solved twice into the result.
 */
export function workerRunner(options: WorkerPoolOptions = {}): VariantRunner {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const attempts = options.attempts ?? 2;
  const clock = options.clock ?? (() => performance.now());
  const idle: Worker[] = [];
  let chaos = options.crashAfterTasks;
  const spawnWorker = () => {
    const worker = spawn(chaos);
    chaos = undefined;
    return worker;
  };

  return {
    workers: size,
    async run(batch: VariantBatch, onProgress?: Progress): Promise<BatchOutcome> {
      const started = clock();
      const total = batch.requests.length;
      const outcomes: (VariantOutcome | undefined)[] = new Array(total);
      const tries = new Array<number>(total).fill(0);
      const queue = batch.requests.map((_, index) => index);
      let done = 0;
      let solveMs = 0;
      let baselineSolveMs = 0;
      let baselineValueUsd = 0;
      const open: ToWorker = { type: 'open', base: batch.base, closable: batch.closable ?? [], sessionKey: batch.sessionKey };

      // Each lane is one worker working through the shared queue; a dead worker's lane respawns it.
      const lane = async (): Promise<BatchOutcome | undefined> => {
        let worker: Worker | undefined;
        let openFailures = 0;
        try {
          while (queue.length > 0) {
            worker ??= idle.pop() ?? spawnWorker();
            const opened = await exchange(worker, open);
            if (opened.type === 'open-failed') return opened.failure;
            if (opened.type !== 'opened') {
              await retire(worker);
              worker = undefined;
              openFailures += 1;
              if (opened.type === 'error' && opened.message.startsWith('worker') && openFailures < attempts) continue;
              throw new Error(`a solve worker could not open the base scenario: ${opened.type === 'error' ? opened.message : opened.type}`);
            }
            baselineSolveMs = Math.max(baselineSolveMs, opened.baselineSolveMs);
            baselineValueUsd = opened.baselineValueUsd;
            while (queue.length > 0) {
              const index = queue.shift()!;
              tries[index]! += 1;
              const reply = await exchange(worker, { type: 'task', index, request: batch.requests[index]! });
              if (reply.type === 'done') {
                outcomes[index] = reply.outcome;
                if (reply.outcome.status === 'optimal') solveMs += reply.outcome.solveMs;
                done += 1;
                onProgress?.(done, total);
                continue;
              }
              // The worker died or threw: replace it and retry the variant, up to the limit.
              await retire(worker);
              worker = undefined;
              const message = reply.type === 'error' ? reply.message : 'the worker stopped';
              if (tries[index]! < attempts) queue.unshift(index);
              else {
                outcomes[index] = { key: batch.requests[index]!.key, status: 'not-solved', message: `solve failed ${attempts} times: ${message.split('\n')[0]}` };
                done += 1;
                onProgress?.(done, total);
              }
              break;
            }
          }
          return undefined;
        } finally {
          if (worker) idle.push(worker);
        }
      };

      const lanes = Math.min(size, Math.max(1, total));
      const results = await Promise.all(Array.from({ length: lanes }, () => lane()));
      const failure = results.find((result) => result !== undefined);
      if (failure) return failure;
      return { status: 'optimal', baselineValueUsd, outcomes: outcomes as VariantOutcome[], solveMs, wallMs: clock() - started, baselineSolveMs, workers: lanes };
    },
    async close() {
      await Promise.all(idle.splice(0).map((worker) => retire(worker)));
    },
  };
}

const sourceMode = import.meta.url.endsWith('.ts');

function spawn(crashAfterTasks: number | undefined): Worker {
  const workerData = { crashAfterTasks };
  // From the sources (tests, tsx), the worker is TypeScript and needs tsx's loader; the bundle
  // ships dist/solve-worker.mjs next to the entry point that imports this module.
  if (sourceMode) {
    // Node 20 does not apply --import to a worker's entry module, so the worker registers tsx itself.
    const tsxPackage = createRequire(import.meta.url).resolve('tsx/package.json');
    const api = pathToFileURL(join(dirname(tsxPackage), 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./solve-worker.ts', import.meta.url).href;
    const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(boot, { eval: true, workerData });
  }
  return new Worker(new URL('./solve-worker.mjs', import.meta.url), { workerData });
}

/** Sends one message and waits for the worker's answer, or its death. */
function exchange(worker: Worker, message: ToWorker): Promise<FromWorker> {
  return new Promise((resolve) => {
    const onMessage = (reply: FromWorker) => {
      cleanup();
      resolve(reply);
    };
    const onError = (error: Error) => {
      cleanup();
      resolve({ type: 'error', message: `worker error: ${error.message}` });
    };
    const onExit = (code: number) => {
      cleanup();
      resolve({ type: 'error', message: `worker exited with code ${code}` });
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(message);
  });
}

async function retire(worker: Worker): Promise<void> {
  await worker.terminate();
}
