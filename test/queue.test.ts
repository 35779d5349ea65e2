import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessRunner, type VariantRunner } from '../src/analysis/variants.ts';
import { criticalityOperation } from '../src/contract/index.ts';
import { runCriticality } from '../src/contract/orchestrate.ts';
import { builtinLoaders, DATA_DIRECTORY } from '../src/io/files.ts';
import { queueRunner } from '../src/node/queue-runner.ts';
import { QUEUE_NAME, redisOptions } from '../src/node/queue-wire.ts';
import { startServer } from '../src/server/app.ts';
import { redisInstalled, startRedis, stopProcess, type RedisServer } from './support/redis.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;

/** The CLI through the real binary, without blocking this process (workers talk to it meanwhile). */
function cli(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** A `chokepoint worker` process with short locks, ready once it says so. */
async function startWorker(url: string, extra: readonly string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [bin, 'worker', '--queue', url, '--lock-seconds', '1', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
  started.push(child);
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('chokepoint worker ')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before it was ready:\n${log}`)));
  });
  return { child, log: () => log, exited };
}

/** Timings and the count of solve lanes are the only figures that may differ between runners. */
const withoutTimings = (text: string) =>
  text
    .replace(/"(wallMs|solveMs|baselineSolveMs|workers)": \d+(\.\d+)?/g, '"$1": 0')
    .replace(/^.* solves? in .*\(.*(solve thread|in process).*\)$/gm, '[performance]')
    .replace(/^.*distinct ones solved in.*$/gm, '[performance]');

const criticalityRequest = criticalityOperation.request.parse({ days: 15, recoveryDays: 15 });
const criticalityWith = (runner: VariantRunner, onProgress?: (done: number, total: number) => void) => runCriticality(criticalityRequest, { loaders: builtinLoaders, baseDirectory: DATA_DIRECTORY, runner, onProgress });
const reportText = (report: unknown) => withoutTimings(JSON.stringify(report, null, 2));

/** Progress as a runner reports it: every variant once, in order, up to the total. */
function progressLog() {
  const calls: [number, number][] = [];
  return {
    onProgress: (done: number, total: number) => void calls.push([done, total]),
    calls,
    check() {
      const total = calls[0]![1];
      expect(calls.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      expect(calls.every(([, of]) => of === total)).toBe(true);
    },
  };
}

describe('the queue needs Redis', () => {
  it.skipIf(!process.env.CI && !redisInstalled)('redis-server is installed where CI runs (.ci/run installs Debian redis-server)', () => {
    expect(redisInstalled).toBe(true);
  });

  it('--queue takes a Redis URL only, and not with --workers', async () => {
    const bad = await cli(['criticality', '--queue', 'http://127.0.0.1:6379', '--days', '5', '--recovery', '5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--queue must be a Redis URL');
    const both = await cli(['criticality', '--queue', 'redis://127.0.0.1:6379', '--workers', '2']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--workers and --queue exclude each other');
    const worker = await cli(['worker']);
    expect(worker.status).toBe(2);
    expect(worker.stderr).toContain('worker needs --queue URL');
  });
});

describe.runIf(redisInstalled)('variant batches on BullMQ workers (a real Redis on loopback)', () => {
  let redis: RedisServer;
  let local: string;

  beforeAll(async () => {
    redis = await startRedis();
    local = reportText(await criticalityWith(inProcessRunner()));
  }, 300_000);

  afterAll(async () => {
    await Promise.all(started.map((child) => stopProcess(child, 'SIGKILL')));
    await redis?.stop();
  });

  it('criticality --queue equals criticality byte for byte apart from timings, in JSON and as text', async () => {
    const workers = [await startWorker(redis.url), await startWorker(redis.url)];
    const args = ['criticality', '--days', '15', '--recovery', '15'];
    const [queuedJson, localJson, queuedText, localText] = [await cli([...args, '--json', '--queue', redis.url]), await cli([...args, '--json']), await cli([...args, '--queue', redis.url]), await cli(args)];
    for (const run of [queuedJson, localJson, queuedText, localText]) expect(run.status, run.stderr).toBe(0);
    expect(withoutTimings(queuedJson.stdout)).toBe(withoutTimings(localJson.stdout));
    expect(withoutTimings(queuedText.stdout)).toBe(withoutTimings(localText.stdout));
    expect(withoutTimings(queuedJson.stdout)).toBe(`${local}\n`);
    await Promise.all(workers.map((worker) => stopProcess(worker.child)));
  }, 400_000);

  it('risk --queue gives the local figures for the same seed (batches of several window lengths at once)', async () => {
    const worker = await startWorker(redis.url, ['--threads', '2']);
    const args = ['risk', '--years', '60', '--seed', '7', '--json'];
    const [queued, locally] = [await cli([...args, '--queue', redis.url]), await cli(args)];
    expect(queued.status, queued.stderr).toBe(0);
    expect(locally.status, locally.stderr).toBe(0);
    expect(withoutTimings(queued.stdout)).toBe(withoutTimings(locally.stdout));
    await stopProcess(worker.child);
  }, 400_000);

  it('--mode rolling crosses the queue: the workers decide each variant rolling, as local threads do, not with hindsight', async () => {
    const worker = await startWorker(redis.url);
    const request = (mode: 'hindsight' | 'rolling') => criticalityOperation.request.parse({ days: 5, recoveryDays: 5, assets: ['cpc-loading', 'cpc-kazakh-section'], mode });
    const run = (runner: VariantRunner, mode: 'hindsight' | 'rolling') => runCriticality(request(mode), { loaders: builtinLoaders, baseDirectory: DATA_DIRECTORY, runner }).finally(() => runner.close());
    const queued = await run(queueRunner({ url: redis.url }), 'rolling');
    const [rolling, hindsight] = [await run(inProcessRunner(), 'rolling'), await run(inProcessRunner(), 'hindsight')];
    expect(reportText(queued)).toBe(reportText(rolling));
    expect(queued).toMatchObject({ operations: { mode: 'rolling' } });
    // The check can fail: on this closure, deciding day by day loses another sum than hindsight.
    const loss = (report: typeof queued) => ('assets' in report ? report.assets.map((row) => row.netbackLostUsd) : []);
    expect(loss(queued)).toHaveLength(2);
    expect(loss(queued)).not.toEqual(loss(hindsight));
    await stopProcess(worker.child);
  }, 300_000);

  it('a worker killed mid-batch loses no variant: its job goes back to the queue and another worker solves it', async () => {
    const first = await startWorker(redis.url);
    const runner = queueRunner({ url: redis.url, jobVariants: 1 });
    const progress = progressLog();
    let killed: Promise<void> | undefined;
    const report = criticalityWith(runner, (done, total) => {
      progress.onProgress(done, total);
      if (done === 3) killed = stopProcess(first.child, 'SIGKILL');
    });
    // Once the first worker is dead, a second one takes over, the lost job included.
    await new Promise<void>((resolve) => {
      const wait = setInterval(() => {
        if (killed) {
          clearInterval(wait);
          resolve();
        }
      }, 20);
    });
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');
    const second = await startWorker(redis.url);
    expect(reportText(await report)).toBe(local);
    progress.check();
    await runner.close();
    await stopProcess(second.child);
  }, 300_000);

  it('an answer delivered twice counts once: a worker that dies after delivering, before acknowledging, has its job solved again and the second answer dropped', async () => {
    const first = await startWorker(redis.url, ['--exit-after', '1']);
    const runner = queueRunner({ url: redis.url, jobVariants: 1 });
    const progress = progressLog();
    const report = criticalityWith(runner, progress.onProgress);
    expect(await first.exited).toBe(70);
    // Its job stays active until its lock expires; the next worker's stalled-job check puts it
    // back at the head of the queue, so it is solved again while the batch is still open.
    const second = await startWorker(redis.url);
    expect(reportText(await report)).toBe(local);
    progress.check();
    expect(second.log()).toMatch(/job [\w-]+\/0 was answered before .*: this answer is dropped/);
    await runner.close();
    await stopProcess(second.child);
  }, 300_000);

  it('closing the runner cancels its batch on the workers: nothing left queued, the job in hand stopped, the worker ready for the next', async () => {
    const worker = await startWorker(redis.url);
    const runner = queueRunner({ url: redis.url, jobVariants: 1 });
    const closed = new Promise<void>((resolve) => {
      void criticalityWith(runner, (done) => {
        if (done === 2) resolve();
      }).catch(() => undefined);
    });
    await closed;
    await runner.close();
    const queue = new Queue(QUEUE_NAME, { connection: redisOptions(redis.url) });
    try {
      await expect.poll(async () => Object.values(await queue.getJobCounts('wait', 'active', 'prioritized', 'delayed')).reduce((a, b) => a + b, 0), { timeout: 20_000, interval: 200 }).toBe(0);
    } finally {
      await queue.close();
    }
    const next = queueRunner({ url: redis.url });
    expect(reportText(await criticalityWith(next))).toBe(local);
    await next.close();
    await stopProcess(worker.child);
  }, 300_000);

  it('serve --queue: the analyses and runs of the API are solved by the workers of the queue, with the local answers', async () => {
    const worker = await startWorker(redis.url);
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-queue-server-')), slots: 1, queue: redis.url });
    const events = new Redis(redisOptions(redis.url));
    try {
      const completedBefore = await events.xlen(`bull:${QUEUE_NAME}:events`);
      const post = (path: string, body: unknown) => fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const analysis = await post('/api/analyses/criticality', { days: 15, recoveryDays: 15 });
      expect(analysis.status).toBe(200);
      expect(reportText(await analysis.json())).toBe(local);
      const created = (await (await post('/api/runs', { scenario: 'cpc-2022-ban-lifted' })).json()) as { id: string };
      let run: { status: string; result?: unknown } = { status: 'queued' };
      await expect.poll(async () => (run = (await (await fetch(`${app.url}/api/runs/${created.id}`)).json()) as typeof run).status, { timeout: 120_000, interval: 200 }).toBe('done');
      const locally = await cli(['run', 'cpc-2022-ban-lifted', '--json', '--no-sensitivity']);
      expect(run.result).toEqual(JSON.parse(locally.stdout));
      // The jobs went through the queue: BullMQ's event stream recorded them.
      expect(await events.xlen(`bull:${QUEUE_NAME}:events`)).toBeGreaterThan(completedBefore);
    } finally {
      events.disconnect();
      await app.close(5_000);
      await stopProcess(worker.child);
    }
  }, 400_000);

  it('a batch with no worker listening fails with the command that starts one', async () => {
    const runner = queueRunner({ url: redis.url, workerWaitMs: 500 });
    const outcome = await criticalityWith(runner);
    expect(outcome).toMatchObject({ status: 'not-solved', message: expect.stringContaining('chokepoint worker --queue') });
    await runner.close();
  });
});
