import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outageEvents, windowBase } from '../src/analysis/risk-windows.ts';
import { inProcessRunner, type VariantOutcome } from '../src/analysis/variants.ts';
import { renderIssue } from '../src/model/issues.ts';
import { networkFromText } from '../src/model/load-network.ts';
import type { Network } from '../src/model/network.ts';
import { cutsInSteps, networkInSteps, type DailyCut } from '../src/scenario/coarse-steps.ts';
import type { Hazard } from '../src/scenario/hazards.ts';
import { tinyGas } from './gas-network.ts';

/**
 * Risk windows in coarser steps (src/scenario/coarse-steps.ts). When every figure is the same on
 * each day of a step, events start and end on step boundaries, lags are whole steps and targets
 * fall due on a step's last day, a step LP has the daily LP's optimum: any daily plan averaged
 * over each step is a step plan with the same cost, and a step plan spread evenly over its days
 * is a daily plan (stock moves linearly between the step ends, where its bounds are held).
 * A holding cost breaks the equality (a step charges its closing stock for all its days), so the
 * network of that test has none.
 */
function network(text: string): Network {
  const loaded = networkFromText(text, 'network.yaml');
  if (!loaded.ok) throw new Error(loaded.issues.map(renderIssue).join('\n'));
  return loaded.value;
}

// Russia 100 GWh/d through a transit link, LNG at 80 EUR/MWh through a 90 GWh/d terminal, a
// storage starting at 300 GWh that must hold 50 % of 1 TWh at the end of 21 January (day 20, the
// last day of the third week).
const gas = network(
  tinyGas({ storage: 'capacity: 1 TWh, initial: 300 GWh, injection: 60 GWh/d, withdrawal: 80 GWh/d, fillTargets: [{ by: 2022-01-21, share: 50 %, penalty: 100 EUR/MWh }]' }),
);
const price = { perBarrel: 0, perTonne: 50 };
const hazard = (id: string, assets: string[], remaining: number): Hazard => ({ id, name: id, kind: 'technical', assets, remaining, ratePerYear: 1, duration: { kind: 'fixed', days: 7 }, months: [1] });
const hazards = [hazard('transit-cut', ['transit'], 0), hazard('regas-cut', ['terminal'], 0.4)];

async function losses(stepDays: number, events: { hazard: number; startDay: number; days: number }[]) {
  const base = windowBase(gas, price, 28, stepDays);
  const runner = inProcessRunner();
  try {
    const outcome = await runner.run({ base, closable: ['terminal'], requests: [{ key: 'cut', events: outageEvents(hazards, events, base, 0, stepDays), detail: 'loss' }] });
    if (outcome.status !== 'optimal') throw new Error(outcome.message);
    const variant = outcome.outcomes[0] as Extract<VariantOutcome, { status: 'optimal' }>;
    return { base, netback: variant.losses!.netbackLostUsd, byActor: new Map(variant.losses!.byActor.map((row) => [row.actor, row.lossUsd])) };
  } finally {
    await runner.close();
  }
}

describe('risk windows in coarser steps', () => {
  it('restates rates per step and keeps stocks, prices and per-unit costs', () => {
    const held = network(tinyGas({ storage: 'capacity: 1 TWh, initial: 300 GWh, injection: 60 GWh/d, holdingCost: 0.01 EUR/MWh, fillTargets: [{ by: 2022-01-21, share: 50 %, penalty: 100 EUR/MWh }]' }));
    const weekly = networkInSteps(windowBase(held, price, 28).network, 7, '2022-01-01');
    const link = weekly.links.find((entry) => entry.id === 'transit')!;
    expect(link.capacityTonnesPerDay).toBeCloseTo(7 * 100_000, 6);
    expect(link.bookedTonnesPerDay).toBeCloseTo(7 * 50_000, 6);
    const store = weekly.nodes.find((node) => node.id === 'store')!;
    if (store.kind !== 'storage') throw new Error('store is a storage');
    expect(store.capacityTonnes).toBeCloseTo(1_000_000, 6);
    expect(store.injectionTonnesPerDay).toBeCloseTo(7 * 60_000, 6);
    expect(store.holdingCostUsdPerTonneDay).toBeCloseTo(0.07, 9);
    // 21 January is in the week that starts on the 15th: the target falls due at that week's end.
    expect(store.fillTargets![0]!.by).toBe('2022-01-15');
    const market = weekly.nodes.find((node) => node.id === 'market')!;
    if (market.kind !== 'market') throw new Error('market is a market');
    expect(market.demandReferenceTonnesPerDay).toBeCloseTo(7 * 100_000, 6);
    expect(market.demand!.valueOfLostLoadUsdPerTonne).toBeCloseTo(1000, 9);
  });

  it('refuses a network with dated figures (freeze it on a date first)', () => {
    const dated = network(tinyGas({ transit: '[{ from: 2021-01-01, value: 100 GWh/d }, { from: 2022-06-01, value: 50 GWh/d }]' }));
    expect(() => networkInSteps(dated, 7, '2022-01-01')).toThrow(/freeze the network/);
  });

  it('a week-aligned window in weekly steps loses exactly what it loses day by day', async () => {
    // Transit closed in weeks 2 and 3 (days 7-20), the terminal at 40 % in week 3 (days 14-20).
    const events = [
      { hazard: 0, startDay: 7, days: 14 },
      { hazard: 1, startDay: 14, days: 7 },
    ];
    const daily = await losses(1, events);
    const weekly = await losses(7, events);
    expect(weekly.base.dates).toEqual(['2022-01-01', '2022-01-08', '2022-01-15', '2022-01-22']);
    expect(daily.netback).toBeGreaterThan(1e6);
    expect(weekly.netback).toBeCloseTo(daily.netback, -1);
    for (const [actor, loss] of daily.byActor) expect(weekly.byActor.get(actor) ?? 0).toBeCloseTo(loss, -1);
  });

  it('an event that cuts part of a week cuts that week by the share of its days', () => {
    const cuts: DailyCut[] = [{ asset: 'transit', remaining: 0, startDay: 3, endDay: 13 }];
    expect(cutsInSteps(cuts, 28, 7)).toEqual([
      { asset: 'transit', remaining: 3 / 7, startDay: 0, endDay: 0 },
      { asset: 'transit', remaining: 0, startDay: 1, endDay: 1 },
    ]);
  });

  it('keeps every asset-day of capacity lost, whatever the cuts (property)', () => {
    const cut = fc.record({ asset: fc.constantFrom('a', 'b'), remaining: fc.constantFrom(0, 0.25, 0.4, 1), startDay: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 40 }) });
    fc.assert(
      fc.property(fc.array(cut, { maxLength: 6 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 90 }), (drawn, stepDays, days) => {
        const cuts = drawn.map(({ length, ...rest }) => ({ ...rest, endDay: rest.startDay + length - 1 }));
        // Day by day, an asset keeps the least any cut leaves it that day.
        const lostByDay = (asset: string) => {
          let lost = 0;
          for (let day = 0; day < days; day += 1) lost += 1 - Math.min(1, ...cuts.filter((entry) => entry.asset === asset && entry.startDay <= day && day <= entry.endDay).map((entry) => entry.remaining));
          return lost;
        };
        const stepped = cutsInSteps(cuts, days, stepDays);
        for (const asset of ['a', 'b']) {
          const lostBySteps = stepped.filter((entry) => entry.asset === asset).reduce((sum, entry) => sum + (1 - entry.remaining) * stepDays * (entry.endDay - entry.startDay + 1), 0);
          expect(lostBySteps).toBeCloseTo(lostByDay(asset), 9);
        }
        for (const entry of stepped) expect(entry.endDay).toBeLessThan(Math.ceil(days / stepDays));
      }),
    );
  });
});
