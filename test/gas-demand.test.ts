import { describe, expect, it } from 'vitest';
import { scenarioOf, solved } from './helpers.ts';
import { tenDays, tinyGas, transitCut } from './gas-network.ts';
import { prepareStructure } from '../src/solve/prepare.ts';

const demandOf = (result: Awaited<ReturnType<typeof solved>>) => result.gas!.demand.find((row) => row.market === 'market')!;

describe('price-responsive gas demand', () => {
  it('a supply cut destroys the step whose willingness to pay is below the replacement LNG price, and only it', async () => {
    // Baseline: Russian gas at 20 EUR/MWh serves the whole 100 GWh/d. Days 4–8 without it: LNG at
    // 80 EUR/MWh through 90 GWh/d of regas serves firm demand (70) and the 120 EUR/MWh step (20);
    // the 60 EUR/MWh step (10 GWh/d) is priced out: 5 × 10 GWh destroyed, nothing unserved.
    const result = await solved(scenarioOf(tinyGas(), tenDays(transitCut())));
    const demand = demandOf(result);
    expect(demand.baseline).toMatchObject({ servedMWh: 1_000_000, destroyedMWh: 0, unservedMWh: 0 });
    expect(demand.scenario.servedMWh).toBeCloseTo(1_000_000 - 50_000, 3);
    expect(demand.scenario.destroyedMWh).toBeCloseTo(50_000, 3);
    expect(demand.scenario.unservedMWh).toBeCloseTo(0, 3);
    // Replacement LNG: 5 days × 90 GWh at 80 EUR/MWh.
    expect(result.gas!.lng.extraMWh).toBeCloseTo(450_000, 3);
    expect(result.gas!.lng.extraCost).toBeCloseTo(450_000 * 80, 2);
    expect(result.gas!.units).toEqual({ energy: 'MWh', currency: 'EUR' });
  });

  it('with LNG cheaper than the lowest step, the same cut destroys no demand', async () => {
    const result = await solved(scenarioOf(tinyGas({ lngPrice: '50 EUR/MWh', regas: '200 GWh/d' }), tenDays(transitCut())));
    expect(demandOf(result).scenario).toMatchObject({ servedMWh: 1_000_000, destroyedMWh: 0, unservedMWh: 0 });
  });

  it('firm demand that no gas can reach goes unserved at the value of lost load', async () => {
    // Regas 50 GWh/d < firm 70 GWh/d: 20 GWh/d unserved and both steps (30 GWh/d) destroyed on 5 days.
    const result = await solved(scenarioOf(tinyGas({ regas: '50 GWh/d' }), tenDays(transitCut())));
    const demand = demandOf(result);
    expect(demand.scenario.unservedMWh).toBeCloseTo(100_000, 3);
    expect(demand.scenario.destroyedMWh).toBeCloseTo(150_000, 3);
    expect(demand.scenario.unservedCost).toBeCloseTo(100_000 * 1000, 2);
    // Gazprom sells nothing on 5 days: 5 × 100 GWh at the 50 EUR/MWh TTF.
    const russia = result.gas!.suppliers.find((row) => row.supply === 'russia')!;
    expect(russia.lostMWh).toBeCloseTo(500_000, 3);
    expect(russia.revenueLost).toBeCloseTo(500_000 * 50, 2);
  });

  it('an elasticity curve responds between its reference price and ceiling', async () => {
    // ε = −0.5 from 25 to 100 EUR/MWh in 2 steps: slices 29.29 % at 35.36 and 20.71 % at 70.71 EUR/MWh,
    // firm 50 %. LNG at 80 through ample regas: in the cut both slices are priced out.
    const demand = `      reference: 100 GWh/d
      elasticity: -0.5
      referencePrice: 25 EUR/MWh
      priceCeiling: 100 EUR/MWh
      stepCount: 2
      valueOfLostLoad: 1000 EUR/MWh`;
    const result = await solved(scenarioOf(tinyGas({ demand, regas: '500 GWh/d' }), tenDays(transitCut())));
    expect(demandOf(result).scenario.destroyedMWh).toBeCloseTo(5 * 50_000, 3);
    expect(demandOf(result).scenario.unservedMWh).toBeCloseTo(0, 3);
  });

  it('gas from every supply travels as one stream in the LP, and each supply keeps its own volume, cost and revenue', async () => {
    const scenario = scenarioOf(tinyGas(), tenDays(transitCut()));
    const structure = prepareStructure(scenario);
    expect(structure.layout.graph.commodities).toHaveLength(1);
    expect(structure.reportLayout.graph.commodities.map((field) => field.id)).toEqual(['russia', 'lng']);
    const result = await solved(scenario);
    const lng = result.gas!.suppliers.find((row) => row.supply === 'lng')!;
    // 450 GWh of LNG at 80 EUR/MWh, sold at the 50 EUR/MWh TTF.
    expect(lng.supplyCostChange).toBeCloseTo(450_000 * 80, 2);
    expect(lng.revenueLost).toBeCloseTo(-450_000 * 50, 2);
  });

  it('an LNG price shock (a price event on the LNG supply) prices out the 120 EUR/MWh step too', async () => {
    // LNG at 80 + 50 = 130 EUR/MWh on the cut days: only firm demand (70 GWh/d) buys it.
    const shock = `${transitCut()}\n  - { type: price, target: lng, start: 2022-01-04, days: 5, change: 50 EUR/MWh }`;
    const result = await solved(scenarioOf(tinyGas(), tenDays(shock)));
    expect(demandOf(result).scenario.destroyedMWh).toBeCloseTo(5 * 30_000, 3);
    expect(result.gas!.lng.extraMWh).toBeCloseTo(5 * 70_000, 3);
    expect(result.gas!.lng.extraCost).toBeCloseTo(5 * 70_000 * 130, 2);
  });
});
