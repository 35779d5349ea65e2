import type { Scenario } from '../scenario/scenario.ts';
import { applyOutages, buildTimeline, isOutage, type Timeline } from '../scenario/timeline.ts';
import { boundsBlocks, buildLp, heldArrivals, lpNames, TONNES_PER_UNIT, type LinearProgram, type LpLayout } from './build-lp.ts';
import { SolveCache } from './cache.ts';
import { guardHighs, highsGeneration, highsHeapBytes, highsRuntime } from './highs.ts';
import { allocationPatch, boundsPatches } from './bounds-patches.ts';
import { copyBounds, liveLp, type BoundsPatch } from './live-lp.ts';
import { keepsOptimum, knownOptimum } from './known-optimum.ts';
import { assetIds, prepareStructure, type SessionStructure } from './prepare.ts';
import { assignDuals, assignPrimal, failureOf, iterationLimit, type Model } from './run-model.ts';
import { shadowPrices } from './shadow-prices.ts';
import { chooseBackend, heapEstimate, type SolverBackend, type SolverBasis } from './backends/index.ts';
import { nominationsFromRun, type AllocationPlan } from '../operations/allocation.ts';
import { summarizeAllocation } from '../operations/allocation-report.ts';
import { layoutColumns } from './backends/sizing.ts';
import type { ModelSize, RunSolution, SessionOptions, SolveFailure, SolveSession } from './solve.ts';
import type { LinefillShares } from './streams.ts';

/**
 * Opens a session on a scenario, in PyPSA's stages: prepare the structure (timelines, layouts),
 * build the LP, solve the baseline, assign its primal values; variants then re-solve the same
 * model with changed bounds. The session owns its cache and its HiGHS model.
 */
export async function openSession(scenario: Scenario, options: SessionOptions = {}): Promise<SolveSession | SolveFailure> {
  const clock = options.clock ?? (() => performance.now());
  const started = clock();
  options.onStage?.('build');
  const cache = new SolveCache();
  const prepared = prepareStructure(scenario, options);
  // The solver is chosen by the model's size before the model is built (see chooseBackend).
  const estimate = heapEstimate(layoutColumns(prepared.layout), prepared.layout.rows.count);
  const chosen = chooseBackend(options.solver, estimate);
  if (chosen.note !== undefined) options.onNote?.(chosen.note);
  if (!chosen.backend.native) {
    options.makeRoom?.(estimate.heapBytes);
    await highsRuntime();
  }
  const heapBefore = highsHeapBytes();
  // Pro-rata shares by nomination need the undisrupted plan's flows before their rows can be written.
  const nominated = prepared.layout.allocation.pending ? await nominate(prepared, chosen.backend, options, cache) : undefined;
  if (nominated && 'status' in nominated) return nominated;
  const structure = nominated ? prepared.withAllocation(nominated.plan) : prepared;
  const { layout } = structure;
  const baselineLp = buildLp(layout, structure.lpTimeline(structure.baselineTimeline), true, cache);
  const size: ModelSize = { columns: baselineLp.numCols, rows: baselineLp.numRows, nonZeros: baselineLp.values.length };
  const buildMs = clock() - started;
  const stallLimit = options.perturbAfterIterations ?? iterationLimit(size);
  let model: Model | undefined;
  try {
    model = await chosen.backend.createModel(baselineLp, { timeLimitSeconds: options.timeLimitSeconds, stallLimit });
    const live = model;
    // The nominating solve's optimum is this baseline's (its allocation rows are free): start there.
    if (nominated) guardHighs(() => live.startFrom(nominated.basis));
    const solveRun = (run: 'baseline' | 'scenario', timeline: Timeline, withDuals = false): RunSolution | SolveFailure => {
      const status = guardHighs(() => live.solve());
      if (status.status !== 'optimal') return failureOf(live, status, run, layout, timeline.dates, size);
      const primal = assignPrimal(live, layout, timeline, status.iterations);
      if (!withDuals) return primal;
      return { ...primal, shadow: shadowPrices(structure, assignDuals(live, layout, loaded.current()), timeline) };
    };
    options.onStage?.('solve-baseline');
    const solveStart = clock();
    const loaded = liveLp(live, baselineLp);
    // The baseline's shadow prices are read once (any full result of a variant shows them).
    let baseline = solveRun('baseline', structure.baselineTimeline, layout.linefillPairs.length === 0);
    if ('status' in baseline) {
      live.dispose();
      return baseline;
    }
    // Oil already under way at the start is data shared by all runs: the baseline's steady
    // day-0 flow, fixed once chosen. The baseline re-solves with it fixed (a few iterations), so a
    // variant without effective events reproduces the baseline exactly.
    if (layout.linefillPairs.length > 0) {
      const fixedBaseline = copyBounds(baselineLp);
      fixLinefill(fixedBaseline, layout, baseline.linefillTonnes);
      loaded.load(fixedBaseline);
      baseline = solveRun('baseline', structure.baselineTimeline, true);
      if ('status' in baseline) {
        live.dispose();
        return baseline;
      }
    }
    const solveBaselineMs = clock() - solveStart;
    const baselineBasis = live.basis();
    const baselineColumns = Float64Array.from(live.solution().colValue);
    const baselineLinefill = baseline.linefillTonnes;
    const solvedBaseline = baseline;
    const reported = structure.report(baseline, undefined, cache);
    const baselineShares = reported.shares;
    const variants = variantLps(structure, baselineLinefill, cache, options.patchVariants ?? true);
    // Variants that only narrow bounds the baseline's optimum still meets have that optimum (see knownOptimum).
    const known = knownOptimum(variants.nominalLp, loaded.current(), baselineColumns);
    let disposed = false;
    const generation = highsGeneration();
    return {
      status: 'open',
      scenario,
      layout: structure.reportLayout,
      baseline: { ...baseline, ...reported.arrays },
      size,
      timings: { buildMs, solveBaselineMs },
      cache,
      structure,
      solved: { baseline, linefillShares: baselineShares },
      exportLp: () => live.exportLp(lpNames(layout, scenario.dates)),
      heapBytes: chosen.backend.native ? 0 : Math.max(estimate.heapBytes, highsHeapBytes() - heapBefore),
      generation,
      dispose: () => {
        // A model of a runtime that aborted died with it.
        if (!disposed && generation === highsGeneration()) live.dispose();
        disposed = true;
      },
      solve(variant, solveOptions = {}) {
        const { timeline, load, patches } = variants.of(variant);
        if (known && patches && solveOptions.fromBaseline && !solveOptions.withDuals && !solveOptions.withLpText && keepsOptimum(known, patches)) {
          const solution = reportRun(structure, { ...solvedBaseline, timeline, iterations: 0, shadow: undefined }, baselineShares, cache);
          const allocation = solveOptions.withAllocation ? summarizeAllocation(structure, solvedBaseline.flowTonnes, timeline) : undefined;
          return { solution, solveMs: 0, ...(allocation ? { allocation } : {}) };
        }
        return guardHighs(() => {
          load(loaded);
          // From the baseline's basis and nothing else the solver remembers (see startFrom).
          if (solveOptions.fromBaseline) live.startFrom(baselineBasis);
          const lpText = solveOptions.withLpText ? live.exportLp(lpNames(layout, scenario.dates)) : undefined;
          const runStart = clock();
          const solved = solveRun('scenario', timeline, solveOptions.withDuals);
          const solveMs = clock() - runStart;
          if ('status' in solved) return solved;
          const solution = reportRun(structure, solved, baselineShares, cache);
          const allocation = solveOptions.withAllocation ? summarizeAllocation(structure, solved.flowTonnes, timeline) : undefined;
          return { solution, solveMs, ...(lpText === undefined ? {} : { lpText }), ...(allocation ? { allocation } : {}) };
        });
      },
    };
  } catch (error) {
    model?.dispose();
    throw error;
  }
}


/**
 * The prepare stage of pro-rata allocation by nominations: the undisrupted plan (the baseline,
 * whose allocation rows are free, so placeholder nominations do not matter) solved once, and each
 * shipper's average daily flow through each pro-rata asset read from it.
 */
async function nominate(structure: SessionStructure, backend: SolverBackend, options: SessionOptions, cache: SolveCache): Promise<{ readonly plan: AllocationPlan; readonly basis: SolverBasis } | SolveFailure> {
  const { layout } = structure;
  const timeline = structure.baselineTimeline;
  const lp = buildLp(layout, structure.lpTimeline(timeline), true, cache);
  const size: ModelSize = { columns: lp.numCols, rows: lp.numRows, nonZeros: lp.values.length };
  const model = await backend.createModel(lp, { timeLimitSeconds: options.timeLimitSeconds, stallLimit: options.perturbAfterIterations ?? iterationLimit(size) });
  try {
    return guardHighs(() => {
      const status = model.solve();
      if (status.status !== 'optimal') return failureOf(model, status, 'baseline', layout, timeline.dates, size);
      const run = assignPrimal(model, layout, timeline, status.iterations);
      return { plan: nominationsFromRun(layout.allocation, layout.days, run.flowTonnes), basis: model.basis() };
    });
  } finally {
    model.dispose();
  }
}

function reportRun(structure: SessionStructure, run: RunSolution, shares: LinefillShares, cache: SolveCache): RunSolution {
  return { ...run, ...structure.report(run, shares, cache).arrays };
}

/**
 * Stage 2 for variants: the timeline of a variant and how to load its LP into the live model.
 * Variants that only take capacity away patch the nominal LP's bounds where their series differ
 * (see BoundsBlock) and send HiGHS only those; others build their whole LP.
 */
function variantLps(structure: SessionStructure, baselineLinefill: Float64Array, cache: SolveCache, patchVariants: boolean) {
  const { scenario, layout, nominal, nominalRouted } = structure;
  const assets = assetIds(structure.baselineTimeline);
  // The nominal LP with the oil under way fixed.
  const nominalLp = buildLp(layout, nominalRouted, false, cache);
  fixLinefill(nominalLp, layout, baselineLinefill);
  const blocks = boundsBlocks(layout, cache);
  const endValued = layout.stockBlocks.length > 0 || layout.graph.pairs.some((pair) => pair.link.transitDays > 0);
  const own = scenario.events.filter((event) => !isOutage(event));
  const outagesOnly = (variant: Scenario) => {
    if (variant.network !== scenario.network || variant.dates !== scenario.dates || variant.benchmark !== scenario.benchmark || variant.differentialOverrides !== scenario.differentialOverrides) return false;
    if (variant.discountRatePerYear !== scenario.discountRatePerYear || variant.foresight !== scenario.foresight) return false;
    const others = variant.events.filter((event) => !isOutage(event));
    return others.length === own.length && others.every((event, index) => event === own[index]);
  };
  return {
    nominalLp,
    of(variant: Scenario): { timeline: Timeline; load: (loaded: ReturnType<typeof liveLp>) => void; patches: readonly BoundsPatch[] | undefined } {
      const patchable = patchVariants && outagesOnly(variant);
      const timeline = patchable ? applyOutages(nominal, variant.events) : buildTimeline(variant, true);
      if (!patchable && (timeline.dates.length !== layout.days || assetIds(timeline) !== assets)) {
        throw new Error(`variant "${variant.id}" does not share the session's dates and assets`);
      }
      const routed = structure.lpTimeline(timeline);
      const stranded = structure.strandable(timeline);
      // Costs follow the nominal's while the last day (which values end stock) is the same, or
      // when nothing is valued at the end (no storage, no transit delays: a steady one-day game).
      const patches = patchable && (!endValued || sameLastDays(routed, nominalRouted)) ? boundsPatches(blocks, routed, nominalRouted) : undefined;
      if (patches) {
        patches.push(linefillPatch(layout, baselineLinefill, stranded), heldPatch(layout, baselineLinefill));
        const allocation = allocationPatch(layout, routed, nominalRouted);
        if (allocation) patches.push(allocation);
      }
      return {
        timeline,
        patches,
        load: (loaded) => {
          if (patches) {
            loaded.loadPatched(nominalLp, patches);
          } else {
            // Pro-rata rules are in force where the variant has less capacity than its nominal.
            const variantLp = buildLp(layout, routed, false, cache, routed, nominalRouted);
            fixLinefill(variantLp, layout, baselineLinefill, stranded);
            loaded.load(variantLp);
          }
        },
      };
    },
  };
}

// Wide but finite: HiGHS keeps the basis when a row's bounds widen, and rebuilds much of it
// when an equality becomes a free row.
const LINEFILL_SLACK = 1e9;

/**
 * Oil under way at the start, once chosen by the baseline, is data: fixed, and untied from day 0.
 * In a scenario, a train or tanker whose destination, or anything downstream of it, has lost
 * capacity may be unable to unload: such oil may fall short of the baseline's (stranded, lost to
 * the horizon) rather than make the plan infeasible. Other pairs stay fixed, so a scenario that
 * reduces nothing downstream of oil in transit keeps the baseline's LP exactly.
 */
export function fixLinefill(lp: LinearProgram, layout: LpLayout, linefillTonnes: Float64Array, strandable: ReadonlySet<number> = new Set()): void {
  const patch = linefillPatch(layout, linefillTonnes, strandable);
  lp.colLower.set(patch.lower, patch.first);
  lp.colUpper.set(patch.upper, patch.first);
  const held = heldPatch(layout, linefillTonnes);
  lp.rowUpper.set(held.upper, held.first);
  layout.linefillPairs.forEach((_, k) => {
    lp.rowLower[layout.rows.linefill + k] = -LINEFILL_SLACK;
    lp.rowUpper[layout.rows.linefill + k] = LINEFILL_SLACK;
  });
}

/** The bounds of the oil under way at the start: the baseline's, or down to none where it may be stranded. */
function linefillPatch(layout: LpLayout, linefillTonnes: Float64Array, strandable: ReadonlySet<number>): BoundsPatch {
  const count = layout.linefillPairs.length;
  const lower = new Float64Array(count);
  const upper = new Float64Array(count);
  layout.linefillPairs.forEach((pairIndex, k) => {
    const value = linefillTonnes[k]! / TONNES_PER_UNIT;
    lower[k] = strandable.has(pairIndex) ? 0 : value;
    upper[k] = value;
  });
  return { on: 'columns', first: layout.linefillColumn, lower, upper };
}

/** The held blocks' growth rows (see heldArrivals): the oil under way at the start, as it arrives. */
export function heldPatch(layout: LpLayout, linefillTonnes: Float64Array): BoundsPatch {
  const upper = heldArrivals(layout, () => 0, (_, k) => linefillTonnes[k]!).map((tonnes) => tonnes / TONNES_PER_UNIT);
  return { on: 'rows', first: layout.rows.held, lower: new Float64Array(upper.length).fill(-Infinity), upper };
}

/** Whether every capacity that end values read (see endValues) ends on the same value in both timelines. */
function sameLastDays(timeline: Timeline, reference: Timeline): boolean {
  const last = timeline.dates.length - 1;
  for (const name of ['linkCapacity', 'nodeThroughput', 'marketIntake'] as const) {
    for (const [id, series] of timeline[name]) {
      const referenceSeries = reference[name].get(id);
      if (series !== referenceSeries && series[last] !== referenceSeries?.[last]) return false;
    }
  }
  return true;
}
