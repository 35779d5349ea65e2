import { describe, expect, it } from 'vitest';
import { scenarioOf, solved } from './helpers.ts';
import { prepareStructure } from '../src/solve/prepare.ts';

/**
 * Two countries joined by a two-way interconnector (a cycle). Russian gas (100 GWh/d) enters A,
 * LNG (80 EUR/MWh) enters B; each consumes 60 GWh/d of firm demand. The optimum sends 40 GWh/d of
 * Russian gas from A to B and buys 20 GWh/d of LNG for B: B's gas is 2/3 Russian. B's market pays
 * 10 EUR/MWh over the 50 EUR/MWh TTF, so Russia earns 60 × 50 + 40 × 60 = 5,400 kEUR a day.
 * B's nodes come first in the file, so one pass in file order would mix B before A's gas reached it.
 */
const network = `
id: two-way
name: two-way
commodity: { name: gas, kind: gas, kWhPerCubicMetre: 10.55 }
benchmark: { name: TTF }
actors: [{ id: ru, name: Russia, kind: state }]
nodes:
  - { id: b, kind: junction, name: B }
  - { id: market-b, kind: market, name: B market, priceDifferential: 10 EUR/MWh, demand: { reference: 60 GWh/d, steps: [], valueOfLostLoad: 1000 EUR/MWh } }
  - { id: a, kind: junction, name: A }
  - { id: market-a, kind: market, name: A market, demand: { reference: 60 GWh/d, steps: [], valueOfLostLoad: 1000 EUR/MWh } }
  - { id: russia, kind: field, name: Russia, production: 100 GWh/d, liftingCost: 20 EUR/MWh, taxedBy: ru, fiscalTake: 0 }
  - { id: lng, kind: field, name: LNG, lng: true, production: 500 GWh/d, liftingCost: 80 EUR/MWh, taxedBy: ru, fiscalTake: 0 }
links:
  - { id: b-out, kind: pipeline, from: b, to: market-b }
  - { id: b-to-a, kind: pipeline, from: b, to: a, capacity: 100 GWh/d, tariff: 1 EUR/MWh }
  - { id: a-to-b, kind: pipeline, from: a, to: b, capacity: 100 GWh/d, tariff: 1 EUR/MWh }
  - { id: a-out, kind: pipeline, from: a, to: market-a }
  - { id: ru-in, kind: pipeline, from: russia, to: a }
  - { id: lng-in, kind: pipeline, from: lng, to: b }
`;
const scenario = `
id: ru-off
name: Russia off
network: inline
horizon: { start: 2022-01-01, end: 2022-01-10 }
prices: { benchmark: [{ from: 2022-01-01, price: 50 EUR/MWh }] }
events:
  - { type: outage, asset: russia, start: 2022-01-01, days: 10 }
`;

describe('gas around a cycle (two-way interconnectors)', () => {
  it('routes one stream and mixes each day around the cycle: Russia earned 10 × 5,400 kEUR', async () => {
    const built = scenarioOf(network, scenario);
    expect(prepareStructure(built).layout.graph.commodities).toHaveLength(1);
    const result = await solved(built);
    const russia = result.gas!.suppliers.find((row) => row.supply === 'russia')!;
    expect(russia.baselineMWh).toBeCloseTo(1_000_000, 3);
    expect(russia.revenueLost).toBeCloseTo(10 * (60_000 * 50 + 40_000 * 60), 0);
    const flow = result.linkFlows.find((row) => row.link === 'a-to-b')!;
    expect(flow.baselineTonnes).toBeCloseTo(400_000, 3);
  });
});
