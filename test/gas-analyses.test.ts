import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioOf } from './helpers.ts';
import { tenDays, tinyGas, transitCut } from './gas-network.ts';
import { main } from '../src/cli/main.ts';
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
    expect(text).not.toMatch(/\bbbl\b|barrel|\bMt\b|\bkt\b|USD|\boil\b|\bexports?\b/);
    expect(levers.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(levers.actors.every((row) => row.gas !== undefined)).toBe(true);
  });
});

/**
 * Russian gas (20 EUR/MWh) to two markets over two parallel pipes each; LNG (80 EUR/MWh, regas
 * 100 GWh/d, idle in the baseline) reaches only the south. North: 10 GWh/d, all firm. South:
 * 100 GWh/d, of which 90 % pays at most 60 EUR/MWh (priced out by LNG at 80).
 */
const twoMarkets = `
id: two-markets
name: two markets
commodity: { name: natural gas, kind: gas, kWhPerCubicMetre: 10.55 }
money: { currency: EUR, usdPerEur: { value: 1.05, date: "2022", estimate: "test rate" } }
benchmark: { name: TTF }
actors:
  - { id: ru, name: Russia, kind: state }
  - { id: ua, name: Ukraine, kind: state }
nodes:
  - { id: russia, kind: field, name: Russian gas, production: 200 GWh/d, liftingCost: 20 EUR/MWh, taxedBy: ru, fiscalTake: 0 }
  - { id: lng, kind: field, name: LNG, lng: true, production: 1000 GWh/d, liftingCost: 80 EUR/MWh, taxedBy: ru, fiscalTake: 0 }
  - { id: terminal, kind: terminal, name: Regas, throughput: 100 GWh/d }
  - { id: north, kind: market, name: North, state: ua, demand: { reference: 10 GWh/d, steps: [], valueOfLostLoad: 1000 EUR/MWh } }
  - { id: south, kind: market, name: South, state: ua, demand: { reference: 100 GWh/d, steps: [{ share: 90 %, price: 60 EUR/MWh }], valueOfLostLoad: 1000 EUR/MWh } }
links:
  - { id: north-a, kind: pipeline, from: russia, to: north, capacity: 10 GWh/d }
  - { id: north-b, kind: pipeline, from: russia, to: north, capacity: 10 GWh/d }
  - { id: south-a, kind: pipeline, from: russia, to: south, capacity: 100 GWh/d }
  - { id: south-b, kind: pipeline, from: russia, to: south, capacity: 100 GWh/d }
  - { id: lng-ship, kind: tanker, from: lng, to: terminal }
  - { id: send-out, kind: pipeline, from: terminal, to: south }
`;

async function pairsOf(topPairs: number) {
  const reference = scenarioOf(twoMarkets, tenDays(' []'));
  const base = analysisBase(reference.network, { closureDays: 5, recoveryDays: 5, start: '2022-01-01', reference });
  if (!base.ok) throw new Error(base.issues.map(renderIssue).join('\n'));
  const runner = inProcessRunner();
  try {
    const report = await criticality(base.value, runner, { closureDays: 5, order: 2, topPairs });
    if (!('analysis' in report)) throw new Error(report.message);
    return { report: report as CriticalityReport, network: reference.network };
  } finally {
    await runner.close();
  }
}

describe('N-2 criticality on gas ranks pairs by gas measures', () => {
  it('a pair leaving firm demand unserved ranks above one that only prices demand out, whatever the revenue', async () => {
    const { report } = await pairsOf(36);
    const pairs = report.pairs!.top;
    // Every pair with Russia loses its whole supply (8 pairs); then the two northern pipes, then the two southern ones.
    expect(pairs.slice(0, 8).every((row) => row.assets.includes('russia'))).toBe(true);
    const [north, south] = [pairs[8]!, pairs[9]!];
    expect(north.asset).toBe('north-a + north-b');
    expect(south.asset).toBe('south-a + south-b');
    // North: 5 days × 10 GWh/d firm unserved, at 1,000 EUR/MWh, less 50 GWh of Russian gas at 20 not bought.
    expect(north.gas).toMatchObject({ unservedMWh: 50_000, destroyedMWh: 0, cost: 50_000 * 1000 - 50_000 * 20 });
    // South: LNG at 80 serves the firm 10 GWh/d; the 90 GWh/d that pays at most 60 is priced out.
    expect(south.gas).toMatchObject({ unservedMWh: 0, destroyedMWh: 450_000, replacementLngMWh: 50_000, cost: 50_000 * 80 - 500_000 * 20 });
    // Revenue (at a TTF of 50) would rank them the other way round: 2.5 M against 22.5 M EUR.
    expect([north.revenueLostUsd, south.revenueLostUsd]).toEqual([2_500_000, 22_500_000]);
    // Neither pipe alone loses anything, so the pair's whole effect is beyond the two alone.
    expect(north.synergyGas).toEqual({ unservedMWh: 50_000, destroyedMWh: 0, cost: 49_000_000 });
    // Russia with the LNG chain: both markets without supply, 100 GWh firm unserved.
    expect(pairs[0]!.gas).toMatchObject({ unservedMWh: 100_000, destroyedMWh: 450_000, cost: 100_000 * 1000 - 550_000 * 20 });
  });

  it('pruned by firm demand unserved, it finds the same worst pairs as solving them all', async () => {
    const all = (await pairsOf(36)).report.pairs!;
    const { report, network } = await pairsOf(3);
    expect(all.evaluated).toBe(all.candidates);
    expect(report.pairs!.evaluated).toBeLessThan(report.pairs!.candidates);
    expect(report.pairs!.top.map((row) => row.gas)).toEqual(all.top.slice(0, 3).map((row) => row.gas));
    const text = criticalityText(report, { unit: 'Mt', barrelsPerTonne: 1 }, network);
    expect(text).toMatch(/WORST PAIRS \(N-2\), ranked the same way/);
    expect(text).toMatch(/russia \+ lng +100\.0 GWh +450\.0 GWh/);
    expect(text).not.toMatch(/\bbbl\b|barrel|\bMt\b|USD|\boil\b/);
  });
});

describe('criticality --csv on gas', () => {
  it('writes the closures and the worst pairs in the measures they are ranked by, in MWh and EUR', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gasrest-csv-'));
    writeFileSync(join(directory, 'network.yaml'), twoMarkets);
    const args = ['criticality', 'network.yaml', '--price', '50 EUR/MWh', '--start', '2022-01-01', '--days', '5', '--recovery', '5', '--order', '2', '--top', '10', '--workers', '0', '--csv', 'out'];
    let err = '';
    const code = await main(args, { out: () => undefined, err: (text) => (err += text), cwd: directory, interactive: false });
    expect(err).toBe('');
    expect(code).toBe(0);
    const [header, first] = readFileSync(join(directory, 'out', 'criticality-assets.csv'), 'utf8').split('\n');
    expect(header).toBe('rank,asset,kind,status,firm_demand_unserved_mwh,demand_priced_out_mwh,cost_eur,supply_lost_mwh,replacement_lng_mwh,replacement_lng_cost_eur,unserved_cost_eur,suppliers_revenue_lost_eur');
    // Russia closed: the north's 50 GWh firm unserved, the south's 450 GWh priced out (see the pairs test).
    expect(first).toMatch(/^1,russia,field,optimal,50000,450000,/);
    const pairs = readFileSync(join(directory, 'out', 'criticality-pairs.csv'), 'utf8').trim().split('\n');
    expect(pairs[0]).toMatch(/^rank,asset_a,asset_b,status,firm_demand_unserved_mwh,.*,beyond_the_two_alone_unserved_mwh,beyond_the_two_alone_priced_out_mwh,beyond_the_two_alone_cost_eur$/);
    expect(pairs[9]).toMatch(/^9,north-a,north-b,optimal,50000,0,49000000,.*,50000,0,49000000$/);
    expect(pairs[10]).toMatch(/^10,south-a,south-b,optimal,0,450000,-6000000,/);
    expect(pairs.join('\n')).not.toMatch(/_t\b|_usd|tonne|barrel/);
  });
});

describe('compare on gas', () => {
  it('writes gas figures in gas words and units: deliveries in GWh, money in EUR, shadow prices in EUR/MWh', async () => {
    // A: the transit closed on days 4–8; regas 50 GWh/d replaces 250 of the 500 GWh lost. B: the
    // transit at half; 40 GWh/d of LNG serve the firm and 120-EUR slices (90 GWh/d) with Russia's
    // 50, the 60-EUR slice is priced out: 250 GWh lost, 200 replaced.
    const directory = mkdtempSync(join(tmpdir(), 'gasrest-compare-'));
    const routed = tinyGas({ regas: '50 GWh/d' }).replace('{ id: transit, kind: pipeline,', '{ id: transit, kind: pipeline, route: Ukraine,').replace('{ id: lng-ship, kind: tanker,', '{ id: lng-ship, kind: tanker, route: LNG,');
    writeFileSync(join(directory, 'network.yaml'), routed);
    const scenario = (remaining: string) => tenDays(transitCut(remaining)).replace('network: inline', 'network: network.yaml');
    writeFileSync(join(directory, 'a.yaml'), scenario('0 %'));
    writeFileSync(join(directory, 'b.yaml'), scenario('50 %'));
    let out = '';
    const code = await main(['compare', 'a.yaml', 'b.yaml'], { out: (text) => (out += text), err: () => undefined, cwd: directory, interactive: false });
    expect(code).toBe(0);
    expect(out).toMatch(/deliveries lost, all corridors \(net of replacement\) +250\.0 GWh +50\.0 GWh +-200\.0 GWh/);
    expect(out).toMatch(/deliveries lost via Ukraine +500\.0 GWh +250\.0 GWh +-250\.0 GWh/);
    expect(out).toMatch(/deliveries lost via LNG +-250\.0 GWh +-200\.0 GWh +50\.0 GWh/);
    // At a TTF of 50: Russia's gas lost less the LNG sold in its place; netback over costs of 20 and 80.
    expect(out).toMatch(/suppliers' revenue lost +12\.5 M EUR +2\.5 M EUR +-10\.0 M EUR/);
    expect(out).toMatch(/suppliers' netback lost +22\.5 M EUR +13\.5 M EUR +-9\.0 M EUR/);
    expect(out).toMatch(/shadow price of \S+ \(mean\) +[\d.]+ EUR\/MWh/);
    expect(out).toMatch(/\nGazprom /);
    expect(out).not.toMatch(/\bbbl\b|barrel|\bMt\b|\bkt\b|USD|exports|\boil\b/);
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
