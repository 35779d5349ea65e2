import { describe, expect, it } from 'vitest';
import { allAssets, analysisBase, closureEvents, isNode } from '../src/analysis/analysis-base.ts';
import { loadNetwork } from '../src/io/files.ts';
import { RollingEngine, type RollingRun } from '../src/operations/rolling.ts';
import { knownEvents, sliceTimeline } from '../src/operations/window.ts';
import type { Scenario, ScenarioEvent } from '../src/scenario/scenario.ts';
import { applyOutages } from '../src/scenario/timeline.ts';
import { patchedLp } from '../src/solve/bounds-patches.ts';
import { boundsBlocks, buildLp, layoutLp, type LinearProgram } from '../src/solve/build-lp.ts';
import { compactTimeline } from '../src/solve/compact-links.ts';
import { openSession, type SolveSession } from '../src/solve/solve.ts';
import { scenarioOf } from './helpers.ts';

// The rolling engine's fast path (decision windows shared between runs, the bounds of known
// outages patched into a window's nominal LP) must decide exactly what building every window
// whole decides (RollingEngine's `plain` option): same flows, stock, shortfalls and objective,
// bit for bit, run after run on one engine.

// Two fields share a pro-rata trunk into a 300 t tank; from the tank a mooring (100 t/d) or a
// rail line taking 2 days (50 t/d) reach a port: oil under way and stock carry between steps.
const network = `
id: fast
name: fast
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: state, name: State, kind: state }
nodes:
  - { id: rich, kind: field, name: Rich, production: 100 t/d, liftingCost: 10 USD/t, taxedBy: state, fiscalTake: 0 % }
  - { id: lean, kind: field, name: Lean, production: 100 t/d, liftingCost: 50 USD/t, taxedBy: state, fiscalTake: 0 % }
  - { id: hub, kind: junction, name: Hub }
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 100 t }
  - { id: port, kind: market, name: Port }
links:
  - { id: rich-hub, kind: pipeline, from: rich, to: hub }
  - { id: lean-hub, kind: pipeline, from: lean, to: hub }
  - { id: trunk, kind: pipeline, from: hub, to: tank, capacity: 200 t/d, allocation: { rule: pro-rata, basis: nominations, estimate: test } }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: 100 t/d, tariff: 10 USD/t, route: Sea }
  - { id: rail, kind: rail, from: tank, to: port, capacity: 50 t/d, tariff: 30 USD/t, transitDays: 2, route: Rail }
`;

const scenario = (events: string) =>
  scenarioOf(
    network,
    `
id: fast
name: fast
network: inline
horizon: { start: 2022-01-01, end: 2022-01-30 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
operations: { mode: rolling, lookaheadDays: 8, replanDays: 1 }
events:
${events}`,
  );

/** Events of the runs below: known at once, a surprise, a believed end, a partial cut, a field out, two at once, oil held. */
const EVENT_SETS = [
  '  - { type: outage, asset: outlet, start: 2022-01-06, days: 10 }',
  '  - { type: outage, asset: outlet, start: 2022-01-06, days: 10, announced: 2022-01-08 }',
  '  - { type: outage, asset: outlet, start: 2022-01-06, days: 10, expectedDays: 3 }',
  '  - { type: outage, asset: trunk, start: 2022-01-04, days: 6, remaining: 50 % }',
  '  - { type: outage, asset: rich, start: 2022-01-10, days: 5 }',
  '  - { type: outage, asset: rail, start: 2022-01-03, days: 4 }\n  - { type: outage, asset: outlet, start: 2022-01-05, days: 12, announced: 2022-01-07, expectedEnd: 2022-01-09 }',
  // The port closes by surprise with oil on the rails: it is held until it can be delivered.
  '  - { type: outage, asset: port, start: 2022-01-06, days: 5, announced: 2022-01-08 }',
];

/** What a run decided, compared exactly. */
const decided = (run: RollingRun) => ({
  flow: [...run.solution.flowTonnes],
  stock: [...run.solution.stockTonnes],
  shortfall: [...run.solution.shortfallTonnes],
  objective: run.solution.objectiveUsd,
  steps: { solved: run.stats.solved, reused: run.stats.reused, emulated: run.stats.emulated },
});

/** Runs `variants` one after another on one engine of `session`, fast or plain. */
async function runAll(session: SolveSession, variants: readonly (readonly ScenarioEvent[])[], plain: boolean) {
  const plan = session.scenario.operations ?? { mode: 'rolling' as const, lookaheadDays: 30, replanDays: 1 };
  const engine = await RollingEngine.open(session, plan, { plain });
  try {
    const baseline = engine.baseline();
    if ('status' in baseline) throw new Error(baseline.message);
    const { nominal } = session.structure;
    return [decided(baseline), ...variants.map((events) => {
      const run = engine.run(events, nominal, applyOutages(nominal, events));
      return 'status' in run ? run.status : decided(run);
    })];
  } finally {
    engine.dispose();
  }
}

async function openFor(base: Scenario, closable: readonly string[] = []): Promise<SolveSession> {
  const session = await openSession(base, { closable });
  if (session.status !== 'open') throw new Error(session.message);
  return session;
}

describe('the rolling fast path decides what building every window whole decides', () => {
  it('on a tiny network with pro-rata shippers, oil under way and a tank: seven event sets in a row on one engine', async () => {
    const scenarios = EVENT_SETS.map(scenario);
    const session = await openFor(scenarios[0]!, ['rich', 'lean', 'hub', 'tank', 'port']);
    try {
      const variants = scenarios.map((item) => item.events);
      const fast = await runAll(session, variants, false);
      const plain = await runAll(session, variants, true);
      expect(fast).toEqual(plain);
      // The runs differ from each other (the comparison is not of six copies of the baseline).
      expect(new Set(fast.map((run) => JSON.stringify(run))).size).toBe(fast.length);
    } finally {
      session.dispose();
    }
  });

  it('on caspian-crude: N-1 closures of 30 days (pipelines, a terminal, a field, a tanker route, a market)', async () => {
    const loaded = loadNetwork('caspian-crude');
    if (!loaded.ok) throw new Error('caspian-crude does not load');
    const base = analysisBase(loaded.value, { closureDays: 30 });
    if (!base.ok) throw new Error('no analysis base');
    const assets = allAssets(base.value.network);
    const picked = ['cpc-russian-section', 'cpc-loading', 'tengiz', 'atyrau-samara', 'aktau-makhachkala', 'augusta-cpc'].filter((id) => assets.some((asset) => asset.id === id));
    expect(picked.length).toBeGreaterThanOrEqual(4);
    const session = await openFor(base.value, assets.filter(isNode).map((node) => node.id));
    try {
      const variants = picked.map((id) => closureEvents(base.value, [id], 30));
      expect(await runAll(session, variants, false)).toEqual(await runAll(session, variants, true));
    } finally {
      session.dispose();
    }
  }, 120_000);
});

describe('a decision window with known outages: its nominal LP with bounds patched equals the LP built whole', () => {
  const equalLps = (patched: LinearProgram, whole: LinearProgram) => {
    for (const name of ['colCost', 'colLower', 'colUpper', 'rowLower', 'rowUpper'] as const) expect([...patched[name]], name).toEqual([...whole[name]]);
    expect(patched.offset).toBe(whole.offset);
  };

  for (const id of ['caspian-crude', 'europe-gas']) {
    it(`${id}: every asset closed, as known on days 0, 7 and 25 of a 30-day window`, async () => {
      const loaded = loadNetwork(id);
      if (!loaded.ok) throw new Error(`${id} does not load`);
      const base = analysisBase(loaded.value, { closureDays: 20 });
      if (!base.ok) throw new Error('no analysis base');
      const assets = allAssets(base.value.network);
      const session = await openFor(base.value, assets.filter(isNode).map((node) => node.id));
      try {
        const { structure } = session;
        const routed = (timeline: typeof structure.nominal, reference?: { timeline: typeof structure.nominal; derived: typeof structure.nominal }) => (structure.merge ? compactTimeline(timeline, structure.links, reference) : timeline);
        const lookahead = 30;
        const windowOf = (day: number) => routed(sliceTimeline(structure.nominal, day, lookahead, 'today', false));
        // The engine's decision layout: rows for every node a variant may close, the session's pro-rata groups.
        const layout = layoutLp(structure.layout.graph, [windowOf(0)], new Set(structure.layout.rows.throughput.keys()), structure.layout.allocation);
        const blocks = boundsBlocks(layout);
        let patchedWindows = 0;
        for (const day of [0, 7, 25]) {
          const slice = sliceTimeline(structure.nominal, day, lookahead, 'today', false);
          const nominalRouted = routed(slice);
          const nominalLp = buildLp(layout, nominalRouted, false, undefined, nominalRouted, nominalRouted);
          for (const asset of assets) {
            const events = closureEvents(base.value, [asset.id], 20).map((event) => ({ ...event, startDay: 0, endDay: 20 + day, announcedDay: 0 }));
            const believed = applyOutages(slice, knownEvents(events, day, lookahead));
            if (believed === slice) continue;
            const believedRouted = routed(believed, { timeline: slice, derived: nominalRouted });
            equalLps(patchedLp(nominalLp, layout, blocks, believedRouted, nominalRouted), buildLp(layout, believedRouted, false, undefined, nominalRouted, nominalRouted));
            patchedWindows += 1;
          }
        }
        expect(patchedWindows).toBeGreaterThan(assets.length);
      } finally {
        session.dispose();
      }
    }, 120_000);
  }
});
