import loadHighs, { type Highs } from 'highs';

let runtime: Promise<Highs> | undefined;
let loaded: Highs | undefined;
let generation = 0;

/** The WebAssembly runtime loads once per thread; every model made from it must be disposed. */
export function highsRuntime(): Promise<Highs> {
  if (!runtime) {
    const mine = generation;
    runtime = loadHighs().then((highs) => {
      if (generation === mine) loaded = highs;
      return highs;
    });
  }
  return runtime;
}

/** After the runtime aborts (e.g. out of memory) a fresh one is the only way back. */
export function resetHighsRuntime(): void {
  runtime = undefined;
  loaded = undefined;
  generation += 1;
}

/**
 * Which runtime is current. Models made in an earlier one died with it: they are forgotten,
 * never disposed (disposing touches the dead runtime's memory).
 */
export function highsGeneration(): number {
  return generation;
}

/**
 * The loaded runtime's WebAssembly memory, in bytes (0 before one loads). It is the heap's
 * capacity, which only grows: what is live inside it is counted by its owners (see SessionCache).
 */
export function highsHeapBytes(): number {
  return loaded?.memoryBytes ?? 0;
}

/** An Emscripten abort (out of memory, or a failed assertion inside HiGHS): the runtime is dead. */
export function isHighsAbort(error: unknown): boolean {
  return error instanceof Error && /\bAborted\b/.test(error.message);
}

/** An abort poisons the WebAssembly runtime; the next call must load a fresh one. */
export function guardHighs<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (isHighsAbort(error)) resetHighsRuntime();
    throw error;
  }
}

/** The in-process solver aborted again on a fresh runtime holding nothing else: no retry can help. */
export class SolverAbortError extends Error {
  constructor(what: string) {
    super(
      `the in-process solver (HiGHS in WebAssembly, heap capped at 2 GiB) aborted twice on ${what}, the second time on a fresh runtime holding nothing else: ` +
        'the model does not fit it. Ways out: a shorter horizon, a native solver (--solver clp or --solver highs), or the rolling mode (operations: rolling).',
    );
    this.name = 'SolverAbortError';
  }
}

/**
 * Runs `attempt`; after a WebAssembly abort, drops what the dead runtime held (`onAbort`), loads
 * a fresh runtime and tries once more; a second abort is a SolverAbortError naming `what`.
 */
export async function retryAfterAbort<T>(what: string, attempt: () => Promise<T> | T, onAbort: () => void): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (!isHighsAbort(error)) throw error;
    // guardHighs resets on aborts it sees; one raised elsewhere (a read of the solution) is reset here.
    if (loaded !== undefined || runtime !== undefined) resetHighsRuntime();
    onAbort();
  }
  try {
    return await attempt();
  } catch (error) {
    if (isHighsAbort(error)) {
      resetHighsRuntime();
      onAbort();
      throw new SolverAbortError(what);
    }
    throw error;
  }
}
