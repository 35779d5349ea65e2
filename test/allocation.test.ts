import { describe, expect, it } from 'vitest';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { networkFromText } from '../src/model/load-network.ts';
import { textReport } from '../src/report/text-report.ts';
import { scenarioOf, solved } from './helpers.ts';

/** A network of one state with two fields, `rich` (lifting 10 USD/t) and `lean` (50 USD/t), of the given capacities. */
const twoFields = (id: string, rich: number, lean: number) => `
id: ${id}
name: ${id}
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
nodes:
  - { id: rich, kind: field, name: Rich, production: ${rich} t/d, liftingCost: 10 USD/t, taxedBy: state, fiscalTake: 0 % }
  - { id: lean, kind: field, name: Lean, production: ${lean} t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 0 % }`;

// Two shippers share a trunk line to one port paying 100 USD/t: field `rich` lifts at 10 USD/t
// (netback 90 USD/t), field `lean` at 50 USD/t (netback 50 USD/t); each produces 100 t/d and
// nominates 100 t/d on the trunk (200 t/d) in the undisrupted plan. No shut-in cost, no tariff.
const trunk = (allocation: string) => `${twoFields('trunk', 100, 100)}
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port }
links:
  - { id: rich-hub, kind: pipeline, from: rich, to: hub }
  - { id: lean-hub, kind: pipeline, from: lean, to: hub }
  - { id: line, kind: pipeline, from: hub, to: port, capacity: 200 t/d, route: Line${allocation} }
`;

/** The trunk runs at half its capacity for 10 days (6–15 January) of a 30-day horizon. */
const halved = (mode: string) => `
id: halved
name: halved
network: inline
horizon: { start: 2022-01-01, end: 2022-01-30 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
operations: { mode: ${mode} }
events:
  - { type: outage, asset: line, start: 2022-01-06, days: 10, remaining: 50 % }
`;

const PRO_RATA = ', allocation: { rule: pro-rata, basis: nominations, estimate: test }';
const MERIT = ', allocation: { rule: merit, estimate: test }';

/** Solved, with mass balance, capacities and stock limits checked on every day of both runs. */
const solvedRun = (networkYaml: string, scenarioYaml: string) => solved(scenarioOf(networkYaml, scenarioYaml));

const shutIn = (result: RunResult, field: string) => result.impact.shutInByField.find((row) => row.field === field)?.tonnes ?? 0;

describe.each(['hindsight', 'rolling'])('two shippers through one link whose capacity halves (%s)', (mode) => {
  it('pro-rata: each shipper cut by half, 50 t/d for 10 days = 500 t each; loss 500 × 90 + 500 × 50 = 70,000 USD', async () => {
    const result = await solvedRun(trunk(PRO_RATA), halved(mode));
    expect(result.operations.mode).toBe(mode);
    expect(shutIn(result, 'rich')).toBeCloseTo(500, 6);
    expect(shutIn(result, 'lean')).toBeCloseTo(500, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(70_000, 2);
  });

  it('merit: the low-netback shipper is cut first, 100 t/d for 10 days; loss 1,000 × 50 = 50,000 USD', async () => {
    const result = await solvedRun(trunk(MERIT), halved(mode));
    expect(shutIn(result, 'rich')).toBeCloseTo(0, 6);
    expect(shutIn(result, 'lean')).toBeCloseTo(1000, 6);
    expect(result.impact.netbackLostUsd).toBeCloseTo(50_000, 2);
  });

  it('a shipper short of its own supply (its field out) does not hold the others back: lean moves its full 100 t/d', async () => {
    const fieldOut = `${halved(mode)}  - { type: outage, asset: rich, start: 2022-01-06, days: 10 }\n`;
    const result = await solvedRun(trunk(PRO_RATA), fieldOut);
    expect(shutIn(result, 'rich')).toBeCloseTo(1000, 6);
    expect(shutIn(result, 'lean')).toBeCloseTo(0, 6);
  });

  it('no rule is merit, as before rules existed', async () => {
    const result = await solvedRun(trunk(''), halved(mode));
    expect(shutIn(result, 'lean')).toBeCloseTo(1000, 6);
  });
});

// Behind a terminal: both fields feed a 300 t tank through an inlet (pro-rata); the tank loads
// at up to 250 t/d. Loading stops for 10 days: the tank takes 300 t, the rest (2,000 − 300 t) is
// shut in. The inlet keeps its capacity: the rule is in force because something downstream of
// it (the loading) lost capacity, and it cuts both shippers alike whatever binds (here the tank).
const terminal = (allocation: string, transitDays: number) => `${twoFields('terminal', 100, 100)}
  - { id: hub, kind: junction, name: Hub }
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 0 t }
  - { id: port, kind: market, name: Port }
links:
  - { id: rich-hub, kind: pipeline, from: rich, to: hub }
  - { id: lean-hub, kind: pipeline, from: lean, to: hub }
  - { id: inlet, kind: pipeline, from: hub, to: tank, capacity: 200 t/d, transitDays: ${transitDays}${allocation} }
  - { id: loading, kind: mooring, from: tank, to: port, capacity: 250 t/d, route: Sea }
`;

const suspended = (mode: string, announced = '') => `
id: suspended
name: suspended
network: inline
horizon: { start: 2022-01-01, end: 2022-01-30 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
operations: { mode: ${mode} }
events:
  - { type: outage, asset: loading, start: 2022-01-06, days: 10${announced} }
`;

describe.each(['hindsight', 'rolling'])('a terminal suspension behind a tank (%s)', (mode) => {
  it('pro-rata: the 300 t of room are shared 150 t each; each shipper shut in 1,000 − 150 = 850 t; loss 850 × 140 = 119,000 USD', async () => {
    const result = await solvedRun(terminal(PRO_RATA, 0), suspended(mode));
    expect(shutIn(result, 'rich')).toBeCloseTo(850, 4);
    expect(shutIn(result, 'lean')).toBeCloseTo(850, 4);
    expect(result.impact.netbackLostUsd).toBeCloseTo(119_000, 0);
  });

  it('merit: the tank fills with the rich crude; lean shut in 1,000 t, rich 700 t; loss 700 × 90 + 1,000 × 50 = 113,000 USD', async () => {
    const result = await solvedRun(terminal(MERIT, 0), suspended(mode));
    expect(shutIn(result, 'rich')).toBeCloseTo(700, 4);
    expect(shutIn(result, 'lean')).toBeCloseTo(1000, 4);
    expect(result.impact.netbackLostUsd).toBeCloseTo(113_000, 0);
  });

  // Announced three days ahead: oil sent before operators knew would reach a full tank (a
  // rolling run cannot unsend it); known in time, the two days of oil under way are cut alike too.
  it('with 2 transit days the cut is still shared alike (oil entering before the stop meets it) and mass balance holds', async () => {
    const result = await solvedRun(terminal(PRO_RATA, 2), suspended(mode, ', announced: 2022-01-03'));
    expect(shutIn(result, 'rich')).toBeCloseTo(shutIn(result, 'lean'), 3);
    expect(shutIn(result, 'rich') + shutIn(result, 'lean')).toBeGreaterThan(1000);
  });
});

// The national cut rule: a state caps its two fields (150 and 50 t/d of capacity) at 100 t/d.
const quota = (allocation: string) => `${twoFields('quota', 150, 50)}
  - { id: port, kind: market, name: Port }
links:
  - { id: rich-port, kind: pipeline, from: rich, to: port }
  - { id: lean-port, kind: pipeline, from: lean, to: port }
productionLimits:
  - { id: target, state: state, cap: 100 t/d${allocation} }
`;

const tenDays = (mode: string) => `
id: capped
name: capped
network: inline
horizon: { start: 2022-01-01, end: 2022-01-10 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
operations: { mode: ${mode} }
`;

describe.each(['hindsight', 'rolling'])('the national cut rule (%s)', (mode) => {
  const output = async (allocation: string) => {
    const result = await solvedRun(quota(allocation), tenDays(mode));
    const production = (field: string) => result.series.production.find((row) => row.field === field)!.scenario;
    return { rich: production('rich'), lean: production('lean') };
  };

  it('by default pro rata to output: 150 : 50 of a 100 t/d cap is 75 and 25 t/d', async () => {
    const { rich, lean } = await output('');
    for (const day of rich.keys()) {
      expect(rich[day]).toBeCloseTo(75, 6);
      expect(lean[day]).toBeCloseTo(25, 6);
    }
  });

  it('stated shares (quota 60 % / 40 %) give 60 and 40 t/d', async () => {
    const { rich, lean } = await output(', allocation: { rule: pro-rata, basis: quota, shares: [{ shipper: rich, share: 60 % }, { shipper: lean, share: 40 % }], estimate: test }');
    expect(rich[3]).toBeCloseTo(60, 6);
    expect(lean[3]).toBeCloseTo(40, 6);
  });

  it('merit keeps the best field whole: 100 and 0 t/d', async () => {
    const { rich, lean } = await output(', allocation: { rule: merit, estimate: test }');
    expect(rich[3]).toBeCloseTo(100, 6);
    expect(lean[3]).toBeCloseTo(0, 6);
  });
});

describe('allocation in the report', () => {
  it('--json and the header say which rule each shared asset used, the days in force and the share of nominations moved', async () => {
    const scenario = scenarioOf(trunk(PRO_RATA), halved('hindsight'));
    const result = await solved(scenario);
    expect(result.allocation).toEqual([
      {
        asset: 'line',
        assets: ['line'],
        rule: 'pro-rata',
        basis: 'nominations',
        estimate: 'test',
        daysInForce: 10,
        shippers: [
          { shipper: 'rich', nominationTonnesPerDay: 100, inForceTonnes: 500, shareOfNomination: 0.5 },
          { shipper: 'lean', nominationTonnesPerDay: 100, inForceTonnes: 500, shareOfNomination: 0.5 },
        ],
      },
    ]);
    const text = textReport(result, scenario.network, { unit: 't', barrelsPerTonne: 7.5 });
    expect(text).toContain('  line: pro rata to nominations (estimate), in force 10 day(s); shippers moved 50 % of their nominations then');
  });

  it('an asset stated as merit is listed as such; without any rule the header says merit everywhere', async () => {
    const merit = await solved(scenarioOf(trunk(MERIT), halved('hindsight')));
    expect(merit.allocation).toEqual([{ asset: 'line', assets: ['line'], rule: 'merit', estimate: 'test', daysInForce: 0, shippers: [] }]);
    const scenario = scenarioOf(trunk(''), halved('hindsight'));
    const none = await solved(scenario);
    expect(none.allocation).toEqual([]);
    expect(textReport(none, scenario.network, { unit: 't', barrelsPerTonne: 7.5 })).toContain('allocation: merit on every shared asset');
  });
});

describe('allocation in the schema', () => {
  it('basis quota needs shares, and shares name fields', () => {
    const missing = networkFromText(trunk(', allocation: { rule: pro-rata, basis: quota }'), 'network.yaml');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues.map((issue) => issue.message).join('\n')).toMatch(/basis quota needs shares/);
    const unknown = networkFromText(trunk(', allocation: { rule: pro-rata, basis: quota, shares: [{ shipper: hub, share: 50 % }] }'), 'network.yaml');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.issues.map((issue) => issue.message).join('\n')).toMatch(/"hub" is not a field/);
  });
});
