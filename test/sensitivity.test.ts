import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resultSchema } from '../src/analysis/result-schema.ts';
import { patchNetwork, rampLossTonnes, sensitivity } from '../src/analysis/sensitivity.ts';
import type { SensitivityParameter } from '../src/scenario/sensitivity.ts';
import { sensitivityFromText } from '../src/scenario/sensitivity.ts';
import { assertInDelta, scenarioOf, solved } from './helpers.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const closure = () => scenarioOf(fixture('two-routes.yaml'), fixture('two-routes-closure.yaml'));
const parameter = (kind: SensitivityParameter['kind'], assets: string[], low: number, high: number, metric = 'netback'): SensitivityParameter => ({ id: kind, name: kind, kind, assets, base: 0, low, high, unit: '', metric, source: 'test' });

describe('sensitivity of the headline', () => {
  it('rampLossTonnes: a 100 t/d cut that ends loses 100 x days / 2 over a linear ramp, clipped at the horizon', () => {
    // Cut of 100 t/d on days 1-2, restored on day 3: a 2-day ramp loses 75 t on day 3 and 25 t on day 4.
    expect(rampLossTonnes([100, 100, 100, 100, 100], [100, 0, 0, 100, 100], 2)).toBeCloseTo(100, 9);
    // The same restoration on the last day: only the ramp's first day (75 t) falls in the horizon.
    expect(rampLossTonnes([100, 100, 100, 100], [100, 0, 0, 100], 2)).toBeCloseTo(75, 9);
    // A cut still on at the end, or no ramp: nothing.
    expect(rampLossTonnes([100, 100, 100], [100, 0, 0], 10)).toBe(0);
    expect(rampLossTonnes([100, 100, 100, 100], [100, 0, 100, 100], 0)).toBe(0);
  });

  it('a fiscal take re-accounted from the result equals the budget loss of a full re-solve with that take', async () => {
    const scenario = closure();
    const result = await solved(scenario);
    const take = parameter('fiscalTake', ['field'], 0.1, 0.7, 'budget:exporter');
    const [row] = await sensitivity(scenario, result, [take], async () => undefined);
    for (const [value, loss] of [[0.1, row!.lossLowUsd], [0.7, row!.lossHighUsd]] as const) {
      const network = { ...scenario.network, nodes: scenario.network.nodes.map((node) => (node.kind === 'field' ? { ...node, fiscalTake: value } : node)) };
      const direct = await solved({ ...scenario, network });
      const budget = direct.impact.budgetLossByState.find((state) => state.state === 'exporter')?.lossUsd ?? 0;
      assertInDelta(loss!, budget, 0.01, `exporter's budget loss at a take of ${value}`);
    }
    // The hand figure: 10 days x 60 t/d rerouted at 20 USD/t more = 12,000 USD of netback; 40 % of it is fiscal.
    assertInDelta(row!.lossBaseUsd, 4_800, 0.01, 'budget loss as run');
    assertInDelta(row!.lossLowUsd!, 1_200, 0.01, 'budget loss at 10 %');
  });

  it('a tariff income share scales what the disruptor loses in tariffs, nothing else', async () => {
    const scenario = closure();
    const result = await solved(scenario);
    const [row] = await sensitivity(scenario, result, [parameter('tariffIncomeShare', ['cheap'], 0.25, 1, 'disruptor:transit')], async () => undefined);
    // The transit state owns no share of the cheap pipe (Pipe Co does), so its own cost does not move.
    expect(row!.lossLowUsd).toBe(row!.lossBaseUsd);
    const [owner] = await sensitivity({ ...scenario }, { ...result, impact: { ...result.impact, disruptors: [{ actor: 'pipeco', ownCostUsd: 6_000, tariffLostUsd: 6_000, penaltiesReceivedUsd: 0, penaltiesPaidUsd: 0 }] } }, [parameter('tariffIncomeShare', ['cheap'], 0.25, 1, 'disruptor:pipeco')], async () => undefined);
    // Pipe Co loses 600 t x 10 USD/t = 6,000 USD of tariffs; at a 25 % income share, 1,500.
    assertInDelta(owner!.lossLowUsd!, 1_500, 0.01, "Pipe Co's own cost at 25 %");
  });

  it('re-solved parameters patch the network: a larger tank farm or shut-in cost reaches the solver', async () => {
    const scenario = closure();
    const result = await solved(scenario);
    const solvedNetworks: number[] = [];
    const rows = await sensitivity(scenario, result, [parameter('shutInCostFactor', ['field'], 0, 2)], async (variant) => {
      solvedNetworks.push(variant.network.nodes.find((node) => node.id === 'field')!.kind === 'field' ? 1 : 0);
      return solved(variant);
    });
    expect(solvedNetworks).toEqual([1, 1]);
    expect(rows[0]!.method).toBe('re-solved');
    const patched = patchNetwork(scenario.network, parameter('shutInCostFactor', ['field'], 0, 2), 2);
    const field = patched.nodes.find((node) => node.id === 'field');
    expect(field?.kind === 'field' && field.shutInCostUsdPerTonne).toBe(0);
  });

  it('the shipped ranges load and every one has a source or an estimate', () => {
    const network = closure().network;
    const bad = sensitivityFromText('network: two-routes\nparameters:\n  - { id: x, name: x, kind: fiscalTake, assets: [nowhere], low: 50 %, high: 10 %, metric: netback }\n', 'bad.yaml', network);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((issue) => issue.code).sort()).toEqual(['missing-source', 'out-of-range', 'unknown-asset']);
  });
});

describe('chokepoint run cpc-2022-ban --json', () => {
  it('carries the sensitivity table for the estimates the headline rests on', { timeout: 180_000 }, () => {
    const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [bin, 'run', 'cpc-2022-ban', '--json'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const result = resultSchema.parse(JSON.parse(run.stdout));
    const rows = result.sensitivity!;
    expect(rows.map((row) => row.parameter)).toEqual(['ru-fiscal-take', 'cpc-tank-farm-working-volume', 'cpc-tariff-income-share', 'tengiz-fiscal-take', 'shut-in-cost', 'restart-ramp']);
    for (const row of rows) {
      expect(row.low).toBeLessThanOrEqual(row.high);
      expect(row.lossLowUsd).not.toBeNull();
      expect(row.lossHighUsd).not.toBeNull();
      expect(row.source.length).toBeGreaterThan(20);
    }
    const take = rows.find((row) => row.parameter === 'ru-fiscal-take')!;
    // Russia's fiscal loss scales with its take: at 20 % it keeps 2/5 of the loss it has at 50 %.
    const fiscal = result.impact.byActor.find((row) => row.actor === 'ru')!.fiscalUsd;
    assertInDelta(take.lossLowUsd!, take.lossBaseUsd - fiscal * 0.6, 1, "Russia's own cost at a 20 % take");
    // A bigger tank farm never loses more.
    const tanks = rows.find((row) => row.parameter === 'cpc-tank-farm-working-volume')!;
    expect(tanks.lossHighUsd!).toBeLessThanOrEqual(tanks.lossBaseUsd);
    expect(tanks.lossLowUsd!).toBeGreaterThanOrEqual(tanks.lossBaseUsd);
  });
});
