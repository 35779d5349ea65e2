import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisBase } from '../src/analysis/analysis-base.ts';
import { bypassEconomics } from '../src/analysis/bypass.ts';
import { criticality } from '../src/analysis/criticality.ts';
import { leverage } from '../src/analysis/leverage.ts';
import { pipelinePower } from '../src/analysis/power.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { loadCandidates, loadHazards, loadNetwork, loadScenario } from '../src/io/files.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { simulateRisk } from '../src/analysis/risk.ts';
import { renderIssue } from '../src/model/issues.ts';

/**
 * Golden results of the analyses on the built-in network and the README's worked examples.
 * Regenerate with UPDATE_GOLDEN=1 after a deliberate change, and say why in the commit.
 */
function golden(name: string, value: unknown): void {
  const file = new URL(`./golden/analysis-${name}.json`, import.meta.url);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  expect(value).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

function need<T>(validated: { ok: true; value: T } | { ok: false; issues: readonly Parameters<typeof renderIssue>[0][] }): T {
  if (!validated.ok) throw new Error(validated.issues.map(renderIssue).join('\n'));
  return validated.value;
}

const network = () => need(loadNetwork('caspian-crude'));
const base = (days: number) => need(analysisBase(network(), { closureDays: days }));

describe('golden analyses of caspian-crude', () => {
  it('criticality at 30 days: the ten worst assets and the exporter indicators', async () => {
    const runner = inProcessRunner();
    const report = await criticality(base(30), runner, { closureDays: 30 });
    await runner.close();
    if ('status' in report) throw new Error(report.message);
    golden('criticality', { top: report.assets.slice(0, 10).map((row) => ({ asset: row.asset, exportsLostTonnes: row.exportsLostTonnes, revenueLostUsd: row.revenueLostUsd, budgetLossByState: row.budgetLossByState })), indicators: report.indicators });
  });

  it("leverage at 30 days: Russia's and Turkey's leverage over Kazakhstan and their own costs", async () => {
    const runner = inProcessRunner();
    const report = await leverage(base(30), 30, runner, { levers: true });
    await runner.close();
    if ('status' in report) throw new Error(report.message);
    golden('leverage', { actors: report.actors.map(({ assetsClosed, ...row }) => ({ ...row, assetsClosed: assetsClosed.length })), pairs: report.pairs.filter((pair) => pair.target === 'kz' || pair.target === 'chevron'), levers: report.levers?.filter((lever) => lever.target === 'kz') });
  });

  it('pipeline power of the states, with and without the Trans-Caspian pipeline', async () => {
    const set = need(loadCandidates('kazakh-bypass'));
    const pipeline = need(set.resolveFor(base(1))).find((candidate) => candidate.id === 'trans-caspian-pipeline')!;
    const runner = inProcessRunner();
    const report = await pipelinePower(network(), '2022-07-06', network().referencePrice!, runner, { bypass: { label: pipeline.id, expansions: pipeline.expansions } });
    await runner.close();
    if ('status' in report) throw new Error(report.message);
    golden('power', { grandCoalitionValueUsd: report.grandCoalitionValueUsd, players: report.players, withBypass: report.withBypass });
  });

  it('bypass economics against the enforced July 2022 suspension', { timeout: 180_000 }, async () => {
    const set = need(loadCandidates('kazakh-bypass'));
    const threat = need(loadScenario('cpc-2022-ban'));
    const runner = inProcessRunner();
    const report = await bypassEconomics(threat, need(set.resolveFor(threat)), runner, { probability: set.probability!, discountRate: set.discountRate });
    await runner.close();
    if ('status' in report) throw new Error(report.message);
    const { method, ...portfolio } = report.portfolio;
    expect(method).toContain('MIP');
    golden('bypass', { threat: report.threat, candidates: report.candidates, portfolio, credibility: report.credibility });
  });

  it('risk: 200 simulated years of the shipped hazards (seed 42), on two worker threads', { timeout: 180_000 }, async () => {
    const hazards = need(loadHazards('caspian-crude'));
    const runner = workerRunner({ workers: 2, mainLane: false });
    const report = await simulateRisk(hazards, network().referencePrice!, runner, { years: 200, seed: 42, chunkYears: 100 });
    await runner.close();
    if ('status' in report) throw new Error(report.message);
    golden('risk', { exporters: report.exporters, byActor: report.byActor.slice(0, 12), drivers: report.drivers, daysCut: report.performance.daysCut, windows: report.performance.windows });
  });
});
