import { describe, expect, it } from 'vitest';
import { assertInDelta, route, scenarioOf, solved } from './helpers.ts';
import type { Scenario, SessionOptions } from '../src/index.ts';

const actors = `
actors:
  - { id: exporter, name: Exporter, kind: state }
  - { id: transit, name: Transit, kind: state }
  - { id: producer, name: Producer, kind: company }
  - { id: pipeco, name: PipeCo, kind: company }
`;

/** The opening of every test network: ids, the crude and the actors. */
const header = (id: string, name: string) => `id: ${id}
name: ${name}
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
${actors}`;

const field = (id: string, production: string, lifting = '50 USD/t', extra = '', owner = 'producer') => `
  - id: ${id}
    kind: field
    name: ${id}
    production: ${production}
    liftingCost: ${lifting}
    owners: [{ actor: ${owner}, share: 100 % }]
    taxedBy: exporter
    fiscalTake: 40 %${extra}`;

const scenario = (events: string, end = '2022-01-30') => `
id: test
name: test
network: inline
horizon: { start: 2022-01-01, end: ${end} }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
events:${events || ' []'}
`;

describe('one field, two routes, the cheap one closed for 10 days', () => {
  const network = `
${header('two-routes', 'two routes')}
nodes:${field('field', '100 t/d')}
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port, state: transit }
links:
  - { id: gather, kind: pipeline, from: field, to: hub }
  - { id: cheap, kind: pipeline, from: hub, to: port, capacity: 60 t/d, tariff: 10 USD/t, route: Cheap, jurisdiction: [transit], owners: [{ actor: pipeco, share: 100 % }] }
  - { id: dear, kind: rail, from: hub, to: port, capacity: 100 t/d, tariff: 30 USD/t, route: Dear }
`;
  const closure = `\n  - { type: outage, asset: cheap, start: 2022-01-05, days: 10, causedBy: transit }`;

  it('reroutes everything to the dear route and loses exactly the tariff difference', async () => {
    const result = await solved(scenarioOf(network, scenario(closure)));
    // Baseline: 60 t/d at a 40 USD/t margin + 40 t/d at 20 USD/t = 3,200 USD/d for 30 days.
    expect(result.baseline.netbackUsd).toBeCloseTo(96_000, 3);
    // Closed: 100 t/d at 20 USD/t = 2,000 USD/d for 10 days: 12,000 USD lost.
    expect(result.impact.netbackLostUsd).toBeCloseTo(12_000, 3);
    expect(result.impact.exportsLostTonnes).toBeCloseTo(0, 6);
    expect(route(result.impact.exportsLostByRoute, 'Cheap')).toBeCloseTo(600, 6);
    expect(route(result.impact.exportsLostByRoute, 'Dear')).toBeCloseTo(-600, 6);
    // 40 % fiscal take on the margin, the rest to the producer; the pipeline owner loses 600 t × 10 USD/t.
    const loss = (actor: string) => result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
    expect(loss('exporter')).toBeCloseTo(4_800, 3);
    expect(loss('producer')).toBeCloseTo(7_200, 3);
    expect(loss('pipeco')).toBeCloseTo(6_000, 3);
    expect(result.impact.disruptors).toEqual([{ actor: 'transit', ownCostUsd: 0, tariffLostUsd: 0, penaltiesReceivedUsd: 0, penaltiesPaidUsd: 0 }]);
  });

  it('an event outside the horizon leaves the result equal to the baseline', async () => {
    const outside = `\n  - { type: outage, asset: cheap, start: 2023-01-05, days: 10 }`;
    const result = await solved(scenarioOf(network, scenario(outside)));
    expect(result.impact.netbackLostUsd).toBe(0);
    expect(result.scenario).toEqual(result.baseline);
  });

  it('a longer outage never costs less', async () => {
    let previous = -1;
    for (const days of [1, 5, 10, 20]) {
      const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: cheap, start: 2022-01-05, days: ${days} }`)));
      expect(result.impact.netbackLostUsd).toBeGreaterThanOrEqual(previous);
      previous = result.impact.netbackLostUsd;
    }
    expect(previous).toBeCloseTo(20 * 1_200, 3);
  });
});

describe('storage fills, then the field shuts in', () => {
  // 100 t/d into a 300 t tank; the outlet (150 t/d) closes for 10 days.
  const network = `
${header('storage', 'storage')}
nodes:${field('field', '100 t/d')}
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 0 t }
  - { id: port, kind: market, name: Port }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: 150 t/d, route: Sea }
`;
  it('stores 300 t, shuts in the remaining 700 t and drains the tank after reopening', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: outlet, start: 2022-01-05, days: 10 }`)));
    expect(result.impact.peakStockBuiltTonnes).toBeCloseTo(300, 6);
    expect(result.impact.productionShutInTonnes).toBeCloseTo(700, 6);
    expect(result.impact.exportsLostTonnes).toBeCloseTo(700, 6);
    const tank = result.series.storage.find((row) => row.storage === 'tank')!;
    // Earlier sales are worth a little more (discounting), so the tank fills first: full on the
    // third day of the closure (7 Jan, day index 6), and fields shut in only after that.
    expect(Math.max(...tank.scenario)).toBeCloseTo(300, 6);
    expect(tank.scenario[6]).toBeCloseTo(300, 6);
    const field = result.series.production.find((row) => row.field === 'field')!;
    expect(field.scenario.slice(4, 7)).toEqual([100, 100, 100]);
    expect(field.scenario[7]).toBe(0);
    // Reopened on 15 Jan: 150 t/d out against 100 t/d in drains 50 t/d, empty after six days.
    expect(tank.scenario[19]).toBeCloseTo(0, 6);
    expect(result.impact.stockBuiltTonnes).toBeCloseTo(0, 6);
  });
});

describe('two commodities share a pipe', () => {
  // A pays a quality premium; the shared pipe (100 t/d) takes all of A first.
  const network = `
${header('shared', 'shared')}
  - { id: other, name: Other Co, kind: company }
nodes:${field('a', '80 t/d', '50 USD/t', '\n    qualityDifferential: 10 USD/t')}
${field('b', '80 t/d', '50 USD/t', '', 'other')}
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port }
links:
  - { id: a-in, kind: pipeline, from: a, to: hub }
  - { id: b-in, kind: pipeline, from: b, to: hub }
  - { id: trunk, kind: pipeline, from: hub, to: port, capacity: 100 t/d, route: Trunk }
`;
  it('gives A its full 80 t/d, B the remaining 20 t/d, and attributes a closure to each owner', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: trunk, start: 2022-01-11, days: 5, remaining: 50 % }`)));
    const trunk = result.baseline.exportsByRoute.find((row) => row.route === 'Trunk')!;
    expect(trunk.byOrigin).toEqual([
      { field: 'a', state: 'exporter', tonnes: 2400 },
      { field: 'b', state: 'exporter', tonnes: 600 },
    ]);
    // Half capacity for 5 days: 50 t/d of B (20) and A (30) are shut in each day.
    const shutIn = Object.fromEntries(result.impact.shutInByField.map((row) => [row.field, row.tonnes]));
    expect(shutIn).toEqual({ a: 150, b: 100 });
    const loss = (actor: string) => result.impact.byActor.find((row) => row.actor === actor)?.lossUsd ?? 0;
    // A's margin 60 USD/t, B's 50 USD/t; 60 % after tax.
    assertInDelta(loss('producer'), 150 * 60 * 0.6, 1e-6, 'producer (field a) loss');
    assertInDelta(loss('other'), 100 * 50 * 0.6, 1e-6, 'other (field b) loss');
  });
});

describe('transit delay', () => {
  const network = `
${header('delay', 'delay')}
nodes:${field('field', '100 t/d')}
  - { id: port, kind: terminal, name: Port }
  - { id: market, kind: market, name: Market }
links:
  - { id: pipe, kind: pipeline, from: field, to: port, capacity: 100 t/d, route: Pipe }
  - { id: voyage, kind: tanker, from: port, to: market, transitDays: 3 }
`;
  it('shifts the loss of deliveries three days after the loss of loadings', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: pipe, start: 2022-01-11, days: 2 }`)));
    const lostByDay = result.impact.daily.map((row) => row.revenueLostUsd);
    // Loadings stop on 11–12 Jan (day 10, 11); revenue is lost on arrival, 14–15 Jan (day 13, 14).
    expect(lostByDay.map((value, day) => (value !== 0 ? day : -1)).filter((day) => day >= 0)).toEqual([13, 14]);
    expect(lostByDay[13]).toBeCloseTo(100 * 100, 6);
    const exportsLost = result.impact.daily.map((row) => row.exportsLostTonnes);
    expect(exportsLost[10]).toBeCloseTo(100, 6);
    expect(exportsLost[13]).toBeCloseTo(0, 6);
    // The baseline delivers every day, the first three from oil already at sea (the linefill).
    expect(result.baseline.revenueUsd).toBeCloseTo(30 * 100 * 100, 3);
  });

  it('an outage from the first day cannot recall cargoes already at sea', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: pipe, start: 2022-01-01, days: 2 }`)));
    const lostByDay = result.impact.daily.map((row) => row.revenueLostUsd);
    expect(lostByDay.slice(0, 3)).toEqual([0, 0, 0]);
    expect(lostByDay[3]).toBeCloseTo(100 * 100, 6);
    expect(lostByDay[4]).toBeCloseTo(100 * 100, 6);
  });
});

describe('outages of fields', () => {
  const network = `
${header('field-outage', 'field outage')}
nodes:${field('field', '100 t/d', '50 USD/t', '\n    shutInCost: 2 USD/t')}
  - { id: port, kind: market, name: Port }
links:
  - { id: pipe, kind: pipeline, from: field, to: port, route: Pipe }
`;
  it('count the production they stop as shut in, and charge its shut-in cost', async () => {
    const result = await solved(scenarioOf(network, scenario(`\n  - { type: outage, asset: field, start: 2022-01-05, days: 10, remaining: 40 % }`)));
    expect(result.impact.productionShutInTonnes).toBeCloseTo(600, 6);
    // 600 t at a 50 USD/t margin plus 2 USD/t shut-in cost.
    expect(result.impact.netbackLostUsd).toBeCloseTo(600 * 52, 6);
  });

  it('a partial outage of a link without capacity is refused with a fix', () => {
    expect(() => scenarioOf(network, scenario(`\n  - { type: outage, asset: pipe, start: 2022-01-05, days: 10, remaining: 50 % }`))).toThrow(/has no capacity.*give the link a capacity/);
  });
});

/** Opens a session on a scenario, solves the scenario itself from the baseline, and closes it. */
async function solveOnce(withEvents: Scenario, options: SessionOptions, withLpText = false) {
  const { openSession } = await import('../src/index.ts');
  const session = await openSession(withEvents, withLpText ? { ...options, withLpText } : options);
  if (session.status !== 'open') throw new Error(session.message);
  const run = session.solve(withEvents, { fromBaseline: true, withLpText });
  session.dispose();
  if ('status' in run) throw new Error(run.message);
  return { session, run: run.solution, lpText: run.lpText };
}

/**
 * Solves a scenario on a compacted LP and on the full one, checks the invariants of both, and
 * that the compacted LP is smaller with the same optimum (baseline and scenario).
 */
async function compactAndFull(withEvents: Scenario, compact: SessionOptions, full: SessionOptions) {
  const { checkRun } = await import('../src/index.ts');
  const runs = await Promise.all([compact, full].map(async (options) => {
    const { session, run } = await solveOnce(withEvents, options);
    expect(checkRun(session.layout, session.baseline)).toEqual([]);
    expect(checkRun(session.layout, run)).toEqual([]);
    return { session, run };
  }));
  const [small, large] = runs as [(typeof runs)[0], (typeof runs)[0]];
  expect(small.session.size.columns).toBeLessThan(large.session.size.columns);
  assertInDelta(small.run.objectiveUsd, large.run.objectiveUsd, 1e-6 * Math.abs(large.run.objectiveUsd), 'objective');
  assertInDelta(small.session.baseline.objectiveUsd, large.session.baseline.objectiveUsd, 1e-6 * Math.abs(large.session.baseline.objectiveUsd), 'baseline objective');
  return [small, large] as const;
}

describe('identical crudes travel as one commingled stream', () => {
  // a and b are worth the same everywhere: the LP routes them as one stream, and each field's
  // share of every flow after the hub is its share of what reached the hub that day (and of the tank).
  const network = `
${header('commingled', 'commingled')}
  - { id: other, name: Other Co, kind: company }
nodes:${field('a', '60 t/d')}
${field('b', '40 t/d', '50 USD/t', '', 'other')}
  - { id: hub, kind: junction, name: Hub }
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 150 t }
  - { id: port, kind: market, name: Port }
  - { id: inland, kind: market, name: Inland }
links:
  - { id: a-in, kind: pipeline, from: a, to: hub }
  - { id: b-in, kind: pipeline, from: b, to: hub, capacity: 40 t/d }
  - { id: trunk, kind: pipeline, from: hub, to: tank, capacity: 100 t/d }
  - { id: mooring, kind: mooring, from: tank, to: port, capacity: 100 t/d, route: Sea }
  - { id: rail, kind: rail, from: hub, to: inland, capacity: 30 t/d, tariff: 20 USD/t, route: Rail, transitDays: 2 }
`;
  const events = scenario(`\n  - { type: outage, asset: mooring, start: 2022-01-05, days: 8 }\n  - { type: outage, asset: a, start: 2022-01-20, days: 3, remaining: 50 % }`);

  it('has the optimum of field-by-field routing, and splits every flow by the mix', async () => {
    const [stream, separate] = await compactAndFull(scenarioOf(network, events), { commingle: true }, { commingle: false });
    // Reported field by field, in the same layout as the field-by-field LP.
    expect(stream.session.layout.graph.pairs.map((pair) => `${pair.link.id}/${pair.commodity.id}`)).toEqual(separate.session.layout.graph.pairs.map((pair) => `${pair.link.id}/${pair.commodity.id}`));
    const { graph, days } = stream.session.layout;
    const flow = (link: string, field: string, day: number) => stream.run.flowTonnes[graph.pairs.findIndex((pair) => pair.link.id === link && pair.commodity.id === field) * days + day]!;
    let checked = 0;
    for (let day = 0; day < days; day += 1) {
      const fromA = flow('a-in', 'a', day);
      const fromB = flow('b-in', 'b', day);
      const railA = flow('rail', 'a', day);
      const railB = flow('rail', 'b', day);
      if (railA + railB > 1e-6) {
        assertInDelta(railA / (railA + railB), fromA / (fromA + fromB), 1e-9, `a's share of rail on day ${day}`);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    // The tank opens with the fields' output shares of its stock: 90 t of a, 60 t of b.
    const stock = (field: string, day: number) => stream.run.stockTonnes[stream.session.layout.stockBlocks.findIndex((block) => graph.commodities[block.commodityIndex]!.id === field) * days + day]!;
    const mixAtStart = stock('a', 0) / (stock('a', 0) + stock('b', 0));
    assertInDelta(mixAtStart, (90 + flow('trunk', 'a', 0)) / (150 + flow('trunk', 'a', 0) + flow('trunk', 'b', 0)), 1e-9, "a's share of the tank on day 0");
  });
});

describe('parallel moorings and rail lines, and a terminal oil passes through', () => {
  // Links alike but for capacity are routed as one link of their joint capacity; each carries
  // its share of the flow pro rata to its capacity that day, also when events hit one of them.
  // The loading terminal (one way in, one way out) is folded into the link through it.
  const network = `
${header('parallel', 'parallel')}
  - { id: other, name: Other Co, kind: company }
nodes:${field('field', '100 t/d')}
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 150 t }
  - { id: loading, kind: terminal, name: Loading, throughput: 90 t/d }
  - { id: port, kind: market, name: Port }
  - { id: inland, kind: market, name: Inland }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: spm-a, kind: mooring, from: tank, to: loading, capacity: 60 t/d, route: Sea, owners: [{ actor: pipeco, share: 100 % }] }
  - { id: spm-b, kind: mooring, from: tank, to: loading, capacity: 40 t/d, route: Sea, owners: [{ actor: other, share: 100 % }] }
  - { id: ship, kind: tanker, from: loading, to: port, tariff: 5 USD/t, transitDays: 2 }
  - { id: rail-a, kind: rail, from: field, to: inland, capacity: 20 t/d, tariff: 20 USD/t, route: Rail, transitDays: 2 }
  - { id: rail-b, kind: rail, from: field, to: inland, capacity: 10 t/d, tariff: 20 USD/t, route: Rail, transitDays: 2 }
`;
  const events = scenario(`\n  - { type: outage, asset: spm-a, start: 2022-01-05, days: 8 }\n  - { type: outage, asset: spm-b, start: 2022-01-10, days: 6, remaining: 50 % }\n  - { type: outage, asset: rail-a, start: 2022-01-03, days: 3 }\n  - { type: outage, asset: loading, start: 2022-01-20, days: 4, remaining: 20 % }`);

  it('has the optimum of link-by-link routing, and shares every flow by capacity', async () => {
    const [merged, separate] = await compactAndFull(scenarioOf(network, events), { compactLinks: true }, { compactLinks: false });
    // Reported link by link, in the same layout as the link-by-link LP.
    expect(merged.session.layout.graph.pairs.map((pair) => pair.link.id)).toEqual(separate.session.layout.graph.pairs.map((pair) => pair.link.id));
    const { graph, days, linefillPairs } = merged.session.layout;
    const column = (link: string) => graph.pairs.findIndex((pair) => pair.link.id === link);
    const flow = (link: string, day: number) => merged.run.flowTonnes[column(link) * days + day]!;
    const capacity = (link: string, day: number) => merged.run.timeline.linkCapacity.get(link)![day]!;
    let shared = 0;
    for (let day = 0; day < days; day += 1) {
      for (const [a, b] of [['spm-a', 'spm-b'], ['rail-a', 'rail-b']] as const) {
        const total = flow(a, day) + flow(b, day);
        if (total < 1e-6) continue;
        assertInDelta(flow(a, day) / total, capacity(a, day) / (capacity(a, day) + capacity(b, day)), 1e-9, `${a}'s share on day ${day}`);
        shared += 1;
      }
    }
    expect(shared).toBeGreaterThan(days);
    // On days 9-11 spm-a is closed and spm-b at half capacity: 20 t/d at most leave the tank.
    for (const day of [9, 10, 11]) {
      expect(flow('spm-a', day)).toBe(0);
      expect(flow('spm-b', day)).toBeLessThanOrEqual(20 + 1e-6);
    }
    // What the moorings load leaves the terminal the same day; 18 t/d at most on days 19-22.
    for (let day = 0; day < days; day += 1) assertInDelta(flow('ship', day), flow('spm-a', day) + flow('spm-b', day), 1e-9, `ship on day ${day}`);
    for (const day of [19, 20, 21, 22]) expect(flow('ship', day)).toBeLessThanOrEqual(18 + 1e-6);
    // Oil under way at the start is shared as the baseline shares the rail lines' capacity.
    const linefill = (link: string) => merged.run.linefillTonnes[linefillPairs.indexOf(column(link))]!;
    assertInDelta(linefill('rail-a'), 2 * linefill('rail-b'), 1e-9, 'linefill of rail-a against rail-b');
    assertInDelta(linefill('ship'), flow('ship', 0), 1e-9, 'linefill of the ship');
  });
});

describe('oil under way upstream of compacted links', () => {
  it('may be stranded by a cut the compacted link absorbs, as link by link', async () => {
    // One mooring of three closed leaves 120 t/d behind a 100 t/d pipeline: the folded link's
    // capacity does not drop, but a cut downstream still lets the rail's oil under way fall short.
    const network = `
${header('strand', 'strand')}
nodes:${field('field', '100 t/d')}
  - { id: hub, kind: junction, name: Hub }
  - { id: terminal, kind: terminal, name: Terminal }
  - { id: port, kind: market, name: Port }
links:
  - { id: rail, kind: rail, from: field, to: hub, capacity: 100 t/d, transitDays: 2 }
  - { id: pipe, kind: pipeline, from: hub, to: terminal, capacity: 100 t/d }
  - { id: spm-a, kind: mooring, from: terminal, to: port, capacity: 60 t/d }
  - { id: spm-b, kind: mooring, from: terminal, to: port, capacity: 60 t/d }
  - { id: spm-c, kind: mooring, from: terminal, to: port, capacity: 60 t/d }
`;
    const withEvents = scenarioOf(network, scenario(`\n  - { type: outage, asset: spm-a, start: 2022-01-01, days: 5 }`, '2022-01-20'));
    const bounds = await Promise.all([true, false].map(async (compactLinks) => {
      const { lpText } = await solveOnce(withEvents, { compactLinks }, true);
      return lpText!.split('\n').filter((line) => /^\s*[^:]*linefill\(rail,field\)\s*(<=|=)/.test(line));
    }));
    expect(bounds[0]).toEqual(bounds[1]);
    expect(bounds[0]!.join()).toMatch(/linefill\(rail,field\) <= /);
  });
});

describe('a solve that stalls without cost perturbation', () => {
  it('goes on with perturbation from where it stopped and reaches the same optimum', async () => {
    const network = `
${header('stall', 'stall')}
nodes:${field('field', '100 t/d')}
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 0 t }
  - { id: port, kind: market, name: Port }
  - { id: inland, kind: market, name: Inland }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: 150 t/d, route: Sea }
  - { id: rail, kind: rail, from: field, to: inland, capacity: 30 t/d, tariff: 20 USD/t, route: Rail }
`;
    const events = scenarioOf(network, scenario(`\n  - { type: outage, asset: outlet, start: 2022-01-05, days: 10 }`));
    const objectives = await Promise.all([undefined, 5].map(async (perturbAfterIterations) => {
      const { session, run } = await solveOnce(events, perturbAfterIterations === undefined ? {} : { perturbAfterIterations });
      return [session.baseline.objectiveUsd, run.objectiveUsd];
    }));
    const [free, stalled] = objectives as [number[], number[]];
    free.forEach((value, index) => assertInDelta(stalled[index]!, value, 1e-6 * Math.abs(value), `objective ${index}`));
  });
});

describe('variants that only take capacity away', () => {
  // Such variants patch the nominal LP's bounds where their series differ and send HiGHS only
  // those changes; the LP must be the one building each variant anew would load.
  const network = `
${header('patched', 'patched')}
nodes:${field('field', '100 t/d', '50 USD/t', '\n    minimumRate: 20 t/d')}
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 150 t }
  - { id: loading, kind: terminal, name: Loading, throughput: 90 t/d }
  - { id: port, kind: market, name: Port }
  - { id: inland, kind: market, name: Inland, intake: 25 t/d }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d }
  - { id: spm-a, kind: mooring, from: tank, to: loading, capacity: 60 t/d, route: Sea }
  - { id: spm-b, kind: mooring, from: tank, to: loading, capacity: 40 t/d, route: Sea }
  - { id: ship, kind: tanker, from: loading, to: port, tariff: 5 USD/t, transitDays: 2 }
  - { id: rail, kind: rail, from: field, to: inland, capacity: 30 t/d, tariff: 20 USD/t, route: Rail, transitDays: 2 }
`;
  const outage = (asset: string, start: number, days: number, remaining = '0 %') => `\n  - { type: outage, asset: ${asset}, start: 2022-01-${String(start).padStart(2, '0')}, days: ${days}, remaining: ${remaining} }`;
  // In turn: moorings, the terminal, a market and the field; none; an outage up to the last day
  // (which changes the value of stock at the end, so the costs); then moorings again.
  const variants = [
    outage('spm-a', 5, 8),
    outage('spm-a', 5, 8) + outage('spm-b', 10, 6, '50 %'),
    outage('loading', 20, 4, '20 %') + outage('inland', 3, 5),
    outage('field', 7, 5, '40 %') + outage('rail', 2, 3),
    '',
    outage('ship', 25, 6),
    outage('spm-b', 4, 12),
  ];

  it('load the LP that building each variant anew loads, and reach its optimum', async () => {
    const { openSession } = await import('../src/index.ts');
    const base = scenarioOf(network, scenario(''));
    const runs = await Promise.all([true, false].map(async (patchVariants) => {
      const session = await openSession(base, { patchVariants, withLpText: true });
      if (session.status !== 'open') throw new Error(session.message);
      const solved = variants.map((events, index) => {
        const variant = { ...base, events: scenarioOf(network, scenario(events)).events };
        // Every other one from where the one before ended, as in a run of risk windows.
        const run = session.solve(variant, { fromBaseline: index % 2 === 0, withLpText: true });
        if ('status' in run) throw new Error(run.message);
        return run;
      });
      session.dispose();
      return solved;
    }));
    const [patched, built] = runs as [(typeof runs)[0], (typeof runs)[0]];
    patched.forEach((run, index) => {
      expect(run.lpText, `variant ${index}`).toBe(built[index]!.lpText);
      expect(run.solution.objectiveUsd, `variant ${index}`).toBe(built[index]!.solution.objectiveUsd);
      expect([...run.solution.flowTonnes], `variant ${index}`).toEqual([...built[index]!.solution.flowTonnes]);
    });
  });
});
