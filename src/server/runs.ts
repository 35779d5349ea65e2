import { randomUUID } from 'node:crypto';
import { workerRunner } from '../node/worker-pool.ts';
import type { VariantRunner } from '../analysis/variants.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { Store } from './store.ts';

export interface RunQueueOptions {
  /** Runs solved at once, each on its own worker thread (default: cores - 1, at least 1). */
  readonly slots: number;
  /** Runs waiting beyond the ones being solved; more are refused (429). */
  readonly maxQueued: number;
}

/**
 * Runs wait in a bounded queue and are solved on worker threads, never on the thread that
 * answers requests. Each slot keeps its worker (and its warm WebAssembly) between runs.
 */
export function runQueue(store: Store, options: RunQueueOptions) {
  const slots: { runner: VariantRunner; busy: boolean }[] = Array.from({ length: Math.max(1, options.slots) }, () => ({ runner: workerRunner({ workers: 1, mainLane: false }), busy: false }));
  const waiting: { id: string; scenario: Scenario }[] = [];
  let closed = false;

  const pump = () => {
    for (const slot of slots) {
      if (slot.busy || closed) continue;
      const next = waiting.shift();
      if (!next) return;
      slot.busy = true;
      void solve(slot.runner, next.id, next.scenario).finally(() => {
        slot.busy = false;
        pump();
      });
    }
  };

  const solve = async (runner: VariantRunner, id: string, scenario: Scenario) => {
    if (!store.get(id)) return; // deleted while queued
    store.running(id, 'solving');
    const started = performance.now();
    try {
      const outcome = await runner.run({ base: scenario, requests: [{ key: id, events: scenario.events, detail: 'full' }] });
      if (outcome.status !== 'optimal') return store.failed(id, `${outcome.status}: ${outcome.message}`);
      const variant = outcome.outcomes[0]!;
      if (variant.status !== 'optimal' || !variant.full) return store.failed(id, variant.status === 'optimal' ? 'no result' : `${variant.status}: ${variant.message}`);
      store.done(id, variant.full, { wallMs: Math.round(performance.now() - started), solveMs: Math.round(outcome.solveMs), baselineSolveMs: Math.round(outcome.baselineSolveMs) });
    } catch (error) {
      store.failed(id, error instanceof Error ? error.message : String(error));
    }
  };

  return {
    /** Queues a run; undefined when the queue is full. */
    submit(scenario: Scenario, file: unknown): string | undefined {
      if (waiting.length >= options.maxQueued) return undefined;
      const id = randomUUID();
      store.create(id, scenario.name, scenario.network.id, file);
      waiting.push({ id, scenario });
      pump();
      return id;
    },
    depth: () => waiting.length,
    busy: () => slots.filter((slot) => slot.busy).length,
    async close(): Promise<void> {
      closed = true;
      waiting.length = 0;
      await Promise.all(slots.map((slot) => slot.runner.close()));
    },
  };
}

export type RunQueue = ReturnType<typeof runQueue>;
