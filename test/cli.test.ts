import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { resultSchema } from '../src/analysis/result-schema.ts';

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: fixtures, env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('chokepoint CLI (through the real bin)', () => {
  it('run --json prints a result that matches its schema, byte for byte the same each time', () => {
    const first = cli('run', 'two-routes-closure.yaml', '--json');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const result = resultSchema.parse(JSON.parse(first.out));
    expect(result.impact.netbackLostUsd).toBeCloseTo(12_000, 3);
    expect(result.baseline.exportsByRoute.map((row) => row.route)).toEqual(['Cheap', 'Dear']);
    expect(result.impact.byActor.length).toBeGreaterThan(0);
    const second = cli('run', 'two-routes-closure.yaml', '--json');
    expect(second.out).toBe(first.out);
  });

  it('run prints a readable report in the chosen units', () => {
    const { code, out } = cli('run', 'two-routes-closure.yaml', '--units', 't');
    expect(code).toBe(0);
    expect(out).toContain('HEADLINE');
    expect(out).toMatch(/Cheap\s+1,800 t\s+1,200 t\s+600 t/);
    expect(out).toContain('LOSS BY ACTOR');
  });

  it('--csv writes daily series; --write-lp writes LPs that re-solve to the same optimum', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-'));
    const { code } = cli('run', 'two-routes-closure.yaml', '--csv', join(directory, 'csv'), '--write-lp', join(directory, 'model.lp'), '--json');
    expect(code).toBe(0);
    expect(readdirSync(join(directory, 'csv')).sort()).toEqual(['exports-by-route-daily.csv', 'impact-daily.csv', 'production-daily.csv', 'shadow-prices-daily.csv', 'storage-daily.csv']);
    const daily = readFileSync(join(directory, 'csv', 'impact-daily.csv'), 'utf8').trim().split('\n');
    const shadow = readFileSync(join(directory, 'csv', 'shadow-prices-daily.csv'), 'utf8').trim().split('\n');
    expect(shadow).toHaveLength(31);
    expect(shadow[0]).toMatch(/^date,.*_usd_per_t/);
    expect(daily).toHaveLength(31);
    expect(daily[0]).toBe('date,exports_lost_t,revenue_lost_usd,shut_in_t,stock_built_t');
    const highs = await loadHighs();
    const scenario = highs.solve(readFileSync(join(directory, 'model.lp'), 'utf8'));
    const baseline = highs.solve(readFileSync(join(directory, 'model.baseline.lp'), 'utf8'));
    expect(scenario.Status).toBe('Optimal');
    // kUSD in the LP; the constant shut-in term is zero here.
    expect(baseline.ObjectiveValue - scenario.ObjectiveValue).toBeCloseTo(12, 6);
    expect(Object.keys(scenario.Columns)).toContain('flow(cheap,field,20220105)');
  });

  it('bad input: exit 2, a message with file and line, nothing written', () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-'));
    const bad = join(directory, 'bad.yaml');
    writeFileSync(bad, readFileSync(join(fixtures, 'two-routes-closure.yaml'), 'utf8').replace('asset: cheap', 'asset: nowhere').replace('two-routes.yaml', join(fixtures, 'two-routes.yaml')));
    const { code, err } = cli('run', bad, '--csv', join(directory, 'out'));
    expect(code).toBe(2);
    expect(err).toContain(`${bad}:9:`);
    expect(err).toContain('"nowhere"');
    expect(existsSync(join(directory, 'out'))).toBe(false);
  });

  it('an output path that cannot be written is refused before solving (exit 2, nothing written)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-'));
    const file = join(directory, 'taken');
    writeFileSync(file, 'x');
    const csv = cli('run', 'two-routes-closure.yaml', '--csv', file, '--write-lp', join(directory, 'm.lp'));
    expect(csv.code).toBe(2);
    expect(csv.err).toContain('is a file: give a directory');
    expect(readdirSync(directory)).toEqual(['taken']);
    const lp = cli('run', 'two-routes-closure.yaml', '--write-lp', directory);
    expect(lp.code).toBe(2);
    expect(lp.err).toContain('is a directory: give a file name');
  });

  it('unknown scenario id, unknown flag and unknown unit are usage errors (exit 2)', () => {
    const unknown = cli('run', 'no-such-scenario');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown scenario "no-such-scenario"');
    expect(cli('run', 'two-routes-closure.yaml', '--frobnicate').code).toBe(2);
    expect(cli('run', 'two-routes-closure.yaml', '--units', 'gallons').err).toContain('unknown --units');
  });

  it('an infeasible model is an outcome: exit 1 naming the conflicting constraints', () => {
    const { code, err } = cli('run', 'infeasible.yaml');
    expect(code).toBe(1);
    expect(err).toContain('infeasible');
    expect(err).toContain('minimumRate');
    expect(err).toContain('production(field,20220103)');
  });

  it('validate reports a good file and every problem of a bad one', () => {
    const good = cli('validate', 'two-routes.yaml');
    expect(good.code).toBe(0);
    expect(good.out).toContain('✔ network two-routes');
    expect(cli('validate', 'two-routes-closure.yaml').out).toContain('✔ scenario two-routes-closure');
    const directory = mkdtempSync(join(tmpdir(), 'chokepoint-'));
    const bad = join(directory, 'net.yaml');
    writeFileSync(bad, readFileSync(join(fixtures, 'two-routes.yaml'), 'utf8').replace('capacity: 60 t/d', 'capacity: -60 t/d').replace('liftingCost: 50 USD/t', 'liftingCost: 50 USD/gal'));
    const { code, err } = cli('validate', bad);
    expect(code).toBe(2);
    expect(err).toContain(`${bad}:15:`);
    expect(err).toContain(`${bad}:22:`);
    expect(err).toContain('2 problems found');
  });

  it('a reader that closes the pipe early ends the CLI quietly (exit 0, no stack trace)', () => {
    // `true` exits long before Node has started, so every write meets a closed pipe (EPIPE).
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" list | true; echo "exit=\${PIPESTATUS[0]}"`], { encoding: 'utf8', cwd: fixtures });
    expect(run.stdout.trim()).toBe('exit=0');
    expect(run.stderr).toBe('');
  });

  it('list aligns every description in one column, however long the id', () => {
    const lines = cli('list').out.split('\n').filter((line) => line.startsWith('  '));
    const columns = new Set(lines.map((line) => line.match(/^\s+\S+\s+/)?.[0].length));
    expect(lines.length).toBeGreaterThan(3);
    expect(columns.size).toBe(1);
  });

  it('list, schema, units and --help', () => {
    expect(cli('list').code).toBe(0);
    const schema = JSON.parse(cli('schema', 'result').out);
    expect(schema.$defs.Result.properties.impact.properties.exportsLostTonnes.type).toBe('number');
    expect(schema.$defs.GasResult.properties.impact.properties.deliveriesLostMWh.type).toBe('number');
    expect(JSON.parse(cli('schema', 'network').out).properties.nodes.type).toBe('array');
    expect(cli('schema', 'nonsense').code).toBe(2);
    expect(cli('units').out).toContain('Mt/yr');
    for (const command of ['run', 'validate', 'list', 'schema', 'units']) {
      const help = cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toContain(`chokepoint ${command}`);
    }
    expect(cli('--help').out).toContain('Usage:');
    expect(cli('frobnicate').code).toBe(2);
  });
});
