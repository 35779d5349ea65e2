import { describe, expect, it } from 'vitest';
import { scenarioOf } from './helpers.ts';
import { tenDays, tinyGas } from './gas-network.ts';
import { analysisBase } from '../src/analysis/analysis-base.ts';
import { criticality } from '../src/analysis/criticality.ts';
import { leverage } from '../src/analysis/leverage.ts';
import { byGasImpact, gasImpactOf } from '../src/analysis/gas-impact.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { criticalityText, leverageText } from '../src/report/analysis-reports.ts';
import { renderIssue } from '../src/model/issues.ts';
import type { CriticalityReport, LeverageReport } from '../src/analysis/analysis-schemas.ts';

/** Five-day closures from 1 Jan in a ten-day horizon at a TTF of 50 EUR/MWh (see tinyGas). */
async function analysesOf(network: string) {
  const reference = scenarioOf(network, tenDays(' []'));
  const base = analysisBase(reference.network, { closureDays: 5, recoveryDays: 5, start: '2022-01-01', reference });
  if (!base.ok) throw new Error(base.issues.map(renderIssue).join('\n'));
  const runner = inProcessRunner();
  try {
    const critical = await criticality(base.value, runner, { closureDays: 5 });
    const levers = await leverage(base.value, 5, runner);
    if (!('analysis' in critical) || !('analysis' in levers)) throw new Error('not solved');
    return { critical: critical as CriticalityReport, levers: levers as LeverageReport, network: reference.network };
  } finally {
    await runner.close();
  }
}

describe('analyses of a gas network speak gas', () => {
  it('criticality ranks by firm demand unserved, then demand priced out, then cost, with hand-solved figures', async () => {
    // Regas 50 GWh/d: without Russian gas (the field or its transit closed for 5 days) LNG at
    // 80 EUR/MWh serves 50 GWh/d of the 70 GWh/d firm demand: 5 × 20 GWh unserved, both slices
    // (30 GWh/d) priced out, 5 × 50 GWh of LNG bought. Cost: LNG 250 GWh × 80 EUR/MWh, less
    // Russia's 500 GWh × 20 EUR/MWh no longer paid, plus 100 GWh × 1,000 EUR/MWh unserved.
    const { critical } = await analysesOf(tinyGas({ regas: '50 GWh/d' }));
    expect(critical.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(critical.rankedBy).toMatch(/unserved.*priced out.*cost/);
    expect(critical.assets.map((row) => row.asset)).not.toContain('market');
    const [first, second] = critical.assets;
    expect([first!.asset, second!.asset]).toEqual(['russia', 'transit']);
    for (const row of [first!, second!]) {
      expect(row.gas, row.asset).toEqual({
        unservedMWh: 100_000,
        destroyedMWh: 150_000,
        supplyLostMWh: 500_000,
        replacementLngMWh: 250_000,
        replacementLngCost: 20_000_000,
        unservedCost: 100_000_000,
        cost: 20_000_000 - 10_000_000 + 100_000_000,
      });
    }
    // LNG is idle in the baseline: closing its chain changes nothing.
    for (const asset of ['lng', 'lng-ship', 'terminal', 'send-out']) {
      expect(critical.assets.find((row) => row.asset === asset)!.gas, asset).toMatchObject({ unservedMWh: 0, destroyedMWh: 0, cost: 0 });
    }
  });

  it('with enough regas, a cut prices out demand but leaves firm demand served', async () => {
    // Regas 90 GWh/d: firm (70) and the 120 EUR/MWh slice (20) are served by LNG; the 60 EUR/MWh
    // slice (10 GWh/d) is priced out: 5 × 10 GWh destroyed, 5 × 90 GWh of LNG.
    const { critical } = await analysesOf(tinyGas());
    const transit = critical.assets.find((row) => row.asset === 'transit')!;
    expect(transit.gas).toMatchObject({ unservedMWh: 0, destroyedMWh: 50_000, replacementLngMWh: 450_000, cost: 450_000 * 80 - 500_000 * 20 });
  });

  it('the text reports write energy and euros, never barrels, tonnes or USD', async () => {
    const { critical, levers, network } = await analysesOf(tinyGas({ regas: '50 GWh/d' }));
    const format = { unit: 'Mt', barrelsPerTonne: 1 } as const;
    const text = criticalityText(critical, format, network) + leverageText(levers, format, network);
    expect(text).toMatch(/100\.0 GWh/);
    expect(text).toMatch(/EUR/);
    expect(text).not.toMatch(/\bbbl\b|barrel|\bMt\b|\bkt\b|USD|\boil\b/);
    expect(levers.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(levers.actors.every((row) => row.gas !== undefined)).toBe(true);
  });
});

describe('byGasImpact', () => {
  const impact = (unservedMWh: number, destroyedMWh: number, cost: number) => ({ unservedMWh, destroyedMWh, cost, supplyLostMWh: 0, replacementLngMWh: 0, replacementLngCost: 0, unservedCost: 0 });
  it('puts any firm demand unserved first, then demand priced out, then cost', () => {
    const rows = [impact(0, 900, 9e9), impact(1, 0, 0), impact(0, 900, 1e9), impact(0, 0, 5e9)];
    expect([...rows].sort(byGasImpact)).toEqual([rows[1], rows[0], rows[2], rows[3]]);
  });

  it('reads a run\'s gas accounts: changes against the baseline, supply lost without LNG', () => {
    const side = (unservedMWh: number, destroyedMWh: number) => ({ servedMWh: 0, unservedMWh, destroyedMWh, unservedCost: unservedMWh * 1000 });
    const gas = {
      units: { energy: 'MWh' as const, currency: 'EUR' as const },
      demand: [{ market: 'm', state: null, referenceMWh: 0, valueOfLostLoad: 1000, priceSteps: [], baseline: side(1, 10), scenario: side(3, 40) }],
      storage: [],
      lng: { baselineMWh: 5, scenarioMWh: 9, extraMWh: 4, extraCost: 320 },
      suppliers: [
        { supply: 'pipe', lng: false, owners: [], baselineMWh: 50, scenarioMWh: 20, lostMWh: 30, revenueLost: 0, netbackLost: 0, supplyCostChange: -600 },
        { supply: 'lng', lng: true, owners: [], baselineMWh: 5, scenarioMWh: 9, lostMWh: -4, revenueLost: 0, netbackLost: 0, supplyCostChange: 320 },
      ],
      transit: [],
      actors: [],
    };
    expect(gasImpactOf(gas)).toEqual({ unservedMWh: 2, destroyedMWh: 30, supplyLostMWh: 30, replacementLngMWh: 4, replacementLngCost: 320, unservedCost: 2000, cost: -600 + 320 + 2000 });
  });
});
