import type { LinearProgram } from '../build-lp.ts';

/** The solvers an LP can be handed to: in process (WebAssembly) or a native program through files. */
export const BACKEND_NAMES = ['highs-wasm', 'clp', 'highs'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Columns or rows to change, HiGHS's selection shape (so one LiveLp drives every backend). */
export interface IndexSet {
  readonly kind: 'set';
  readonly indices: number[];
}

/** How a solve ended: optimal, or why not, in the words every backend maps onto. */
export type SolverStatus =
  | { readonly status: 'optimal'; readonly iterations: number }
  | {
      readonly status: 'infeasible' | 'unknown-infeasible' | 'unbounded' | 'time-limit' | 'not-solved';
      /** The solver's own word for it (e.g. "iterationLimit"), for the message. */
      readonly detail: string;
    };

/** Primal and dual values of an optimal solve, as the LP is written (maximised, offset included). */
export interface SolverSolution {
  readonly colValue: ArrayLike<number>;
  readonly colDual: ArrayLike<number>;
  readonly rowDual: ArrayLike<number>;
  readonly objective: number;
}

/** A basis, kept as the backend that made it keeps it; only that backend reads it back. */
export interface SolverBasis {
  readonly backend: BackendName;
  readonly data: unknown;
}

/** A loaded LP, changed in place by bounds and costs and re-solved (warm where the backend can). */
export interface SolverModel {
  readonly backend: BackendName;
  changeColsCost(set: IndexSet, cost: Float64Array): void;
  changeColsBounds(set: IndexSet, lower: Float64Array, upper: Float64Array): void;
  changeRowsBounds(set: IndexSet, lower: Float64Array, upper: Float64Array): void;
  changeObjectiveOffset(offset: number): void;
  solve(): SolverStatus;
  /** The last solve's values; only after an optimal status. */
  solution(): SolverSolution;
  basis(): SolverBasis;
  /** The next solve starts from `basis` and from nothing else the model remembers. */
  startFrom(basis: SolverBasis): void;
  /** Rows and columns of an irreducible infeasible subsystem, when the backend can find one. */
  conflict(): { readonly rows: readonly number[]; readonly columns: readonly number[] } | undefined;
  /** The LP as it is loaded now, in CPLEX LP format with the given names. */
  exportLp(names: LpNames): string;
  dispose(): void;
}

export interface LpNames {
  readonly colNames: readonly string[];
  readonly rowNames: readonly string[];
}

export interface ModelSettings {
  readonly timeLimitSeconds?: number | undefined;
  /** Iterations after which a solve is taken to stall and goes on with cost perturbation (HiGHS). */
  readonly stallLimit: number;
}

export interface SolverBackend {
  readonly name: BackendName;
  /** Runs as a separate program through files (no WebAssembly heap limit). */
  readonly native: boolean;
  /** Whether it can run here; if not, why and how to get it. */
  availability(): { readonly available: true; readonly version: string } | { readonly available: false; readonly reason: string };
  /** Loads `lp` (the backend keeps what it needs; the caller may reuse the arrays). */
  createModel(lp: LinearProgram, settings: ModelSettings): Promise<SolverModel>;
}

/**
 * Runs native solver programs, given to the engine by the node layer (src/node/native-runner.ts)
 * so that the engine itself never starts a process.
 */
export interface NativeRunner {
  /** Path of `program` when it is installed here (an override, or the PATH), else undefined. */
  locate(program: string): string | undefined;
  /**
   * Runs `program` with `args` in a fresh private folder holding `inputs` (text in chunks),
   * returns what it printed and the `outputs` it wrote there, and removes the folder.
   */
  run(request: NativeRequest): NativeResult;
}

export interface NativeRequest {
  readonly program: string;
  readonly args: readonly string[];
  readonly inputs: ReadonlyMap<string, string | readonly string[]>;
  readonly outputs: readonly string[];
  readonly timeoutMs?: number | undefined;
}

export interface NativeResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: ReadonlyMap<string, Uint8Array>;
}
