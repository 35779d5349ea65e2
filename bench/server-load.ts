// npm run bench:server: 50 concurrent clients create runs for 60 s against a loopback server.
// Reports throughput, latency (p50/p99) of the POST and of the whole run, refusals (429), other
// errors (target: none) and peak memory. LOAD_SECONDS and LOAD_CLIENTS override the defaults.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const seconds = Number(process.env.LOAD_SECONDS ?? 60);
const clients = Number(process.env.LOAD_CLIENTS ?? 50);
const scenario = parse(readFileSync(join(root, 'data/scenarios/cpc-2022-ban-lifted.yaml'), 'utf8'));
// The server runs in its own process, as users run it, so the clients do not share its event loop.
const server = spawn(process.execPath, [join(root, 'bin/chokepoint.js'), 'serve', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'chokepoint-load-'))], { stdio: ['ignore', 'pipe', 'inherit'] });
const app = {
  url: await new Promise<string>((resolve) => {
    let text = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
      if (match) resolve(match[0]);
    });
  }),
};
/** The server's peak resident memory (VmHWM: the kernel's high-water mark, worker threads included). */
const serverPeakMb = () => {
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
const body = JSON.stringify({ scenario });

// Edit latency: a 60-day scenario edited and re-run on a warm server, as the web app does it
// (POST, then GET ?wait until done). The first run solves the baseline; edits reuse it.
{
  const base = { ...scenario, horizon: { start: '2022-06-20', end: '2022-08-18' }, events: [{ type: 'outage', asset: 'cpc-loading', start: '2022-07-06', days: 10, remaining: '0 %' }] };
  const timings: number[] = [];
  for (let edit = 0; edit < 12; edit += 1) {
    const request = { scenario: { ...base, events: [{ ...base.events[0]!, days: 10 + edit }] } };
    const start = performance.now();
    const created = (await (await fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) })).json()) as { id: string };
    const run = (await (await fetch(`${app.url}/api/runs/${created.id}?wait=30000`)).json()) as { status: string };
    if (run.status !== 'done') throw new Error(`edit ${edit}: ${run.status}`);
    timings.push(performance.now() - start);
  }
  const edits = timings.slice(2).sort((a, b) => a - b);
  console.log(`edit latency, 60-day caspian-crude scenario on a warm server: first run ${timings[0]!.toFixed(0)} ms; edits median ${edits[Math.floor(edits.length / 2)]!.toFixed(0)} ms, max ${edits[edits.length - 1]!.toFixed(0)} ms (POST + GET ?wait, result included)`);
}
const postLatency: number[] = [];
const runLatency: number[] = [];
let refused = 0;
let errors = 0;
let completed = 0;
const end = Date.now() + seconds * 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function client(): Promise<void> {
  while (Date.now() < end) {
    const start = performance.now();
    try {
      const response = await fetch(`${app.url}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      postLatency.push(performance.now() - start);
      if (response.status === 429) {
        refused += 1;
        await response.arrayBuffer();
        await sleep(Number(response.headers.get('retry-after') ?? 1) * 100);
        continue;
      }
      if (response.status !== 202) {
        errors += 1;
        continue;
      }
      const { id } = (await response.json()) as { id: string };
      for (;;) {
        await sleep(200);
        const run = (await (await fetch(`${app.url}/api/runs/${id}`)).json()) as { status: string };
        if (run.status === 'done') {
          completed += 1;
          runLatency.push(performance.now() - start);
          break;
        }
        if (run.status === 'failed') {
          errors += 1;
          break;
        }
      }
    } catch {
      errors += 1;
    }
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: clients }, () => client()));
const elapsed = (performance.now() - started) / 1000;
const peakMb = serverPeakMb();
server.kill('SIGTERM');
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
console.log(`server load: ${clients} clients for ${elapsed.toFixed(0)} s on loopback`);
console.log(`  runs completed ${completed} (${(completed / elapsed).toFixed(2)}/s); requests ${postLatency.length}; refused (429) ${refused}; other errors ${errors}`);
console.log(`  POST /api/runs latency p50 ${quantile(postLatency, 0.5).toFixed(0)} ms, p99 ${quantile(postLatency, 0.99).toFixed(0)} ms; after the first ${clients} (the opening burst, while worker threads start) p99 ${quantile(postLatency.slice(clients), 0.99).toFixed(0)} ms`);
console.log(`  whole run (POST to done, polling every 200 ms) p50 ${quantile(runLatency, 0.5).toFixed(0)} ms, p99 ${quantile(runLatency, 0.99).toFixed(0)} ms`);
console.log(`  server peak RSS ${peakMb.toFixed(0)} MB (its process, worker threads included)`);
