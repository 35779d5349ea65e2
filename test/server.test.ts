import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { resultSchema } from '../src/analysis/result-schema.ts';
import { leverageSchema, powerSchema } from '../src/analysis/analysis-schemas.ts';
import { startServer } from '../src/server/app.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
const scenarioFile = (id: string) => parseYaml(readFileSync(new URL(`../data/scenarios/${id}.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>;
const dataDirectory = () => mkdtempSync(join(tmpdir(), 'chokepoint-server-'));

async function post(url: string, body: unknown, raw?: string) {
  const response = await fetch(`${url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { id?: string; error?: string; issues?: { code: string; path: (string | number)[]; message: string }[] } };
}

async function waitDone(url: string, id: string, timeoutMs = 60_000) {
  const started = Date.now();
  for (;;) {
    const run = (await (await fetch(`${url}/api/runs/${id}`)).json()) as { status: string; result: unknown; error: string | null; stage: string };
    if (run.status === 'done' || run.status === 'failed') return run;
    if (Date.now() - started > timeoutMs) throw new Error(`run ${id} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('HTTP API (through the real HTTP stack)', () => {
  it('validates requests: 400 with the issues as data, 413 over the size limit', async () => {
    const app = await startServer({ dataDirectory: dataDirectory(), slots: 1, maxBodyBytes: 20_000 });
    try {
      const missing = await post(app.url, { scenario: { id: 'x' } });
      expect(missing.status).toBe(400);
      expect(missing.body.issues!.map((issue) => issue.path.join('.'))).toContain('scenario.horizon');
      const malformed = await post(app.url, undefined, '{"scenario": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.issues![0]!.code).toBe('malformed-json');
      const badAsset = scenarioFile('cpc-2022-ban');
      (badAsset.events as Record<string, unknown>[])[0]!.asset = 'nowhere';
      const unknown = await post(app.url, { scenario: badAsset });
      expect(unknown.status).toBe(400);
      expect(unknown.body.issues![0]).toMatchObject({ code: 'unknown-asset', path: ['scenario', 'events', 0, 'asset'] });
      const tooBig = await post(app.url, { scenario: scenarioFile('cpc-2022-ban'), name: 'x'.repeat(30_000) });
      expect(tooBig.status).toBe(413);
      expect((await fetch(`${app.url}/api/nowhere`)).status).toBe(404);
      const openApi = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
      expect(Object.keys(openApi.paths)).toContain('/api/runs');
      expect(Object.keys(openApi.components.schemas)).toEqual(expect.arrayContaining(['RunRequest', 'Result', 'Error', 'Network', 'Run', 'RiskRequest', 'RiskReport']));
    } finally {
      await app.close();
    }
  });

  it('runs a scenario on a worker: queued → done, the same result as the CLI, CSV, rename, delete', { timeout: 120_000 }, async () => {
    const app = await startServer({ dataDirectory: dataDirectory(), slots: 1 });
    try {
      const created = await post(app.url, { scenario: scenarioFile('cpc-2022-ban-lifted') });
      expect(created.status).toBe(202);
      const run = await waitDone(app.url, created.body.id!);
      expect(run.status).toBe('done');
      const result = resultSchema.parse(run.result);
      // The API leaves the sensitivity table (four more solves) to the CLI; the rest is the same.
      const cli = spawnSync(process.execPath, [bin, 'run', 'cpc-2022-ban-lifted', '--json', '--no-sensitivity'], { encoding: 'utf8' });
      expect(result).toEqual(JSON.parse(cli.stdout));
      const csv = await (await fetch(`${app.url}/api/runs/${created.body.id}/impact-daily.csv`)).text();
      expect(csv.split('\n')[0]).toBe('date,exports_lost_t,revenue_lost_usd,shut_in_t,stock_built_t');
      const renamed = await fetch(`${app.url}/api/runs/${created.body.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'lifted on 11 July' }) });
      expect(((await renamed.json()) as { name: string }).name).toBe('lifted on 11 July');
      const history = (await (await fetch(`${app.url}/api/runs`)).json()) as { id: string }[];
      expect(history.map((entry) => entry.id)).toEqual([created.body.id]);
      expect((await fetch(`${app.url}/api/runs/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
      expect((await fetch(`${app.url}/api/runs/${created.body.id}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('a full queue answers 429 with Retry-After', { timeout: 120_000 }, async () => {
    const app = await startServer({ dataDirectory: dataDirectory(), slots: 1, maxQueued: 1 });
    try {
      const scenario = scenarioFile('cpc-2022-baseline-year');
      const replies = [];
      for (let index = 0; index < 4; index += 1) replies.push(await post(app.url, { scenario }));
      const refused = replies.filter((reply) => reply.status === 429);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0]!.headers.get('retry-after')).toBe('5');
      const accepted = replies.filter((candidate) => candidate.status === 202);
      for (const reply of accepted) expect((await waitDone(app.url, reply.body.id!)).status).toBe('done');
      const compared = (await (await fetch(`${app.url}/api/compare?a=${accepted[0]!.body.id}&b=${accepted[1]!.body.id}`)).json()) as { changes: unknown[]; headline: { metric: string }[] };
      expect(compared.changes).toEqual([]);
      expect(compared.headline.map((row) => row.metric)).toContain('exports lost');
      expect((await fetch(`${app.url}/api/compare?a=nope&b=${accepted[0]!.body.id}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });

  it('runs analyses on worker threads: JSON reports, 400 on bad options', { timeout: 120_000 }, async () => {
    const app = await startServer({ dataDirectory: dataDirectory(), slots: 1 });
    try {
      const analysis = (kind: string, body: unknown) => fetch(`${app.url}/api/analyses/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const power = await analysis('power', {});
      expect(power.status).toBe(200);
      const report = powerSchema.parse(await power.json());
      expect(report.players.map((row) => row.actor)).toContain('ru');
      const leverageReply = await analysis('leverage', { days: 10, actors: ['tr'] });
      expect(leverageSchema.parse(await leverageReply.json()).actors.map((row) => row.actor)).toEqual(['tr']);
      const bad = await analysis('criticality', { days: 'ten' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(['days']);
      const unknown = await analysis('risk', { hazards: 'nowhere' });
      expect(unknown.status).toBe(400);
    } finally {
      await app.close();
    }
  });

  it('keeps finished runs across a restart, and a killed server loses none and marks the interrupted one failed', { timeout: 180_000 }, async () => {
    const directory = dataDirectory();
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--data', directory, '--slots', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
        if (match) resolve(match[0]);
      });
      child.on('exit', () => reject(new Error(`server exited: ${text}`)));
    });
    const finished = await post(url, { scenario: scenarioFile('cpc-2022-ban-lifted') });
    expect((await waitDone(url, finished.body.id!)).status).toBe('done');
    const pending = [];
    for (let index = 0; index < 3; index += 1) pending.push(await post(url, { scenario: scenarioFile('cpc-2022-baseline-year') }));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));

    const app = await startServer({ dataDirectory: directory, slots: 1 });
    try {
      expect(app.store.interrupted).toBeGreaterThan(0);
      const kept = (await (await fetch(`${app.url}/api/runs/${finished.body.id}`)).json()) as { status: string; result: unknown };
      expect(kept.status).toBe('done');
      resultSchema.parse(kept.result);
      const states = await Promise.all(pending.map(async (reply) => (await (await fetch(`${app.url}/api/runs/${reply.body.id}`)).json()) as { status: string; stage: string }));
      for (const state of states) expect(['done', 'failed']).toContain(state.status);
      expect(states.some((state) => state.status === 'failed' && state.stage === 'interrupted')).toBe(true);
    } finally {
      await app.close();
    }
  });
});
