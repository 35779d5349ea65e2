import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessRunner, sessionKeeper, type VariantBatch } from '../src/analysis/variants.ts';
import { DEFAULT_HEAP_BUDGET_BYTES, SessionCache } from '../src/solve/cache.ts';
import { guardHighs, highsGeneration, highsHeapBytes, highsRuntime, SolverAbortError } from '../src/solve/highs.ts';
import { openSession, type SolveSession } from '../src/solve/solve.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { scenarioOf } from './helpers.ts';

/**
 * The sessions a solve thread keeps are bounded by the WebAssembly heap, not only by their
 * number: before a session is built, the least recently used are evicted until the newcomer fits
 * (the heap only grows; HiGHS aborts the whole runtime when it cannot: every 6th distinct 10-year
 * run used to fail with "RuntimeError: Aborted()"). An abort drops every session; the work is
 * tried once more on a fresh runtime, then refused with a clear error.
 */

const network = readFileSync(join(import.meta.dirname, 'fixtures/two-routes.yaml'), 'utf8');

/** A distinct multi-year run: `years` long, so each has its own structure and session. */
function longRun(years: number): VariantBatch {
  const base = scenarioOf(
    network,
    `id: run-${years}y
name: ${years} years
network: two-routes.yaml
horizon: { start: 2022-01-01, end: ${2021 + years}-12-31 }
prices:
  benchmark: [{ from: 2022-01-01, price: 100 USD/t }]
events:
  - { type: outage, asset: cheap, start: 2022-01-05, days: 10 }
`,
  );
  return { base, sessionKey: `run-${years}y`, requests: [{ key: 'closure', events: base.events, detail: 'loss' }] };
}

const abort = () => new Error('RuntimeError: Aborted(). Build with -sASSERTIONS for more info.');

describe('memory-aware session cache', () => {
  it('many distinct long runs in one thread: each is solved, the kept sessions never hold more than the budget, and the heap stops growing', async () => {
    const budget = 40e6;
    const runner = inProcessRunner(undefined, 10, { heapBudgetBytes: budget });
    try {
      await highsRuntime();
      const before = highsHeapBytes();
      const held: number[] = [];
      // Two to eight years: seven distinct structures, each held by its own session.
      for (let years = 2; years <= 8; years += 1) {
        const outcome = await runner.run(longRun(years));
        expect(outcome.status, `${years} years`).toBe('optimal');
        held.push(runner.sessions.stats().heapBytes);
      }
      const stats = runner.sessions.stats();
      expect(Math.max(...held)).toBeLessThanOrEqual(budget);
      expect(stats.evictions).toBeGreaterThan(0);
      const grewWithBudget = highsHeapBytes() - before;
      // Evicted sessions are gone: a run opened again is solved again, and still right.
      expect((await runner.run(longRun(2))).status).toBe('optimal');
      await runner.close();
      // Measured, not counted: the same runs kept under the default budget (all seven fit) grow
      // the runtime's memory by more than twice as much (measured: 4 MB against 40 MB).
      const unbounded = inProcessRunner(undefined, 10);
      const start = highsHeapBytes();
      for (let years = 2; years <= 8; years += 1) expect((await unbounded.run(longRun(years))).status).toBe('optimal');
      const grewWithout = highsHeapBytes() - start;
      await unbounded.close();
      expect(grewWithBudget).toBeLessThan(budget);
      expect(grewWithBudget * 2).toBeLessThan(grewWithout);
    } finally {
      await runner.close();
    }
  }, 240_000);

  it('evicts least recently used first, before the newcomer is built; a dead runtime\'s sessions are forgotten, not disposed', () => {
    let generation = 1;
    const disposed: string[] = [];
    const session = (name: string, heapBytes: number, born = generation) => ({ heapBytes, generation: born, dispose: () => disposed.push(name) });
    const cache = new SessionCache<ReturnType<typeof session>>({ capacity: 10, heapBudgetBytes: 100, generation: () => generation });
    cache.set('a', session('a', 40));
    cache.set('b', session('b', 40));
    cache.get('a'); // a is now the most recently used
    cache.makeRoom(30);
    expect(disposed).toEqual(['b']);
    expect(cache.heldBytes()).toBe(40);
    cache.set('c', session('c', 50));
    generation = 2; // the runtime aborted: a and c died with it
    cache.makeRoom(10);
    expect(cache.size).toBe(0);
    expect(disposed).toEqual(['b']);
    expect(DEFAULT_HEAP_BUDGET_BYTES).toBe(Math.floor(0.75 * 2 ** 31));
  });

  it('an abort while opening: a fresh runtime, one retry, and the batch is solved', async () => {
    let calls = 0;
    const keeper = sessionKeeper(10, {
      openSession: async (scenario, options) => {
        calls += 1;
        if (calls === 1) guardHighs(() => { throw abort(); });
        return openSession(scenario, options);
      },
    });
    try {
      const generation = highsGeneration();
      const opened = await keeper.open(longRun(2));
      expect(opened.status).toBe('open');
      expect(calls).toBe(2);
      expect(highsGeneration()).toBe(generation + 1);
      expect((opened as SolveSession).generation).toBe(highsGeneration());
    } finally {
      keeper.release();
    }
  }, 60_000);

  it('an abort in the middle of a batch drops every session and solves the batch again on a fresh runtime', async () => {
    let solves = 0;
    const runner = inProcessRunner(undefined, 10, {
      openSession: async (scenario, options) => {
        const opened = await openSession(scenario, options);
        if (opened.status !== 'open') return opened;
        return {
          ...opened,
          solve(variant, solveOptions) {
            solves += 1;
            if (solves === 1) guardHighs(() => { throw abort(); });
            return opened.solve(variant, solveOptions);
          },
        };
      },
    });
    try {
      const generation = highsGeneration();
      const outcome = await runner.run(longRun(2));
      expect(outcome.status).toBe('optimal');
      expect(solves).toBe(2);
      expect(highsGeneration()).toBe(generation + 1);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('a second abort on the fresh runtime is a clear error, not a crash or a third try', async () => {
    let calls = 0;
    const keeper = sessionKeeper(10, {
      openSession: async () => {
        calls += 1;
        return guardHighs(() => { throw abort(); });
      },
    });
    const error = await keeper.open(longRun(2)).then(() => undefined, (thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SolverAbortError);
    expect((error as Error).message).toMatch(/aborted twice on the base scenario run-2y, the second time on a fresh runtime.*--solver clp/);
    expect(calls).toBe(2);
    // The thread can solve again afterwards.
    const runner = inProcessRunner();
    try {
      expect((await runner.run(longRun(2))).status).toBe('optimal');
    } finally {
      await runner.close();
    }
  }, 60_000);
});

describe('the budget given to worker threads', () => {
  /** Seven distinct long runs, one batch each, on one worker thread; the thread's cache after each. */
  async function keptAfterEach(options: Parameters<typeof workerRunner>[0]) {
    const runner = workerRunner({ workers: 1, mainLane: false, ...options });
    try {
      const kept = [];
      for (let years = 2; years <= 8; years += 1) {
        expect((await runner.run(longRun(years))).status, `${years} years`).toBe('optimal');
        kept.push(runner.keptByThreads()[0]!);
      }
      return kept;
    } finally {
      await runner.close();
    }
  }

  it('a worker thread keeps its sessions within the heap budget and the count it was given, not its own defaults', async () => {
    const budget = 40e6;
    const bounded = await keptAfterEach({ heapBudgetBytes: budget });
    expect(Math.max(...bounded.map((kept) => kept.heapBytes))).toBeLessThanOrEqual(budget);
    expect(bounded.at(-1)!.evictions).toBeGreaterThan(0);
    // Under the default budget the same seven sessions all stay: the budget above is what evicted.
    const unbounded = await keptAfterEach({});
    expect(unbounded.at(-1)).toMatchObject({ sessions: 7, evictions: 0 });
    expect(unbounded.at(-1)!.heapBytes).toBeGreaterThan(budget);
    // The count is passed on too: two kept, the older ones dropped.
    const two = await keptAfterEach({ sessionsKept: 2 });
    expect(Math.max(...two.map((kept) => kept.sessions))).toBe(2);
  }, 400_000);
});
