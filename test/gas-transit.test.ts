import { describe, expect, it } from 'vitest';
import { scenarioOf, solved } from './helpers.ts';
import { tenDays, tinyGas, transitCut } from './gas-network.ts';

// The transit link books 50 GWh/d at 2 EUR/MWh a day, paid by Gazprom to Ukraine (its owner):
// 10 days × 50,000 MWh × 2 = 1,000,000 EUR in the baseline.
describe('ship-or-pay transit', () => {
  it('a closed transit link stops the fee: 5 days × 50 GWh × 2 EUR/MWh lost by Ukraine, saved by Gazprom', async () => {
    const result = await solved(scenarioOf(tinyGas(), tenDays(transitCut())));
    const transit = result.gas!.transit.find((row) => row.link === 'transit')!;
    expect(transit.baselineFee).toBeCloseTo(1_000_000, 2);
    expect(transit.feeLost).toBeCloseTo(500_000, 2);
    const ukraine = result.gas!.actors.find((row) => row.actor === 'ua')!;
    expect(ukraine.shipOrPayFeesLost).toBeCloseTo(500_000, 2);
    expect(result.gas!.actors.find((row) => row.actor === 'gazprom')!.shipOrPayFeesLost).toBeCloseTo(-500_000, 2);
  });

  it('a link cut below the booking is paid on what it still offers: 40 of 50 GWh/d', async () => {
    const result = await solved(scenarioOf(tinyGas(), tenDays(transitCut('40 %'))));
    expect(result.gas!.transit[0]!.feeLost).toBeCloseTo(5 * 10_000 * 2, 2);
  });

  it('the shipper leaving booked capacity unused still pays: a supplier cut loses Ukraine no fee', async () => {
    const result = await solved(scenarioOf(tinyGas(), tenDays('\n  - { type: outage, asset: russia, start: 2022-01-04, days: 5 }')));
    expect(result.gas!.transit[0]!.feeLost).toBeCloseTo(0, 6);
    expect(result.gas!.transit[0]!.scenarioFee).toBeCloseTo(1_000_000, 2);
    // The gas itself is lost all the same: 5 × 100 GWh.
    expect(result.gas!.suppliers.find((row) => row.supply === 'russia')!.lostMWh).toBeCloseTo(500_000, 3);
  });
});
