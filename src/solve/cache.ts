import { WASM_HEAP_LIMIT_BYTES } from './backends/heap-limit.ts';

/**
 * What a solve session keeps between its solves: values derived from a layout or a timeline's
 * series that many variants share by identity (price series, end values, bounds blocks, the
 * stream split's plan). Owned by the session that made it, so two sessions never share
 * entries and everything goes when the session goes; functions that take no cache compute
 * afresh.
 */
export class SolveCache {
  readonly #tables = new Map<string, WeakMap<object, unknown>>();

  /** The value kept in `table` for `key`, computed by `compute` the first time it is asked for. */
  kept<K extends object, V>(table: string, key: K, compute: () => V): V {
    let entries = this.#tables.get(table);
    if (!entries) {
      entries = new WeakMap();
      this.#tables.set(table, entries);
    }
    if (entries.has(key)) return entries.get(key) as V;
    const value = compute();
    entries.set(key, value);
    return value;
  }
}

/** Runs `compute` through `cache` when there is one, else computes afresh. */
export function keptIn<K extends object, V>(cache: SolveCache | undefined, table: string, key: K, compute: () => V): V {
  return cache ? cache.kept(table, key, compute) : compute();
}

/**
 * Heap the sessions a thread keeps may hold, with the one being opened: three quarters of the
 * 2 GiB cap, the rest left for a solve's own work and for fragmentation (the heap is one block
 * that only grows; freed memory is reused but never returned).
 */
export const DEFAULT_HEAP_BUDGET_BYTES = Math.floor(0.75 * WASM_HEAP_LIMIT_BYTES);

/** What a kept session holds in the solver's heap, and in which runtime. */
export interface HeapHolder {
  /** Bytes of WebAssembly heap the session holds (0 for a native solver). */
  readonly heapBytes: number;
  /** The runtime it lives in (see highsGeneration). */
  readonly generation: number;
  dispose(): void;
}

export interface SessionCacheOptions {
  /** Most sessions kept. */
  readonly capacity: number;
  /** Most heap the kept sessions and the one being opened may hold together. */
  readonly heapBudgetBytes: number;
  /** The current runtime's generation (sessions of older ones are dead). */
  readonly generation: () => number;
}

/**
 * Solve sessions kept between batches by key, least recently used first out, within a count and
 * a heap budget. Before a session is built, `makeRoom` evicts until the kept ones and the newcomer
 * fit the budget, so the heap never has to grow past its cap (the WebAssembly heap only grows, and
 * HiGHS aborts the whole runtime when it cannot: "every 6th distinct 10-year run" used to).
 * Sessions of a runtime that aborted are forgotten, not disposed.
 */
export class SessionCache<S extends HeapHolder> {
  readonly #kept = new Map<string, S>();
  readonly #options: SessionCacheOptions;
  #evictions = 0;

  constructor(options: SessionCacheOptions) {
    this.#options = options;
  }

  /** The session kept for `key`, now the most recently used. */
  get(key: string): S | undefined {
    this.#forgetDead();
    const found = this.#kept.get(key);
    if (found) {
      this.#kept.delete(key);
      this.#kept.set(key, found);
    }
    return found;
  }

  /** Evicts the least recently used sessions until `incomingBytes` more fit the budget. */
  makeRoom(incomingBytes: number): void {
    this.#forgetDead();
    for (const [key, session] of this.#kept) {
      if (this.heldBytes() + incomingBytes <= this.#options.heapBudgetBytes) return;
      this.#evict(key, session);
    }
  }

  set(key: string, session: S): void {
    this.#kept.set(key, session);
    for (const [oldest, kept] of this.#kept) {
      if (this.#kept.size <= this.#options.capacity && this.heldBytes() <= this.#options.heapBudgetBytes) break;
      if (oldest !== key) this.#evict(oldest, kept);
    }
  }

  /** Heap the kept sessions hold, by their own count. */
  heldBytes(): number {
    let total = 0;
    for (const session of this.#kept.values()) total += session.heapBytes;
    return total;
  }

  get size(): number {
    return this.#kept.size;
  }

  /** Sessions evicted to make room so far (for tests and benchmarks). */
  get evictions(): number {
    return this.#evictions;
  }

  clear(): void {
    for (const [key, session] of this.#kept) this.#drop(key, session);
  }

  #evict(key: string, session: S): void {
    this.#evictions += 1;
    this.#drop(key, session);
  }

  #drop(key: string, session: S): void {
    this.#kept.delete(key);
    if (session.generation === this.#options.generation()) session.dispose();
  }

  #forgetDead(): void {
    for (const [key, session] of this.#kept) if (session.generation !== this.#options.generation()) this.#kept.delete(key);
  }
}
