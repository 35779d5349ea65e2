import type { Network } from '../model/network.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { allAssets, closureEvents, infrastructureUnderJurisdiction, isNode, windowOf } from './analysis-base.ts';
import type { LeverageReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import { gasImpactOf } from './gas-impact.ts';
import { isGas } from '../model/network.ts';
import { newSessionKey, type BatchOutcome, type Progress, type VariantResult, type VariantRunner } from './variants.ts';

export interface LeverageOptions {
  /** Actors whose closures to simulate (default: every actor with jurisdiction over an asset). */
  readonly actors?: readonly string[];
  /** Closure lengths to sweep (days); each needs its own base, built by `baseFor`. */
  readonly sweepDays?: readonly number[];
  readonly baseFor?: (closureDays: number) => Scenario;
  /** Also close each closer's assets one at a time and report its most efficient lever on each target. */
  readonly levers?: boolean;
  readonly onProgress?: Progress | undefined;
}

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;
interface Closed {
  readonly results: Map<string, VariantResult>;
  readonly performance: LeverageReport['performance'];
}

/**
 * Each actor with jurisdiction closes everything on its territory for the closure; every other
 * actor's loss is set against the closer's own cost (tariffs, fiscal take on its own oil,
 * equity in the fields and links that stop).
 */
export async function leverage(base: Scenario, closureDays: number, runner: VariantRunner, options: LeverageOptions = {}): Promise<LeverageReport | Failure> {
  const network = base.network;
  const actors = options.actors ?? jurisdictionHolders(network);
  const main = await closeEach(base, closureDays, actors, runner, options.onProgress);
  if ('status' in main) return main;
  let performance = main.performance;

  const actorRows = actors.map((actor) => {
    const result = main.results.get(actor)!;
    const own = result.impact.byActor.find((row) => row.actor === actor);
    return {
      actor,
      assetsClosed: infrastructureUnderJurisdiction(network, actor),
      actorCostUsd: round(own?.lossUsd ?? 0, 0),
      tariffLostUsd: round(own?.tariffUsd ?? 0, 0),
      fiscalLostUsd: round(own?.fiscalUsd ?? 0, 0),
      equityLostUsd: round(own?.fieldEquityUsd ?? 0, 0),
      exportsLostTonnes: round(result.impact.exportsLostTonnes, 0),
      revenueLostUsd: round(result.impact.revenueLostUsd, 0),
      ...(result.gas ? { gas: gasImpactOf(result.gas) } : {}),
    };
  });
  const pairs = actors.flatMap((actor) => pairsOf(network, actor, closureDays, main.results.get(actor)!));
  pairs.sort((a, b) => b.targetLossUsd - a.targetLossUsd || a.actor.localeCompare(b.actor) || a.target.localeCompare(b.target));

  let sweep: LeverageReport['sweep'] = undefined;
  if (options.sweepDays && options.sweepDays.length > 0 && options.baseFor) {
    const days = [...new Set(options.sweepDays)].sort((a, b) => a - b);
    const byDays = new Map<number, Map<string, VariantResult>>();
    for (const length of days) {
      const swept: Closed | Failure = length === closureDays ? main : await closeEach(options.baseFor(length), length, actors, runner, undefined);
      if ('status' in swept) return swept;
      if (swept !== main) performance = addPerformance(performance, swept.performance);
      byDays.set(length, swept.results);
      options.onProgress?.(byDays.size, days.length);
    }
    // One curve per pair that matters at the main closure length.
    sweep = pairs
      .filter((pair) => pair.targetLossUsd > 0)
      .map((pair) => {
        let previous = { days: 0, loss: 0 };
        const points = days.map((length) => {
          const result = byDays.get(length)!.get(pair.actor)!;
          const loss = result.impact.byActor.find((row) => row.actor === pair.target)?.lossUsd ?? 0;
          const cost = result.impact.byActor.find((row) => row.actor === pair.actor)?.lossUsd ?? 0;
          const marginal = (loss - previous.loss) / (length - previous.days);
          previous = { days: length, loss };
          return { days: length, targetLossUsd: round(loss, 0), actorCostUsd: round(cost, 0), ratio: ratioOf(loss, cost), marginalLossPerDayUsd: round(marginal, 0) };
        });
        const fullRate = Math.max(...points.map((point) => point.marginalLossPerDayUsd));
        const saturated = points.find((point) => fullRate > 0 && point.marginalLossPerDayUsd >= 0.9 * fullRate);
        return { actor: pair.actor, target: pair.target, points, bufferDays: saturated ? saturated.days : null };
      });
  }

  let levers: LeverageReport['levers'] = undefined;
  if (options.levers) {
    const found = await singleLevers(base, closureDays, actors, runner);
    if ('status' in found) return found;
    levers = found.levers;
    performance = addPerformance(performance, found.performance);
  }

  return {
    analysis: 'leverage',
    network: network.id,
    ...(isGas(network) ? { units: { energy: 'MWh' as const, currency: network.commodity.currency ?? 'EUR' } } : {}),
    window: windowOf(base, closureDays),
    actors: actorRows,
    pairs,
    ...(levers ? { levers } : {}),
    ...(sweep ? { sweep } : {}),
    performance,
  };
}

/** Actors with jurisdiction over infrastructure: those who can close something by decree. */
export function jurisdictionHolders(network: Network): string[] {
  const holders = new Set(allAssets(network).filter((asset) => !isNode(asset) || (asset.kind !== 'field' && asset.kind !== 'market')).flatMap((asset) => asset.jurisdiction));
  return network.actors.filter((actor) => holders.has(actor.id)).map((actor) => actor.id);
}

async function closeEach(base: Scenario, closureDays: number, actors: readonly string[], runner: VariantRunner, onProgress: Progress | undefined): Promise<Closed | Failure> {
  const network = base.network;
  const closable = allAssets(network).filter(isNode).map((node) => node.id);
  const outcome = await runner.run(
    {
      base,
      closable,
      sessionKey: newSessionKey('leverage'),
      requests: actors.map((actor) => ({ key: actor, events: closureEvents(base, infrastructureUnderJurisdiction(network, actor), closureDays, actor) })),
    },
    onProgress,
  );
  if (outcome.status !== 'optimal') return outcome;
  const results = new Map<string, VariantResult>();
  for (const [index, variant] of outcome.outcomes.entries()) {
    if (variant.status !== 'optimal' || !variant.result) {
      return { status: 'not-solved' as const, run: 'scenario' as const, message: `closing everything under ${actors[index]} for ${closureDays} days: ${variant.status === 'optimal' ? 'no result' : variant.message}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
    }
    results.set(actors[index]!, variant.result);
  }
  return { results, performance: { solves: outcome.outcomes.length, workers: outcome.workers, wallMs: Math.round(outcome.wallMs), solveMs: Math.round(outcome.solveMs), baselineSolveMs: Math.round(outcome.baselineSolveMs) } };
}

function addPerformance(a: LeverageReport['performance'], b: LeverageReport['performance']): LeverageReport['performance'] {
  return { solves: a.solves + b.solves, workers: Math.max(a.workers, b.workers), wallMs: a.wallMs + b.wallMs, solveMs: a.solveMs + b.solveMs, baselineSolveMs: a.baselineSolveMs + b.baselineSolveMs };
}

function ratioOf(loss: number, cost: number): number | null {
  return cost > 0 ? round(loss / cost, 2) : null;
}

function pairsOf(network: Network, actor: string, days: number, result: VariantResult): LeverageReport['pairs'] {
  const cost = result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
  return result.impact.byActor
    .filter((row) => row.actor !== actor && row.lossUsd !== 0)
    .map((row) => {
      const before = exportsOf(network, result.baseline, row.actor);
      const after = exportsOf(network, result.scenario, row.actor);
      return {
        actor,
        target: row.actor,
        days,
        targetLossUsd: round(row.lossUsd, 0),
        actorCostUsd: round(cost, 0),
        ratio: ratioOf(row.lossUsd, cost),
        targetExportsTonnes: round(before, 0),
        targetExportsSafeShare: round(before > 0 ? Math.min(1, after / before) : 1, 4),
      };
    });
}

/** A state's exports are its fields' oil; a company's are its equity share of each field's. */
function exportsOf(network: Network, summary: VariantResult['baseline'], actor: string): number {
  const weight = new Map<string, number>();
  for (const node of network.nodes) {
    if (node.kind !== 'field') continue;
    const share = node.taxedBy === actor ? 1 : (node.owners.find((owner) => owner.actor === actor)?.share ?? 0);
    if (share > 0) weight.set(node.id, share);
  }
  let tonnes = 0;
  for (const route of summary.exportsByRoute) for (const origin of route.byOrigin ?? []) tonnes += origin.tonnes * (weight.get(origin.field) ?? 0);
  return tonnes;
}

/**
 * Each closer's assets closed one at a time. For every target, the most efficient lever: the
 * asset with the highest loss / own cost among those that cost the target at least a quarter of
 * the most any single asset of that closer can (so a trivial lever does not win on the ratio).
 */
async function singleLevers(base: Scenario, closureDays: number, actors: readonly string[], runner: VariantRunner): Promise<{ levers: NonNullable<LeverageReport['levers']>; performance: LeverageReport['performance'] } | Failure> {
  const network = base.network;
  const requests = actors.flatMap((actor) => infrastructureUnderJurisdiction(network, actor).map((asset) => ({ key: `${actor}|${asset}`, events: closureEvents(base, [asset], closureDays, actor) })));
  const closable = allAssets(network).filter(isNode).map((node) => node.id);
  const outcome = await runner.run({ base, closable, sessionKey: newSessionKey('levers'), requests });
  if (outcome.status !== 'optimal') return outcome;
  const levers: NonNullable<LeverageReport['levers']> = [];
  for (const actor of actors) {
    const rows = outcome.outcomes.flatMap((variant, index) => {
      const [closer, asset] = requests[index]!.key.split('|') as [string, string];
      return closer === actor && variant.status === 'optimal' && variant.result ? [{ asset, result: variant.result }] : [];
    });
    const targets = new Set(rows.flatMap((row) => row.result.impact.byActor.filter((loss) => loss.actor !== actor && loss.lossUsd > 0).map((loss) => loss.actor)));
    for (const target of targets) {
      const options = rows.map((row) => {
        const impact = row.result.impact;
        const loss = impact.byActor.find((entry) => entry.actor === target)?.lossUsd ?? 0;
        const cost = impact.byActor.find((entry) => entry.actor === actor)?.lossUsd ?? 0;
        return { asset: row.asset, loss, cost };
      });
      const most = Math.max(...options.map((option) => option.loss));
      const efficiency = (option: { loss: number; cost: number }) => (option.cost > 0 ? option.loss / option.cost : Infinity);
      const best = options.filter((option) => option.loss >= 0.25 * most).sort((a, b) => efficiency(b) - efficiency(a) || b.loss - a.loss || a.asset.localeCompare(b.asset))[0];
      if (!best || best.loss <= 0) continue;
      levers.push({ actor, target, asset: best.asset, days: closureDays, targetLossUsd: round(best.loss, 0), actorCostUsd: round(best.cost, 0), ratio: ratioOf(best.loss, best.cost) });
    }
  }
  levers.sort((a, b) => b.targetLossUsd - a.targetLossUsd || a.actor.localeCompare(b.actor) || a.target.localeCompare(b.target));
  return { levers, performance: { solves: requests.length, workers: outcome.workers, wallMs: Math.round(outcome.wallMs), solveMs: Math.round(outcome.solveMs), baselineSolveMs: Math.round(outcome.baselineSolveMs) } };
}
