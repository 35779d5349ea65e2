import { describe, expect, it } from 'vitest';
import { priceMultiplier } from '../src/analysis/world-price.ts';
import { assertInDelta, route, scenarioOf, solved } from './helpers.ts';

// Two exporters: "a" ships its field through the corridor (a pipe owned by "r", and a dearer
// bypass of 40 t/d); "r", the disruptor, exports 200 bbl/d elsewhere and closes the pipe.
const network = `
id: two-exporters
name: Two exporters
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: a, name: Corridor state, kind: state }
  - { id: r, name: Disruptor, kind: state }
  - { id: aco, name: Producer, kind: company }
  - { id: buyer, name: Buyer, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, owners: [{ actor: aco, share: 100 % }], taxedBy: a, fiscalTake: 40 % }
  - { id: port, kind: market, name: Port, priceDifferential: 0 USD/bbl, state: a }
links:
  - { id: pipe, kind: pipeline, from: field, to: port, capacity: 100 t/d, tariff: 10 USD/t, route: Corridor, jurisdiction: [r], owners: [{ actor: r, share: 100 % }] }
  - { id: bypass, kind: rail, from: field, to: port, capacity: 40 t/d, tariff: 30 USD/t, route: Bypass }
`;

const scenario = (world: string) => `
id: pipe-closed
name: r closes the pipe for 10 days
network: two-exporters
horizon: { start: 2022-01-01, end: 2022-01-30 }
prices:
  benchmark: [{ from: 2022-01-01, price: 100 USD/t }]
events:
  - { type: outage, asset: pipe, start: 2022-01-05, days: 10, causedBy: r }
${world}
`;

const world = `
world:
  supplyMbd: 0.01
  elasticities:
    central: { label: test, supply: 0.1, demand: -0.15 }
    low: { label: flatter, supply: 0.2, demand: -0.3 }
  exporters: [{ actor: r, exportsMbd: 0.0002 }]
  importers: [{ actor: buyer, importsMbd: 0.001 }]
`;

describe('the world price answers a closure (two exporters, solved by hand)', () => {
  it('the multiplier is 1 / (supply - demand elasticity)', () => {
    expect(priceMultiplier({ label: '', supply: 0.1, demand: -0.15 })).toBeCloseTo(4, 12);
  });

  it('60 t/d lost of 10,000 bbl/d moves 13.33 USD/bbl by 2.4 USD/bbl; each actor gains or pays it on its barrels', async () => {
    const result = await solved(scenarioOf(network, scenario(world)));
    // The closure: 100 t/d through the pipe in the baseline; only the 40 t/d bypass during the 10 days.
    expect(route(result.impact.exportsLostByRoute, 'Corridor')).toBeCloseTo(1000, 6);
    expect(route(result.impact.exportsLostByRoute, 'Bypass')).toBeCloseTo(-400, 6);
    const price = result.impact.worldPrice!;
    // 450 bbl/d lost / 10,000 × 4 = 18 % of 100/7.5 USD/bbl = 2.4 USD/bbl on the 10 closed days.
    expect(price.peakSupplyLostBarrelsPerDay).toBe(450);
    expect(price.peakChangeUsdPerBbl).toBeCloseTo(2.4, 4);
    expect(price.dailyChangeUsdPerBbl.filter((change) => change !== 0)).toHaveLength(10);
    expect(price.averageChangeUsdPerBbl).toBeCloseTo((2.4 * 10) / 30, 4);
    const gain = (actor: string, role: string) => price.byActor.find((row) => row.actor === actor && row.role === role)?.gainUsd;
    expect(gain('r', 'exporter')).toBeCloseTo(200 * 2.4 * 10, 2); // 4,800
    // a's field still sells 40 t/d = 300 bbl/d at +2.4: 7,200, 40 % to the state, 60 % to the owner.
    expect(gain('a', 'corridor')).toBeCloseTo(0.4 * 7200, 2);
    expect(gain('aco', 'corridor')).toBeCloseTo(0.6 * 7200, 2);
    expect(gain('buyer', 'importer')).toBeCloseTo(-1000 * 2.4 * 10, 2);
    assertInDelta(price.otherBuyersGainUsd, -(10000 - 450 - 1000) * 2.4 * 10, 0.01, 'other buyers');
    // The flatter curve (multiplier 2) halves every gain.
    expect(price.byActor.find((row) => row.actor === 'r')!.gainRangeUsd[0]).toBeCloseTo(2400, 2);
    // r loses the pipe's tariffs (100 t/d × 10 USD/t × 10 days) and gains 4,800 on its own exports.
    expect(result.impact.disruptor).toEqual({ actor: 'r', grossCostUsd: 10000, priceGainUsd: 4800, netCostUsd: 5200, priceGainRangeUsd: [2400, 4800], netCostRangeUsd: [7600, 5200] });
  });

  it('the moved price changes no decision: re-solved with it, the dispatch is the same (the fixed point after one step)', async () => {
    const first = scenarioOf(network, scenario(world));
    const result = await solved(first);
    const changes = result.impact.worldPrice!.dailyChangeUsdPerBbl;
    const moved = { ...first, benchmark: first.benchmark.map((price, day) => ({ ...price, perBarrel: price.perBarrel + changes[day]! })) };
    const again = await solved(moved);
    expect(again.impact.exportsLostByRoute).toEqual(result.impact.exportsLostByRoute);
    expect(again.series.production).toEqual(result.series.production);
  });

  it('without a world market prices stay fixed and nothing is reported', async () => {
    const result = await solved(scenarioOf(network, scenario('')));
    expect(result.impact.worldPrice).toBeUndefined();
    expect(result.impact.disruptor).toBeUndefined();
  });

  it('an unknown exporter is named with its path', () => {
    expect(() => scenarioOf(network, scenario(world.replace('actor: r,', 'actor: nobody,')))).toThrow(/world\.exporters\[0\]\.actor|"nobody" is not an actor/);
  });
});
