import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisBase } from '../src/analysis/analysis-base.ts';
import { bypassEconomics, projectEconomics, serviceAnnuity } from '../src/analysis/bypass.ts';
import { compareRuns } from '../src/analysis/compare.ts';
import { concentration } from '../src/analysis/concentration.ts';
import { criticality } from '../src/analysis/criticality.ts';
import { leverage } from '../src/analysis/leverage.ts';
import { pipelinePower } from '../src/analysis/power.ts';
import { inProcessRunner, type VariantRequest, type VariantRunner } from '../src/analysis/variants.ts';
import { loadNetwork, loadScenario } from '../src/io/files.ts';
import { renderIssue } from '../src/model/issues.ts';
import { networkFromText } from '../src/model/load-network.ts';
import type { Network } from '../src/model/network.ts';
import { resolvePrice } from '../src/model/resolve-network.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { candidatesFromText } from '../src/scenario/candidates.ts';
import type { Scenario, ScenarioEvent } from '../src/scenario/scenario.ts';
import { assertInDelta, solved } from './helpers.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

function networkOf(text: string): Network {
  const network = networkFromText(text, 'network.yaml');
  if (!network.ok) throw new Error(network.issues.map(renderIssue).join('\n'));
  return network.value;
}

function baseOf(network: Network, closureDays: number, recoveryDays: number): Scenario {
  const base = analysisBase(network, { closureDays, recoveryDays });
  if (!base.ok) throw new Error(base.issues.map(renderIssue).join('\n'));
  return base.value;
}

async function using<T>(runner: VariantRunner, work: (runner: VariantRunner) => Promise<T>): Promise<T> {
  try {
    return await work(runner);
  } finally {
    await runner.close();
  }
}

type Failed = { readonly status: 'infeasible' | 'unbounded' | 'not-solved'; readonly message: string };

/** The report of an analysis, or the failure it returned as an error. */
function ok<T extends object>(value: T): Exclude<T, Failed> {
  if (!('analysis' in value)) throw new Error(`${(value as unknown as Failed).status}: ${(value as unknown as Failed).message}`);
  return value as Exclude<T, Failed>;
}

const twoRoutes = readFileSync(fixture('analysis-two-routes.yaml'), 'utf8');
// 80 USD/bbl at 7.5 bbl/t: 600 USD/t. Margin before transport: 600 - 50 lifting = 550 USD/t.

describe('criticality', () => {
  it('ranks the closures of a two-route exporter by hand-computed losses', async () => {
    const network = networkOf(twoRoutes);
    const base = baseOf(network, 10, 5);
    const report = ok(await using(inProcessRunner(), (runner) => criticality(base, runner, { closureDays: 10 })));
    const row = (asset: string) => report.assets.find((candidate) => candidate.asset === asset)!;
    // The dear route closed: the cheap one is full, so 40 t/d are shut in for 10 days.
    expect(row('dear').exportsLostTonnes).toBe(400);
    expect(row('dear').revenueLostUsd).toBe(240_000);
    expect(row('dear').netbackLostUsd).toBe(400 * (550 - 30));
    expect(row('dear').budgetLossByState).toEqual([{ state: 'exporter', lossUsd: 0.4 * 400 * 520 }]);
    // The cheap route closed: everything goes by rail, 60 t/d paying 20 USD/t more.
    expect(row('cheap').exportsLostTonnes).toBe(0);
    expect(row('cheap').netbackLostUsd).toBe(600 * 20);
    // The field, its pipe, the hub or the port closed: everything stops.
    for (const asset of ['field', 'gather', 'hub', 'port']) expect(row(asset).revenueLostUsd).toBe(600_000);
    expect(report.assets.slice(0, 4).map((candidate) => candidate.asset).sort()).toEqual(['field', 'gather', 'hub', 'port']);
    expect(report.assets[4]!.asset).toBe('dear');
    const exporter = report.indicators.find((entry) => entry.state === 'exporter')!;
    expect(exporter.exportN1.shareDeliverable).toBe(0);
    expect(exporter.routeConcentration.hhi).toBe(5200);
    assertInDelta(exporter.routeConcentration.shannon, -(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4)), 1e-4, 'Shannon');
    expect(exporter.dependency).toEqual([{ transitState: 'transit', share: 0.6 }]);
  });

  it('finds the worst pairs with pruning, and they are never better than either asset alone', async () => {
    const network = networkOf(twoRoutes);
    const base = baseOf(network, 10, 5);
    const report = ok(await using(inProcessRunner(), (runner) => criticality(base, runner, { closureDays: 10, order: 2, topPairs: 3 })));
    const both = report.pairs!.top.find((row) => row.asset === 'cheap + dear' || row.asset === 'dear + cheap');
    expect(both?.revenueLostUsd).toBe(600_000);
    expect(both?.synergyUsd).toBe(600_000 - 240_000 - 0);
    for (const pair of report.pairs!.top) {
      for (const id of pair.assets) expect(pair.revenueLostUsd).toBeGreaterThanOrEqual(report.assets.find((row) => row.asset === id)!.revenueLostUsd);
    }
    expect(report.pairs!.evaluated).toBeLessThanOrEqual(report.pairs!.candidates);
  });

  it('HHI and Shannon of equal shares', () => {
    expect(concentration([1, 1, 1, 1]).hhi).toBeCloseTo(2500, 9);
    expect(concentration([1, 1, 1, 1]).shannon).toBeCloseTo(Math.log(4), 12);
    expect(concentration([5]).hhi).toBeCloseTo(10_000, 9);
  });
});

describe('leverage', () => {
  it("sets the target's loss against the closer's own cost, and a bypass lowers the ratio", async () => {
    const network = networkOf(twoRoutes);
    const report = ok(await using(inProcessRunner(), (runner) => leverage(baseOf(network, 10, 5), 10, runner, { levers: true })));
    const pair = report.pairs.find((row) => row.actor === 'transit' && row.target === 'exporter')!;
    // Transit's only lever is its pipe.
    expect(report.levers?.find((lever) => lever.actor === 'transit' && lever.target === 'exporter')).toMatchObject({ asset: 'cheap', ratio: 0.8 });
    // Transit closes its pipe: 60 t/d move to rail at +20 USD/t for 10 days; the exporter's 40 %.
    expect(pair.targetLossUsd).toBe(0.4 * 600 * 20);
    expect(pair.actorCostUsd).toBe(600 * 10);
    expect(pair.ratio).toBe(0.8);
    expect(pair.targetExportsSafeShare).toBe(1);

    const withBypass = networkOf(twoRoutes.replace('links:\n', 'links:\n  - { id: bypass, kind: pipeline, from: hub, to: port, capacity: 60 t/d, tariff: 12 USD/t }\n'));
    const after = ok(await using(inProcessRunner(), (runner) => leverage(baseOf(withBypass, 10, 5), 10, runner)));
    const bypassed = after.pairs.find((row) => row.actor === 'transit' && row.target === 'exporter')!;
    expect(bypassed.ratio!).toBeLessThan(pair.ratio!);
    // Baseline: 60 t/d on the pipe at 10, 40 on the bypass at 12; closed: 60 on the bypass, 40 by rail at 30.
    expect(bypassed.targetLossUsd).toBe(0.4 * 10 * (60 * 12 + 40 * 30 - (60 * 10 + 40 * 12)));
  });

  it('sweeps the closure length: a longer closure never hurts the target less', async () => {
    const network = networkOf(twoRoutes);
    const report = ok(await using(inProcessRunner(), (runner) => leverage(baseOf(network, 10, 5), 10, runner, { sweepDays: [1, 5, 10, 20], baseFor: (days) => baseOf(network, days, 5) })));
    const curve = report.sweep!.find((row) => row.actor === 'transit' && row.target === 'exporter')!;
    expect(curve.points.map((point) => point.days)).toEqual([1, 5, 10, 20]);
    for (let index = 1; index < curve.points.length; index += 1) expect(curve.points[index]!.targetLossUsd).toBeGreaterThanOrEqual(curve.points[index - 1]!.targetLossUsd);
    // No storage: the full daily loss starts on day 1.
    expect(curve.bufferDays).toBe(1);
  });
});

const gameNetwork = (bypass: string) => `
id: game
name: A producer and two transit states
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent, referencePrice: 80 USD/bbl }
actors:
  - { id: producer, name: Producer, kind: state }
  - { id: east, name: East, kind: state }
  - { id: west, name: West, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, jurisdiction: [producer], taxedBy: producer, fiscalTake: 50 % }
  - { id: market, kind: market, name: Market }
links:
  - { id: east-pipe, kind: pipeline, from: field, to: market, capacity: 100 t/d, tariff: 10 USD/t, jurisdiction: [east] }
${bypass}
`;

describe('pipeline power', () => {
  it('a producer with two interchangeable transit states: Shapley values 2/3, 1/6, 1/6', async () => {
    const network = networkOf(gameNetwork('  - { id: west-pipe, kind: pipeline, from: field, to: market, capacity: 100 t/d, tariff: 10 USD/t, jurisdiction: [west] }'));
    const report = ok(await using(inProcessRunner(), (runner) => pipelinePower(network, '2022-01-01', network.referencePrice!, runner)));
    const value = 365 * 100 * 550;
    expect(report.method).toBe('exact');
    expect(report.grandCoalitionValueUsd).toBe(value);
    const shapley = (actor: string) => report.players.find((row) => row.actor === actor)!.shapley;
    assertInDelta(shapley('producer'), (2 / 3) * value, 1, 'producer');
    assertInDelta(shapley('east'), value / 6, 1, 'east');
    assertInDelta(shapley('west'), value / 6, 1, 'west');
    assertInDelta(report.players.reduce((sum, row) => sum + row.shapley, 0), value, 2, 'efficiency');
  });

  it('a transit state loses power when the producer builds a bypass (Hubert & Cobanli, in miniature)', async () => {
    const network = networkOf(gameNetwork(''));
    const bypass = networkOf(gameNetwork('  - { id: nord, kind: pipeline, from: field, to: market, capacity: 50 t/d, tariff: 10 USD/t, jurisdiction: [producer] }'));
    const newLink = bypass.links.find((link) => link.id === 'nord')!;
    const report = ok(
      await using(inProcessRunner(), (runner) =>
        pipelinePower(network, '2022-01-01', network.referencePrice!, runner, { bypass: { label: 'nord', expansions: [{ type: 'expansion', asset: 'nord', link: newLink, startDay: 0, start: '2022-01-01' }] } }),
      ),
    );
    const value = 365 * 100 * 550;
    const before = (actor: string) => report.players.find((row) => row.actor === actor)!.shapley;
    const after = (actor: string) => report.withBypass!.players.find((row) => row.actor === actor)!.shapley;
    assertInDelta(before('east'), value / 2, 1, 'transit before');
    assertInDelta(after('east'), value / 4, 1, 'transit after');
    expect(after('producer')).toBeGreaterThan(before('producer'));
  });

  it('sampled Shapley values repeat for a seed and sum to the grand coalition value', async () => {
    const network = networkOf(gameNetwork('  - { id: west-pipe, kind: pipeline, from: field, to: market, capacity: 100 t/d, tariff: 10 USD/t, jurisdiction: [west] }'));
    const run = () => using(inProcessRunner(), (runner) => pipelinePower(network, '2022-01-01', network.referencePrice!, runner, { exactLimit: 2, samples: 300, seed: 7 }));
    const first = ok(await run());
    const second = ok(await run());
    expect(first.method).toBe('sampled');
    expect(first.players).toEqual(second.players);
    assertInDelta(first.players.reduce((sum, row) => sum + row.shapley, 0), first.grandCoalitionValueUsd, 3, 'efficiency of the sample mean');
    const producer = first.players.find((row) => row.actor === 'producer')!;
    assertInDelta(producer.shapley, (2 / 3) * first.grandCoalitionValueUsd, 4 * producer.standardErrorUsd! + 1, 'within four standard errors');
  });
});

describe('bypass economics', () => {
  const load = () => {
    const text = readFileSync(fixture('analysis-bypass-candidates.yaml'), 'utf8');
    const set = candidatesFromText(text, fixture('analysis-bypass-candidates.yaml').pathname, (reference) => loadNetwork(reference, fixture('.').pathname));
    if (!set.ok) throw new Error(set.issues.map(renderIssue).join('\n'));
    const threat = loadScenario('analysis-bypass-threat.yaml', fixture('.').pathname);
    if (!threat.ok) throw new Error(threat.issues.map(renderIssue).join('\n'));
    const candidates = set.value.resolveFor(threat.value);
    if (!candidates.ok) throw new Error(candidates.issues.map(renderIssue).join('\n'));
    return { set: set.value, threat: threat.value, candidates: candidates.value };
  };

  it('matches the closed-form break-even probability of a bypass', async () => {
    const { set, threat, candidates } = load();
    const report = ok(await using(inProcessRunner(), (runner) => bypassEconomics(threat, candidates, runner, { probability: set.probability!, discountRate: set.discountRate })));
    // Without the bypass a 10-day closure loses 100 t/d x (600 - 50 - 10); with it, only the dearer tariff.
    expect(report.threat.lossPerEventUsd).toBe(10 * 100 * 540);
    const full = report.candidates.find((row) => row.id === 'full-bypass')!;
    expect(full.lossAvoidedPerEventUsd).toBe(10 * 100 * 540 - 10 * 100 * 30);
    expect(full.normalTimesValueUsdPerYear).toBe(0);
    const annuity = (1 - 1.1 ** -10) / 0.1;
    assertInDelta(serviceAnnuity(0.1, 0, 10), annuity, 1e-9, 'annuity');
    assertInDelta(full.breakEvenProbability!, 1_000_000 / annuity / 510_000, 1e-4, 'break-even');
    assertInDelta(full.npvUsd, -1_000_000 + annuity * 0.1 * 510_000, 1, 'NPV');
    const half = report.candidates.find((row) => row.id === 'half-bypass')!;
    expect(half.lossAvoidedPerEventUsd).toBe(10 * 50 * 510);
    // At 10 % a year neither pays: the MIP builds nothing.
    expect(report.portfolio.chosen).toEqual([]);
    expect(report.credibility?.threatener).toBe('transit');
    expect(report.credibility?.threatenerCostPerEventUsd).toBe(10 * 100 * 10);
  });

  it('the portfolio MIP agrees with enumerating every portfolio, with and without a budget', async () => {
    const { threat, candidates } = load();
    const annuity = serviceAnnuity(0.1, 0, 10);
    // Expected annual net benefit of each portfolio at p = 0.5 (no normal-times value here).
    const value = (saved: number, capex: number) => 0.5 * saved - capex / annuity;
    const options = [
      { chosen: [] as string[], benefit: 0, capex: 0 },
      { chosen: ['full-bypass'], benefit: value(510_000, 1_000_000), capex: 1_000_000 },
      { chosen: ['half-bypass'], benefit: value(255_000, 400_000), capex: 400_000 },
      { chosen: ['full-bypass', 'half-bypass'], benefit: value(510_000, 1_400_000), capex: 1_400_000 },
    ];
    for (const budget of [undefined, 500_000]) {
      const best = options.filter((option) => budget === undefined || option.capex <= budget).sort((a, b) => b.benefit - a.benefit)[0]!;
      const report = ok(await using(inProcessRunner(), (runner) => bypassEconomics(threat, candidates, runner, { probability: 0.5, discountRate: 0.1, budgetUsd: budget })));
      expect(report.portfolio.chosen).toEqual(best.chosen);
    }
  });

  it('NPV is linear in the probability and zero at the break-even', () => {
    const project = { capexUsd: 5e8, opexUsdPerYear: 1e7, leadYears: 3, lifetimeYears: 25 };
    const economics = projectEconomics(project, 2e7, 3e8, 0.2, 0.08);
    const atBreakEven = projectEconomics(project, 2e7, 3e8, economics.breakEvenProbability!, 0.08);
    assertInDelta(atBreakEven.npvUsd, 0, 1e-3, 'NPV at break-even');
    expect(projectEconomics(project, 1e9, 0, 0, 0.08).breakEvenProbability).toBe(0);
    expect(projectEconomics(project, 0, 0, 0, 0.08).breakEvenProbability).toBeNull();
  });
});

describe('compare', () => {
  it('shows what changed as chips and every headline figure before and after', async () => {
    const shipped = (id: string) => {
      const scenario = loadScenario(id);
      if (!scenario.ok) throw new Error(scenario.issues.map(renderIssue).join('\n'));
      return scenario.value;
    };
    const a = await solved(shipped('cpc-2022-ban-lifted'));
    const b = await solved(shipped('cpc-2022-ban'));
    const report = compareRuns(a, b);
    expect(report.changes.some((change) => change.kind === 'changed' && change.what === 'outage cpc-loading')).toBe(true);
    const exports = report.headline.find((row) => row.metric === 'exports lost')!;
    expect(exports.change).toBe(Math.round(b.impact.exportsLostTonnes - a.impact.exportsLostTonnes));
    expect(compareRuns(a, a).changes).toEqual([]);
  });
});

describe('caspian-crude', () => {
  const caspian = () => {
    const network = loadNetwork('caspian-crude');
    if (!network.ok) throw new Error('caspian-crude does not load');
    return network.value;
  };

  it('a closure never raises the optimum, and never raises exporters netback', async () => {
    const base = baseOf(caspian(), 30, 30);
    const report = ok(await using(inProcessRunner(), (runner) => criticality(base, runner, { closureDays: 30 })));
    // Every asset in service in the window (the dated network's later routes are not in 2022's).
    expect(report.assets).toHaveLength(base.network.nodes.length + base.network.links.length);
    expect(base.network.nodes.length + base.network.links.length).toBe(caspian().nodes.length + caspian().links.length - 2);
    for (const row of report.assets) {
      expect(row.status).toBe('optimal');
      expect(row.netbackLostUsd).toBeGreaterThanOrEqual(-1);
    }
    expect(report.assets[0]!.revenueLostUsd).toBeGreaterThan(3e9);
  });

  it('gives the same answer in process and on two worker threads, even when a worker dies mid-run', { timeout: 120_000 }, async () => {
    const base = baseOf(caspian(), 30, 30);
    const assets = ['cpc-loading', 'cpc-kazakh-section', 'atyrau-samara', 'aktau-loading', 'tengiz', 'kashagan', 'atasu', 'caspian-fleet', 'sangachal'];
    const strip = <T extends { performance: unknown }>(report: T) => ({ ...report, performance: undefined });
    const inProcess = ok(await using(inProcessRunner(), (runner) => criticality(base, runner, { closureDays: 30, assets })));
    const pooled = ok(await using(workerRunner({ workers: 2 }), (runner) => criticality(base, runner, { closureDays: 30, assets })));
    expect(strip(pooled)).toEqual(strip(inProcess));
    const crashed = ok(await using(workerRunner({ workers: 2, mainLane: false, crashAfterTasks: 2 }), (runner) => criticality(base, runner, { closureDays: 30, assets })));
    expect(strip(crashed)).toEqual(strip(inProcess));
  });

  it('runs of variants, each from where the one before ended, reach the optima and the same answers on any thread', { timeout: 120_000 }, async () => {
    const base = baseOf(caspian(), 30, 30);
    const outage = (asset: string, startDay: number, endDay: number, remaining = 0): ScenarioEvent => ({ type: 'outage', asset, remaining, startDay, endDay, start: base.dates[startDay]!, end: base.dates[endDay]! });
    const storm = outage('cpc-loading', 2, 9);
    const requests: VariantRequest[] = [
      { key: 'storm', events: [storm] },
      { key: 'storm+shutdown', events: [storm, outage('cpc-kazakh-section', 12, 14)], detail: 'flows' },
      { key: 'storm+tengiz', events: [storm, outage('tengiz', 5, 25, 0.5)], detail: 'loss' },
      { key: 'samara', events: [outage('atyrau-samara', 0, 20)] },
      { key: 'storm+samara', events: [storm, outage('atyrau-samara', 0, 20)] },
    ];
    const solve = async (runner: VariantRunner, chainLength: number) => {
      const outcome = await using(runner, (pool) => pool.run({ base, requests, chainLength }));
      if (outcome.status !== 'optimal') throw new Error(outcome.message);
      return outcome.outcomes.map((variant) => {
        if (variant.status !== 'optimal') throw new Error(variant.message);
        return { ...variant, solveMs: 0 };
      });
    };
    const alone = await solve(inProcessRunner(), 1);
    const chained = await solve(inProcessRunner(), 3);
    chained.forEach((variant, index) => assertInDelta(variant.systemValueUsd, alone[index]!.systemValueUsd, 1e-6 * Math.abs(alone[index]!.systemValueUsd), `optimum of ${variant.key}`));
    expect(chained[2]!.losses!.netbackLostUsd).toBeGreaterThan(0);
    expect(await solve(workerRunner({ workers: 2, mainLane: false }), 3)).toEqual(chained);
    expect(await solve(workerRunner({ workers: 2, mainLane: false, crashAfterTasks: 1 }), 3)).toEqual(chained);
  });

  it('batches running at once all finish when one of them fails on every worker', { timeout: 60_000 }, async () => {
    const base = baseOf(caspian(), 30, 30);
    // A base the worker cannot even open (its network has no nodes): that batch fails, and the
    // workers it retired are replaced for the batches waiting behind it.
    const broken = { ...base, network: { ...base.network, nodes: undefined } } as unknown as Scenario;
    const storm = (key: string, startDay: number): VariantRequest => ({ key, events: [{ type: 'outage', asset: 'cpc-loading', remaining: 0, startDay, endDay: startDay + 4, start: base.dates[startDay]!, end: base.dates[startDay + 4]! }] });
    const outcomes = await using(workerRunner({ workers: 2, mainLane: false }), (pool) =>
      Promise.all([
        pool.run({ base: broken, sessionKey: 'broken', requests: [storm('a', 2), storm('b', 5), storm('c', 8)] }),
        pool.run({ base, sessionKey: 'good', requests: [storm('d', 2), storm('e', 5)] }),
        pool.run({ base, sessionKey: 'good again', requests: [storm('f', 8)] }),
      ]),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['not-solved', 'optimal', 'optimal']);
  });

  it('Shapley values of the states sum to the grand coalition, and the Trans-Caspian pipeline cuts Russia\'s power', async () => {
    const network = caspian();
    const set = candidatesFromText(readFileSync(new URL('../data/candidates/kazakh-bypass.yaml', import.meta.url), 'utf8'), 'kazakh-bypass.yaml', (reference) => loadNetwork(reference));
    if (!set.ok) throw new Error(set.issues.map(renderIssue).join('\n'));
    const probe = baseOf(network, 1, 0);
    const candidates = set.value.resolveFor(probe);
    if (!candidates.ok) throw new Error(candidates.issues.map(renderIssue).join('\n'));
    const pipeline = candidates.value.find((candidate) => candidate.id === 'trans-caspian-pipeline')!;
    const report = ok(await using(inProcessRunner(), (runner) => pipelinePower(network, '2022-07-06', resolvePrice('100 USD/bbl'), runner, { bypass: { label: pipeline.id, expansions: pipeline.expansions } })));
    expect(report.method).toBe('exact');
    assertInDelta(report.players.reduce((sum, row) => sum + row.shapley, 0), report.grandCoalitionValueUsd, report.players.length, 'efficiency');
    const russia = report.withBypass!.changes.find((row) => row.actor === 'ru')!;
    expect(russia.changeUsd).toBeLessThan(0);
  });
});

describe('batches that share a session', () => {
  it('report each batch under its own scenario name, on the session kept from the first', async () => {
    const loaded = loadScenario('cpc-2022-ban');
    if (!loaded.ok) throw new Error(loaded.issues.map(renderIssue).join('\n'));
    const first = loaded.value;
    // The same structure under another id and name, as the server's runs of one network are.
    const second: Scenario = { ...first, id: 'renamed', name: 'Renamed run', events: [...first.events] };
    for (const runner of [inProcessRunner(), workerRunner({ workers: 2, mainLane: false })]) {
      try {
        const names: string[] = [];
        for (const base of [first, second]) {
          const outcome = await runner.run({ base, sessionKey: 'shared', requests: [{ key: base.id, events: base.events, detail: 'full' }] });
          if (outcome.status !== 'optimal') throw new Error(outcome.message);
          const variant = outcome.outcomes[0]!;
          if (variant.status !== 'optimal' || !variant.full) throw new Error('no result');
          names.push(`${variant.full.definition.id}: ${variant.full.definition.name}`);
        }
        expect(names).toEqual([`${first.id}: ${first.name}`, 'renamed: Renamed run']);
      } finally {
        await runner.close();
      }
    }
  });
});
