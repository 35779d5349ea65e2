import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { chainsOf, type BatchOutcome, type Progress, type VariantBatch, type VariantOutcome, type VariantRunner } from '../analysis/variants.ts';
import { BATCH_TTL_MS, CANCEL_CHANNEL, decode, encode, hashOf, HEARTBEAT_MS, keys, QUEUE_NAME, QUEUE_PROTOCOL, probeRedis, redisOptions, shownUrl, type BatchBase, type JobAnswer, type JobData, type JobTasks } from './queue-wire.ts';

export interface QueueRunnerOptions {
  /** redis://HOST:PORT (checked by the contract's queueUrl). */
  readonly url: string;
  /**
   * Variants per job (default 8; whole runs of a chained batch always stay in one job). Fewer
   * spread a small batch over more workers; more pay the per-job round trips less often.
   */
  readonly jobVariants?: number;
  /** How long a batch waits for a worker to connect before it fails (ms, default 30 s). */
  readonly workerWaitMs?: number;
  /** Attempts per job when its worker fails or is lost (default 3). */
  readonly attempts?: number;
  readonly clock?: () => number;
}

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;

interface Flight {
  receive(answer: JobAnswer): void;
  failJob(job: number, reason: string): void;
  abort(error: Error): void;
  readonly hash: string;
}

const notSolved = (message: string): Failure => ({ status: 'not-solved', run: 'scenario', message, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } });

/**
 * Solves batches on `chokepoint worker` processes through a BullMQ queue on Redis. A batch becomes
 * jobs of whole runs (see chainLength), each solved from the baseline's basis by a worker's solve
 * thread as the local pool solves it; answers are collected by request index and returned in
 * request order, so analyses accumulate them exactly as they do locally. A job whose worker is
 * lost goes back to the queue (BullMQ's stalled-job check) and runs again; only its first answer
 * is kept. Closing the runner cancels its batches on every worker.
 */
export function queueRunner(options: QueueRunnerOptions): VariantRunner & { stats(): { readonly batches: number; readonly jobs: number } } {
  const clock = options.clock ?? (() => performance.now());
  const attempts = options.attempts ?? 3;
  const runnerId = randomUUID();
  const inbox = keys.inbox(runnerId);
  const flights = new Map<string, Flight>();
  let closed = false;
  const sent = { batches: 0, jobs: 0 };
  let connection: Promise<Connection> | undefined;
  const connect = () => (connection ??= openConnection(options.url, inbox, flights));

  const cancel = async (link: Connection, batch: string, jobs: number) => {
    await link.redis.del(keys.live(batch), keys.answered(batch));
    await link.redis.publish(CANCEL_CHANNEL, batch);
    // Jobs still waiting are removed; one a worker holds is stopped through the channel.
    await Promise.all(Array.from({ length: jobs }, (_, job) => link.queue.remove(`${batch}-${job}`).catch(() => 0)));
  };

  // Solve threads on the queue when the last batch started: analyses size their rounds by it
  // (N-2 criticality solves rounds of 8 pairs per lane), as they do by a local pool's threads.
  let threadsOnQueue = 0;
  return {
    get workers() {
      return threadsOnQueue;
    },
    /** Batches and jobs sent so far (the bench's per-job costs). */
    stats: () => ({ ...sent }),
    async run(batch: VariantBatch, onProgress?: Progress): Promise<BatchOutcome> {
      if (closed) throw new Error('the queue runner is closed');
      const link = await connect().catch((error: unknown) => {
        connection = undefined;
        return error instanceof Error ? error : new Error(String(error));
      });
      if (link instanceof Error) return notSolved(link.message);
      const found = await waitForWorkers(link, options.workerWaitMs ?? 30_000);
      if (typeof found === 'string') return notSolved(found.replace('URL', shownUrl(options.url)));
      threadsOnQueue = found;
      const started = clock();
      const total = batch.requests.length;
      const jobs = jobsOf(chainsOf(batch), options.jobVariants ?? 8);
      sent.batches += 1;
      sent.jobs += jobs.length;
      const baseBlob = encode({ base: batch.base, closable: batch.closable ?? [], operations: batch.operations } satisfies BatchBase);
      const hash = hashOf(baseBlob);
      const id = randomUUID();
      const session = `${runnerId}:${batch.sessionKey ?? id}`;
      await link.redis.multi().set(keys.base(hash), baseBlob, 'PX', BATCH_TTL_MS).set(keys.live(id), '1', 'PX', BATCH_TTL_MS).exec();

      const collector = collect(batch, jobs, hash, attempts, () => clock() - started, onProgress);
      flights.set(id, collector.flight);
      try {
        if (total > 0) {
          await link.queue.addBulk(
            jobs.map((chains, job) => {
              const tasks: JobTasks = { chains: chains.map((chain) => chain.map((index) => ({ index, request: batch.requests[index]! }))) };
              const data: JobData = { protocol: QUEUE_PROTOCOL, batch: id, job, base: hash, session, inbox, tasks: encode(tasks).toString('base64') };
              return { name: 'variants', data, opts: { jobId: `${id}-${job}`, attempts, removeOnComplete: true, removeOnFail: { age: 3600, count: 1000 } } };
            }),
          );
        }
        const outcome = await collector.settled;
        if (outcome instanceof Error) throw outcome;
        return outcome;
      } finally {
        // Whatever is left of the batch (after a failure, or a close) is cancelled everywhere,
        // before close() may end the connections (it waits for every flight to go).
        if (collector.done() < total && !closedLink(link)) await cancel(link, id, jobs.length).catch(() => undefined);
        else await link.redis.del(keys.live(id), keys.answered(id)).catch(() => 0);
        flights.delete(id);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const flight of flights.values()) flight.abort(new Error('the queue runner was closed'));
      if (!connection) return;
      const link = await connection.catch(() => undefined);
      if (!link) return;
      // Let the runs' cleanup (cancel on every worker) go out before the connections close.
      while (flights.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await link.close();
    },
  };
}

/**
 * Gathers a batch's answers by request index, whichever worker sends them and in whatever order:
 * the first answer per job and per variant counts, progress goes up by one per variant.
 */
function collect(batch: VariantBatch, jobs: readonly number[][][], hash: string, attempts: number, elapsed: () => number, onProgress: Progress | undefined) {
  const total = batch.requests.length;
  const outcomes: (VariantOutcome | undefined)[] = new Array(total);
  const answered = new Set<number>();
  const lanes = new Set<string>();
  let done = 0;
  let baselineSolveMs = 0;
  let baselineValueUsd = 0;
  let settle: (outcome: BatchOutcome | Error) => void = () => {};
  const settled = new Promise<BatchOutcome | Error>((resolve) => (settle = resolve));
  const record = (index: number, outcome: VariantOutcome) => {
    if (outcomes[index] !== undefined) return;
    outcomes[index] = outcome;
    done += 1;
    onProgress?.(done, total);
  };
  const finishIfDone = () => {
    if (done < total) return;
    let solveMs = 0;
    for (const outcome of outcomes) if (outcome?.status === 'optimal') solveMs += outcome.solveMs;
    settle({ status: 'optimal', baselineValueUsd, outcomes: outcomes as VariantOutcome[], solveMs, wallMs: elapsed(), baselineSolveMs, workers: lanes.size });
  };
  const flight: Flight = {
    hash,
    receive(answer) {
      if (answered.has(answer.job)) return;
      answered.add(answer.job);
      if ('failure' in answer) return settle(answer.failure);
      lanes.add(answer.worker);
      baselineSolveMs = Math.max(baselineSolveMs, answer.baselineSolveMs);
      baselineValueUsd = answer.baselineValueUsd;
      for (const { index, outcome } of answer.outcomes) record(index, outcome);
      finishIfDone();
    },
    failJob(job, reason) {
      if (answered.has(job)) return;
      answered.add(job);
      for (const index of jobs[job]!.flat()) record(index, { key: batch.requests[index]!.key, status: 'not-solved', message: `solve failed ${attempts} times: ${reason.split('\n')[0]}` });
      finishIfDone();
    },
    abort: (error) => settle(error),
  };
  finishIfDone();
  return { flight, settled, done: () => done };
}

/** Consecutive runs grouped into jobs of at least `variants` variants (a run is never split). */
function jobsOf(chains: readonly number[][], variants: number): number[][][] {
  const jobs: number[][][] = [];
  let current: number[][] = [];
  let size = 0;
  for (const chain of chains) {
    current.push(chain);
    size += chain.length;
    if (size >= variants) {
      jobs.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) jobs.push(current);
  return jobs;
}

interface Connection {
  readonly redis: Redis;
  readonly queue: Queue;
  close(): Promise<void>;
}

const closedLinks = new WeakSet<Connection>();
const closedLink = (link: Connection) => closedLinks.has(link);

/**
 * The runner's connections: commands, a blocking reader of its inbox (answers of all its batches,
 * handed to their flights), BullMQ's queue, and its events for jobs that failed for good.
 */
async function openConnection(url: string, inbox: string, flights: Map<string, Flight>): Promise<Connection> {
  await probeRedis(url);
  const redis = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  // Failures reach the commands that meet them; the connection's own events would only print noise.
  redis.on('error', () => {});
  const reader = redis.duplicate({ maxRetriesPerRequest: null });
  reader.on('error', () => {});
  const queue = new Queue(QUEUE_NAME, { connection: { ...redisOptions(url) } });
  const events = new QueueEvents(QUEUE_NAME, { connection: { ...redisOptions(url) } });
  // Their failures reach the calls that meet them; the events would only print noise.
  queue.on('error', () => {});
  events.on('error', () => {});
  events.on('failed', ({ jobId, failedReason }) => {
    const cut = jobId.lastIndexOf('-');
    flights.get(jobId.slice(0, cut))?.failJob(Number(jobId.slice(cut + 1)), failedReason);
  });
  await events.waitUntilReady();
  let open = true;
  const reading = (async () => {
    while (open) {
      const got = await reader.blpopBuffer(inbox, 1).catch(() => null);
      if (!got) continue;
      const answer = decode<JobAnswer>(got[1]);
      flights.get(answer.batch)?.receive(answer);
    }
  })();
  // Batches in flight keep their keys alive; a runner that dies lets them expire.
  const heartbeat = setInterval(() => {
    const pipeline = redis.pipeline();
    for (const [batch, flight] of flights) pipeline.pexpire(keys.live(batch), BATCH_TTL_MS).pexpire(keys.base(flight.hash), BATCH_TTL_MS);
    void pipeline.exec().catch(() => undefined);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const link: Connection = {
    redis,
    queue,
    async close() {
      closedLinks.add(link);
      open = false;
      clearInterval(heartbeat);
      reader.disconnect();
      await reading;
      await Promise.all([queue.close(), events.close()]);
      await redis.quit().catch(() => undefined);
    },
  };
  return link;
}

/** The solve threads listening once there are any; otherwise, after waiting, what to do about it. */
async function waitForWorkers(link: Connection, waitMs: number): Promise<number | string> {
  const until = Date.now() + waitMs;
  for (;;) {
    const threads = laneCount(await link.queue.getWorkers());
    if (threads > 0) return threads;
    if (Date.now() >= until) return `no chokepoint worker listens on the queue at URL after ${Math.round(waitMs / 1000)} s: start one (or several, on any host) with chokepoint worker --queue URL`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Solve threads of the listed workers (BullMQ's connection names end with the worker's: `host:pid~tTHREADS`). */
export function laneCount(workers: readonly { readonly rawname?: string; readonly name?: string }[]): number {
  const names = new Set(workers.map((worker) => worker.rawname ?? worker.name ?? ''));
  let threads = 0;
  for (const name of names) threads += Number(/~t(\d+)$/.exec(name)?.[1] ?? 1);
  return threads;
}
