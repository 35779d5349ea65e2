// The WebAssembly heap's limits, in a module of their own that imports nothing: the session cache
// reads them, and build-lp.ts (which sizing.ts needs) imports the cache, so a cycle through
// sizing.ts would leave them uninitialised for whoever loads sizing.ts first.
export const HEAP_BYTES_PER_COLUMN = 2_450;
export const WASM_HEAP_LIMIT_BYTES = 2 ** 31;
export const MAX_WASM_COLUMNS = 800_000;
