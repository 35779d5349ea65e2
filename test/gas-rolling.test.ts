import { describe, expect, it } from 'vitest';
import { scenarioOf, solved } from './helpers.ts';
import { tinyGas } from './gas-network.ts';
import { textReport } from '../src/report/text-report.ts';

/**
 * 200 GWh in store (withdrawal 30 GWh/d), firm demand 100 GWh/d, no LNG. Russian gas costs
 * 30 EUR/MWh on days 1–3 and 20 EUR/MWh from day 4 (a dated lifting cost, followed day by day),
 * both dearer than the TTF of 10 EUR/MWh the stock is worth at the end, so without the cut the
 * storage is drawn on days 1–3 first. The transit closes on days 4–8.
 */
const network = tinyGas({ demand: '      reference: 100 GWh/d\n      steps: []\n      valueOfLostLoad: 1000 EUR/MWh', regas: '0 GWh/d', russiaCost: '[{ from: 2022-01-01, value: 30 EUR/MWh }, { from: 2022-01-04, value: 20 EUR/MWh }]', storage: 'capacity: 1 TWh, initial: 200 GWh, withdrawal: 30 GWh/d', injectFrom: 'terminal' });
const scenario = (operations: string) => `
id: cut
name: transit cut
network: inline
horizon: { start: 2022-01-01, end: 2022-01-10 }
prices: { benchmark: [{ from: 2022-01-01, price: 10 EUR/MWh }] }
${operations}
events:
  - { type: outage, asset: transit, start: 2022-01-04, days: 5 }
`;

describe('gas in rolling mode', () => {
  it('hindsight draws only 50 GWh before the cut and keeps 150 GWh for it: 5 × 70 GWh unserved', async () => {
    const result = await solved(scenarioOf(network, scenario('operations: { mode: hindsight }')));
    expect(result.gas!.demand[0]!.scenario.unservedMWh).toBeCloseTo(350_000, 3);
  });

  it('rolling operators, not knowing of the cut, draw 90 GWh first and carry 110 GWh into it: 390 GWh unserved', async () => {
    const result = await solved(scenarioOf(network, scenario('operations: { mode: rolling, lookaheadDays: 10, replanDays: 1 }')));
    expect(result.gas!.demand[0]!.scenario.unservedMWh).toBeCloseTo(390_000, 3);
    const stock = result.series.storage.find((row) => row.storage === 'store')!.scenario;
    expect(stock[2]).toBeCloseTo(110_000, 3);
    expect(stock[6]).toBeCloseTo(0, 3);
  });

  it('the text report speaks energy and euros, never barrels', async () => {
    const outcome = scenarioOf(network, scenario('operations: { mode: hindsight }'));
    const result = await solved(outcome);
    const text = textReport(result, outcome.network, { unit: 'kt', barrelsPerTonne: 1 });
    expect(text).toContain('demand unserved        350.0 GWh (firm), 350.0 M EUR at the value of lost load');
    expect(text).toContain('STORAGE BY STATE');
    expect(text).not.toMatch(/barrel|bbl|\bkt\b|USD/);
  });
});
