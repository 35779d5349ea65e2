import { describe, expect, it } from 'vitest';
import { textReport } from '../src/report/text-report.ts';
import { scenarioOf, solved } from './helpers.ts';

/** Field 100 t/d (margin 50 USD/t) -> tank -> port; the outlet closes for 5 days. */
const tankNetwork = (tank: string, outlet = '150 t/d') => `
id: tank
name: tank
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 40 % }
  - { id: tank, kind: storage, name: Tank, ${tank} }
  - { id: port, kind: market, name: Port }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: ${outlet}, route: Sea }
`;

const scenario = (extra = '', events = `\n  - { type: outage, asset: outlet, start: 2022-01-05, days: 5 }`) => `
id: test
name: test
network: inline
horizon: { start: 2022-01-01, end: 2022-01-20 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
${extra}
events:${events}
`;

describe('initial state and operating limits', () => {
  it('a tank starting full absorbs nothing: every tonne the closed outlet cannot take is shut in', async () => {
    // Outlet 100 t/d = the field's rate, so the baseline cannot drain the full tank.
    const result = await solved(scenarioOf(tankNetwork('capacity: 300 t, initial: 300 t', '100 t/d'), scenario()));
    expect(result.impact.productionShutInTonnes).toBeCloseTo(500, 6);
    expect(result.impact.peakStockBuiltTonnes).toBeCloseTo(0, 6);
    const tank = result.series.storage.find((row) => row.storage === 'tank')!;
    expect(tank.baseline.every((stock) => Math.abs(stock - 300) < 1e-6)).toBe(true);
  });

  it('the same tank starting empty absorbs 300 t of the 500 t', async () => {
    const result = await solved(scenarioOf(tankNetwork('capacity: 300 t, initial: 300 t', '100 t/d'), scenario('initialStock: { tank: 0 t }')));
    expect(result.impact.productionShutInTonnes).toBeCloseTo(200, 6);
    expect(result.impact.peakStockBuiltTonnes).toBeCloseTo(300, 6);
  });

  it('a minimum operating stock keeps the tanks from being drained, so they absorb only what is above it', async () => {
    // Tank 500 t with 300 t in it; the outlet's 150 t/d leaves 50 t/d to drain it. Without a
    // minimum both runs sell 50 t/d of stock on days 1-4 (100 t left when the outlet closes on
    // the 5th), so the tank absorbs 400 t of the 500 t: 100 t shut in.
    const free = await solved(scenarioOf(tankNetwork('capacity: 500 t, initial: 300 t'), scenario()));
    expect(free.impact.productionShutInTonnes).toBeCloseTo(100, 6);
    // With 200 t as the minimum the stock stops at 200 t: it absorbs 300 t, 200 t shut in.
    const held = await solved(scenarioOf(tankNetwork('capacity: 500 t, initial: 300 t, minimumStock: 200 t'), scenario()));
    expect(held.impact.productionShutInTonnes).toBeCloseTo(200, 6);
    const tank = held.series.storage.find((row) => row.storage === 'tank')!;
    expect(Math.min(...tank.baseline, ...tank.scenario)).toBeGreaterThanOrEqual(200 - 1e-6);
  });

  it('a tank starting below its minimum is not made to fill up, only kept from falling further', async () => {
    const result = await solved(scenarioOf(tankNetwork('capacity: 500 t, initial: 300 t, minimumStock: 200 t'), scenario('initialStock: { tank: 50 t }')));
    // Floor 50 t: the tank absorbs 450 t of the 500 t.
    expect(result.impact.productionShutInTonnes).toBeCloseTo(50, 6);
  });
});

/** Two fields of one state, margins 50 and 30 USD/t, under a 150 t/d quota. */
const quotaNetwork = (limit: string) => `
id: quota
name: quota
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
  - { id: other, name: Other, kind: state }
nodes:
  - { id: rich, kind: field, name: Rich, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 40 % }
  - { id: poor, kind: field, name: Poor, production: 100 t/d, liftingCost: 70 USD/t, taxedBy: state, fiscalTake: 40 % }
  - { id: foreign, kind: field, name: Foreign, production: 100 t/d, liftingCost: 70 USD/t, taxedBy: other, fiscalTake: 40 % }
  - { id: port, kind: market, name: Port }
links:
  - { id: rich-port, kind: pipeline, from: rich, to: port }
  - { id: poor-port, kind: pipeline, from: poor, to: port }
  - { id: foreign-port, kind: pipeline, from: foreign, to: port }
productionLimits:
  - { id: quota, state: state, cap: { value: 150 t/d, source: "test" }${limit} }
`;

describe('a national production limit', () => {
  const output = (result: Awaited<ReturnType<typeof solved>>, field: string) => result.baseline.byField.find((row) => row.field === field)!.productionTonnes;

  it('binds on the state\'s fields together (by default pro rata to output: 150 of 200 t/d, 75 each), not on another state\'s', async () => {
    const result = await solved(scenarioOf(quotaNetwork(''), scenario('', ' []')));
    expect(output(result, 'rich')).toBeCloseTo(20 * 75, 6);
    expect(output(result, 'poor')).toBeCloseTo(20 * 75, 6);
    expect(output(result, 'foreign')).toBeCloseTo(20 * 100, 6);
  });

  it('under merit the cheapest field goes first', async () => {
    const result = await solved(scenarioOf(quotaNetwork(', allocation: { rule: merit, estimate: "test" }'), scenario('', ' []')));
    expect(output(result, 'rich')).toBeCloseTo(20 * 100, 6);
    expect(output(result, 'poor')).toBeCloseTo(20 * 50, 6);
  });

  it('a scenario can ignore it, or enforce one the network lists unenforced', async () => {
    const ignored = await solved(scenarioOf(quotaNetwork(''), scenario('productionLimits: { quota: ignore }', ' []')));
    expect(output(ignored, 'poor')).toBeCloseTo(20 * 100, 6);
    const listed = await solved(scenarioOf(quotaNetwork(', enforce: false'), scenario('', ' []')));
    expect(output(listed, 'poor')).toBeCloseTo(20 * 100, 6);
    const enforced = await solved(scenarioOf(quotaNetwork(', enforce: false'), scenario('productionLimits: { quota: enforce }', ' []')));
    expect(output(enforced, 'poor')).toBeCloseTo(20 * 75, 6);
  });

  it('applies only on the days it is in service', async () => {
    const result = await solved(scenarioOf(quotaNetwork(', service: { from: 2022-01-11, source: "test" }'), scenario('', ' []')));
    // Days 1-10 uncapped (100 t/d), days 11-20 at 75 t/d (pro rata to output).
    expect(output(result, 'poor')).toBeCloseTo(10 * 100 + 10 * 75, 6);
  });
});

/** One field, 100 t/d; a cheap pipe (60 t/d) and a dear route scheduled at 20 t/d on a 100 t/d pipe. */
const scheduleNetwork = (extra: string) => `
id: schedule
name: schedule
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 40 % }
  - { id: port, kind: market, name: Port }
links:
  - { id: cheap, kind: pipeline, from: field, to: port, capacity: 60 t/d, tariff: 10 USD/t, route: Cheap }
  - { id: dear, kind: pipeline, from: field, to: port, capacity: 100 t/d, schedule: { value: 20 t/d, source: "test" }, tariff: 20 USD/t, route: Dear${extra} }
`;

describe('schedules vs physical capacity', () => {
  const closure = (days: number) => scenario('', `\n  - { type: outage, asset: cheap, start: 2022-01-05, days: ${days} }`);

  it('the baseline uses the schedule, not the pipe: 80 t/d, 20 t/d shut in', async () => {
    const result = await solved(scenarioOf(scheduleNetwork(''), closure(15)));
    expect(result.baseline.productionTonnes).toBeCloseTo(20 * 80, 6);
    // Without an extra rule the closure just loses the cheap route: 15 days x 60 t.
    expect(result.impact.productionShutInTonnes).toBeCloseTo(15 * 60, 6);
  });

  it('extra capacity arrives after its lead time and lasts while the disruption does', async () => {
    const extra = ', extra: { leadDays: 5, upTo: 50 t/d, estimate: "test" }';
    const result = await solved(scenarioOf(scheduleNetwork(extra), closure(15)));
    // Closed on days 5-19. Days 5-9: only the 20 t/d schedule (60 t/d lost); days 10-19: 20 + 50
    // t/d on the dear route (10 t/d lost). 5 x 60 + 10 x 10 = 400 t shut in.
    expect(result.impact.productionShutInTonnes).toBeCloseTo(400, 6);
    const dear = result.series.routes.find((row) => row.route === 'Dear')!;
    // Days 4-20 of the 20-day horizon: the schedule until the 9th, schedule + extra on the 10th-19th, the schedule again on the 20th.
    expect(dear.scenario.slice(3)).toEqual([20, 20, 20, 20, 20, 20, 70, 70, 70, 70, 70, 70, 70, 70, 70, 70, 20]);
    // The run states the rule it ran under: the schedule, the pipe and how extra comes; the cheap pipe has none.
    expect(result.definition.state?.schedules).toEqual([{ link: 'dear', scheduleTonnesPerDay: 20, capacityTonnesPerDay: 100, extra: { leadDays: 5, upToTonnesPerDay: 50 } }]);
    const report = textReport(result, scenarioOf(scheduleNetwork(extra), closure(15)).network, { unit: 't', barrelsPerTonne: 7.5 });
    expect(report).toContain('schedule dear: 7,300 t/yr on a link of 36,500 t/yr; more from 5 day(s) into a disruption, up to 18,250 t/yr');
  });

  it('a disruption shorter than the lead time gets no extra', async () => {
    const extra = ', extra: { leadDays: 5, estimate: "test" }';
    const result = await solved(scenarioOf(scheduleNetwork(extra), closure(5)));
    expect(result.impact.productionShutInTonnes).toBeCloseTo(5 * 60, 6);
  });
});
