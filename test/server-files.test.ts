import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBoundedText } from '../src/io/read-bounded.ts';
import { startServer } from '../src/server/app.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
const folder = () => mkdtempSync(join(tmpdir(), 'chokepoint-files-'));

/** A file whose last read would show: relatime updates atime on a read when atime is older than mtime. */
function secretFile(directory: string): string {
  const path = join(directory, 'secret.yaml');
  writeFileSync(path, 'id: SECRET-4242\nnodes: []\n');
  utimesSync(path, new Date('2001-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
  return path;
}

function fifo(directory: string): string {
  const path = join(directory, 'pipe.yaml');
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  return path;
}

const post = async (url: string, path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
  return { status: response.status, text: await response.text() };
};

describe('the API reads no files', () => {
  it('answers 400 to any path-like reference, the same for files that exist and files that do not, without reading them', async () => {
    const directory = folder();
    const secret = secretFile(directory);
    const pipe = fifo(directory);
    const app = await startServer({ dataDirectory: folder(), slots: 1 });
    try {
      const requests: [string, (path: string) => unknown][] = [
        ['criticality', (path) => ({ network: path })],
        ['leverage', (path) => ({ network: path })],
        ['power', (path) => ({ network: path })],
        ['power', (path) => ({ bypass: { candidates: path } })],
        ['bypass', (path) => ({ candidates: path })],
        ['bypass', (path) => ({ threat: path })],
        ['risk', (path) => ({ hazards: path })],
      ];
      for (const [kind, body] of requests) {
        const replies = [];
        for (const path of [secret, pipe, '/dev/zero', '/dev/stdin', '/etc/passwd', join(directory, 'missing.yaml'), '../data/networks/caspian-crude.yaml']) {
          const reply = await post(app.url, `/api/analyses/${kind}`, body(path));
          expect(reply.status, `${kind} ${path}`).toBe(400);
          expect(reply.text).not.toContain('SECRET');
          expect(reply.text).not.toContain('root:');
          expect(reply.text).toContain('the API reads no files');
          replies.push(reply.text.split(path).join('PATH'));
        }
        // No oracle: a file that exists and one that does not get the same answer.
        expect(new Set(replies).size, kind).toBe(1);
      }
      expect(statSync(secret).atime.toISOString()).toBe('2001-01-01T00:00:00.000Z');
      const health = await fetch(`${app.url}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('takes documents inline: an inline network with a bad field is a 400 naming the path in the document', async () => {
    const app = await startServer({ dataDirectory: folder(), slots: 1 });
    try {
      const reply = await post(app.url, '/api/analyses/criticality', { network: { id: 'inline', nodes: 'not a list' } });
      expect(reply.status).toBe(400);
      const body = JSON.parse(reply.text) as { issues: { path: (string | number)[]; message: string }[] };
      expect(body.issues.some((issue) => issue.path[0] === 'network')).toBe(true);
      expect(reply.text).toContain('network (inline)');
    } finally {
      await app.close();
    }
  });

  it('refuses bodies not sent as JSON, foreign Host and Origin headers (cross-site and DNS-rebinding requests)', async () => {
    const app = await startServer({ dataDirectory: folder(), slots: 1 });
    try {
      expect((await post(app.url, '/api/analyses/criticality', {}, { 'content-type': 'text/plain' })).status).toBe(415);
      expect((await post(app.url, '/api/runs', {}, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      expect((await post(app.url, '/api/runs', {}, { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403);
      const port = new URL(app.url).port;
      // fetch() will not forge Host; a raw request does.
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const sent = request({ host: '127.0.0.1', port, path: '/api/networks', headers: { host: `rebound.example:${port}` } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        sent.on('error', reject);
        sent.end();
      });
      expect(status).toBe(421);
      expect((await fetch(`${app.url}/api/networks`, { headers: { origin: `http://localhost:${port}` } })).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('bounded reads', () => {
  it('refuses devices, pipes and folders before reading a byte, and files over the limit', () => {
    const directory = folder();
    for (const path of ['/dev/zero', fifo(directory), directory]) {
      const read = readBoundedText(path, 'input');
      expect(read.ok, path).toBe(false);
      if (!read.ok) expect(read.issues[0]!.message).toMatch(/not a regular file|a folder/);
    }
    const big = join(directory, 'big.yaml');
    writeFileSync(big, 'x'.repeat(2000));
    const tooBig = readBoundedText(big, 'input', 1000);
    expect(tooBig.ok).toBe(false);
    if (!tooBig.ok) expect(tooBig.issues[0]!.message).toContain('over the 1000-byte limit');
    const fits = readBoundedText(big, 'input', 2000);
    expect(fits.ok && fits.value.length).toBe(2000);
  });

  it('the CLI answers exit 2 with a message for /dev/zero and a FIFO, instead of hanging or growing', () => {
    const pipe = fifo(folder());
    for (const path of ['/dev/zero', pipe]) {
      const result = spawnSync('node', [bin, 'validate', path], { encoding: 'utf8', timeout: 30_000 });
      expect(result.status, path).toBe(2);
      expect(result.stderr).toContain('not a regular file');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
