import { clpBackend } from './clp.ts';
import { highsNativeBackend } from './highs-native.ts';
import { highsWasmBackend } from './highs-wasm.ts';
import { ModelTooLargeError, type HeapEstimate } from './sizing.ts';
import type { BackendName, NativeRunner, SolverBackend } from './solver-model.ts';

export { BACKEND_NAMES, type BackendName, type NativeRunner, type SolverBackend, type SolverModel, type SolverStatus, type SolverBasis, type SolverSolution, type IndexSet, type LpNames } from './solver-model.ts';
export { heapEstimate, ModelTooLargeError, MAX_WASM_COLUMNS, type HeapEstimate } from './sizing.ts';
export { writeMps } from './mps.ts';

/** The registry: one line per backend. Native ones run their program through `runner`. */
export function solverBackends(runner: NativeRunner | undefined): Readonly<Record<BackendName, SolverBackend>> {
  return { 'highs-wasm': highsWasmBackend, clp: clpBackend(runner), highs: highsNativeBackend(runner) };
}

/** Which solver a caller asks for: a name (default: choose), and how native programs run here. */
export interface SolverChoice {
  readonly name?: BackendName | undefined;
  readonly runner?: NativeRunner | undefined;
}

export interface ChosenBackend {
  readonly backend: SolverBackend;
  /** Why this backend, when it was not asked for by name (the caller says so to the user). */
  readonly note?: string;
}

// Native backends the default falls back on past the heap, best first (CLP: measured 2× faster
// than HiGHS on the larger LPs, with less memory).
const NATIVE_ORDER: readonly BackendName[] = ['clp', 'highs'];

/**
 * The backend for a model of this size: the one named, if it is available and the model fits it;
 * by default the in-process HiGHS, or a native solver when the model would not fit the
 * WebAssembly heap (saying so). Throws ModelTooLargeError or an unavailable-solver error
 * (both bad input for this machine) before anything is built.
 */
export function chooseBackend(choice: SolverChoice | undefined, estimate: HeapEstimate): ChosenBackend {
  const backends = solverBackends(choice?.runner);
  if (choice?.name !== undefined) {
    const backend = backends[choice.name];
    const availability = backend.availability();
    if (!availability.available) throw new SolverUnavailableError(choice.name, availability.reason);
    if (!backend.native && !estimate.fits) throw new ModelTooLargeError(estimate, `--solver ${choice.name} was asked for, and it runs in process.`);
    return { backend };
  }
  if (estimate.fits) return { backend: backends['highs-wasm'] };
  for (const name of NATIVE_ORDER) {
    const availability = backends[name].availability();
    if (availability.available) {
      return { backend: backends[name], note: `the model (${estimate.columns.toLocaleString('en-US')} columns) does not fit the in-process solver's heap: solving it with ${availability.version} (native, --solver ${name})` };
    }
  }
  throw new ModelTooLargeError(estimate, 'No native solver is installed.');
}

/** A backend asked for by name that cannot run here. */
export class SolverUnavailableError extends Error {
  constructor(name: BackendName, reason: string) {
    super(`--solver ${name}: ${reason}`);
    this.name = 'SolverUnavailableError';
  }
}
