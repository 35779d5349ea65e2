/**
 * What a disruption does to a gas system, in the terms gas analysts rank it by: firm demand
 * unserved, demand priced out, and what it costs in the network's currency. Read from a run's gas
 * accounts (gas-accounts.ts); analyses put it beside each closure and rank gas networks by it.
 */
import { z } from 'zod';
import type { GasResult } from './gas-result-schema.ts';
import { round } from './rounding.ts';

const energy = z.number().describe('MWh');
const money = z.number().describe("In the network's currency (units.currency).");

export const gasUnitsSchema = z
  .object({ energy: z.literal('MWh'), currency: z.enum(['USD', 'EUR']) })
  .describe('Gas networks: energy in MWh and money in the network\'s currency; every "Tonnes" figure of the report holds MWh and every "Usd" figure this currency.');

export const gasImpactSchema = z
  .object({
    unservedMWh: energy.describe('Firm demand not met, beyond the baseline (valued at the value of lost load).'),
    destroyedMWh: energy.describe('Price-responsive demand priced out, beyond the baseline.'),
    supplyLostMWh: energy.describe('Pipeline and domestic supply (every supply but LNG) lost.'),
    replacementLngMWh: energy.describe('Extra LNG bought (scenario − baseline).'),
    replacementLngCost: money.describe('Its extra cost: Σ over days of the extra LNG × that day\'s LNG price.'),
    unservedCost: money.describe('Unserved firm demand at the value of lost load, beyond the baseline.'),
    cost: money.describe('What the disruption costs the gas supply: the change in the bill of every supply (replacement LNG included) plus unserved firm demand at the value of lost load.'),
  })
  .describe('The closure in gas terms (gas networks only), against the shared baseline.');

export type GasImpact = z.infer<typeof gasImpactSchema>;
export type GasUnits = z.infer<typeof gasUnitsSchema>;

const total = <T>(rows: readonly T[], value: (row: T) => number) => rows.reduce((sum, row) => sum + value(row), 0);

/** The gas impact of a run, from its gas accounts, rounded to whole MWh and currency units. */
export function gasImpactOf(gas: GasResult): GasImpact {
  const change = (pick: (side: GasResult['demand'][number]['baseline']) => number) => total(gas.demand, (row) => pick(row.scenario) - pick(row.baseline));
  const unservedCost = change((side) => side.unservedCost);
  const supplyCost = total(gas.suppliers, (row) => row.supplyCostChange);
  return {
    unservedMWh: round(change((side) => side.unservedMWh), 0),
    destroyedMWh: round(change((side) => side.destroyedMWh), 0),
    supplyLostMWh: round(total(gas.suppliers.filter((row) => !row.lng), (row) => row.lostMWh), 0),
    replacementLngMWh: round(gas.lng.extraMWh, 0),
    replacementLngCost: round(gas.lng.extraCost, 0),
    unservedCost: round(unservedCost, 0),
    cost: round(supplyCost + unservedCost, 0),
  };
}

/**
 * How gas analysts rank disruptions: firm demand unserved first (security of supply is about
 * meeting it: the N-1 rule of Regulation (EU) 2017/1938 asks whether demand is still met with the
 * largest piece of infrastructure out), then demand priced out, then the cost; the worst first.
 */
export function byGasImpact(a: GasImpact | undefined, b: GasImpact | undefined): number {
  const of = (impact: GasImpact | undefined) => impact ?? { unservedMWh: 0, destroyedMWh: 0, cost: 0 };
  const [x, y] = [of(a), of(b)];
  return y.unservedMWh - x.unservedMWh || y.destroyedMWh - x.destroyedMWh || y.cost - x.cost;
}

export const GAS_RANKING = 'gas: firm demand unserved, then demand priced out, then cost (the worst first)';
