import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledScenario } from '../bench/synthetic.ts';
import { runScenario } from '../src/analysis/run.ts';
import { loadScenario } from '../src/io/files.ts';
import { LP_NAME_PREFIX_LIMIT, lpId, lpName } from '../src/solve/build-lp.ts';
import { highsRuntime } from '../src/solve/highs.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
import { networkFromText } from '../src/model/load-network.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Column and row names of an LP file in CPLEX LP format, as a reader sees them. */
function namesIn(lpText: string): { rows: string[]; columns: Set<string> } {
  const [, constraints = ''] = lpText.split(/\n(?:st|subject to)\n/i);
  const rows = [...constraints.matchAll(/^\s*([^\s:]+):/gm)].map((match) => match[1]!);
  const columns = new Set([...lpText.matchAll(/[+-]\s*(?:[\d.e+-]+\s+)?([A-Za-z_(][^\s:+\-<>=]*)/g)].map((match) => match[1]!));
  return { rows, columns };
}

async function rereadLp(lpText: string) {
  const highs = await highsRuntime();
  return highs.solve(lpText, { time_limit: 600 });
}

describe('LP names are one-to-one and short', () => {
  it('lpId is injective (a-b, a_b, a_db, a,b never meet) and keeps plain ids readable', () => {
    expect(new Set(['a-b', 'a_b', 'a_db', 'a,b', 'a__b', 'a(b'].map(lpId)).size).toBe(6);
    expect(lpId('cpc-kz')).toBe('cpc_dkz');
    expect(lpId('tengiz.c3')).toBe('tengiz.c3');
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        fc.pre(a !== b);
        expect(lpId(a)).not.toBe(lpId(b));
        expect(lpId(a)).toMatch(/^[A-Za-z0-9._]*$/);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });

  it('long names keep their head and a stable hash: capped, distinct, the same on every call', () => {
    const long = `flow(${'merged_stream_'.repeat(40)}a`;
    const other = `flow(${'merged_stream_'.repeat(40)}b`;
    expect(lpName(long).length).toBeLessThanOrEqual(LP_NAME_PREFIX_LIMIT);
    expect(lpName(long)).toBe(lpName(long));
    expect(lpName(long)).not.toBe(lpName(other));
    expect(lpName(long).startsWith('flow(merged_stream_')).toBe(true);
    expect(lpName('flow(short')).toBe('flow(short');
  });

  it('a network whose ids collide under the old escaping writes an LP that HiGHS reads back with our names', { timeout: 120_000 }, async () => {
    const text = fixture('two-routes.yaml').replaceAll('cheap', 'a-b').replaceAll('dear', 'a_b');
    const network = networkFromText(text, 'colliding.yaml');
    expect(network.ok).toBe(true);
    const scenario = scenarioFromText(fixture('two-routes-closure.yaml').replaceAll('cheap', 'a-b'), 'colliding-closure.yaml', () => network);
    expect(scenario.ok, JSON.stringify(!scenario.ok && scenario.issues)).toBe(true);
    if (!scenario.ok) return;
    const outcome = await runScenario(scenario.value, { withLpText: true });
    expect(outcome.status).toBe('optimal');
    if (outcome.status !== 'optimal') return;
    const lpText = outcome.solve.lpText!.scenario;
    expect(lpText).toContain('flow(a_db,');
    expect(lpText).toContain('flow(a__b,');
    const { rows } = namesIn(lpText);
    expect(new Set(rows).size).toBe(rows.length);
    const reread = await rereadLp(lpText);
    expect(reread.Status).toBe('Optimal');
    const columns = Object.keys(reread.Columns);
    // HiGHS falls back to c0, c1, … when names are missing or repeated: none here.
    expect(columns.some((name) => /^c\d+$/.test(name))).toBe(false);
    expect(columns.filter((name) => name.startsWith('flow(a_db,')).length).toBeGreaterThan(0);
    expect(columns.filter((name) => name.startsWith('flow(a__b,')).length).toBeGreaterThan(0);
  });

  it('the synthetic 100× network writes an LP with short unique names that HiGHS reads back', { timeout: 600_000 }, async () => {
    const base = loadScenario('cpc-2022-ban');
    expect(base.ok).toBe(true);
    if (!base.ok) return;
    const scenario = scaledScenario(base.value, 100, 3);
    const outcome = await runScenario(scenario, { withLpText: true });
    expect(outcome.status).toBe('optimal');
    if (outcome.status !== 'optimal') return;
    const lpText = outcome.solve.lpText!.scenario;
    const { rows } = namesIn(lpText);
    expect(rows.length).toBeGreaterThan(1000);
    expect(new Set(rows).size).toBe(rows.length);
    expect(rows.reduce((longest, name) => Math.max(longest, name.length), 0)).toBeLessThanOrEqual(LP_NAME_PREFIX_LIMIT + 12);
    const reread = await rereadLp(lpText);
    expect(reread.Status).toBe('Optimal');
    const columns = Object.keys(reread.Columns);
    expect(columns.some((name) => /^c\d+$/.test(name))).toBe(false);
    expect(columns.reduce((longest, name) => Math.max(longest, name.length), 0)).toBeLessThanOrEqual(LP_NAME_PREFIX_LIMIT + 12);
  });
});
