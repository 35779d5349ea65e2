import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analysisBase } from '../src/analysis/analysis-base.ts';
import { criticality } from '../src/analysis/criticality.ts';
import { decidedBy, inProcessRunner, type VariantRunner } from '../src/analysis/variants.ts';
import { loadNetwork } from '../src/io/files.ts';
import { networkFromText } from '../src/model/load-network.ts';
import { renderIssue } from '../src/model/issues.ts';
import { workerRunner } from '../src/node/worker-pool.ts';
import { testApp } from './helpers-app.ts';

// The field–tank–port network of test/operations.test.ts: a field (100 t/d, lifting 50 USD/t)
// fills a 300 t tank, shipped by a mooring (100 t/d, 10 USD/t) or rail (50 t/d, 30 USD/t) to a
// port paying 100 USD/t. Margins 40 USD/t by sea, 20 by rail; a stored tonne is worth 40.
const coast = `
id: coast
name: coast
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent, referencePrice: 100 USD/t, referenceDate: 2022-01-01 }
actors:
  - { id: state, name: State, kind: state }
  - { id: producer, name: Producer, kind: company }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, liftingCost: 50 USD/t, shutInCost: 0 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 %, jurisdiction: [state] }
  - { id: tank, kind: storage, name: Tank, capacity: 300 t, initial: 0 t, jurisdiction: [state] }
  - { id: port, kind: market, name: Port }
links:
  - { id: inlet, kind: pipeline, from: field, to: tank, capacity: 100 t/d, jurisdiction: [state] }
  - { id: outlet, kind: mooring, from: tank, to: port, capacity: 100 t/d, tariff: 10 USD/t, route: Sea, jurisdiction: [state] }
  - { id: rail, kind: rail, from: tank, to: port, capacity: 50 t/d, tariff: 30 USD/t, route: Rail, jurisdiction: [state] }
`;

const ROLLING = { mode: 'rolling' as const, lookaheadDays: 30, replanDays: 1 };

async function using<T>(runner: VariantRunner, work: (runner: VariantRunner) => Promise<T>): Promise<T> {
  try {
    return await work(runner);
  } finally {
    await runner.close();
  }
}

function coastNetwork() {
  const network = networkFromText(coast, 'coast.yaml');
  if (!network.ok) throw new Error(network.issues.map(renderIssue).join('\n'));
  return network.value;
}

describe('analyses decided rolling', () => {
  it('criticality: closing the mooring for 10 days until further notice loses 200 t shut in × 40 + 500 t by rail × 20 = 18,000 USD, as with hindsight', async () => {
    const base = analysisBase(coastNetwork(), { closureDays: 10, recoveryDays: 20 });
    if (!base.ok) throw new Error('no base');
    const rolling = await using(decidedBy(inProcessRunner(), ROLLING), (runner) => criticality(base.value, runner, { closureDays: 10 }));
    const hindsight = await using(inProcessRunner(), (runner) => criticality(base.value, runner, { closureDays: 10 }));
    if ('status' in rolling || 'status' in hindsight) throw new Error('no report');
    const row = (report: typeof rolling, asset: string) => report.assets.find((entry) => entry.asset === asset)!;
    // Believing the closure lasts through the look-ahead, operators rail 50 t/d from day 0 and fill the tank: what hindsight does.
    expect(row(rolling, 'outlet').netbackLostUsd).toBeCloseTo(18_000, 0);
    expect(row(rolling, 'outlet').shutInTonnes).toBeCloseTo(200, 3);
    expect(row(hindsight, 'outlet').netbackLostUsd).toBeCloseTo(18_000, 0);
    // The inlet closed: the field shuts in 10 days × 100 t, 40 USD/t each; rail closed: nothing lost.
    expect(row(rolling, 'inlet').netbackLostUsd).toBeCloseTo(40_000, 0);
    expect(row(rolling, 'rail').netbackLostUsd).toBeCloseTo(0, 0);
  });

  it('criticality on caspian-crude: the same answers on worker threads as in process', { timeout: 300_000 }, async () => {
    const network = loadNetwork('caspian-crude');
    if (!network.ok) throw new Error('no network');
    const base = analysisBase(network.value, { closureDays: 5, recoveryDays: 5 });
    if (!base.ok) throw new Error('no base');
    const assets = ['cpc-loading', 'cpc-kazakh-section', 'atyrau-samara', 'tengiz'];
    const strip = (report: Awaited<ReturnType<typeof criticality>>) => ('status' in report ? report : { ...report, performance: undefined });
    const inProcess = strip(await using(decidedBy(inProcessRunner(), ROLLING), (runner) => criticality(base.value, runner, { closureDays: 5, assets })));
    const pooled = strip(await using(decidedBy(workerRunner({ workers: 2 }), ROLLING), (runner) => criticality(base.value, runner, { closureDays: 5, assets })));
    expect(pooled).toEqual(inProcess);
    if ('status' in inProcess) throw new Error(inProcess.message);
    expect(inProcess.assets.find((row) => row.asset === 'cpc-loading')!.netbackLostUsd).toBeGreaterThan(0);
  });

  it('the API takes the mode: an analysis decided rolling says so; a run submitted with mode hindsight is decided with hindsight', { timeout: 300_000 }, async () => {
    const api = testApp();
    try {
      const reply = await api.request('/api/analyses/criticality', { body: { network: parse(coast), days: 10, recoveryDays: 20, mode: 'rolling', assets: ['outlet'] } });
      expect(reply.status).toBe(200);
      const report = (await reply.json()) as { operations: { mode: string }; assets: { asset: string; netbackLostUsd: number }[] };
      expect(report.operations).toEqual(ROLLING);
      expect(report.assets[0]!.netbackLostUsd).toBeCloseTo(18_000, 0);
      const bad = await api.request('/api/analyses/criticality', { body: { network: parse(coast), mode: 'sometimes' } });
      expect(bad.status).toBe(400);
      const created = await api.request('/api/runs', { body: { scenario: 'cpc-2022-ban-lifted', mode: 'hindsight' } });
      expect(created.status).toBe(202);
      const { id } = (await created.json()) as { id: string };
      await api.queue.waitFor(id, 240_000);
      const run = (await (await api.request(`/api/runs/${id}`)).json()) as { status: string; result: { operations: { mode: string }; impact: { netbackLostUsd: number } } };
      expect(run.status).toBe('done');
      expect(run.result.operations.mode).toBe('hindsight');
    } finally {
      await api.close();
    }
  });
});

describe('the mode on the command line', () => {
  const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('criticality --mode rolling says how it decided; a mode that is neither is bad input (exit 2)', { timeout: 120_000 }, () => {
    const text = cli('criticality', '--days', '3', '--recovery', '2', '--assets', 'cpc-loading', '--mode', 'rolling', '--workers', '0');
    expect(text.stderr).toBe('');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('decided rolling: re-planned every 1 day(s) over 30 days');
    const bad = cli('criticality', '--mode', 'sometimes');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('must be hindsight or rolling');
    expect(cli('run', 'cpc-2022-ban', '--mode', 'sometimes').status).toBe(2);
  });
});
