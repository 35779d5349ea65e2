import { hostname } from 'node:os';
import type { Worker as Thread } from 'node:worker_threads';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { BATCH_TTL_MS, CANCEL_CHANNEL, decode, DELIVER_SCRIPT, encode, keys, QUEUE_NAME, QUEUE_PROTOCOL, probeRedis, redisOptions, type BatchBase, type JobAnswer, type JobData, type JobTasks } from './queue-wire.ts';
import { exchange, spawnSolveThread } from './worker-pool.ts';

export interface QueueWorkerOptions {
  /** redis://HOST:PORT (checked by the contract's queueUrl). */
  readonly url: string;
  /** Solve threads, each taking one job at a time (default 1). */
  readonly threads?: number;
  /**
   * How long a job's lock lasts without renewal (ms, default 15 s). Solves run on threads, so the
   * process renews its locks even during a long solve; a process that dies stops renewing, and
   * its jobs go back to the queue once the lock expires and a stalled-job check (every
   * `stalledIntervalMs`, by any worker) finds them.
   */
  readonly lockMs?: number;
  readonly stalledIntervalMs?: number;
  /** Sessions (solved baselines) each thread keeps between batches (default 10). */
  readonly sessionsKept?: number;
  readonly log?: (line: string) => void;
  /**
   * Fault injection for tests: the process exits (code 70) right after delivering this many
   * answers and before BullMQ marks the last job done, so that job runs again elsewhere and its
   * second answer must be dropped.
   */
  readonly exitAfterDeliveries?: number;
}

interface Lane {
  readonly name: string;
  thread: Thread | undefined;
  /** The session and base the thread has open: `${session}|${base hash}`. */
  opened: string | undefined;
  baselineSolveMs: number;
  baselineValueUsd: number;
}

/** What a job ended as (BullMQ stores it as the job's return value). */
type JobEnd = { delivered: boolean } | { skipped: string };

/**
 * A `chokepoint worker` process: takes jobs (runs of variants) from the queue and solves them on
 * its own solve threads, the local pool's threads, so its answers are the pool's. Its main
 * thread only talks to Redis, which keeps the job locks renewed however long a solve takes.
 */
export async function startQueueWorker(options: QueueWorkerOptions) {
  const log = options.log ?? (() => {});
  const id = `${hostname()}:${process.pid}`;
  const lanes: Lane[] = Array.from({ length: Math.max(1, options.threads ?? 1) }, (_, index) => ({ name: `${id}/${index + 1}`, thread: undefined, opened: undefined, baselineSolveMs: 0, baselineValueUsd: 0 }));
  const idle = [...lanes];
  await probeRedis(options.url);
  const redis = new Redis({ ...redisOptions(options.url), maxRetriesPerRequest: null });
  const subscriber = redis.duplicate();
  // Both reconnect by themselves; a lost Redis is said once, not at every retry.
  let lastError = '';
  const onError = (error: Error) => {
    if (error.message !== lastError) log(`redis: ${error.message} (reconnecting)`);
    lastError = error.message;
  };
  redis.on('error', onError).on('ready', () => (lastError = ''));
  subscriber.on('error', () => {});
  // Bases decoded by this process, most recent last: a batch's jobs need it once per process.
  const bases = new Map<string, BatchBase>();
  const active = new Map<string, string>();
  let deliveries = 0;

  const retire = (lane: Lane) => {
    void lane.thread?.terminate();
    lane.thread = undefined;
    lane.opened = undefined;
  };
  const baseOf = async (hash: string): Promise<BatchBase | undefined> => {
    const known = bases.get(hash);
    if (known) {
      bases.delete(hash);
      bases.set(hash, known);
      return known;
    }
    const blob = await redis.getBuffer(keys.base(hash));
    if (!blob) return undefined;
    const base = decode<BatchBase>(blob);
    bases.set(hash, base);
    if (bases.size > 8) bases.delete(bases.keys().next().value!);
    return base;
  };
  const deliver = async (data: JobData, answer: JobAnswer): Promise<boolean> => {
    const delivered = (await redis.eval(DELIVER_SCRIPT, 2, keys.answered(data.batch), data.inbox, String(data.job), encode(answer), String(BATCH_TTL_MS))) === 1;
    if (!delivered) log(`job ${data.batch}/${data.job} was answered before (by a worker since lost): this answer is dropped`);
    deliveries += 1;
    if (options.exitAfterDeliveries !== undefined && deliveries >= options.exitAfterDeliveries) process.exit(70);
    return delivered;
  };

  const solve = async (job: Job<JobData>, lane: Lane, signal: AbortSignal | undefined): Promise<JobEnd> => {
    const data = job.data;
    if (data.protocol !== QUEUE_PROTOCOL) throw new UnrecoverableError(`job of queue protocol ${data.protocol}, this worker speaks ${QUEUE_PROTOCOL}`);
    if ((await redis.exists(keys.live(data.batch))) === 0) return { skipped: 'the batch was cancelled, or its runner is gone' };
    const base = await baseOf(data.base);
    if (!base) return { skipped: 'the batch base has expired' };
    const cancelled = () => signal?.aborted === true;
    lane.thread ??= spawnSolveThread(undefined, options.sessionsKept);
    const thread = lane.thread;
    const opening = `${data.session}|${data.base}`;
    if (lane.opened !== opening) {
      lane.opened = undefined;
      const opened = await exchange(thread, { type: 'open', base: base.base, closable: base.closable, sessionKey: data.session, operations: base.operations });
      if (cancelled()) return { skipped: 'cancelled' };
      if (opened.type === 'open-failed') return { delivered: await deliver(data, { batch: data.batch, job: data.job, worker: lane.name, failure: opened.failure }) };
      if (opened.type !== 'opened') {
        retire(lane);
        throw new Error(opened.type === 'error' ? opened.message : 'unexpected answer to open');
      }
      lane.opened = opening;
      lane.baselineSolveMs = opened.baselineSolveMs;
      lane.baselineValueUsd = opened.baselineValueUsd;
    }
    const tasks = decode<JobTasks>(Buffer.from(data.tasks, 'base64'));
    const outcomes: Extract<JobAnswer, { outcomes: unknown }>['outcomes'][number][] = [];
    for (const chain of tasks.chains) {
      const reply = await exchange(thread, { type: 'run', tasks: chain });
      if (cancelled()) return { skipped: 'cancelled' };
      if (reply.type !== 'done') {
        retire(lane);
        throw new Error(reply.type === 'error' ? reply.message.split('\n')[0] : 'unexpected answer to run');
      }
      outcomes.push(...reply.outcomes);
    }
    return { delivered: await deliver(data, { batch: data.batch, job: data.job, worker: lane.name, outcomes, baselineSolveMs: lane.baselineSolveMs, baselineValueUsd: lane.baselineValueUsd }) };
  };

  const worker = new Worker<JobData, JobEnd>(
    QUEUE_NAME,
    async (job, _token, signal) => {
      // BullMQ runs at most `concurrency` (= lanes) jobs at once, so a lane is always free.
      const lane = idle.pop()!;
      active.set(job.id!, job.data.batch);
      // A cancelled job's thread is stopped mid-solve; a fresh one takes its place.
      const stop = () => retire(lane);
      signal?.addEventListener('abort', stop);
      try {
        return await solve(job, lane, signal);
      } finally {
        signal?.removeEventListener('abort', stop);
        active.delete(job.id!);
        idle.push(lane);
      }
    },
    {
      connection: { ...redisOptions(options.url), maxRetriesPerRequest: null },
      concurrency: lanes.length,
      lockDuration: options.lockMs ?? 15_000,
      stalledInterval: options.stalledIntervalMs ?? 5_000,
      maxStalledCount: 2,
      // Runners read the solve threads on the queue from the workers' names (see laneCount).
      name: `${id}~t${lanes.length}`,
      autorun: false,
    },
  );
  worker.on('failed', (job, error) => log(`job ${job?.id ?? '?'} failed: ${error.message.split('\n')[0]}`));
  worker.on('error', (error) => log(`queue error: ${error.message}`));

  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on('message', (_channel: string, batch: string) => {
    for (const [jobId, owner] of active) if (owner === batch) worker.cancelJob(jobId, 'the batch was cancelled');
  });
  void worker.run();
  await worker.waitUntilReady();
  log(`chokepoint worker ${id}: ${lanes.length} solve thread${lanes.length === 1 ? '' : 's'} on queue ${QUEUE_NAME}`);

  return {
    id,
    async close() {
      await worker.close();
      for (const lane of lanes) retire(lane);
      subscriber.disconnect();
      await redis.quit().catch(() => undefined);
    },
  };
}

export type QueueWorker = Awaited<ReturnType<typeof startQueueWorker>>;

