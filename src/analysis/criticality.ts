import type { Scenario } from '../scenario/scenario.ts';
import { allAssets, closureEvents, isNode, windowOf } from './analysis-base.ts';
import { concentration, exportsByStateAndRoute, transitShares } from './concentration.ts';
import { round } from './rounding.ts';
import { byGasImpact, gasImpactOf, GAS_RANKING } from './gas-impact.ts';
import { isGas } from '../model/network.ts';
import type { CriticalityReport } from './analysis-schemas.ts';
import { newSessionKey, type Progress, type VariantOutcome, type VariantRequest, type VariantResult, type VariantRunner } from './variants.ts';

export interface CriticalityOptions {
  readonly closureDays: number;
  /** 1: every asset alone; 2: also pairs, pruned by an upper bound (see `pairs`). */
  readonly order?: 1 | 2;
  /** With order 2: how many of the worst pairs to find exactly (default 20). */
  readonly topPairs?: number;
  /** Restrict to these assets (default: every node and link; on gas, not the markets with a demand curve). */
  readonly assets?: readonly string[];
  readonly onProgress?: Progress | undefined;
}

/**
 * N-1 (and N-2) over the network's assets: each closed alone for the closure, oil rerouted
 * optimally, the loss measured against the shared baseline.
 */
export async function criticality(base: Scenario, runner: VariantRunner, options: CriticalityOptions): Promise<CriticalityReport | Failure> {
  const network = base.network;
  // On gas, a market with a demand curve is the consumers themselves, not supply infrastructure:
  // closing it "loses" its whole demand, which says nothing about security of supply.
  const consumers = (asset: ReturnType<typeof allAssets>[number]) => isGas(network) && isNode(asset) && asset.kind === 'market' && asset.demand !== undefined;
  const assets = allAssets(network).filter((asset) => (options.assets ? options.assets.includes(asset.id) : !consumers(asset)));
  const closable = assets.filter(isNode).map((node) => node.id);
  const requests: VariantRequest[] = [
    { key: 'baseline', events: [], detail: 'flows' },
    ...assets.map((asset) => ({ key: asset.id, events: closureEvents(base, [asset.id], options.closureDays) })),
  ];
  const sessionKey = newSessionKey('criticality');
  const singles = await runner.run({ base, closable, requests, sessionKey }, options.onProgress);
  if (singles.status !== 'optimal') return singles;
  const [reference, ...closures] = singles.outcomes as [VariantOutcome, ...VariantOutcome[]];
  if (reference.status !== 'optimal' || !reference.result) return { status: 'not-solved', run: 'baseline', message: 'the baseline could not be re-solved', conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
  const baseline = reference.result;
  const exporters = exportingStates(baseline);
  const closureShare = Math.min(options.closureDays, base.dates.length) / base.dates.length;

  const rows = closures.map((outcome, index) => assetRow(assets[index]!, outcome, baseline, exporters));
  const gas = isGas(network);
  rows.sort(gas ? byGasLoss : byLoss);

  let pairs: CriticalityReport['pairs'] = undefined;
  let solves = singles.outcomes.length;
  let wallMs = singles.wallMs;
  let solveMs = singles.solveMs;
  if ((options.order ?? 1) === 2) {
    const found = await worstPairs(base, runner, options, assets, reference.linkFlows ?? [], rows, baseline, exporters, closable, sessionKey);
    if ('status' in found) return found;
    pairs = found.pairs;
    solves += found.solves;
    wallMs += found.wallMs;
    solveMs += found.solveMs;
  }

  // Security-of-supply indicators adapted to exporters.
  const byStateRoute = exportsByStateAndRoute(baseline);
  const tracing = transitShares(network, reference.linkFlows ?? []);
  const indicators = exporters.map((state) => {
    const routes = byStateRoute.get(state) ?? new Map<string, number>();
    const exportsTonnes = [...routes.values()].reduce((sum, value) => sum + value, 0);
    const windowExports = exportsTonnes * closureShare;
    let worst = { asset: '', lost: 0 };
    for (const row of rows) {
      const lost = row.exportsLostByState.find((entry) => entry.state === state)?.tonnes ?? 0;
      if (lost > worst.lost) worst = { asset: row.asset, lost };
    }
    const dependency = transitDependency(baseline, tracing, state);
    return {
      state,
      baselineExportsTonnes: round(exportsTonnes, 0),
      exportN1: {
        largestAsset: worst.asset,
        exportsLostTonnes: round(worst.lost, 0),
        shareDeliverable: round(windowExports > 0 ? Math.max(0, 1 - worst.lost / windowExports) : 1, 4),
      },
      routeConcentration: roundConcentration(concentration([...routes.values()])),
      routes: [...routes].map(([route, tonnes]) => ({ route, share: round(exportsTonnes > 0 ? tonnes / exportsTonnes : 0, 4) })).sort((a, b) => b.share - a.share || a.route.localeCompare(b.route)),
      transitConcentration: roundConcentration(concentration(dependency.map((entry) => entry.share))),
      dependency,
    };
  });

  return {
    analysis: 'criticality',
    network: network.id,
    window: windowOf(base, options.closureDays),
    ...(gas ? { units: { energy: 'MWh' as const, currency: network.commodity.currency ?? 'EUR' }, rankedBy: GAS_RANKING } : {}),
    baseline: { exportsTonnes: round(baseline.baseline.exportsTonnes, 0), revenueUsd: round(baseline.baseline.revenueUsd, 0), netbackUsd: round(baseline.baseline.netbackUsd, 0) },
    assets: rows,
    ...(pairs ? { pairs } : {}),
    indicators,
    performance: { solves, workers: singles.workers, wallMs: Math.round(wallMs), solveMs: Math.round(solveMs), baselineSolveMs: Math.round(singles.baselineSolveMs) },
  };
}

type Failure = Exclude<Awaited<ReturnType<VariantRunner['run']>>, { status: 'optimal' }>;
type AssetRow = CriticalityReport['assets'][number];

function exportingStates(baseline: VariantResult): string[] {
  return [...new Set(baseline.baseline.exportsByRoute.flatMap((route) => (route.byOrigin ?? []).filter((origin) => origin.tonnes > 0).map((origin) => origin.state)))].sort();
}

function exportsOfState(summary: VariantResult['baseline'], state: string): number {
  return summary.exportsByRoute.reduce((total, route) => total + (route.byOrigin ?? []).filter((origin) => origin.state === state).reduce((sum, origin) => sum + origin.tonnes, 0), 0);
}

function assetRow(asset: ReturnType<typeof allAssets>[number], outcome: VariantOutcome, baseline: VariantResult, exporters: readonly string[]): AssetRow {
  const kind = isNode(asset) ? asset.kind : `link:${asset.kind}`;
  return closureRow([asset.id], kind, outcome, baseline, exporters);
}

function closureRow(ids: readonly string[], kind: string, outcome: VariantOutcome, baseline: VariantResult, exporters: readonly string[]): AssetRow {
  const asset = ids.join(' + ');
  if (outcome.status !== 'optimal' || !outcome.result) {
    return { asset, kind, status: outcome.status, message: outcome.status === 'optimal' ? '' : outcome.message, exportsLostTonnes: 0, revenueLostUsd: 0, netbackLostUsd: 0, shutInTonnes: 0, budgetLossByState: [], exportsLostByState: [] };
  }
  const impact = outcome.result.impact;
  return {
    asset,
    kind,
    status: 'optimal',
    exportsLostTonnes: round(impact.exportsLostTonnes, 0),
    revenueLostUsd: round(impact.revenueLostUsd, 0),
    netbackLostUsd: round(impact.netbackLostUsd, 0),
    shutInTonnes: round(impact.productionShutInTonnes, 0),
    budgetLossByState: impact.budgetLossByState.map((row) => ({ state: row.state, lossUsd: round(row.lossUsd, 0) })),
    exportsLostByState: exporters.map((state) => ({ state, tonnes: round(exportsOfState(baseline.baseline, state) - exportsOfState(outcome.result!.scenario, state), 0) })),
    ...(outcome.result.gas ? { gas: gasImpactOf(outcome.result.gas) } : {}),
  };
}

function byLoss(a: AssetRow, b: AssetRow): number {
  return b.revenueLostUsd - a.revenueLostUsd || b.exportsLostTonnes - a.exportsLostTonnes || a.asset.localeCompare(b.asset);
}

/** Gas networks: firm demand unserved, demand priced out, cost (see byGasImpact); then as crude. */
function byGasLoss(a: AssetRow, b: AssetRow): number {
  return byGasImpact(a.gas, b.gas) || byLoss(a, b);
}

function roundConcentration(value: { hhi: number; shannon: number }) {
  return { hhi: round(value.hhi, 0), shannon: round(value.shannon, 4) };
}

/** Share of a state's baseline exports that cross each other state's territory. */
function transitDependency(baseline: VariantResult, tracing: ReadonlyMap<string, ReadonlyMap<string, number>>, state: string): { transitState: string; share: number }[] {
  const fields = baseline.baseline.byField.filter((field) => field.state === state);
  const exported = new Map<string, number>();
  for (const route of baseline.baseline.exportsByRoute) for (const origin of route.byOrigin ?? []) if (origin.state === state) exported.set(origin.field, (exported.get(origin.field) ?? 0) + origin.tonnes);
  const total = [...exported.values()].reduce((sum, value) => sum + value, 0);
  const shares = new Map<string, number>();
  for (const field of fields) {
    const tonnes = exported.get(field.field) ?? 0;
    for (const [transit, share] of tracing.get(field.field) ?? []) shares.set(transit, (shares.get(transit) ?? 0) + (total > 0 ? (tonnes * share) / total : 0));
  }
  return [...shares]
    .filter(([, share]) => share > 1e-6)
    .map(([transitState, share]) => ({ transitState, share: round(share, 4) }))
    .sort((a, b) => b.share - a.share || a.transitState.localeCompare(b.transitState));
}

/**
 * How pairs are ranked and pruned. `order` ranks solved rows (the worst first); `first` is the
 * ranking's leading measure of a solved row, and `bound` an estimate of the most a pair can lose in
 * that measure when the baseline moved `flow` (tonnes, or MWh on gas) through its two assets
 * during the closure. A pair whose bound falls below the k-th worst `first` found cannot rank above it.
 */
interface PairMeasure {
  readonly order: (a: AssetRow, b: AssetRow) => number;
  readonly first: (row: AssetRow) => number;
  readonly bound: (flow: number, a: string, b: string) => number;
}

/** Crude: revenue lost, bounded by the revenue of what the two assets carried. */
function revenueMeasure(baseline: VariantResult, singles: readonly AssetRow[]): PairMeasure {
  // Revenue per tonne of the baseline (all crudes), the value that closing a tonne of flow can lose.
  const perTonne = baseline.baseline.exportsTonnes > 0 ? baseline.baseline.revenueUsd / baseline.baseline.exportsTonnes : 0;
  const alone = new Map(singles.map((row) => [row.asset, row.revenueLostUsd]));
  return {
    order: byLoss,
    first: (row) => row.revenueLostUsd,
    // Never below what either asset loses alone, never above the value of the flows they carry.
    bound: (flow, a, b) => Math.max(flow * perTonne * SAFETY, alone.get(a) ?? 0, alone.get(b) ?? 0),
  };
}

/**
 * Gas: firm demand unserved leads the ranking (then priced out, then cost). The baseline plan less
 * the gas that went through the pair is still feasible, and it leaves unserved at each market at
 * most the gas of the pair's that reached it (traced through the baseline flows), and at most the
 * market's firm demand. The optimum may trade more unserved demand only against something dearer
 * (a higher value of lost load elsewhere, a storage obligation), and closure-day flows differ from
 * the horizon's average: the bound carries the crude margin. When even the k-th worst pair leaves
 * nothing unserved, no pair can be skipped.
 */
function gasMeasure(network: Scenario['network'], baseline: VariantResult, flows: readonly { link: string; tonnes: number }[], share: number, singles: readonly AssetRow[]): PairMeasure {
  const unserved = (row: AssetRow) => row.gas?.unservedMWh ?? 0;
  const alone = new Map(singles.map((row) => [row.asset, unserved(row)]));
  const firm = new Map((baseline.gas?.demand ?? []).map((row) => [row.market, row.referenceMWh * (row.priceSteps.find((step) => step.price >= row.valueOfLostLoad)?.share ?? 1)]));
  const traced = new Map(singles.map((row) => [row.asset, tracedDeliveries(network, flows, row.asset)]));
  return {
    order: byGasLoss,
    first: unserved,
    bound: (_flow, a, b) => {
      const [x, y] = [traced.get(a), traced.get(b)];
      let total = 0;
      for (const [market, mwh] of firm) total += Math.min(mwh, ((x?.get(market) ?? 0) + (y?.get(market) ?? 0)) * share);
      return Math.max(total * SAFETY, alone.get(a) ?? 0, alone.get(b) ?? 0);
    },
  };
}

/**
 * The baseline gas that went through an asset and reached each market over the horizon, by
 * tracing aggregate flows: at every node the inflow mixes, so the share that went through the
 * asset leaves on every outgoing link in the same proportion.
 */
function tracedDeliveries(network: Scenario['network'], flows: readonly { link: string; tonnes: number }[], asset: string): Map<string, number> {
  const links = new Map(network.links.map((link) => [link.id, link]));
  const carried = new Map<string, number>();
  for (const flow of flows) if (flow.tonnes > 0) carried.set(flow.link, (carried.get(flow.link) ?? 0) + flow.tonnes);
  const inflow = new Map<string, number>();
  for (const [id, amount] of carried) inflow.set(links.get(id)!.to, (inflow.get(links.get(id)!.to) ?? 0) + amount);
  // through(node) = share of the gas arriving at the node that went through the asset.
  let through = new Map<string, number>();
  const leaving = (node: string) => (node === asset ? 1 : (through.get(node) ?? 0));
  for (let pass = 0; pass <= network.nodes.length; pass += 1) {
    const arrived = new Map<string, number>();
    for (const [id, amount] of carried) {
      const link = links.get(id)!;
      const part = amount * (id === asset ? 1 : leaving(link.from));
      if (part > 0) arrived.set(link.to, (arrived.get(link.to) ?? 0) + part);
    }
    const next = new Map([...arrived].map(([node, amount]) => [node, amount / inflow.get(node)!]));
    const changed = [...next].some(([node, value]) => Math.abs(value - (through.get(node) ?? 0)) > 1e-9) || next.size !== through.size;
    through = next;
    if (!changed) break;
  }
  const markets = new Map<string, number>();
  for (const node of network.nodes) if (node.kind === 'market' && inflow.has(node.id)) markets.set(node.id, inflow.get(node.id)! * leaving(node.id));
  return markets;
}

/** Baseline throughput of every asset over the horizon: what leaves a node (or what a market takes), what a link carries. */
function throughputs(network: Scenario['network'], flows: readonly { link: string; commodity: string; tonnes: number }[]): Map<string, number> {
  const through = new Map<string, number>();
  const add = (id: string, amount: number) => through.set(id, (through.get(id) ?? 0) + amount);
  for (const flow of flows) {
    const link = network.links.find((candidate) => candidate.id === flow.link)!;
    add(link.id, flow.tonnes);
    add(link.from, flow.tonnes);
    if (network.nodes.find((node) => node.id === link.to)?.kind === 'market') add(link.to, flow.tonnes);
  }
  return through;
}

/** A solved pair with what it loses beyond its two assets alone (> 0 when they back each other up). */
function pairRow(row: AssetRow, singles: ReadonlyMap<string, AssetRow>): NonNullable<CriticalityReport['pairs']>['top'][number] {
  const [a, b] = row.asset.split(' + ') as [string, string];
  const [x, y] = [singles.get(a), singles.get(b)];
  const beyond = (pick: (row: AssetRow) => number) => round(pick(row) - (x ? pick(x) : 0) - (y ? pick(y) : 0), 0);
  return {
    ...row,
    assets: [a, b],
    synergyUsd: beyond((entry) => entry.revenueLostUsd),
    ...(row.gas ? { synergyGas: { unservedMWh: beyond((entry) => entry.gas?.unservedMWh ?? 0), destroyedMWh: beyond((entry) => entry.gas?.destroyedMWh ?? 0), cost: beyond((entry) => entry.gas?.cost ?? 0) } } : {}),
  };
}

/**
 * The worst pairs without solving all of them: pairs are solved in order of an estimated bound
 * on their loss (`PairMeasure`; with a margin, it is not a proof) until it falls below the k-th
 * worst loss found. Pairs of assets that carried nothing lose nothing (the baseline plan stays
 * feasible) and are never solved.
 */
async function worstPairs(
  base: Scenario,
  runner: VariantRunner,
  options: CriticalityOptions,
  assets: ReturnType<typeof allAssets>,
  flows: readonly { link: string; commodity: string; tonnes: number }[],
  singles: readonly AssetRow[],
  baseline: VariantResult,
  exporters: readonly string[],
  closable: readonly string[],
  sessionKey: string,
): Promise<{ pairs: NonNullable<CriticalityReport['pairs']>; solves: number; wallMs: number; solveMs: number } | Failure> {
  const top = options.topPairs ?? 20;
  const share = Math.min(options.closureDays, base.dates.length) / base.dates.length;
  const measure = isGas(base.network) ? gasMeasure(base.network, baseline, flows, share, singles) : revenueMeasure(baseline, singles);
  const through = throughputs(base.network, flows);
  const candidates: { ids: [string, string]; bound: number }[] = [];
  for (let i = 0; i < assets.length; i += 1) {
    for (let j = i + 1; j < assets.length; j += 1) {
      const a = assets[i]!.id;
      const b = assets[j]!.id;
      const flow = (through.get(a) ?? 0) + (through.get(b) ?? 0);
      if (flow > 0) candidates.push({ ids: [a, b], bound: measure.bound(flow * share, a, b) });
    }
  }
  candidates.sort((x, y) => y.bound - x.bound || x.ids.join().localeCompare(y.ids.join()));
  const found: AssetRow[] = [];
  let solves = 0;
  let wallMs = 0;
  let solveMs = 0;
  let next = 0;
  const batchSize = Math.max(8, runner.workers * 8);
  while (next < candidates.length) {
    const threshold = found.length >= top ? measure.first(found[top - 1]!) : -Infinity;
    if (candidates[next]!.bound < threshold) break;
    const batch = candidates.slice(next, next + batchSize);
    next += batch.length;
    const outcome = await runner.run({ base, closable, sessionKey, requests: batch.map((pair) => ({ key: pair.ids.join('+'), events: closureEvents(base, pair.ids, options.closureDays) })) });
    if (outcome.status !== 'optimal') return outcome;
    solves += batch.length;
    wallMs += outcome.wallMs;
    solveMs += outcome.solveMs;
    batch.forEach((pair, index) => found.push(closureRow(pair.ids, 'pair', outcome.outcomes[index]!, baseline, exporters)));
    found.sort(measure.order);
    options.onProgress?.(next, candidates.length);
  }
  const byAsset = new Map(singles.map((row) => [row.asset, row]));
  const rows = found.slice(0, top).map((row) => pairRow(row, byAsset));
  return { pairs: { top: rows, evaluated: solves, candidates: candidates.length, total: (assets.length * (assets.length - 1)) / 2 }, solves, wallMs, solveMs };
}

/**
 * Revenue lost can exceed the tonnes closed times the average revenue per tonne when prices
 * differ by crude, and deferred oil loses some value after the closure; the bound carries a
 * margin for both.
 */
const SAFETY = 1.5;
