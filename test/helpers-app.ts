import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VariantRunner } from '../src/analysis/variants.ts';
import { createApp, type ServerOptions } from '../src/server/app.ts';
import { analysisSlot } from '../src/server/analysis-slot.ts';
import { runQueue } from '../src/server/runs.ts';
import { openStore } from '../src/server/store.ts';

/** The API as a Hono app without a port: requests go through `app.request()`. */
export function testApp(options: Partial<ServerOptions> & { readonly analysisRunner?: () => VariantRunner } = {}) {
  const store = openStore(options.dataDirectory ?? mkdtempSync(join(tmpdir(), 'chokepoint-app-')), options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount });
  const queue = runQueue(store, { slots: 1, maxQueued: options.maxQueued ?? 8 });
  const analyses = analysisSlot({ workers: 1, timeLimitMs: options.analysisTimeLimitMs ?? 120_000, ...(options.analysisRunner ? { runner: options.analysisRunner } : {}) });
  const app = createApp({ store, queue, analyses }, options);
  const request = (path: string, init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
      headers: { host: 'localhost', ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.raw !== undefined ? { body: init.raw } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  return {
    app,
    store,
    queue,
    request,
    close: async () => {
      await queue.close();
      await analyses.close();
      store.close();
    },
  };
}
