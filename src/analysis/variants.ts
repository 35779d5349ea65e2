import type { Scenario, ScenarioEvent } from '../scenario/scenario.ts';
import { DEFAULT_HEAP_BUDGET_BYTES, SessionCache } from '../solve/cache.ts';
import { highsGeneration, retryAfterAbort } from '../solve/highs.ts';
import { openSession, type SolveOutcome, type SolveSession } from '../solve/solve.ts';
import { actorLosses, buildResult, netbackLost, penaltiesIn } from './impact.ts';
import { ledgerOf, sum } from './run-accounts.ts';
import type { Impact, RunResult } from './result-schema.ts';

/**
 * Analyses ask many "what if" questions of one base scenario. Each question is a variant: the
 * base with its own list of events. Variants share the base's LP structure and solved baseline,
 * and each starts from the baseline's basis, so its answer does not depend on which worker
 * solved it or in which order.
 */
export interface VariantRequest {
  /** Unique within a batch; used only to label results. */
  readonly key: string;
  readonly events: readonly ScenarioEvent[];
  /**
   * 'value' skips the impact accounts (Shapley games need only the value of the network);
   * 'loss' gives only each actor's loss and the exporters' (the risk engine's thousands of windows);
   * 'flows' adds the tonnes each link carried of each crude over the horizon.
   */
  readonly detail?: 'impact' | 'value' | 'loss' | 'flows' | 'full';
}

export interface VariantBatch {
  readonly base: Scenario;
  /** Nodes some variant closes (they need capacity rows in the shared structure). */
  readonly closable?: readonly string[];
  readonly requests: readonly VariantRequest[];
  /**
   * Batches with the same key share the base (and closable nodes): runners keep its session
   * open between them instead of solving the baseline again.
   */
  readonly sessionKey?: string;
  /**
   * Requests are solved in runs of this many (default 1), each run by one thread in order: its
   * first request from the baseline's basis, every later one from where the one before ended.
   * Similar requests in a row (sorted) need far fewer iterations than each from the baseline.
   * An answer depends only on its run, never on the thread or on other runs.
   */
  readonly chainLength?: number;
}

/** The runs of a batch (see chainLength): request indices, in order. */
export function chainsOf(batch: VariantBatch): number[][] {
  const length = Math.max(1, Math.floor(batch.chainLength ?? 1));
  const chains: number[][] = [];
  for (let start = 0; start < batch.requests.length; start += length) chains.push(batch.requests.slice(start, start + length).map((_, offset) => start + offset));
  return chains;
}

/** The impact without the daily series, which analyses of many variants do not keep. */
export type VariantResult = Omit<RunResult, 'series' | 'impact' | 'linkFlows'> & { readonly impact: Omit<Impact, 'daily'> };

export interface LinkFlow {
  readonly link: string;
  readonly commodity: string;
  readonly tonnes: number;
}

export type VariantOutcome =
  | {
      readonly key: string;
      readonly status: 'optimal';
      /** What the whole network earns (USD): see systemValue. */
      readonly systemValueUsd: number;
      readonly result?: VariantResult;
      /** With detail 'full': the whole result, daily series included, as `chokepoint run` gives it. */
      readonly full?: RunResult;
      /** With detail 'flows': tonnes over the horizon, one row per link and crude that moved. */
      readonly linkFlows?: readonly LinkFlow[];
      /** With detail 'loss': the exporters' netback lost and each actor's loss (USD), as in the impact. */
      readonly losses?: { readonly netbackLostUsd: number; readonly byActor: readonly { readonly actor: string; readonly lossUsd: number }[] };
      readonly solveMs: number;
    }
  | { readonly key: string; readonly status: 'infeasible' | 'unbounded' | 'not-solved'; readonly message: string };

type Failure = Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }>;

export type BatchOutcome =
  | {
      readonly status: 'optimal';
      readonly baselineValueUsd: number;
      readonly outcomes: readonly VariantOutcome[];
      /** Solver time summed over workers (ms), and the wall time of the batch. */
      readonly solveMs: number;
      readonly wallMs: number;
      readonly baselineSolveMs: number;
      readonly workers: number;
    }
  | Failure;

export type Progress = (done: number, total: number) => void;

/** Solves batches of variants; in process, or in a pool of worker threads (src/node). */
export interface VariantRunner {
  readonly workers: number;
  run(batch: VariantBatch, onProgress?: Progress): Promise<BatchOutcome>;
  close(): Promise<void>;
}

let sessionCounter = 0;

/** A key no other batch in this process has used, for one analysis's batches to share. */
export function newSessionKey(label: string): string {
  sessionCounter += 1;
  return `${label}#${sessionCounter}`;
}

/** The base scenario with a variant's events in place of its own. */
export function variantScenario(base: Scenario, request: VariantRequest): Scenario {
  return { ...base, id: request.key, name: request.key, events: request.events };
}

/**
 * What a solved run earns for the whole network: sales and end stock value less lifting and
 * holding costs. Tariffs are transfers inside the network and cancel out; the shut-in penalty
 * steers the optimiser but is not money the network earns, so it is added back.
 */
export function systemValue(session: SolveSession, solution: SolveSession['baseline']): number {
  const accounts = ledgerOf(session.layout, solution, session.cache);
  return sum(accounts.commodity.map((account) => account.netbackUsd + account.shutInCostUsd)) + sum([...accounts.tariffByLink]);
}

/**
 * Solves one variant of the session's scenario; used by the in-process runner and by each worker.
 * `chained`: the variant follows the one before it in its run (see chainLength) and starts
 * where that one ended; otherwise it starts from the baseline's basis.
 */
export function solveVariant(session: SolveSession, base: Scenario, request: VariantRequest, chained = false): VariantOutcome {
  // Named and described as the batch's base, but on the session's own network, dates and prices
  // (batches with its key share them): a worker receives a new copy of the base with each batch,
  // and variants that share them by identity are patched (see openSession).
  const own = session.scenario;
  const scenario = {
    ...(request.detail === 'full' ? { ...base, events: request.events } : variantScenario(base, request)),
    network: own.network,
    dates: own.dates,
    benchmark: own.benchmark,
    differentialOverrides: own.differentialOverrides,
  };
  const summaries = request.detail !== 'value' && request.detail !== 'loss';
  const run = session.solve(scenario, { fromBaseline: !chained, withDuals: request.detail === 'full', withAllocation: summaries });
  if ('status' in run) return { key: request.key, status: run.status, message: run.message };
  const systemValueUsd = systemValue(session, run.solution);
  if (request.detail === 'value') return { key: request.key, status: 'optimal', systemValueUsd, solveMs: run.solveMs };
  if (request.detail === 'loss') {
    const baseline = ledgerOf(session.layout, session.baseline, session.cache);
    const disrupted = ledgerOf(session.layout, run.solution, session.cache);
    const byActor = actorLosses(session.layout, baseline, disrupted, penaltiesIn(scenario, session.layout.days)).map(({ actor, lossUsd }) => ({ actor, lossUsd }));
    return { key: request.key, status: 'optimal', systemValueUsd, losses: { netbackLostUsd: netbackLost(baseline, disrupted), byActor }, solveMs: run.solveMs };
  }
  const full = buildResult(scenario, { status: 'optimal', layout: session.layout, baseline: session.baseline, scenario: run.solution, size: session.size, timings: { ...session.timings, solveScenarioMs: run.solveMs }, cache: session.cache, allocation: run.allocation });
  if (request.detail === 'full') return { key: request.key, status: 'optimal', systemValueUsd, full, solveMs: run.solveMs };
  const { series, impact, linkFlows: flowsByLink, ...rest } = full;
  const { daily, ...impactTotals } = impact;
  const outcome = { key: request.key, status: 'optimal' as const, systemValueUsd, result: { ...rest, impact: impactTotals }, solveMs: run.solveMs };
  return request.detail === 'flows' ? { ...outcome, linkFlows: linkFlows(session, run.solution) } : outcome;
}

function linkFlows(session: SolveSession, solution: SolveSession['baseline']): LinkFlow[] {
  const { graph, days } = session.layout;
  const rows: LinkFlow[] = [];
  graph.pairs.forEach((pair, index) => {
    let tonnes = 0;
    for (let day = 0; day < days; day += 1) tonnes += solution.flowTonnes[index * days + day]!;
    if (tonnes > 0) rows.push({ link: pair.link.id, commodity: graph.commodities[pair.commodityIndex]!.id, tonnes });
  });
  return rows;
}

/** How a thread keeps its sessions (see sessionKeeper). */
export interface SessionKeeperOptions {
  /** Most WebAssembly heap its kept sessions may hold (default DEFAULT_HEAP_BUDGET_BYTES). */
  readonly heapBudgetBytes?: number | undefined;
  /** Opens a session (tests inject failures here). */
  readonly openSession?: typeof openSession;
}

/**
 * The sessions a thread keeps: one per base scenario, reused by later batches with the same
 * session key, so an analysis that runs several batches (on several bases: the risk engine's
 * window lengths) solves each baseline once per thread. The least recently used is dropped
 * beyond `capacity`, and before a new one is built while the heap could not take it (SessionCache).
 * A WebAssembly abort drops every session, and the work is tried once more on a fresh runtime.
 */
export function sessionKeeper(capacity = 10, options: SessionKeeperOptions = {}) {
  const kept = new SessionCache<SolveSession>({ capacity, heapBudgetBytes: options.heapBudgetBytes ?? DEFAULT_HEAP_BUDGET_BYTES, generation: highsGeneration });
  const opener = options.openSession ?? openSession;
  let unkeyed: SolveSession | undefined;
  const release = () => {
    kept.clear();
    unkeyed?.dispose();
    unkeyed = undefined;
  };
  const open = async (batch: VariantBatch): Promise<SolveSession | Failure> => {
    const key = batch.sessionKey;
    const found = key === undefined ? undefined : kept.get(key);
    if (found) return found;
    unkeyed?.dispose();
    unkeyed = undefined;
    const opened = await retryAfterAbort(`the base scenario ${batch.base.id}`, () => opener(batch.base, { closable: batch.closable ?? [], makeRoom: (bytes) => kept.makeRoom(bytes) }), release);
    if (opened.status !== 'open') return opened;
    if (key === undefined) unkeyed = opened;
    else kept.set(key, opened);
    return opened;
  };
  return {
    open,
    /** Runs `work` on the batch's session; after a WebAssembly abort, once more on a fresh runtime. */
    withSession<T>(batch: VariantBatch, work: (session: SolveSession) => T): Promise<T | Failure> {
      return retryAfterAbort(`the variants of ${batch.base.id}`, async () => {
        const session = await open(batch);
        return session.status === 'open' ? work(session) : session;
      }, release);
    },
    /** After a batch: a session without a key is not wanted again. */
    done(batch: VariantBatch) {
      if (batch.sessionKey === undefined) {
        unkeyed?.dispose();
        unkeyed = undefined;
      }
    },
    release,
    /** The kept sessions: how many, the heap they hold, how many were evicted to make room. */
    stats: () => ({ sessions: kept.size, heapBytes: kept.heldBytes(), evictions: kept.evictions }),
  };
}

/** Solves every variant in this thread, one after the other, on one session; batches in turn. */
export function inProcessRunner(clock: () => number = () => performance.now(), sessionsKept = 10, keeping: SessionKeeperOptions = {}): VariantRunner & { readonly sessions: ReturnType<typeof sessionKeeper> } {
  const sessions = sessionKeeper(sessionsKept, keeping);
  let free: Promise<unknown> = Promise.resolve();
  return {
    workers: 0,
    sessions,
    run(batch, onProgress) {
      const turn = free.then(() => runBatch(batch, onProgress));
      free = turn.catch(() => undefined);
      return turn;
    },
    close: async () => sessions.release(),
  };

  async function runBatch(batch: VariantBatch, onProgress?: Progress): Promise<BatchOutcome> {
    const started = clock();
    try {
      return await sessions.withSession(batch, (session): BatchOutcome => {
        const outcomes: VariantOutcome[] = [];
        let solveMs = 0;
        for (const chain of chainsOf(batch)) {
          chain.forEach((index, position) => {
            const outcome = solveVariant(session, batch.base, batch.requests[index]!, position > 0);
            if (outcome.status === 'optimal') solveMs += outcome.solveMs;
            outcomes.push(outcome);
            onProgress?.(outcomes.length, batch.requests.length);
          });
        }
        return { status: 'optimal', baselineValueUsd: systemValue(session, session.baseline), outcomes, solveMs, wallMs: clock() - started, baselineSolveMs: session.timings.solveBaselineMs, workers: 0 };
      });
    } finally {
      sessions.done(batch);
    }
  }
}
