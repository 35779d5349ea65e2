import loadHighs, { type Highs } from 'highs';

let runtime: Promise<Highs> | undefined;

/** The WebAssembly runtime loads once per thread; every model made from it must be disposed. */
export function highsRuntime(): Promise<Highs> {
  runtime ??= loadHighs();
  return runtime;
}

/** After the runtime aborts (e.g. out of memory) a fresh one is the only way back. */
export function resetHighsRuntime(): void {
  runtime = undefined;
}

/** An abort poisons the WebAssembly runtime; the next call must load a fresh one. */
export function guardHighs<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof Error && /Aborted/.test(error.message)) resetHighsRuntime();
    throw error;
  }
}
