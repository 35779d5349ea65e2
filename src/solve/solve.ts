import type { Scenario } from '../scenario/scenario.ts';
import type { Timeline } from '../scenario/timeline.ts';
import type { LpLayout } from './build-lp.ts';
import type { SolveCache } from './cache.ts';
import type { SessionStructure } from './prepare.ts';
import type { LinefillShares } from './streams.ts';
import type { ShadowPrices } from './shadow-prices.ts';
import { openSession } from './session.ts';
import type { SolverChoice } from './backends/index.ts';
import type { AllocationSummary } from '../operations/allocation-report.ts';

export { openSession };

/** One solved run (baseline or scenario): raw primal values in tonnes, objective in USD. */
export interface RunSolution {
  readonly timeline: Timeline;
  readonly objectiveUsd: number;
  /** Flow of pair p on day t at p * days + t (tonnes entering the link that day). */
  readonly flowTonnes: Float64Array;
  /** Stock of stock block k at the end of day t at k * days + t (tonnes). */
  readonly stockTonnes: Float64Array;
  /** Oil under way on each delayed pair (layout.linefillPairs order) when the horizon starts, tonnes per day of delay. */
  readonly linefillTonnes: Float64Array;
  /** Supply obligation missed by market k (layout.shortfallMarkets) on day t at k * days + t (tonnes). */
  readonly shortfallTonnes: Float64Array;
  readonly iterations: number;
  /** Each link's and tank's shadow price per day, when asked for (see shadowPrices). */
  readonly shadow?: ShadowPrices | undefined;
}

export interface ModelSize {
  readonly columns: number;
  readonly rows: number;
  readonly nonZeros: number;
}

export interface SolveTimings {
  readonly buildMs: number;
  readonly solveBaselineMs: number;
  readonly solveScenarioMs: number;
}

export type SolveOutcome =
  | {
      readonly status: 'optimal';
      readonly layout: LpLayout;
      readonly baseline: RunSolution;
      readonly scenario: RunSolution;
      readonly size: ModelSize;
      readonly timings: SolveTimings;
      readonly lpText?: { readonly baseline: string; readonly scenario: string } | undefined;
      /** The cache of the session that solved it, for the accounts. */
      readonly cache?: SolveCache | undefined;
      /** Each shared asset's stated rule and, for pro-rata ones, what shippers moved while it was in force. */
      readonly allocation?: readonly AllocationSummary[] | undefined;
    }
  | {
      readonly status: 'infeasible' | 'unbounded' | 'not-solved';
      readonly run: 'baseline' | 'scenario';
      readonly message: string;
      /** Names of rows and columns in a conflicting subsystem, when HiGHS finds one. */
      readonly conflicting: readonly string[];
      readonly size: ModelSize;
    };

export interface SolveOptions {
  /** Also return both LPs as CPLEX LP text (for --write-lp). */
  readonly withLpText?: boolean;
  /** Also read back the shadow prices of links and tanks (stage 5, assign duals). */
  readonly withDuals?: boolean;
  /** Solver time limit per run in seconds. */
  readonly timeLimitSeconds?: number;
  readonly clock?: () => number;
  /** Called as each stage starts, so a caller can show progress. */
  readonly onStage?: (stage: 'build' | 'solve-baseline' | 'solve-scenario') => void;
  /** Which solver, and how native ones run here (default: in process, native past the heap). */
  readonly solver?: SolverChoice | undefined;
  /** Told what a user should know about the solve, e.g. that a native solver was chosen and why. */
  readonly onNote?: (note: string) => void;
}

/**
 * Builds the scenario and its counterfactual baseline on one LP structure, solves the baseline,
 * then edits costs and bounds in place and re-solves from the baseline's basis.
 */
export async function solveScenario(scenario: Scenario, options: SolveOptions = {}): Promise<SolveOutcome> {
  const session = await openSession(scenario, options);
  if (session.status !== 'open') return session;
  try {
    const baselineText = options.withLpText ? session.exportLp() : undefined;
    options.onStage?.('solve-scenario');
    const run = session.solve(scenario, { fromBaseline: true, withLpText: options.withLpText ?? false, withDuals: options.withDuals ?? false, withAllocation: true });
    if ('status' in run) return run;
    return {
      status: 'optimal',
      layout: session.layout,
      baseline: session.baseline,
      scenario: run.solution,
      size: session.size,
      timings: { buildMs: session.timings.buildMs, solveBaselineMs: session.timings.solveBaselineMs, solveScenarioMs: run.solveMs },
      lpText: baselineText !== undefined && run.lpText !== undefined ? { baseline: baselineText, scenario: run.lpText } : undefined,
      cache: session.cache,
      allocation: run.allocation,
    };
  } finally {
    session.dispose();
  }
}

/** A solve that found no optimum: infeasible, unbounded or stopped, with why. */
export type SolveFailure = Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }>;

/** A solved baseline kept in a live HiGHS model, ready to re-solve variants of its scenario. */
export interface SolveSession {
  readonly status: 'open';
  /** The scenario the session was opened on, of which it solves variants. */
  readonly scenario: Scenario;
  readonly layout: LpLayout;
  readonly baseline: RunSolution;
  readonly size: ModelSize;
  readonly timings: { readonly buildMs: number; readonly solveBaselineMs: number };
  /** What the session keeps between solves (see SolveCache); accounts of its runs may use it. */
  readonly cache: SolveCache;
  /** The prepared structure (timelines, layouts, how runs are reported) the session solves on. */
  readonly structure: SessionStructure;
  /** The baseline as solved, on the LP's layout, and each field's share of its oil under way. */
  readonly solved: { readonly baseline: RunSolution; readonly linefillShares: LinefillShares };
  /**
   * Solves a variant of the session's scenario: same dates and the same assets (expansions
   * included), any events. With `fromBaseline`, the solve starts from the baseline's basis
   * whatever was solved before, so a variant's answer does not depend on the order of solves;
   * without it, from where the previous solve ended (its answer then depends on that sequence).
   */
  solve(
    variant: Scenario,
    options?: { readonly fromBaseline?: boolean; readonly withLpText?: boolean; readonly withDuals?: boolean; readonly withAllocation?: boolean },
  ): { readonly solution: RunSolution; readonly solveMs: number; readonly lpText?: string; readonly allocation?: readonly AllocationSummary[] } | SolveFailure;
  exportLp(): string;
  /** WebAssembly heap the session holds: the growth measured while it opened, at least the estimate by size (0 for a native solver). */
  readonly heapBytes: number;
  /** The runtime the session's model lives in (see highsGeneration). */
  readonly generation: number;
  dispose(): void;
}

export interface SessionOptions extends SolveOptions {
  /** Nodes that variants may close although no event of the scenario limits them. */
  readonly closable?: Iterable<string>;
  /**
   * Route crudes that are worth the same everywhere as one stream (default): same optimum, a
   * smaller LP without ties between them; each field's share is restored by mixing (splitStreams).
   */
  readonly commingle?: boolean;
  /**
   * Route parallel links that are alike but for capacity (the moorings of one terminal) as one
   * link, and fold junctions and terminals that oil only passes through into the link through
   * them (default): same optimum, a smaller LP with fewer ties; each link's flow is restored
   * afterwards (see compactLinks).
   */
  readonly compactLinks?: boolean;
  /**
   * Variants that only take capacity away (outages, sanctions) patch the bounds of the nominal LP
   * where their series differ, and HiGHS is sent only those changes (default); otherwise each
   * variant's whole LP is built and compared. Both load the same LP.
   */
  readonly patchVariants?: boolean;
  /** Iterations after which a solve is taken to stall and goes on with cost perturbation (tests lower it). */
  readonly perturbAfterIterations?: number;
  /** Asked, before the in-process model is built, to free this much WebAssembly heap (a session cache evicts). */
  readonly makeRoom?: (heapBytes: number) => void;
}

