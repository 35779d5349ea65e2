import { createHash, randomUUID } from 'node:crypto';
import { replayOperations } from '../operations/defaults.ts';
import { EventEmitter } from 'node:events';
import { workerRunner } from '../node/worker-pool.ts';
import { finiteOr, type NonFiniteFailure } from '../analysis/result-schema.ts';
import { publishedResult } from '../analysis/gas-words.ts';
import type { VariantRunner } from '../analysis/variants.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { publicMessage } from './public-message.ts';
import type { Store } from './store.ts';

export interface RunQueueOptions {
  /** Runs solved at once, each on its own worker thread (default: cores - 1, at least 1). */
  readonly slots: number;
  /** Runs waiting beyond the ones being solved; more are refused (429). */
  readonly maxQueued: number;
  /** Each slot's runner (default: one worker thread); `serve --queue` sends the runs to a queue. */
  readonly runner?: () => VariantRunner;
}

/**
 * Runs wait in a bounded queue and are solved on worker threads, never on the thread that
 * answers requests. Each slot keeps its worker (and its warm WebAssembly) between runs.
 */
export function runQueue(store: Store, options: RunQueueOptions) {
  const slots: { runner: VariantRunner; busy: boolean }[] = Array.from({ length: Math.max(1, options.slots) }, () => ({ runner: options.runner?.() ?? workerRunner({ workers: 1, mainLane: false }), busy: false }));
  const waiting: { id: string; scenario: Scenario }[] = [];
  let closed = false;
  const finished = new EventEmitter();
  finished.setMaxListeners(0);

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

  // A store write that fails (a full disk) must not crash the server: the run is marked failed
  // if that still can be, else the next start marks it interrupted.
  const safely = (id: string, write: () => void) => {
    try {
      write();
    } catch {
      try {
        store.failed(id, 'the disk is full: the result could not be stored; free space and submit again');
      } catch {
        /* the next server start marks it interrupted */
      }
    }
  };
  const solve = async (runner: VariantRunner, id: string, scenario: Scenario) => {
    if (store.status(id) === undefined) return; // deleted while queued
    safely(id, () => store.running(id, 'solving'));
    const started = performance.now();
    try {
      // Runs with the same structure (network, dates, prices, expansions, nodes the events limit)
      // share a solved baseline on a warm slot: an edit re-solves only the scenario.
      // A rolling scenario (the default for runs, see REPLAY_OPERATIONS) is decided rolling on the worker, baseline included.
      const outcome = await runner.run({ base: scenario, sessionKey: structureKey(scenario), operations: replayOperations(scenario), requests: [{ key: id, events: scenario.events, detail: 'full' }] });
        if (outcome.status !== 'optimal') safely(id, () => store.failed(id, publicMessage(`${outcome.status}: ${outcome.message}`)));
      else {
        const variant = outcome.outcomes[0]!;
        const checked = variant.status === 'optimal' && variant.full ? finiteOr(variant.full) : undefined;
        if (variant.status !== 'optimal' || !variant.full) safely(id, () => store.failed(id, variant.status === 'optimal' ? 'no result' : publicMessage(`${variant.status}: ${variant.message}`)));
        else if (checked !== variant.full) safely(id, () => store.failed(id, publicMessage((checked as NonFiniteFailure).message)));
        // Stored as it is served: a gas run in gas words (see gas-words.ts).
        else safely(id, () => store.done(id, publishedResult(variant.full!), { wallMs: Math.round(performance.now() - started), solveMs: Math.round(outcome.solveMs) }));
      }
    } catch (error) {
        safely(id, () => store.failed(id, publicMessage(error)));
    }
    finished.emit(id);
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
    /** Resolves when the run finishes, or after `ms`. */
    waitFor(id: string, ms: number): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          finished.off(id, done);
          resolve();
        }
        finished.once(id, done);
      });
    },
    busy: () => slots.filter((slot) => slot.busy).length,
    /**
     * Graceful stop: nothing new starts, runs being solved get up to `graceMs` to finish, and
     * whatever is left (waiting or unfinished) is marked failed so no client waits for ever.
     */
    async drain(graceMs: number): Promise<void> {
      closed = true;
      waiting.length = 0;
      const deadline = Date.now() + graceMs;
      while (slots.some((slot) => slot.busy) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all(slots.map((slot) => slot.runner.close()));
      try {
        store.stopped('the server stopped before this run finished: submit it again');
      } catch {
        /* a full disk: the next start marks them */
      }
    },
    async close(): Promise<void> {
      closed = true;
      waiting.length = 0;
      await Promise.all(slots.map((slot) => slot.runner.close()));
    },
  };
}

export type RunQueue = ReturnType<typeof runQueue>;

/** What decides the LP's structure and baseline: everything but the events' windows and sizes. */
function structureKey(scenario: Scenario): string {
  const nodes = new Set(scenario.network.nodes.map((node) => node.id));
  const limited = [...new Set(scenario.events.flatMap((event) => (event.type === 'outage' ? [event.asset] : event.type === 'sanction' ? [...event.assets] : [])).filter((asset) => nodes.has(asset)))].sort();
  const expansions = scenario.events.filter((event) => event.type === 'expansion');
  // The whole network, not its id: runs on one key share a session, its network and its prices.
  const text = JSON.stringify([scenario.network, scenario.dates, scenario.benchmark, [...scenario.differentialOverrides], scenario.discountRatePerYear, scenario.foresight, [...(scenario.initialStock ?? [])], [...(scenario.productionLimits ?? [])], limited, expansions]);
  return `run:${createHash('sha256').update(text).digest('hex')}`;
}
