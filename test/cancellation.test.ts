import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RISK_SESSIONS } from '../src/analysis/risk.ts';
import type { VariantRunner } from '../src/analysis/variants.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { startServer } from '../src/server/app.ts';
import { testApp } from './helpers-app.ts';

/**
 * Analyses on the server are bounded: a client that leaves stops its analysis (the workers
 * solving it are terminated, the slot frees for the next request), and an analysis past its time
 * limit is stopped (risk's partial answer on a stop is tested through the CLI in test/risk.test.ts). The runners are observed: how many
 * batches each was given, and whether it was closed.
 */

interface Observed {
  batches: number;
  settled: number;
  closed: boolean;
}

function observedRunners() {
  const made: Observed[] = [];
  const factory = (): VariantRunner => {
    const inner = workerRunner({ workers: 1, mainLane: false, sessionsKept: RISK_SESSIONS });
    const record: Observed = { batches: 0, settled: 0, closed: false };
    made.push(record);
    return {
      workers: inner.workers,
      run(batch, onProgress) {
        record.batches += 1;
        return inner.run(batch, onProgress).finally(() => {
          record.settled += 1;
        });
      },
      async close() {
        record.closed = true;
        await inner.close();
      },
    };
  };
  return { made, factory, batches: () => made.reduce((total, record) => total + record.batches, 0) };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds, at most `ms` (a bound on waiting, not a measured time). */
async function until(done: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await pause(50);
  }
}

/** N-1 over every asset of the shipped network with a year's closure and a year's recovery: minutes of work. */
const LONG = { network: 'caspian-crude', days: 365, recoveryDays: 365 };
const SHORT = { network: 'caspian-crude', days: 1, recoveryDays: 0, assets: ['cpc-kazakh-section'] };

describe('cancellation and time limits of analyses on the server', () => {
  it('a client that leaves mid-run (AbortSignal through app.request): 499, the workers are terminated, no further work starts and the slot serves the next request', async () => {
    const runners = observedRunners();
    const api = testApp({ analysisRunner: runners.factory });
    try {
      const controller = new AbortController();
      const reply = api.app.request('/api/analyses/criticality', { method: 'POST', headers: { host: 'localhost', 'content-type': 'application/json' }, body: JSON.stringify(LONG), signal: controller.signal });
      await until(async () => runners.batches() > 0 && ((await (await api.request('/api/health')).json()) as { analysis: string }).analysis === 'busy');
      await pause(300);
      controller.abort();
      const answered = await reply;
      expect(answered.status).toBe(499);
      expect(await answered.text()).toContain('the client left');
      await until(async () => ((await (await api.request('/api/health')).json()) as { analysis: string }).analysis === 'idle');
      expect(runners.made[0]!.closed).toBe(true);
      await until(() => runners.made[0]!.settled === runners.made[0]!.batches);
      const started = runners.batches();
      await pause(500);
      expect(runners.batches()).toBe(started);
      const next = await api.request('/api/analyses/criticality', { body: SHORT });
      expect(next.status, await next.clone().text()).toBe(200);
      expect(runners.made.length).toBe(2); // a fresh runner took the stopped one's place
    } finally {
      await api.close();
    }
  }, 180_000);

  it('a real socket closed mid-run stops the analysis too: the slot frees and answers the next request', async () => {
    const server = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-cancel-')), slots: 1 });
    try {
      const health = async () => ((await (await fetch(`${server.url}/api/health`)).json()) as { analysis: string }).analysis;
      const controller = new AbortController();
      const leaving = fetch(`${server.url}/api/analyses/criticality`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(LONG), signal: controller.signal }).catch((error: unknown) => error);
      await until(async () => (await health()) === 'busy');
      await pause(500);
      controller.abort();
      expect(await leaving).toBeInstanceOf(Error);
      await until(async () => (await health()) === 'idle');
      const next = await fetch(`${server.url}/api/analyses/criticality`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SHORT) });
      expect(next.status).toBe(200);
    } finally {
      await server.close();
    }
  }, 180_000);

  it('past the time limit: a 503 naming the limit, the workers terminated, the slot free again', async () => {
    const runners = observedRunners();
    const api = testApp({ analysisRunner: runners.factory, analysisTimeLimitMs: 1_000 });
    try {
      const reply = await api.request('/api/analyses/criticality', { body: LONG });
      expect(reply.status).toBe(503);
      expect(((await reply.json()) as { error: string }).error).toMatch(/longer than the time limit \(1 s\) and was stopped/);
      expect(runners.made[0]!.closed).toBe(true);
      expect(((await (await api.request('/api/health')).json()) as { analysis: string }).analysis).toBe('idle');
      const started = runners.batches();
      await pause(500);
      expect(runners.batches()).toBe(started);
    } finally {
      await api.close();
    }
  }, 180_000);
});
