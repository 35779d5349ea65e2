import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import loadHighs from 'highs';
import { checkRun } from '../src/analysis/invariants.ts';
import { solveScenario } from '../src/solve/solve.ts';
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { builtinNetworks, builtinScenarios, loadNetwork, loadScenario } from '../src/io/files.ts';
import { renderIssue } from '../src/model/issues.ts';
import type { Scenario } from '../src/scenario/scenario.ts';
import { unsourced } from './helpers.ts';

function shipped(id: string): Scenario {
  const loaded = loadScenario(id);
  if (!loaded.ok) throw new Error(loaded.issues.map(renderIssue).join('\n'));
  return loaded.value;
}

async function solveChecked(scenario: Scenario): Promise<RunResult> {
  const outcome = await runScenario(scenario);
  if (outcome.status !== 'optimal') throw new Error(`${scenario.id}: ${outcome.status}: ${outcome.message}`);
  const violations = [...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)];
  expect(violations.slice(0, 5)).toEqual([]);
  return outcome.result;
}

describe('shipped data', () => {
  it('every network and scenario loads, and every figure carries a source or an estimate', () => {
    expect(builtinNetworks().map((entry) => entry.id)).toContain('caspian-crude');
    expect(builtinScenarios().map((entry) => entry.id).filter((id) => !id.startsWith('europe-gas-')).sort()).toEqual(['cpc-2022-ban', 'cpc-2022-ban-bypass', 'cpc-2022-ban-lifted', 'cpc-2022-baseline-year', 'eu-embargo-price-cap-2022']);
    for (const entry of [...builtinNetworks(), ...builtinScenarios()]) {
      const data = parse(readFileSync(entry.path, 'utf8'));
      expect(unsourced(data, entry.id, [])).toEqual([]);
    }
    for (const entry of builtinScenarios()) shipped(entry.id);
  });

  it('the resolved network keeps each figure\'s source, so the API and the map can show it', () => {
    const network = loadNetwork('caspian-crude');
    if (!network.ok) throw new Error('caspian-crude does not load');
    const link = network.value.links.find((item) => item.id === 'cpc-kazakh-section')!;
    // A dated figure keeps the source of each step, with the step's first day.
    expect(link.sources?.map((item) => [item.figure, item.from])).toEqual([['asset', undefined], ['capacity', '2022-01-01'], ['capacity', '2024-01-01'], ['tariff', undefined], ['allocation', undefined]]);
    expect(link.sources?.find((item) => item.figure === 'tariff')?.estimate).toContain('Length share');
    // An allocation rule carries its reasoning beside the rule.
    expect(link.sources?.find((item) => item.figure === 'allocation')?.estimate).toContain('pro rata');
    // Every figure written with a source in the file comes through: fields carry production.
    for (const node of network.value.nodes.filter((item) => item.kind === 'field')) expect(node.sources?.some((item) => item.figure === 'production')).toBe(true);
  });

  it('the 2022 baseline reproduces the sourced export split of Kazakh crude by route', async () => {
    const result = await solveChecked(shipped('cpc-2022-baseline-year'));
    const kazakh = (route: string) => (result.baseline.exportsByRoute.find((row) => row.route === route)?.byOrigin ?? []).filter((row) => row.state === 'kz').reduce((sum, row) => sum + row.tonnes, 0) / 1e6;
    const total = ['CPC', 'Atyrau-Samara', 'Aktau', 'China', 'Rail'].reduce((sum, route) => sum + kazakh(route), 0);
    // Sourced 2022 (Mt): CPC 52.2 of 64.3 exported; Atyrau-Samara ~8; Aktau ~2 (KTO 2.27); China ~1 (KCP 1.29); rail ~0.4.
    const within = (actual: number, expected: number, share: number) => Math.abs(actual - expected) <= share * expected;
    expect(within(kazakh('CPC'), 52.2, 0.05), `CPC ${kazakh('CPC')}`).toBe(true);
    expect(within(kazakh('Atyrau-Samara'), 8, 0.05), `Atyrau-Samara ${kazakh('Atyrau-Samara')}`).toBe(true);
    expect(within(total, 64.3, 0.05), `total ${total}`).toBe(true);
    // Small routes: within 0.3 Mt (each is under 4 % of exports).
    expect(Math.abs(kazakh('Aktau') - 2.27)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(kazakh('China') - 1.29)).toBeLessThanOrEqual(0.3);
    expect(Math.abs(kazakh('Rail') - 0.4)).toBeLessThanOrEqual(0.3);
    // Each route's share of exports within 5 percentage points of the sourced share.
    for (const [route, sourced] of [['CPC', 52.2], ['Atyrau-Samara', 8], ['Aktau', 2.27], ['China', 1.29], ['Rail', 0.4]] as const) {
      expect(Math.abs(kazakh(route) / total - sourced / 64.3), route).toBeLessThanOrEqual(0.05);
    }
  });

  for (const id of ['cpc-2022-ban', 'cpc-2022-ban-lifted', 'cpc-2022-ban-bypass']) {
    it(`${id}: physics holds and the headline matches the golden result`, async () => {
      const result = await solveChecked(shipped(id));
      const headline = {
        exportsLostTonnes: result.impact.exportsLostTonnes,
        revenueLostUsd: result.impact.revenueLostUsd,
        netbackLostUsd: result.impact.netbackLostUsd,
        productionShutInTonnes: result.impact.productionShutInTonnes,
        peakStockBuiltTonnes: result.impact.peakStockBuiltTonnes,
        budgetLossByState: result.impact.budgetLossByState,
        exportsLostByRoute: result.impact.exportsLostByRoute,
        topActors: result.impact.byActor.slice(0, 8).map((row) => ({ actor: row.actor, lossUsd: row.lossUsd })),
        disruptors: result.impact.disruptors,
      };
      const file = new URL(`./golden/${id}.json`, import.meta.url);
      if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(headline, null, 2)}\n`);
      const golden = JSON.parse(readFileSync(file, 'utf8'));
      expect(headline).toEqual(golden);
    });
  }

  it('the ban costs more than the lifted ban, and the bypass saves some of it', async () => {
    const [ban, lifted, bypass] = await Promise.all(['cpc-2022-ban', 'cpc-2022-ban-lifted', 'cpc-2022-ban-bypass'].map((id) => solveChecked(shipped(id))));
    expect(ban!.impact.netbackLostUsd).toBeGreaterThan(lifted!.impact.netbackLostUsd);
    expect(bypass!.impact.netbackLostUsd).toBeLessThan(ban!.impact.netbackLostUsd);
    const kz = (result: RunResult) => result.impact.budgetLossByState.find((row) => row.state === 'kz')?.lossUsd ?? 0;
    expect(kz(ban!)).toBeGreaterThan(0);
    const tengiz = ban!.impact.byShareholder.filter((row) => row.asset === 'tengiz').map((row) => row.actor).sort();
    expect(tengiz).toEqual(['chevron', 'exxonmobil', 'kmg', 'lukoil']);
    expect(ban!.impact.disruptors.find((row) => row.actor === 'ru')?.tariffLostUsd).toBeGreaterThan(1000 * (ban!.impact.disruptors.find((row) => row.actor === 'ru')?.penaltiesReceivedUsd ?? 0));
  });

  it('the LP written for a shipped scenario re-solves to the same optimum', async () => {
    const outcome = await solveScenario(shipped('cpc-2022-ban'), { withLpText: true });
    if (outcome.status !== 'optimal' || !outcome.lpText) throw new Error('expected an optimal run with LP text');
    const highs = await loadHighs();
    const resolved = highs.solve(outcome.lpText.scenario);
    expect(resolved.Status).toBe('Optimal');
    // The LP is in kilotonnes and thousand USD.
    expect(resolved.ObjectiveValue * 1000).toBeCloseTo(outcome.scenario.objectiveUsd, -1);
    // Ids are escaped one-to-one in LP names: '-' is '_d' (and '_' is '__'), see lpId.
    expect(Object.keys(resolved.Columns)).toContain('flow(cpc_dkazakh_dsection,tengiz,20220706)');
  });

  it('an event outside the horizon leaves the scenario equal to its baseline', async () => {
    const ban = shipped('cpc-2022-ban');
    const shifted: Scenario = { ...ban, events: ban.events.map((event) => (event.type === 'outage' ? { ...event, startDay: event.startDay + 400, endDay: event.endDay + 400 } : event)).filter((event) => event.type !== 'penalty') };
    const result = await solveChecked(shifted);
    expect(result.impact.netbackLostUsd).toBe(0);
    expect(result.scenario.exportsByRoute).toEqual(result.baseline.exportsByRoute);
  });

  it('a longer CPC terminal closure never costs less', async () => {
    const ban = shipped('cpc-2022-ban');
    let previous = 0;
    for (const days of [2, 10, 30, 60]) {
      const events = ban.events.flatMap((event) => (event.type === 'outage' ? [{ ...event, endDay: event.startDay + days - 1 }] : []));
      const result = await solveChecked({ ...ban, events });
      expect(result.impact.netbackLostUsd, `${days} days`).toBeGreaterThanOrEqual(previous - 1);
      previous = result.impact.netbackLostUsd;
    }
  });
});
