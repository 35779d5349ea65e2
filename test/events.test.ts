import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { networkFromText } from '../src/model/load-network.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
import { route, scenarioOf, solved } from './helpers.ts';

const network = `
id: events
name: events
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: exporter, name: Exporter, kind: state }
  - { id: transit, name: Transit, kind: state }
  - { id: producer, name: Producer, kind: company }
  - { id: operator, name: Operator, kind: company }
nodes:
  - id: field
    kind: field
    name: Field
    production: 100 t/d
    liftingCost: 50 USD/t
    owners: [{ actor: producer, share: 100 % }]
    taxedBy: exporter
    fiscalTake: 40 %
  - { id: hub, kind: junction, name: Hub }
  - { id: north, kind: market, name: North, state: transit }
  - { id: south, kind: market, name: South, priceDifferential: -10 USD/t }
links:
  - { id: gather, kind: pipeline, from: field, to: hub }
  - { id: to-north, kind: pipeline, from: hub, to: north, capacity: 100 t/d, tariff: 10 USD/t, route: North, jurisdiction: [transit], owners: [{ actor: transit, share: 100 % }] }
  - { id: to-south, kind: rail, from: hub, to: south, capacity: 40 t/d, tariff: 10 USD/t, route: South }
`;

const scenario = (events: string) => `
id: events
name: events
network: inline
horizon: { start: 2022-01-01, end: 2022-01-20 }
discountRate: 0 %
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
events:${events}
`;

describe('events', () => {
  it('a sanction on a market (a buyer) diverts what the other outlet can take and shuts in the rest', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: sanction, actor: exporter, assets: [north], start: 2022-01-06, days: 5 }`)));
    expect(route(result.impact.exportsLostByRoute, 'North')).toBeCloseTo(500, 6);
    expect(route(result.impact.exportsLostByRoute, 'South')).toBeCloseTo(-200, 6);
    expect(result.impact.productionShutInTonnes).toBeCloseTo(300, 6);
    expect(result.impact.disruptors.map((row) => row.actor)).toEqual(['exporter']);
  });

  it('a sanction by jurisdiction closes every asset the actor can close, and costs it its tariffs', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: sanction, actor: transit, scope: jurisdiction, start: 2022-01-06, days: 5 }`)));
    expect(route(result.impact.exportsLostByRoute, 'North')).toBeCloseTo(500, 6);
    const transit = result.impact.disruptors.find((row) => row.actor === 'transit')!;
    expect(transit.tariffLostUsd).toBeCloseTo(500 * 10, 6);
    expect(transit.ownCostUsd).toBeCloseTo(500 * 10, 6);
  });

  it('an expansion opens a new link only from its date and only in the scenario', async () => {
    const expansion = `\n  - { type: outage, asset: to-north, start: 2022-01-11, days: 10 }\n  - type: expansion\n    start: 2022-01-16\n    link: { id: bypass, kind: tanker, from: hub, to: north, capacity: 60 t/d, tariff: 20 USD/t, route: Bypass }`;
    const result = await solved(scenarioOf(network, scenario(expansion)));
    expect(route(result.baseline.exportsByRoute, 'Bypass')).toBe(0);
    // Open 16–20 Jan: 5 days × 60 t/d.
    expect(route(result.scenario.exportsByRoute, 'Bypass')).toBeCloseTo(300, 6);
  });

  it('a price shock changes revenue, not flows, when there is nowhere to shift oil in time', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: price, target: benchmark, change: -20 USD/t, start: 2022-01-06, days: 5 }`)));
    expect(result.impact.exportsLostTonnes).toBeCloseTo(0, 6);
    expect(result.impact.revenueLostUsd).toBeCloseTo(5 * 100 * 20, 6);
  });

  it('a penalty moves money from payer to payee at the given exchange rate', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: penalty, payer: operator, payee: transit, amount: 200000, currency: RUB, unitsPerUsd: 62.5, date: 2022-01-11 }`)));
    const loss = (actor: string) => result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
    expect(loss('operator')).toBeCloseTo(3200, 6);
    expect(loss('transit')).toBeCloseTo(-3200, 6);
    expect(result.impact.penalties).toEqual([{ payer: 'operator', payee: 'transit', amount: 200000, currency: 'RUB', usd: 3200, date: '2022-01-11' }]);
  });
});

describe('prices keep their basis', () => {
  it('a price written per tonne is per tonne for a crude of any density; per barrel scales with it', async () => {
    const dense = network.replace('    fiscalTake: 40 %', '    fiscalTake: 40 %\n    barrelsPerTonne: 8');
    const perTonne = await solved(scenarioOf(dense, scenario(' []')));
    // North pays 100 USD/t: 100 t/d for 20 days.
    expect(perTonne.baseline.revenueUsd).toBeCloseTo(20 * 100 * 100, 6);
    const perBarrel = await solved(scenarioOf(dense, scenario(' []').replace('price: 100 USD/t', 'price: 12.5 USD/bbl')));
    // 12.5 USD/bbl × 8 bbl/t = 100 USD/t at North, 90 USD/t at South (its differential is -10 USD/t).
    expect(perBarrel.baseline.revenueUsd).toBeCloseTo(20 * 100 * 100, 6);
  });
});

describe('parsers never throw on arbitrary input', () => {
  it('networks and scenarios answer with issues, not exceptions', () => {
    const base = networkFromText(network, 'n.yaml');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsedNetwork = networkFromText(text, 'n.yaml');
        const parsedScenario = scenarioFromText(text, 's.yaml', () => base);
        return (parsedNetwork.ok || parsedNetwork.issues.length > 0) && (parsedScenario.ok || parsedScenario.issues.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it('a mutated valid network is either accepted or rejected with located issues', () => {
    const lines = network.split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length - 1), fc.string({ maxLength: 12 }), (line, junk) => {
        const mutated = [...lines.slice(0, line), junk, ...lines.slice(line + 1)].join('\n');
        const parsed = networkFromText(mutated, 'n.yaml');
        return parsed.ok || parsed.issues.every((issue) => issue.file === 'n.yaml' && issue.message.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
