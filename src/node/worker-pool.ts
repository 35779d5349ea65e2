import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { baselineValue, chainsOf, sessionKeeper, solveVariant, type BatchOutcome, type Progress, type VariantBatch, type VariantOutcome, type VariantRunner } from '../analysis/variants.ts';
import { isHighsAbort, SolverAbortError } from '../solve/highs.ts';
import type { FromWorker, KeptSessions, ToWorker } from './protocol.ts';

export interface WorkerPoolOptions {
  /** Solver threads in all, the main thread's lane included; defaults to the machine's available parallelism. */
  readonly workers?: number;
  /**
   * Whether the main thread solves too (default true). It starts at once while worker threads
   * boot, so short batches finish before the workers are ready and long ones use every core.
   */
  readonly mainLane?: boolean;
  /**
   * Solver sessions (base scenarios with their solved baselines) each lane keeps between batches
   * (default 10). The risk engine cycles through one per window length: see RISK_SESSIONS.
   */
  readonly sessionsKept?: number;
  /** Most WebAssembly heap each lane's kept sessions may hold (default: DEFAULT_HEAP_BUDGET_BYTES). */
  readonly heapBudgetBytes?: number;
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
 * A pool of solve lanes: the main thread and worker threads, each with its own HiGHS runtime and
 * a session per base scenario, all taking variants (or runs of them, see chainLength) from one
 * queue. Results come back in request order and do not depend on which lane solved them (each
 * run starts from the baseline's basis). A worker that dies is replaced and its run retried from
 * its start, so no variant is lost or solved twice into the result.
 */
export function workerRunner(options: WorkerPoolOptions = {}): VariantRunner & { keptByThreads(): readonly KeptSessions[] } {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const mainLane = options.mainLane ?? true;
  const workerLimit = mainLane ? size - 1 : size;
  const attempts = options.attempts ?? 2;
  const clock = options.clock ?? (() => performance.now());
  const idle: Worker[] = [];
  const everyWorker = new Set<Worker>();
  const sessions = sessionKeeper(options.sessionsKept, { heapBudgetBytes: options.heapBudgetBytes });
  let chaos = options.crashAfterTasks;
  // Once closed, no worker starts again (a lane whose worker close() ended would replace it).
  let closed = false;
  const spawnWorker = (): Worker | undefined => {
    if (closed || everyWorker.size >= workerLimit) return undefined;
    const worker = spawnSolveThread(chaos, options.sessionsKept, options.heapBudgetBytes);
    chaos = undefined;
    everyWorker.add(worker);
    worker.once('exit', () => {
      everyWorker.delete(worker);
      cached.delete(worker);
    });
    return worker;
  };
  // Batches may run at once (the risk engine's window lengths): a lane without a worker waits
  // for one another batch releases, so no core idles while any batch has work left.
  const waiting: { sessionKey: string | undefined; take: (worker: Worker | undefined) => void }[] = [];
  // The sessions each worker keeps (most recent last), as far as this thread knows: a batch goes
  // to a worker that has its session open when one is free, which saves solving its baseline
  // again (a long risk window's takes longer than the few windows of that length a chunk has).
  const kept = new WeakMap<Worker, string[]>();
  // What each worker's session cache reported at its last open: the budget it was given, at work.
  const cached = new Map<Worker, KeptSessions>();
  const keeps = (worker: Worker, sessionKey: string | undefined) => sessionKey !== undefined && (kept.get(worker)?.includes(sessionKey) ?? false);
  const noteOpened = (worker: Worker, sessionKey: string | undefined) => {
    if (sessionKey === undefined) return;
    const keys = (kept.get(worker) ?? []).filter((key) => key !== sessionKey);
    keys.push(sessionKey);
    kept.set(worker, keys.slice(-(options.sessionsKept ?? 10)));
  };
  const retire = async (worker: Worker) => {
    everyWorker.delete(worker);
    // Its place goes to a lane waiting for a worker, if any: a lane that gives up after a failure
    // would otherwise leave the waiting ones waiting for ever.
    const next = waiting.shift();
    if (next) next.take(spawnWorker());
    await worker.terminate();
  };
  const acquire = async (sessionKey: string | undefined): Promise<Worker | undefined> => {
    const keeping = idle.findIndex((worker) => keeps(worker, sessionKey));
    if (keeping >= 0) return idle.splice(keeping, 1)[0];
    return idle.pop() ?? spawnWorker() ?? (everyWorker.size === 0 ? undefined : new Promise<Worker | undefined>((take) => waiting.push({ sessionKey, take })));
  };
  const release = (worker: Worker) => {
    const keeping = waiting.findIndex((lane) => keeps(worker, lane.sessionKey));
    const next = keeping >= 0 ? waiting.splice(keeping, 1)[0] : waiting.shift();
    if (next) next.take(worker);
    else idle.push(worker);
  };
  // The main thread serves one batch at a time: sessions without a key replace each other.
  let mainFree: Promise<void> = Promise.resolve();

  return {
    workers: size,
    /** Each live worker thread's session cache as it last reported it (the main lane's is not included). */
    keptByThreads: () => [...cached.values()],
    async run(batch: VariantBatch, onProgress?: Progress): Promise<BatchOutcome> {
      if (closed) throw new Error('the worker pool is closed');
      const started = clock();
      const total = batch.requests.length;
      const outcomes: (VariantOutcome | undefined)[] = new Array(total);
      // Lanes take whole runs of requests (see chainLength); a run is retried from its start.
      const chains = chainsOf(batch);
      const tries = new Array<number>(chains.length).fill(0);
      const queue = chains.map((_, index) => index);
      let done = 0;
      let solveMs = 0;
      let baselineSolveMs = 0;
      let baselineValueUsd = 0;
      let failure: BatchOutcome | undefined;
      const lanesUsed = new Set<string>();
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const record = (index: number, outcome: VariantOutcome, lane: string) => {
        if (outcomes[index] !== undefined) return;
        outcomes[index] = outcome;
        if (outcome.status === 'optimal') solveMs += outcome.solveMs;
        lanesUsed.add(lane);
        done += 1;
        onProgress?.(done, total);
        if (done === total) finish();
      };
      const fail = (outcome: BatchOutcome) => {
        failure ??= outcome;
        queue.length = 0;
        finish();
      };
      const open: ToWorker = { type: 'open', base: batch.base, closable: batch.closable ?? [], sessionKey: batch.sessionKey, operations: batch.operations };

      const main = async () => {
        const previous = mainFree;
        let free: () => void = () => {};
        mainFree = new Promise((resolve) => (free = resolve));
        await previous;
        try {
          if (queue.length === 0) return;
          let session = await sessions.open(batch);
          if (session.status !== 'open') return fail(session);
          baselineSolveMs = Math.max(baselineSolveMs, session.timings.solveBaselineMs);
          baselineValueUsd = baselineValue(session, batch.operations);
          let aborted = false;
          while (queue.length > 0) {
            const chain = queue.shift()!;
            try {
              for (const [position, index] of chains[chain]!.entries()) {
                record(index, solveVariant(session, batch.base, batch.requests[index]!, position > 0, batch.operations), 'main');
                // Let the worker lanes take their next variants.
                await new Promise((resolve) => setImmediate(resolve));
              }
            } catch (error) {
              // A WebAssembly abort: the run again from its start on a fresh runtime, once.
              if (!isHighsAbort(error)) throw error;
              if (aborted) throw new SolverAbortError(`the variants of ${batch.base.id}`);
              aborted = true;
              queue.unshift(chain);
              session = await sessions.open(batch);
              if (session.status !== 'open') return fail(session);
            }
          }
          sessions.done(batch);
        } finally {
          free();
        }
      };

      // A worker lane works through the shared queue; a dead worker is replaced and its run retried.
      const lane = async (name: string): Promise<void> => {
        let worker: Worker | undefined;
        let openFailures = 0;
        try {
          while (queue.length > 0) {
            worker ??= await acquire(batch.sessionKey);
            if (!worker || queue.length === 0) return;
            const opened = await exchange(worker, open);
            if (opened.type === 'open-failed') return fail(opened.failure);
            if (opened.type !== 'opened') {
              await retire(worker);
              worker = undefined;
              openFailures += 1;
              if (opened.type === 'error' && opened.message.startsWith('worker') && openFailures < attempts) continue;
              throw new Error(`a solve worker could not open the base scenario: ${opened.type === 'error' ? opened.message : opened.type}`);
            }
            noteOpened(worker, batch.sessionKey);
            cached.set(worker, opened.kept);
            baselineSolveMs = Math.max(baselineSolveMs, opened.baselineSolveMs);
            baselineValueUsd = opened.baselineValueUsd;
            while (queue.length > 0) {
              const chain = queue.shift()!;
              tries[chain]! += 1;
              // A whole run per message: the worker goes from one variant to the next without waiting for this thread.
              const reply = await exchange(worker, { type: 'run', tasks: chains[chain]!.map((index) => ({ index, request: batch.requests[index]! })) });
              if (reply.type === 'done') {
                for (const { index, outcome } of reply.outcomes) record(index, outcome, name);
                continue;
              }
              const failure = reply.type === 'error' ? reply.message : 'the worker stopped';
              await retire(worker);
              worker = undefined;
              if (tries[chain]! < attempts) queue.unshift(chain);
              else for (const index of chains[chain]!) record(index, { key: batch.requests[index]!.key, status: 'not-solved', message: `solve failed ${attempts} times: ${failure.split('\n')[0]}` }, name);
              break;
            }
          }
        } finally {
          if (worker) release(worker);
        }
      };

      if (total === 0) finish();
      const lanes = [
        ...(mainLane ? [main()] : []),
        ...Array.from({ length: Math.min(workerLimit, Math.max(mainLane ? 0 : 1, chains.length - 1)) }, (_, index) => lane(`worker ${index + 1}`)),
      ].map((promise) => promise.catch((error: unknown) => fail({ status: 'not-solved', run: 'scenario', message: error instanceof Error ? error.message : String(error), conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } })));
      // Lanes still starting when the queue runs dry are not waited for: their workers join the idle pool.
      await Promise.race([finished, Promise.all(lanes).then(() => finish())]);
      if (failure) return failure;
      if (outcomes.some((outcome) => outcome === undefined)) throw new Error('a variant was lost');
      return { status: 'optimal', baselineValueUsd, outcomes: outcomes as VariantOutcome[], solveMs, wallMs: clock() - started, baselineSolveMs, workers: lanesUsed.size };
    },
    async close() {
      closed = true;
      sessions.release();
      idle.length = 0;
      for (const next of waiting.splice(0)) next.take(undefined);
      await Promise.all([...everyWorker].map((worker) => retire(worker)));
    },
  };
}

const sourceMode = import.meta.url.endsWith('.ts');

/** A solve thread (solve-worker.ts), from the sources or the bundle; the queue worker runs them too. */
export function spawnSolveThread(crashAfterTasks: number | undefined, sessionsKept: number | undefined, heapBudgetBytes?: number): Worker {
  const workerData = { crashAfterTasks, sessionsKept, heapBudgetBytes };
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
export function exchange(worker: Worker, message: ToWorker): Promise<FromWorker> {
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

