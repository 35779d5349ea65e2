import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { outputProblem, writeAll } from '../src/cli/output-files.ts';
import { startServer } from '../src/server/app.ts';
import { publicMessage } from '../src/server/public-message.ts';
import { openStore, SCHEMA_VERSION } from '../src/server/store.ts';
import { testApp } from './helpers-app.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const folder = () => mkdtempSync(join(tmpdir(), 'chokepoint-hard-'));

describe('server hardening (through app.request)', () => {
  it('HEAD, 400 for a bad %-escape, 405 with Allow, security headers on the API and the app', async () => {
    const api = testApp({ staticFiles: (path) => (path === '/' ? { body: Buffer.from('<!doctype html><title>x</title>'), type: 'text/html' } : undefined) });
    try {
      const head = await api.request('/api/health', { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect((await api.request('/api/networks/%zz')).status).toBe(400);
      const put = await api.request('/api/runs', { method: 'PUT' });
      expect(put.status).toBe(405);
      expect(put.headers.get('allow')).toContain('POST');
      for (const path of ['/', '/api/health']) {
        const reply = await api.request(path);
        expect(reply.headers.get('content-security-policy')).toContain("script-src 'self'");
        expect(reply.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
        expect(reply.headers.get('referrer-policy')).toBe('no-referrer');
      }
    } finally {
      await api.close();
    }
  });

  it('413 for a chunked body over the limit (no declared length), 400 for names over 200 characters', async () => {
    const api = testApp({ maxBodyBytes: 2000 });
    try {
      const chunk = new TextEncoder().encode(`{"name":"${'x'.repeat(5000)}"}`);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < chunk.length; offset += 500) controller.enqueue(chunk.slice(offset, offset + 500));
          controller.close();
        },
      });
      const reply = await api.app.request('/api/runs', { method: 'POST', headers: { host: 'localhost', 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
      expect(reply.status).toBe(413);
      const named = await api.request('/api/runs', { body: { scenario: 'cpc-2022-ban', name: 'n'.repeat(201) } });
      expect(named.status).toBe(400);
      expect(JSON.stringify(await named.json())).toContain('at most 200 characters');
      expect((await api.request('/api/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('a token is required on a non-loopback bind, and then on every API request', async () => {
    await expect(startServer({ dataDirectory: folder(), host: '0.0.0.0', port: 0 })).rejects.toThrow(/needs a token/);
    const api = testApp({ token: 'a-long-enough-secret-token' });
    try {
      expect((await api.request('/api/health')).status).toBe(401);
      expect((await api.request('/api/health', { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
      expect((await api.request('/api/health', { headers: { authorization: 'Bearer a-long-enough-secret-token' } })).status).toBe(200);
    } finally {
      await api.close();
    }
    const refused = spawnSync(process.execPath, [bin, 'serve', '--host', '0.0.0.0', '--port', '0'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, CHOKEPOINT_TOKEN: '' } });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--token');
  });

  it('a full disk answers 507 and the server keeps answering; the store has a layout version and refuses a newer one', async () => {
    const directory = folder();
    const api = testApp({ dataDirectory: directory, maxPageCount: 12, maxQueued: 5000 });
    try {
      let status = 0;
      // Runs stored until the database may grow no more (max_page_count: SQLite's own "disk full").
      for (let index = 0; index < 200 && status !== 507; index += 1) status = (await api.request('/api/runs', { body: { scenario: 'cpc-2022-ban', name: `run ${index} ${'x'.repeat(150)}` } })).status;
      expect(status).toBe(507);
      expect((await api.request('/api/health')).status).toBe(200);
    } finally {
      await api.close();
    }
    const fresh = folder();
    openStore(fresh).close();
    const db = new Database(join(fresh, 'chokepoint.sqlite'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(fresh)).toThrow(/newer than this chokepoint understands/);
  });

  it('stored and served errors carry no stack trace and no server path', () => {
    const error = new Error('cannot open /usr/lib/node_modules/chokepoint/dist/solve-worker.mjs\n    at Worker.<anonymous> (/usr/lib/node_modules/chokepoint/dist/main.mjs:1:2)');
    const shown = publicMessage(error);
    expect(shown).not.toContain('\n');
    expect(shown).not.toContain('/usr/lib');
    expect(shown).toContain('solve-worker.mjs');
  });
});

describe('CLI outputs go only to regular files or new paths', () => {
  it('refuses devices, FIFOs and symlinks out of their folder; leaves nothing behind when a write fails', () => {
    const directory = folder();
    expect(outputProblem('/dev/null', 'file')).toContain('not a regular file');
    const pipe = join(directory, 'pipe.lp');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    expect(outputProblem(pipe, 'file')).toContain('not a regular file');
    const outside = join(directory, 'out.lp');
    symlinkSync('/etc/hostname', outside);
    expect(outputProblem(outside, 'file')).toContain('symbolic link out of its folder');
    writeFileSync(join(directory, 'real.lp'), 'old');
    symlinkSync(join(directory, 'real.lp'), join(directory, 'inside.lp'));
    expect(outputProblem(join(directory, 'inside.lp'), 'file')).toBeUndefined();
    expect(outputProblem(join(directory, 'new', 'deeper', 'file.lp'), 'file')).toBeUndefined();
    // The second file cannot be created (its folder is a file): the first one's temporary is removed too.
    const blocker = join(directory, 'blocker');
    writeFileSync(blocker, 'x');
    const target = join(directory, 'fresh');
    mkdirSync(target);
    const failed = writeAll(new Map([[join(target, 'a.csv'), 'a'], [join(blocker, 'b.csv'), 'b']]));
    expect(failed).toBeDefined();
    expect(readdirSync(target)).toEqual([]);
  });

  it('the bin refuses --write-lp /dev/null and a FIFO (exit 2) and /dev/null stays a device', () => {
    const directory = folder();
    const pipe = join(directory, 'pipe.lp');
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0);
    for (const target of ['/dev/null', pipe]) {
      const run = spawnSync(process.execPath, [bin, 'run', 'two-routes-closure.yaml', '--write-lp', target], { cwd: fixtures, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, target).toBe(2);
      expect(run.stderr).toContain('not a regular file');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(readdirSync(directory)).toEqual(['pipe.lp']);
    const written = join(directory, 'model.lp');
    const ok = spawnSync(process.execPath, [bin, 'run', 'two-routes-closure.yaml', '--write-lp', written], { cwd: fixtures, encoding: 'utf8', timeout: 60_000 });
    expect(ok.status).toBe(0);
    expect(statSync(written).isFile()).toBe(true);
    expect(existsSync(join(directory, 'model.baseline.lp'))).toBe(true);
    expect(readdirSync(directory).sort()).toEqual(['model.baseline.lp', 'model.lp', 'pipe.lp']);
    expect(readFileSync(written, 'utf8')).toMatch(/^(st|subject to)$/im);
  });
});
