import { describe, expect, it } from 'vitest';
import { checkRun } from '../src/analysis/invariants.ts';
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { knownEvents } from '../src/operations/window.ts';
import { forAnalysis, replayOperations } from '../src/operations/defaults.ts';
import { scenarioOf } from './helpers.ts';

// A field (100 t/d, lifting 50 USD/t, no shut-in cost) sends its crude into a 300 t tank at the
// coast; from there a mooring (100 t/d, 10 USD/t) or rail (50 t/d, 30 USD/t) reaches a port
// paying 100 USD/t. Margins: 40 USD/t by sea, 20 by rail; a stored tonne is worth 90 − 50 = 40.
const network = `
id: coast
name: coast
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
  - { id: producer, name: Producer, kind: company }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 % }
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 0 t }
  - { id: port, kind: market, name: Port }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: 100 t/d, tariff: 10 USD/t, route: Sea }
  - { id: rail, kind: rail, from: tank, to: port, capacity: 50 t/d, tariff: 30 USD/t, route: Rail }
`;

/** The mooring closes on 6 January for 10 days (days 5–14 of 30). */
const scenario = (operations: string, knowledge = '') => `
id: outage
name: outage
network: inline
horizon: { start: 2022-01-01, end: 2022-01-30 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
${operations}
events:
  - { type: outage, asset: outlet, start: 2022-01-06, days: 10${knowledge} }
`;

async function solvedRun(text: string): Promise<RunResult> {
  const outcome = await runScenario(scenarioOf(network, text));
  if (outcome.status !== 'optimal') throw new Error(`${outcome.status}: ${outcome.message}`);
  // Mass balance, capacities and stock limits hold on every day, so after every step.
  const violations = [...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)];
  expect(violations).toEqual([]);
  return outcome.result;
}

const route = (result: RunResult, name: string) => result.impact.exportsLostByRoute.find((row) => row.route === name)?.tonnes ?? 0;
const tank = (result: RunResult) => result.series.storage.find((row) => row.storage === 'tank')!.scenario;

describe('an outage of unknown length: rolling vs hindsight', () => {
  it('hindsight: 500 t by rail, 300 t stored, 200 t shut in; loss 200 × 40 + 500 × 20 = 18,000 USD', async () => {
    const result = await solvedRun(scenario('operations: { mode: hindsight }', ', expectedDays: 3'));
    expect(result.operations.mode).toBe('hindsight');
    expect(result.impact.productionShutInTonnes).toBeCloseTo(200, 6);
    expect(route(result, 'Rail')).toBeCloseTo(-500, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(18_000, 2);
  });

  it('rolling, believed to last 3 days: fills the tank first, then rails and cuts; foresight was worth 150 t × 20 USD/t', async () => {
    const result = await solvedRun(scenario('operations: { mode: rolling, lookaheadDays: 30, replanDays: 1 }', ', expectedDays: 3'));
    expect(result.operations).toMatchObject({ mode: 'rolling', lookaheadDays: 30, replanDays: 1, steps: 30 });
    // Days 5–7: the outage is believed over by day 7, and the tank takes all 300 t; no rail.
    // Day 8 on: it is still on (end not revealed), so until further notice: 50 t/d by rail, 50 shut in.
    const stock = tank(result);
    expect(stock.slice(4, 9)).toEqual([0, 100, 200, 300, 300]);
    expect(route(result, 'Rail')).toBeCloseTo(-350, 6);
    expect(result.impact.productionShutInTonnes).toBeCloseTo(350, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(21_000, 2);
    expect(result.operations.hindsightNetbackLostUsd).toBeCloseTo(18_000, 2);
    expect(result.operations.valueOfForesightUsd).toBeCloseTo(3_000, 2);
  });

  it('rolling, until further notice: rails from the first day and fills the tank, losing no more than hindsight', async () => {
    const result = await solvedRun(scenario('operations: { mode: rolling }'));
    expect(route(result, 'Rail')).toBeCloseTo(-500, 6);
    expect(result.impact.productionShutInTonnes).toBeCloseTo(200, 6);
    expect(result.operations.valueOfForesightUsd).toBeCloseTo(0, 2);
  });

  it('a surprise (announced two days late): the decided shipments cannot sail, the tank absorbs them', async () => {
    const result = await solvedRun(scenario('operations: { mode: rolling }', ', announced: 2022-01-08'));
    const stock = tank(result);
    // Days 5 and 6 were planned as normal: the mooring was closed, so the field's 100 t/d went into the tank.
    expect(stock.slice(4, 8)).toEqual([0, 100, 200, expect.any(Number)]);
    expect(result.operations.valueOfForesightUsd).toBeGreaterThan(0);
  });

  it('stock carries from step to step: replanning every 5 days gives the same plan when nothing is a surprise', async () => {
    const daily = await solvedRun(scenario('operations: { mode: rolling, replanDays: 1 }'));
    const weekly = await solvedRun(scenario('operations: { mode: rolling, replanDays: 5 }'));
    expect(weekly.operations.steps).toBe(6);
    expect(weekly.impact.netbackLostUsd).toBeCloseTo(daily.impact.netbackLostUsd, 2);
    expect(tank(weekly)).toEqual(tank(daily));
  });

  it('without events, rolling reproduces the baseline', async () => {
    const result = await solvedRun(scenario('operations: { mode: rolling }').replace(/events:[\s\S]*$/, 'events: []\n'));
    expect(result.impact.netbackLostUsd).toBeCloseTo(0, 2);
    expect(result.operations.valueOfForesightUsd).toBeCloseTo(0, 2);
  });
});

describe('shadow prices, read back by name', () => {
  const price = (result: RunResult, link: string, day: number) => result.shadowPrices.links.find((row) => row.link === link)?.scenario[day] ?? 0;

  it('hindsight: a tonne more of mooring capacity in the outage saves a shut-in tonne (40 USD/t), of rail 20 USD/t', async () => {
    const result = await solvedRun(scenario('operations: { mode: hindsight }'));
    for (let day = 5; day <= 14; day += 1) {
      expect(price(result, 'outlet', day)).toBeCloseTo(40, 1);
      expect(price(result, 'rail', day)).toBeCloseTo(20, 1);
    }
    // Before the outage nothing is short: the mooring carries all the field makes.
    expect(price(result, 'outlet', 0)).toBeCloseTo(0, 1);
  });

  it('rolling: the price is what operators believed that day: nothing while the tank could take it all, 40 USD/t once cuts began', async () => {
    const result = await solvedRun(scenario('operations: { mode: rolling }', ', expectedDays: 3'));
    expect(price(result, 'outlet', 5)).toBeCloseTo(0, 1);
    expect(price(result, 'outlet', 8)).toBeCloseTo(40, 1);
    expect(price(result, 'rail', 8)).toBeCloseTo(20, 1);
  });
});

describe('what operators know on a day', () => {
  const outage = { type: 'outage' as const, asset: 'a', remaining: 0, start: '', end: '', startDay: 5, endDay: 14 };
  it('an event unknown before it is announced, then believed to its expected end, then until further notice', () => {
    const event = { ...outage, announcedDay: 3, expectedEndDay: 7 };
    expect(knownEvents([event], 2, 30)).toEqual([]);
    expect(knownEvents([event], 3, 30)).toMatchObject([{ startDay: 2, endDay: 4 }]);
    expect(knownEvents([event], 7, 30)).toMatchObject([{ startDay: -2, endDay: 0 }]);
    expect(knownEvents([event], 8, 30)).toMatchObject([{ startDay: -3, endDay: 29 }]);
    // Its end is revealed the day after its last day.
    expect(knownEvents([event], 15, 30)).toEqual([]);
  });
});

describe('which mode by default', () => {
  it('a scenario without operations is a replay decided rolling (daily, 30 days ahead), with the hindsight loss beside it', async () => {
    const result = await solvedRun(scenario(''));
    expect(result.operations).toMatchObject({ mode: 'rolling', lookaheadDays: 30, replanDays: 1, steps: 30 });
    // Until further notice, as in the hand-solved table above: no worse than hindsight here.
    expect(result.impact.netbackLostUsd).toBeCloseTo(18_000, 2);
    expect(result.operations.hindsightNetbackLostUsd).toBeCloseTo(18_000, 2);
  });

  it('operations without a mode are rolling too; analyses state hindsight unless the scenario says', () => {
    const loose = scenarioOf(network, scenario('operations: { lookaheadDays: 10 }'));
    expect(replayOperations(loose)).toEqual({ mode: 'rolling', lookaheadDays: 10, replanDays: 1 });
    const bare = scenarioOf(network, scenario(''));
    expect(bare.operations).toBeUndefined();
    expect(replayOperations(bare)).toEqual({ mode: 'rolling', lookaheadDays: 30, replanDays: 1 });
    expect(forAnalysis(bare).operations).toEqual({ mode: 'hindsight', lookaheadDays: 30, replanDays: 1 });
    expect(forAnalysis(loose).operations?.mode).toBe('rolling');
  });
});
