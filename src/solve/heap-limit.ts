/**
 * The in-process solver's WebAssembly heap is capped at 2 GiB. A leaf module: the session cache
 * and the model sizing both read it, and sizing imports the LP layout, which imports the cache.
 */
export const WASM_HEAP_LIMIT_BYTES = 2 ** 31;
