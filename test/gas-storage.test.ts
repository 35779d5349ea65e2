import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/analysis/run.ts';
import { scenarioOf, solved } from './helpers.ts';
import { tenDays, tinyGas } from './gas-network.ts';

/**
 * Russia 200 GWh/d at 20 EUR/MWh, firm demand 100 GWh/d, so 100 GWh/d is spare; the storage
 * injects at most 60 GWh/d. At a TTF of 10 EUR/MWh gas in storage is worth less than it costs,
 * so the storage fills only as far as its target makes it.
 */
const firm = `      reference: 100 GWh/d
      steps: []
      valueOfLostLoad: 1000 EUR/MWh`;
const withStorage = (target: string) => tinyGas({ russia: '200 GWh/d', transit: '200 GWh/d', demand: firm, storage: `capacity: 1 TWh, initial: 0 MWh, injection: 60 GWh/d, fillTargets: [{ by: 2022-01-10, ${target} }]` });
const noEvents = tenDays(' []', '10 EUR/MWh');

const fillOn = (result: Awaited<ReturnType<typeof solved>>) => result.gas!.storage.find((row) => row.state === 'ua')!.targets[0]!;

describe('gas storage', () => {
  it('a binding fill target fills the storage exactly to it, no further', async () => {
    const result = await solved(scenarioOf(withStorage('share: 50 %'), noEvents));
    const target = fillOn(result);
    expect(target.date).toBe('2022-01-10');
    expect(target.requiredMWh).toBeCloseTo(500_000, 3);
    expect(target.baseline.stockMWh).toBeCloseTo(500_000, 3);
    expect(target.baseline.shortMWh).toBeCloseTo(0, 3);
    expect(target.baseline.fill).toBeCloseTo(0.5, 6);
  });

  it('without a target the storage stays empty (gas is worth less than it costs)', async () => {
    const result = await solved(scenarioOf(withStorage('share: 0 %'), noEvents));
    expect(result.gas!.storage[0]!.endBaselineMWh).toBeCloseTo(0, 3);
  });

  it('the injection limit caps what a soft target can get: 10 days × 60 GWh, the rest short at its penalty', async () => {
    const result = await solved(scenarioOf(withStorage('share: 70 %, penalty: 100 EUR/MWh'), noEvents));
    const target = fillOn(result);
    expect(target.baseline.stockMWh).toBeCloseTo(600_000, 3);
    expect(target.baseline.shortMWh).toBeCloseTo(100_000, 3);
    const daily = result.series.storage.find((row) => row.storage === 'store')!.baseline;
    daily.forEach((stock, day) => expect(stock).toBeCloseTo(60_000 * (day + 1), 3));
  });

  it('a hard target that cannot be met is reported infeasible, naming the target', async () => {
    const outcome = await runScenario(scenarioOf(withStorage('share: 70 %'), noEvents));
    expect(outcome.status).toBe('infeasible');
    if (outcome.status === 'infeasible') expect(outcome.message).toContain('hard storage fill target (store by 2022-01-10)');
  });

  it('a withdrawal limit caps what the storage can give when supply is cut', async () => {
    // 400 GWh in store, withdrawal 30 GWh/d, no LNG: on the 5 cut days 30 GWh/d reach the market,
    // 70 GWh/d of firm demand go unserved.
    const network = tinyGas({ demand: firm, regas: '0 GWh/d', storage: 'capacity: 1 TWh, initial: 400 GWh, withdrawal: 30 GWh/d, holdingCost: 0 EUR/MWh' });
    const result = await solved(scenarioOf(network, tenDays('\n  - { type: outage, asset: transit, start: 2022-01-04, days: 5 }', '10 EUR/MWh')));
    expect(result.gas!.demand[0]!.scenario.unservedMWh).toBeCloseTo(5 * 70_000, 3);
  });
});
