import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRun } from '../src/analysis/invariants.ts';
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { csvFiles } from '../src/report/csv.ts';
import { textReport } from '../src/report/text-report.ts';
import { scenarioOf } from './helpers.ts';

// A field (100 t/d, lifting 50 USD/t) loads a tanker route (2 days at sea, 10 USD/t) to a
// terminal with no tanks, from where a pipe (100 t/d, 10 USD/t) reaches a port paying 100 USD/t.
// Margin 30 USD/t; a tonne at the terminal is worth 90 (the pipe's tariff off the price).
// Holding a tonne on a tanker waiting off the terminal costs 1 USD a day (demurrage estimate).
const network = `
id: held
name: held
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
  - { id: producer, name: Producer, kind: company }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 % }
  - { id: terminal, kind: terminal, name: Terminal }
  - { id: port, kind: market, name: Port }
links:
  - { id: ship, kind: tanker, from: field, to: terminal, capacity: 100 t/d, tariff: 10 USD/t, transitDays: 2, route: Sea }
  - { id: pipe, kind: pipeline, from: terminal, to: port, capacity: 100 t/d, tariff: 10 USD/t }
`;

/** The pipe closes without warning on `start` for `days` days (its end unknown until it comes). */
const scenario = (mode: string, start: string, days: number) => `
id: closure
name: closure
network: inline
horizon: { start: 2022-01-01, end: 2022-01-30 }
discountRate: 0 %
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
operations: { mode: ${mode} }
events:
  - { type: outage, asset: pipe, start: ${start}, days: ${days} }
`;

async function solvedRun(text: string): Promise<RunResult> {
  const scenario = scenarioOf(network, text);
  const outcome = await runScenario(scenario);
  if (outcome.status !== 'optimal') throw new Error(`${outcome.status}: ${outcome.message}`);
  // Mass balance closes with the oil held counted at the terminal; it is held only where it arrived.
  const violations = [...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)];
  expect(violations).toEqual([]);
  // The report says where oil was held, and the CSVs give it by day.
  const report = textReport(outcome.result, scenario.network, { unit: 't', barrelsPerTonne: 7.5 });
  if (outcome.result.impact.heldInTransit.length > 0) {
    expect(report).toContain('held in transit       Terminal:');
    expect(csvFiles(outcome.result).get('held-daily.csv')?.split('\n')[0]).toBe('date,terminal_baseline_t,terminal_scenario_t');
  } else expect(report).not.toContain('held in transit');
  return outcome.result;
}

const held = (result: RunResult) => result.series.held.find((row) => row.node === 'terminal')?.scenario ?? [];

describe('oil under way when its destination closes by surprise is held in transit', () => {
  // The pipe is closed on days 5–9 (6–10 January).
  it('hindsight never ships what cannot arrive: days 3–7 shut in, 500 t × 30 USD/t = 15,000 USD', async () => {
    const result = await solvedRun(scenario('hindsight', '2022-01-06', 5));
    expect(result.impact.productionShutInTonnes).toBeCloseTo(500, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(15_000, 2);
    expect(result.impact.heldInTransit).toEqual([]);
  });

  it('rolling: the tankers loaded on days 3 and 4 wait off the terminal and deliver when the pipe reopens; foresight worth 1,000 tonne-days of demurrage', async () => {
    const result = await solvedRun(scenario('rolling', '2022-01-06', 5));
    // Held at the end of days 5…11: 100, 200 while closed, then the pipe (100 t/d) clears it on days 10 and 11.
    expect(held(result).slice(4, 13)).toEqual([0, 100, 200, 200, 200, 200, 100, 0, 0]);
    expect(result.impact.heldInTransit).toEqual([{ node: 'terminal', peakTonnes: 200, endTonnes: 0, days: 6, first: '2022-01-06' }]);
    // The field stops from day 5 until the end is revealed on day 10: 500 t, as many as hindsight's.
    expect(result.impact.productionShutInTonnes).toBeCloseTo(500, 6);
    // Same tonnes sold; the wait costs 1,000 t·d × 1 USD.
    expect(result.impact.netbackLostUsd).toBeCloseTo(16_000, 2);
    expect(result.operations.hindsightNetbackLostUsd).toBeCloseTo(15_000, 2);
    expect(result.operations.valueOfForesightUsd).toBeCloseTo(1_000, 2);
  });

  it('oil still held when the horizon ends is valued as stock at the terminal (90 USD/t) and its demurrage paid', async () => {
    // Closed on days 25–28; revealed open on day 29, when the pipe clears 100 of the 200 t held.
    const result = await solvedRun(scenario('rolling', '2022-01-26', 4));
    expect(held(result).slice(24)).toEqual([0, 100, 200, 200, 200, 100]);
    expect(result.impact.heldInTransit).toEqual([{ node: 'terminal', peakTonnes: 200, endTonnes: 100, days: 5, first: '2022-01-26' }]);
    expect(result.scenario.endHeldTonnes).toBeCloseTo(100, 6);
    // Hindsight: days 23–26 shut in (arrivals on 25–28 impossible), 400 t × 30 = 12,000 USD.
    expect(result.operations.hindsightNetbackLostUsd).toBeCloseTo(12_000, 2);
    // Rolling: days 25–28 shut in (400 t), 100 t held at the end worth 90 as it would be sold
    // through the pipe, 800 t·d of demurrage: 12,800 USD.
    expect(result.impact.productionShutInTonnes).toBeCloseTo(400, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(12_800, 2);
  });
});

describe('the shipped network: a sanction closing what Turkey controls while Caspian tankers are at sea', () => {
  it('cpc-2022-ban-bypass with Turkey closing its links for 10 days runs rolling (once infeasible): the oil under way waits at Sangachal, Makhachkala and Aktau', { timeout: 300_000 }, async () => {
    const data = (path: string) => readFileSync(new URL(`../data/${path}`, import.meta.url), 'utf8');
    const text = `${data('scenarios/cpc-2022-ban-bypass.yaml')}  - { type: sanction, actor: tr, scope: jurisdiction, assets: [], start: 2022-07-06, days: 10 }\noperations: { mode: rolling }\n`;
    const scenario = scenarioOf(data('networks/caspian-crude.yaml'), text);
    const outcome = await runScenario(scenario);
    if (outcome.status !== 'optimal') throw new Error(`${outcome.status}: ${outcome.message}`);
    expect([...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)].slice(0, 5)).toEqual([]);
    const held = outcome.result.impact.heldInTransit;
    expect(held.map((row) => row.node).sort()).toEqual(['aktau-port', 'makhachkala', 'sangachal']);
    // All of it goes on once the straits and BTC reopen (16 July), none is left at the end.
    for (const row of held) {
      expect(row.first).toBe('2022-07-06');
      expect(row.endTonnes).toBe(0);
      expect(row.peakTonnes).toBeGreaterThan(0);
    }
    expect(outcome.result.operations.valueOfForesightUsd).toBeGreaterThan(0);
  });
});
