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
