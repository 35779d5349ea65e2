import { describe, expect, it } from 'vitest';
import { scenarioOf } from './helpers.ts';
import { buildLp } from '../src/solve/build-lp.ts';
import { SolveCache } from '../src/solve/cache.ts';
import { solverBackends } from '../src/solve/backends/index.ts';
import { nativeRunner } from '../src/node/native-runner.ts';
import { prepareStructure } from '../src/solve/prepare.ts';
import { assignDuals, assignPrimal } from '../src/solve/run-model.ts';
import { openSession } from '../src/solve/solve.ts';

const header = `id: stages
name: stages
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: producer, name: Producer, kind: company }
  - { id: state, name: State, kind: state }
`;

// 100 t/d of crude (lifting 50 USD/t, shut-in cost 0) worth 100 USD/t at the port, two routes:
// cheap (60 t/d, 10 USD/t) and dear (100 t/d, 30 USD/t).
const twoRoutes = `${header}
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 % }
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port }
links:
  - { id: gather, kind: pipeline, from: field, to: hub }
  - { id: cheap, kind: pipeline, from: hub, to: port, capacity: 60 t/d, tariff: 10 USD/t }
  - { id: dear, kind: rail, from: hub, to: port, capacity: 100 t/d, tariff: 30 USD/t }
`;
const fiveDays = `
id: five
name: five days
network: inline
horizon: { start: 2022-01-01, end: 2022-01-05 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
foresight: perfect
`;

describe('solve stages, one at a time', () => {
  it('prepareStructure lays out the LP and the report on the same dates', () => {
    const structure = prepareStructure(scenarioOf(twoRoutes, fiveDays));
    expect(structure.layout.days).toBe(5);
    expect(structure.reportLayout.graph.network.links.map((link) => link.id)).toEqual(['gather', 'cheap', 'dear']);
    // The junction is not folded (two links leave it), so the LP routes the network as given.
    expect(structure.layout.graph.network.links.map((link) => link.id)).toEqual(['gather', 'cheap', 'dear']);
  });

  it.each(['highs-wasm', 'clp'] as const)('build → solve (%s) → assign primal → assign duals gives the hand-solved plan and prices', async (solver) => {
    const structure = prepareStructure(scenarioOf(twoRoutes, fiveDays));
    const cache = new SolveCache();
    const lp = buildLp(structure.layout, structure.lpTimeline(structure.baselineTimeline), true, cache);
    const model = await solverBackends(nativeRunner())[solver].createModel(lp, { stallLimit: 100_000 });
    try {
      const status = model.solve();
      expect(status.status).toBe('optimal');
      const run = assignPrimal(model, structure.layout, structure.baselineTimeline, status.status === 'optimal' ? status.iterations : 0);
      // 60 t/d on the cheap route at a 40 USD/t margin, 40 t/d on the dear one at 20 USD/t.
      expect(run.objectiveUsd).toBeCloseTo(5 * (60 * 40 + 40 * 20), 3);
      const duals = assignDuals(model, structure.layout, lp);
      const days = structure.layout.days;
      const links = structure.layout.graph.network.links.map((link) => link.id);
      const linkPrice = (id: string, day: number) => duals.linkUsdPerTonne[links.indexOf(id) * days + day]!;
      for (let day = 0; day < days; day += 1) {
        // One more tonne of cheap capacity moves a tonne off the dear route: 30 − 10 USD/t.
        expect(linkPrice('cheap', day)).toBeCloseTo(20, 6);
        // The dear route has spare capacity: worth nothing more.
        expect(linkPrice('dear', day)).toBeCloseTo(0, 6);
        // One more tonne of output goes by rail: 100 − 30 − 50 USD/t.
        expect(duals.throughputUsdPerTonne.get('field')![day]).toBeCloseTo(20, 6);
      }
    } finally {
      model.dispose();
    }
  });

  it('a session owns its cache: two sessions share nothing', async () => {
    const scenario = scenarioOf(twoRoutes, fiveDays);
    const first = await openSession(scenario);
    const second = await openSession(scenario);
    if (first.status !== 'open' || second.status !== 'open') throw new Error('not open');
    expect(first.cache).not.toBe(second.cache);
    expect(first.baseline.objectiveUsd).toBeCloseTo(second.baseline.objectiveUsd, 6);
    first.dispose();
    second.dispose();
  });
});
