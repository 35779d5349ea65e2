import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricValue, relativeError, runBacktest } from '../src/analysis/backtest.ts';
import { runScenario } from '../src/analysis/run.ts';
import { builtinBacktests, loadBacktest } from '../src/io/files.ts';
import { backtestTable, generatedBlock } from '../src/report/backtest-doc.ts';
import { assertInDelta } from './helpers.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;

describe('chokepoint backtest', () => {
  it('--json prints {cases:[{id, mode, metrics:[{name, model, observed, unit, relativeError, hindsight, hindsightRelativeError, source}]}]} for at least five events, each replayed rolling', { timeout: 300_000 }, () => {
    const run = spawnSync(process.execPath, [bin, 'backtest', '--json'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { cases } = JSON.parse(run.stdout) as {
      cases: { id: string; record: string; mode: string; lookaheadDays: number | null; valueOfForesightUsd: number | null; metrics: { name: string; model: number | null; observed: number; unit: string; relativeError: number | null; hindsight: number | null; hindsightRelativeError: number | null; source: string }[] }[];
    };
    expect(new Set(cases.map((testCase) => testCase.record)).size).toBeGreaterThanOrEqual(5);
    for (const testCase of cases) {
      // The mode is the result's, not the case file's: every case declares rolling, so every result must say rolling.
      expect(testCase.mode).toBe('rolling');
      expect(testCase.lookaheadDays).toBe(30);
      expect(testCase.valueOfForesightUsd).not.toBeNull();
      expect(testCase.metrics.length).toBeGreaterThan(0);
      for (const metric of testCase.metrics) {
        expect(Object.keys(metric).sort()).toEqual(['hindsight', 'hindsightRelativeError', 'model', 'name', 'observed', 'relativeError', 'source', 'unit']);
        expect(metric.model).not.toBeNull();
        expect(metric.hindsight).not.toBeNull();
        expect(metric.source).toMatch(/https?:\/\//);
        expect(metric.relativeError).toBeCloseTo((metric.model! - metric.observed) / Math.abs(metric.observed), 3);
        expect(metric.hindsightRelativeError).toBeCloseTo((metric.hindsight! - metric.observed) / Math.abs(metric.observed), 3);
      }
    }
  });

  it('every case states what operators knew: rolling operations and, for each event, the day it was announced', () => {
    for (const entry of builtinBacktests()) {
      const loaded = loadBacktest(entry.id);
      if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('; '));
      expect(loaded.value.scenario.operations?.mode, entry.id).toBe('rolling');
      for (const event of loaded.value.scenario.events) if (event.type === 'outage' || event.type === 'sanction') expect(event.announcedDay, `${entry.id}: announced`).toBeTypeOf('number');
      expect(loaded.value.estimates.some((estimate) => estimate.startsWith('What operators knew')), `${entry.id}: beliefs stated as estimates`).toBe(true);
    }
  });

  it('E06 by hand: SPM-3 alone loads its rated 3.5 Mt/month, 909,041 bbl/d at 7.9 bbl/t, 9.1 % below the reported 1 mb/d, in rolling and hindsight alike', { timeout: 300_000 }, async () => {
    const loaded = loadBacktest('e06-spm-cracks-sep-2022');
    if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('; '));
    const outcome = await runScenario(loaded.value.scenario);
    if (outcome.status !== 'optimal') throw new Error(outcome.message);
    const observation = loaded.value.observed[0]!;
    const byHand = ((3.5e6 * 12) / 365) * 7.9;
    assertInDelta(metricValue(observation.metric, observation.unit, outcome.result), byHand, 1, 'bbl/d through the moorings');
    expect(relativeError(byHand, 1_000_000)).toBeCloseTo(-0.091, 3);
    expect(outcome.result.operations.mode).toBe('rolling');
    const result = await runBacktest(loaded.value, (scenario) => runScenario(scenario));
    expect(result.mode).toBe('rolling');
    expect(result.metrics[0]!.relativeError).toBeCloseTo(-0.091, 3);
    // The mooring's rating binds whatever operators believe, so foresight cannot load more.
    expect(result.metrics[0]!.hindsightRelativeError).toBeCloseTo(-0.091, 3);
  });

  it('docs/backtests.md and the README show the table exactly as the command prints it', { timeout: 300_000 }, async () => {
    const table = await backtestTable();
    for (const file of ['../docs/backtests.md', '../README.md']) {
      const document = readFileSync(new URL(file, import.meta.url), 'utf8');
      expect(generatedBlock(document)).toBe(table);
    }
  });
});
