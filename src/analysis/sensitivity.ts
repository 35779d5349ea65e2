import type { Network, NetworkNode } from '../model/network.ts';
import type { Scenario } from '../scenario/scenario.ts';
import type { SensitivityParameter } from '../scenario/sensitivity.ts';
import type { RunResult } from './result-schema.ts';
import { round } from './rounding.ts';

/** The headline figures a parameter can move: netback lost, budget losses, disruptors' own costs. */
export interface HeadlineFigures {
  readonly netbackLostUsd: number;
  readonly budgetLossUsd: Readonly<Record<string, number>>;
  readonly disruptorCostUsd: Readonly<Record<string, number>>;
}

export type SensitivityRow = NonNullable<RunResult['sensitivity']>[number];

/** Solves a variant of the scenario (same events, another network) and returns its result. */
export type SolveVariant = (scenario: Scenario) => Promise<RunResult | undefined>;

/**
 * How the headline moves across each parameter's range. Fiscal takes and tariff income shares
 * only split money the LP has already allocated (its objective is the pre-tax netback of the
 * whole network), so they are re-accounted exactly from the result; a restart ramp, which the LP
 * does not have, is counted after the solve; capacities and costs are re-solved.
 */
export async function sensitivity(scenario: Scenario, result: RunResult, parameters: readonly SensitivityParameter[], solveVariant: SolveVariant): Promise<SensitivityRow[]> {
  const base = headlineOf(result);
  const rows: SensitivityRow[] = [];
  for (const parameter of parameters) {
    const atLow = await figuresAt(parameter, parameter.low, scenario, result, solveVariant);
    const atHigh = await figuresAt(parameter, parameter.high, scenario, result, solveVariant);
    rows.push({
      parameter: parameter.id,
      name: parameter.name,
      kind: parameter.kind,
      unit: parameter.unit,
      base: round(parameter.base, 6),
      low: round(parameter.low, 6),
      high: round(parameter.high, 6),
      metric: parameter.metric,
      method: parameter.kind === 'fiscalTake' || parameter.kind === 'tariffIncomeShare' ? 're-accounted' : parameter.kind === 'restartRampDays' ? 'counted after the solve' : 're-solved',
      lossBaseUsd: metricOf(base, parameter.metric),
      lossLowUsd: atLow ? metricOf(atLow, parameter.metric) : null,
      lossHighUsd: atHigh ? metricOf(atHigh, parameter.metric) : null,
      atLow: atLow ?? null,
      atHigh: atHigh ?? null,
      source: parameter.source,
    });
  }
  return rows;
}

export function headlineOf(result: RunResult): HeadlineFigures {
  return {
    netbackLostUsd: result.impact.netbackLostUsd,
    budgetLossUsd: Object.fromEntries(result.impact.budgetLossByState.map((row) => [row.state, row.lossUsd])),
    disruptorCostUsd: Object.fromEntries(result.impact.disruptors.map((row) => [row.actor, row.ownCostUsd])),
  };
}

/** One headline figure: `netback`, `budget:STATE` or `disruptor:ACTOR`. */
export function metricOf(figures: HeadlineFigures, metric: string): number {
  const [kind, id] = metric.split(':') as [string, string | undefined];
  if (kind === 'budget') return figures.budgetLossUsd[id!] ?? 0;
  if (kind === 'disruptor') return figures.disruptorCostUsd[id!] ?? 0;
  return figures.netbackLostUsd;
}

async function figuresAt(parameter: SensitivityParameter, value: number, scenario: Scenario, result: RunResult, solveVariant: SolveVariant): Promise<HeadlineFigures | undefined> {
  const network = scenario.network;
  switch (parameter.kind) {
    case 'fiscalTake':
      return fiscalTakeAt(parameter.assets, value, network, result);
    case 'tariffIncomeShare':
      return tariffShareAt(parameter.assets, value, result);
    case 'restartRampDays':
      return rampAt(parameter.assets, value, network, result);
    case 'storageCapacity':
    case 'shutInCostFactor': {
      const patched = patchNetwork(network, parameter, value);
      const variant = await solveVariant({ ...scenario, network: patched });
      return variant ? headlineOf(variant) : undefined;
    }
  }
}

/** The same result with the fields' take at `value`: the fiscal loss scales, the owners' after-tax loss moves the other way. */
function fiscalTakeAt(fields: readonly string[], value: number, network: Network, result: RunResult): HeadlineFigures {
  const adjust = adjuster(headlineOf(result));
  for (const id of fields) {
    const field = network.nodes.find((node) => node.id === id);
    const before = result.baseline.byField.find((row) => row.field === id);
    const after = result.scenario.byField.find((row) => row.field === id);
    if (field?.kind !== 'field' || !before || !after || field.fiscalTake === 0) continue;
    const delta = (before.fiscalUsd - after.fiscalUsd) * (value / field.fiscalTake - 1);
    adjust.state(field.taxedBy, delta);
    for (const owner of field.owners) adjust.actor(owner.actor, -delta * owner.share);
  }
  return adjust.figures();
}

/** Disruptors earn only `share` of the tariffs they lose on these links. */
function tariffShareAt(links: readonly string[], share: number, result: RunResult): HeadlineFigures {
  const adjust = adjuster(headlineOf(result));
  for (const row of result.impact.byShareholder) {
    if (row.assetKind === 'link' && links.includes(row.asset)) adjust.actor(row.actor, -(1 - share) * row.lossUsd);
  }
  return adjust.figures();
}

/**
 * Output a linear restart ramp of `days` loses, counted after the solve: each day a field's cut
 * (baseline minus scenario output) shrinks by D tonnes a day, the next `days` days lose D × (1 -
 * (k + ½) / days), D × days / 2 in all, within the horizon. Valued at the field's baseline netback
 * and fiscal take per tonne (tariffs the lost tonnes would have paid are not counted).
 */
export function rampLossTonnes(baseline: readonly number[], scenario: readonly number[], days: number): number {
  if (days <= 0) return 0;
  let lost = 0;
  for (let day = 1; day < baseline.length; day += 1) {
    const restored = baseline[day - 1]! - scenario[day - 1]! - (baseline[day]! - scenario[day]!);
    if (restored <= 0) continue;
    for (let k = 0; k < days && day + k < baseline.length; k += 1) lost += restored * Math.max(0, 1 - (k + 0.5) / days);
  }
  return lost;
}

function rampAt(fields: readonly string[], days: number, network: Network, result: RunResult): HeadlineFigures {
  const adjust = adjuster(headlineOf(result));
  for (const id of fields) {
    const field = network.nodes.find((node) => node.id === id);
    const series = result.series.production.find((row) => row.field === id);
    const before = result.baseline.byField.find((row) => row.field === id);
    if (field?.kind !== 'field' || !series || !before || before.productionTonnes <= 0) continue;
    const tonnes = rampLossTonnes(series.baseline, series.scenario, days);
    const netbackPerTonne = before.netbackUsd / before.productionTonnes;
    const fiscalPerTonne = before.fiscalUsd / before.productionTonnes;
    adjust.netback(tonnes * netbackPerTonne);
    adjust.state(field.taxedBy, tonnes * fiscalPerTonne);
    for (const owner of field.owners) adjust.actor(owner.actor, tonnes * (netbackPerTonne - fiscalPerTonne) * owner.share);
  }
  return adjust.figures();
}

/** Adds losses to a copy of the headline: a state's fiscal loss counts in its budget and, if it is a disruptor, in its own cost. */
function adjuster(base: HeadlineFigures) {
  let netback = base.netbackLostUsd;
  const budget: Record<string, number> = { ...base.budgetLossUsd };
  const disruptor: Record<string, number> = { ...base.disruptorCostUsd };
  const actor = (id: string, delta: number) => {
    if (id in disruptor) disruptor[id] = disruptor[id]! + delta;
  };
  return {
    netback: (delta: number) => {
      netback += delta;
    },
    state: (id: string, delta: number) => {
      budget[id] = (budget[id] ?? 0) + delta;
      actor(id, delta);
    },
    actor,
    figures: (): HeadlineFigures => ({
      netbackLostUsd: round(netback, 2),
      budgetLossUsd: Object.fromEntries(Object.entries(budget).map(([id, value]) => [id, round(value, 2)])),
      disruptorCostUsd: Object.fromEntries(Object.entries(disruptor).map(([id, value]) => [id, round(value, 2)])),
    }),
  };
}

/** The network with one parameter set to `value` on its assets. */
export function patchNetwork(network: Network, parameter: SensitivityParameter, value: number): Network {
  const patch = (node: NetworkNode): NetworkNode => {
    if (!parameter.assets.includes(node.id)) return node;
    if (parameter.kind === 'storageCapacity' && node.kind === 'storage') return { ...node, capacityTonnes: value };
    if (parameter.kind === 'shutInCostFactor' && node.kind === 'field') return { ...node, shutInCostUsdPerTonne: node.shutInCostUsdPerTonne * value };
    return node;
  };
  return { ...network, nodes: network.nodes.map(patch) };
}
