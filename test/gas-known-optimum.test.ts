import { describe, expect, it } from 'vitest';
import { assertInDelta, scenarioOf } from './helpers.ts';
import { tenDays, tinyGas } from './gas-network.ts';
import { openSession } from '../src/solve/solve.ts';
import { keepsOptimum, knownOptimum, rowActivities } from '../src/solve/known-optimum.ts';
import type { LinearProgram } from '../src/solve/build-lp.ts';
import type { Scenario } from '../src/scenario/scenario.ts';

const closure = (asset: string, days = 5) => `\n  - { type: outage, asset: ${asset}, start: 2022-01-04, days: ${days} }`;

async function sessionOn(base: Scenario, patchVariants = true) {
  const session = await openSession(base, { closable: ['terminal', 'russia'], patchVariants });
  if (session.status !== 'open') throw new Error(session.message);
  return session;
}

describe('variants the baseline optimum still solves are not re-solved', () => {
  // Baseline of the tiny gas network: Russian gas at 20 EUR/MWh through the 100 GWh/d transit serves
  // the whole 100 GWh/d; LNG (80 EUR/MWh) is idle, so the LNG tanker, the terminal and the send-out
  // carry nothing and closing any of them leaves the baseline plan feasible, hence optimal.
  const base = scenarioOf(tinyGas(), tenDays(' []'));
  const variant = (events: string) => ({ ...base, events: scenarioOf(tinyGas(), tenDays(events)).events });

  it('closing an idle asset gives the baseline plan without an iteration', async () => {
    const session = await sessionOn(base);
    for (const asset of ['lng-ship', 'send-out', 'terminal']) {
      const run = session.solve(variant(closure(asset)), { fromBaseline: true });
      if ('status' in run) throw new Error(run.message);
      expect(run.solution.iterations, asset).toBe(0);
      expect(run.solution.objectiveUsd, asset).toBe(session.baseline.objectiveUsd);
      expect([...run.solution.flowTonnes], asset).toEqual([...session.baseline.flowTonnes]);
    }
    session.dispose();
  });

  it('closing the transit that carries the gas is solved: LNG replaces it on the 5 days', async () => {
    const session = await sessionOn(base);
    const run = session.solve(variant(closure('transit')), { fromBaseline: true });
    if ('status' in run) throw new Error(run.message);
    expect(run.solution.iterations).toBeGreaterThan(0);
    // Days 4–8: 90 GWh/d of LNG (the regas limit) at 80 EUR/MWh serve firm demand and the
    // 120 EUR/MWh step; the 60 EUR/MWh step (10 GWh/d) is priced out. Welfare falls by
    // 5 × (100 GWh × (wtp − 20) − 90 GWh × (wtp − 80)) = 5 × (10 × 40 + 90 × 60) MEUR/1000.
    // The LP's tie-breakers (early output is worth a hair more) move it by a few EUR.
    const lost = session.baseline.objectiveUsd - run.solution.objectiveUsd;
    assertInDelta(lost, 5 * (10_000 * 40 + 90_000 * 60), 100, 'welfare lost to the transit closure (EUR)');
    session.dispose();
  });

  it('every closure gives what a session that solves each variant anew gives', async () => {
    const [skipping, solving] = [await sessionOn(base), await sessionOn(base, false)];
    for (const asset of ['lng-ship', 'send-out', 'terminal', 'transit', 'russia']) {
      const fast = skipping.solve(variant(closure(asset)), { fromBaseline: true });
      const slow = solving.solve(variant(closure(asset)), { fromBaseline: true });
      if ('status' in fast || 'status' in slow) throw new Error(`${asset} not solved`);
      expect(fast.solution.objectiveUsd, asset).toBeCloseTo(slow.solution.objectiveUsd, 3);
      fast.solution.flowTonnes.forEach((tonnes, index) => expect(tonnes, `${asset} column ${index}`).toBeCloseTo(slow.solution.flowTonnes[index]!, 3));
    }
    skipping.dispose();
    solving.dispose();
  });
});

describe('keepsOptimum', () => {
  // max x + y  s.t.  x + y ≤ 10 (row 0),  0 ≤ x ≤ 6,  0 ≤ y ≤ 8: an optimum is x = 6, y = 4.
  const lp: LinearProgram = {
    numCols: 2,
    numRows: 1,
    colCost: Float64Array.of(1, 1),
    colLower: Float64Array.of(0, 0),
    colUpper: Float64Array.of(6, 8),
    rowLower: Float64Array.of(-Infinity),
    rowUpper: Float64Array.of(10),
    starts: Int32Array.of(0, 1, 2),
    indices: Int32Array.of(0, 0),
    values: Float64Array.of(1, 1),
    offset: 0,
  };
  const known = knownOptimum(lp, lp, Float64Array.of(6, 4))!;
  const columns = (first: number, lower: number[], upper: number[]) => ({ on: 'columns' as const, first, lower: Float64Array.from(lower), upper: Float64Array.from(upper) });

  it('computes row activities A·x', () => {
    expect([...rowActivities(lp, Float64Array.of(6, 4))]).toEqual([10]);
  });

  it('holds when the bounds narrow around the optimum', () => {
    expect(keepsOptimum(known, [columns(1, [0], [4])])).toBe(true);
    expect(keepsOptimum(known, [{ on: 'rows', first: 0, lower: Float64Array.of(-Infinity), upper: Float64Array.of(10) }])).toBe(true);
  });

  it('fails when a bound cuts the optimum off', () => {
    expect(keepsOptimum(known, [columns(1, [0], [3])])).toBe(false);
    expect(keepsOptimum(known, [{ on: 'rows', first: 0, lower: Float64Array.of(-Infinity), upper: Float64Array.of(9) }])).toBe(false);
  });

  it('fails when a bound widens, even around the optimum (a wider set may hold a better plan)', () => {
    expect(keepsOptimum(known, [columns(0, [0], [7])])).toBe(false);
  });

  it('is not offered for an LP whose costs differ from the solved one', () => {
    expect(knownOptimum({ ...lp, colCost: Float64Array.of(1, 2) }, lp, Float64Array.of(6, 4))).toBeUndefined();
  });
});
