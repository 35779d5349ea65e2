import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../src/analysis/run.ts';
import { builtinScenarios, loadScenario } from '../src/io/files.ts';
import { nativeRunner } from '../src/node/native-runner.ts';
import { buildLp, type LinearProgram } from '../src/solve/build-lp.ts';
import { prepareStructure } from '../src/solve/prepare.ts';
import { chooseBackend, heapEstimate, ModelTooLargeError, solverBackends, SolverUnavailableError, type BackendName, type NativeRunner } from '../src/solve/backends/index.ts';
import { clpStatus } from '../src/solve/backends/clp.ts';
import { scaledScenario } from '../bench/synthetic.ts';
import { scenarioOf } from './helpers.ts';

const runner = nativeRunner();
const backends = solverBackends(runner);
/**
 * CLP is a Debian package (coinor-clp), not an npm one: `.ci/run` installs it, a fresh developer
 * machine may not have it. Where it is missing, the tests that need it do not run, and the first
 * test checks instead that its absence is reported with the fix; under CI it must be there.
 */
const clpInstalled = backends.clp.availability().available;
const withClp = it.runIf(clpInstalled);

/** A small LP with every row sense (=, ≤, ≥, ranged, free) and bound kind (fixed, free, minus infinity, negative upper, lower), maximised. */
function everyKindLp(): LinearProgram {
  // Columns: x0 ∈ [0, 4], x1 ∈ (−inf, 3], x2 free, x3 = 2, x4 ∈ [−5, −1], x5 ∈ [1, inf)
  // max 3x0 + 2x1 − x2 + x3 + x4 − 2x5 + 7 (offset)
  // r0: x0 + x1 = 5;  r1: x1 + x2 ≤ 6;  r2: x2 − x4 ≥ 1;  r3: 1 ≤ x0 + x5 ≤ 8;  r4: x3 + x5 free;  r5: x2 + x5 ≥ 2
  const columns: [number, number][][] = [
    [[0, 1], [3, 1]],
    [[0, 1], [1, 1]],
    [[1, 1], [2, 1], [5, 1]],
    [[4, 1]],
    [[2, -1]],
    [[3, 1], [4, 1], [5, 1]],
  ];
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const entries of columns) {
    for (const [row, value] of entries) {
      indices.push(row);
      values.push(value);
    }
    starts.push(indices.length);
  }
  return {
    numCols: 6,
    numRows: 6,
    colCost: Float64Array.from([3, 2, -1, 1, 1, -2]),
    colLower: Float64Array.from([0, -Infinity, -Infinity, 2, -5, 1]),
    colUpper: Float64Array.from([4, 3, Infinity, 2, -1, Infinity]),
    rowLower: Float64Array.from([5, -Infinity, 1, 1, -Infinity, 2]),
    rowUpper: Float64Array.from([5, 6, Infinity, 8, Infinity, Infinity]),
    starts: Int32Array.from(starts),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
    offset: 7,
  };
}

async function solveWith(name: BackendName, lp: LinearProgram) {
  const model = await backends[name].createModel(lp, { stallLimit: 100_000 });
  try {
    const status = model.solve();
    return { status, solution: status.status === 'optimal' ? model.solution() : undefined };
  } finally {
    model.dispose();
  }
}

describe('solver backends', () => {
  it('CLP is installed where CI runs (.ci/run installs Debian coinor-clp); elsewhere its absence says how to install it', () => {
    if (process.env.CI) expect(backends.clp.availability()).toMatchObject({ available: true });
    else if (!clpInstalled) expect(backends.clp.availability()).toMatchObject({ available: false, reason: expect.stringContaining('coinor-clp') });
    else expect(backends.clp.availability()).toMatchObject({ available: true });
  });

  withClp('every row sense and bound kind reaches CLP through MPS as HiGHS holds it: same optimum, same plan', async () => {
    const lp = everyKindLp();
    const wasm = await solveWith('highs-wasm', lp);
    const clp = await solveWith('clp', lp);
    expect(wasm.status.status).toBe('optimal');
    expect(clp.status.status).toBe('optimal');
    // By hand: x0 = 4, x1 = 1, x3 = 2, x4 = −1, x5 = 1, x2 = max(1 + x4, 2 − x5, …) = 1 → 12 + 2 − 1 + 2 − 1 − 2 + 7.
    expect(wasm.solution!.objective).toBeCloseTo(19, 9);
    expect(Math.abs(clp.solution!.objective - wasm.solution!.objective)).toBeLessThanOrEqual(1e-7 * Math.abs(wasm.solution!.objective));
    expect(Array.from(clp.solution!.colValue)).toEqual(Array.from(wasm.solution!.colValue).map((value) => expect.closeTo(value, 9)));
    expect(Array.from(clp.solution!.rowDual)).toEqual(Array.from(wasm.solution!.rowDual).map((value) => expect.closeTo(value, 9)));
  });

  withClp('infeasible and unbounded LPs end with the same status on every backend', async () => {
    const infeasible = { ...everyKindLp(), rowLower: Float64Array.from([5, -Infinity, 1, 1, -Infinity, 2]), rowUpper: Float64Array.from([5, 6, Infinity, 8, Infinity, Infinity]) };
    infeasible.rowLower[3] = 20; // x0 + x5 ≥ 20 with x0 ≤ 4 and … still feasible via x5; make x5 bounded:
    infeasible.colUpper[5] = 3;
    const unbounded = everyKindLp();
    unbounded.colCost[2] = 1; // x2 is free and only bounded below by r2 and r5: raising it earns without limit
    unbounded.rowUpper[1] = Infinity;
    for (const name of ['highs-wasm', 'clp'] as const) {
      expect((await solveWith(name, infeasible)).status.status, name).toBe('infeasible');
      expect(['unbounded', 'unknown-infeasible'], name).toContain((await solveWith(name, unbounded)).status.status);
    }
  });

  it("CLP's closing line maps onto the shared statuses", () => {
    expect(clpStatus('Optimal objective -7.1 - 12 iterations time 0.002', '', false)).toEqual({ status: 'optimal', iterations: 12 });
    expect(clpStatus('PrimalInfeasible objective 0 - 1 iterations time 0.002', '', false).status).toBe('infeasible');
    expect(clpStatus('DualInfeasible objective -1e+10 - 0 iterations time 0.002', '', false).status).toBe('unbounded');
    expect(clpStatus('Stopped objective 3 - 100 iterations time 5.0', '', true).status).toBe('time-limit');
    expect(clpStatus('Stopped objective 3 - 100 iterations time 5.0', '', false)).toEqual({ status: 'not-solved', detail: 'iterationLimit' });
    expect(clpStatus('', 'Segmentation fault', false)).toMatchObject({ status: 'not-solved', detail: expect.stringContaining('Segmentation fault') });
  });

  withClp('CLP re-solves warm from its basis: none of the work again, and a changed bound from where it was', async () => {
    const lp = scenarioLp();
    const model = await backends.clp.createModel(lp, { stallLimit: 1e7 });
    try {
      const cold = model.solve();
      const basis = model.basis();
      const again = model.solve();
      expect(cold.status === 'optimal' && cold.iterations).toBeGreaterThan(100);
      expect(again).toEqual({ status: 'optimal', iterations: 0 });
      model.changeColsBounds({ kind: 'set', indices: [0, 1, 2] }, new Float64Array(3), new Float64Array(3));
      model.startFrom(basis);
      const changed = model.solve();
      expect(changed.status).toBe('optimal');
      expect(changed.status === 'optimal' && changed.iterations).toBeLessThan((cold.status === 'optimal' && cold.iterations) || 0);
    } finally {
      model.dispose();
    }
  });

  it('native files live in a private folder removed after each run', () => {
    const folder = mkdtempSync(join(tmpdir(), 'runner-test-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = folder;
    try {
      const seen: string[] = [];
      const result = runner.run({ program: '/bin/sh', args: ['-c', 'ls -ld . | cut -c1-10; cat in.txt > out.txt'], inputs: new Map([['in.txt', ['a', 'b']]]), outputs: ['out.txt', 'missing.txt'] });
      seen.push(...readdirSync(folder));
      expect(result.stdout.trim()).toBe('drwx------');
      expect(new TextDecoder().decode(result.outputs.get('out.txt'))).toBe('ab');
      expect(result.outputs.has('missing.txt')).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/** The shipped scenario's baseline LP as the session builds it. */
function scenarioLp(): LinearProgram {
  const loaded = loadScenario('cpc-2022-ban');
  if (!loaded.ok) throw new Error('cpc-2022-ban');
  const structure = prepareStructure(loaded.value);
  return buildLp(structure.layout, structure.lpTimeline(structure.baselineTimeline));
}

describe('choosing a backend by the model size', () => {
  const found = (programs: string[]): NativeRunner => ({ locate: (program) => (programs.includes(program) ? `/usr/bin/${program}` : undefined), run: () => ({ exitCode: 0, stdout: 'Coin LP version 1.17.6, build', stderr: '', outputs: new Map() }) });
  const small = heapEstimate(100_000, 90_000);
  const large = heapEstimate(900_000, 800_000);

  it('the default is in process while the model fits, and a native solver past the heap (saying so)', () => {
    expect(chooseBackend({ runner: found(['clp']) }, small)).toEqual({ backend: expect.objectContaining({ name: 'highs-wasm' }) });
    const chosen = chooseBackend({ runner: found(['clp']) }, large);
    expect(chosen.backend.name).toBe('clp');
    expect(chosen.note).toMatch(/900,000 columns.*does not fit.*CLP 1\.17\.6/);
  });

  it('past the heap without a native solver, or with the in-process one asked for, the model is refused with its size, the limit and the ways out', () => {
    for (const choice of [{ runner: found([]) }, { name: 'highs-wasm' as const, runner: found(['clp']) }]) {
      expect(() => chooseBackend(choice, large)).toThrow(ModelTooLargeError);
      expect(() => chooseBackend(choice, large)).toThrow(/900,000 columns.*\n.*800,000 columns[\s\S]*shorter horizon[\s\S]*--solver clp[\s\S]*rolling/);
    }
  });

  it('a native solver asked for but not installed says how to get it', () => {
    expect(() => chooseBackend({ name: 'clp', runner: found([]) }, small)).toThrow(SolverUnavailableError);
    expect(() => chooseBackend({ name: 'clp', runner: found([]) }, small)).toThrow(/apt-get install coinor-clp/);
    expect(() => chooseBackend({ name: 'highs', runner: found(['clp']) }, small)).toThrow(/HiGHS binary.*Debian has no package/);
  });
});

/**
 * Every number of a result by path. Entries of a list of records are keyed by their text fields
 * (ids), not their position, and an entry whose figures (numbers other than a share) are all zero
 * counts as absent: a list of losses by link may or may not list a link that lost nothing.
 */
function numbers(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        numbers(item, `${path}[${index}]`, out);
        return;
      }
      const entries = Object.entries(item as Record<string, unknown>);
      const key = entries.filter(([, field]) => typeof field === 'string').map(([name, field]) => `${name}=${field as string}`).join(',');
      const inner = numbers(item, '');
      if ([...inner].every(([innerPath, number]) => number === 0 || innerPath === '.share') && key !== '') return;
      for (const [innerPath, number] of inner) out.set(`${path}[${key || index}]${innerPath}`, number);
    });
  } else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) numbers(item, `${path}.${key}`, out);
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-7 * Math.max(1, Math.abs(a), Math.abs(b));

describe.runIf(clpInstalled)('differential: CLP and in-process HiGHS give the same answers', () => {
  // europe-gas has many suppliers at equal cost, so which of them fills a gap is a tie and only
  // its objectives are unique: one of its scenarios is compared on objectives below.
  const shipped = builtinScenarios().map((entry) => entry.id).filter((id) => !id.startsWith('europe-gas'));

  it('europe-gas-2022-all: equal objectives (1e-7 relative)', async () => {
    const loaded = loadScenario('europe-gas-2022-all');
    if (!loaded.ok) throw new Error('europe-gas-2022-all');
    const [wasm, clp] = await Promise.all((['highs-wasm', 'clp'] as const).map((name) => runScenario(loaded.value, { solver: { name, runner } })));
    if (wasm!.status !== 'optimal' || clp!.status !== 'optimal') throw new Error(`${wasm!.status} / ${clp!.status}`);
    for (const run of ['baseline', 'scenario'] as const) {
      const a = wasm!.solve[run].objectiveUsd;
      const b = clp!.solve[run].objectiveUsd;
      expect(Math.abs(a - b), `${run} objective ${a} vs ${b}`).toBeLessThanOrEqual(1e-7 * Math.abs(a));
    }
  });

  it.each(shipped)('%s: equal objectives (1e-7 relative) and equal headline figures', async (id) => {
    const loaded = loadScenario(id);
    if (!loaded.ok) throw new Error(id);
    const outcomes = await Promise.all((['highs-wasm', 'clp'] as const).map((name) => runScenario(loaded.value, { solver: { name, runner } })));
    const [wasm, clp] = outcomes;
    if (wasm!.status !== 'optimal' || clp!.status !== 'optimal') throw new Error(`${wasm!.status} / ${clp!.status}`);
    for (const run of ['baseline', 'scenario'] as const) {
      const a = wasm!.solve[run].objectiveUsd;
      const b = clp!.solve[run].objectiveUsd;
      expect(Math.abs(a - b), `${run} objective ${a} vs ${b}`).toBeLessThanOrEqual(1e-7 * Math.abs(a));
    }
    expectSameHeadlines(wasm!.result, clp!.result);
  });

  it('a generated network with a unique optimum: equal flows, day by day', async () => {
    const scenario = uniqueOptimumScenario(12, 20);
    const [wasm, clp] = await Promise.all((['highs-wasm', 'clp'] as const).map((name) => runScenario(scenario, { solver: { name, runner } })));
    if (wasm!.status !== 'optimal' || clp!.status !== 'optimal') throw new Error('not optimal');
    for (const run of ['baseline', 'scenario'] as const) {
      expect(Array.from(clp!.solve[run].flowTonnes)).toEqual(Array.from(wasm!.solve[run].flowTonnes).map((value) => expect.closeTo(value, 6)));
      expect(Array.from(clp!.solve[run].stockTonnes)).toEqual(Array.from(wasm!.solve[run].stockTonnes).map((value) => expect.closeTo(value, 6)));
    }
    expectSameFigures(wasm!.result, clp!.result);
  });

  // Its copies are alike, so which copy shuts in or reroutes is a tie: only the objectives are unique.
  it('the synthetic 3× network: equal objectives', async () => {
    const loaded = loadScenario('cpc-2022-ban');
    if (!loaded.ok) throw new Error('cpc-2022-ban');
    const scenario = scaledScenario(loaded.value, 3);
    const [wasm, clp] = await Promise.all((['highs-wasm', 'clp'] as const).map((name) => runScenario(scenario, { solver: { name, runner } })));
    if (wasm!.status !== 'optimal' || clp!.status !== 'optimal') throw new Error('not optimal');
    for (const run of ['baseline', 'scenario'] as const) {
      expect(Math.abs(wasm!.solve[run].objectiveUsd - clp!.solve[run].objectiveUsd)).toBeLessThanOrEqual(1e-7 * Math.abs(wasm!.solve[run].objectiveUsd));
    }
  });

  it('an infeasible scenario is reported alike: status, run, message and conflicting constraints', async () => {
    const scenario = scenarioOf(
      `id: tight
name: tight
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: producer, name: Producer, kind: company }
  - { id: state, name: State, kind: state }
nodes:
  - { id: field, kind: field, name: Field, production: 100 t/d, minimumRate: 80 t/d, liftingCost: 50 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 % }
  - { id: port, kind: market, name: Port }
links:
  - { id: pipe, kind: pipeline, from: field, to: port, capacity: 100 t/d, tariff: 10 USD/t }
`,
      `id: cut
name: cut
network: inline
horizon: { start: 2022-01-01, end: 2022-01-05 }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
events:
  - { type: outage, asset: pipe, start: 2022-01-02, days: 2, remaining: 0 %, source: test }
`,
    );
    const [wasm, clp] = await Promise.all((['highs-wasm', 'clp'] as const).map((name) => runScenario(scenario, { solver: { name, runner } })));
    expect(wasm!.status).toBe('infeasible');
    expect(clp).toEqual(wasm);
  });
});

/**
 * The figures the optimum fixes: every headline of the impact, and each run's objective, netback,
 * exports, production, shut-in and stocks. How equally good plans split them (by field, actor or
 * day; gross revenue between fields of equal netback under a national production limit) is
 * compared only where the optimum is unique (expectSameFigures on a generated network).
 */
function expectSameHeadlines(a: unknown, b: unknown): void {
  const left = a as Record<string, Record<string, unknown>>;
  const right = b as Record<string, Record<string, unknown>>;
  const runFigures = ['objectiveUsd', 'netbackUsd', 'exportsTonnes', 'productionTonnes', 'shutInTonnes', 'endStockTonnes', 'endInTransitTonnes'];
  const differing: string[] = [];
  for (const section of ['baseline', 'scenario', 'impact']) {
    for (const [name, value] of Object.entries(left[section]!)) {
      // Gross revenue is not fixed by the optimum (netback is): equally good plans may sell more of a dearer crude that costs more to move.
      if (typeof value !== 'number' || (section !== 'impact' && !runFigures.includes(name)) || name === 'revenueLostUsd') continue;
      if (!close(value, right[section]![name] as number)) differing.push(`${section}.${name}: ${value} vs ${String(right[section]![name])}`);
    }
  }
  expect(differing).toEqual([]);
  expect(Object.keys(left.impact!).filter((name) => typeof left.impact![name] === 'number').length).toBeGreaterThan(5);
}

/** Equal numbers everywhere, except that days between which the optimum is not unique may trade a figure, as long as its total over the days is the same. */
function expectSameFigures(a: unknown, b: unknown): void {
  const left = numbers(a);
  const right = numbers(b);
  expect([...right.keys()].filter((path) => !left.has(path)), 'figures only one backend gives').toEqual([...left.keys()].filter((path) => !right.has(path)));
  const differing = [...left].filter(([path, value]) => !close(value, right.get(path)!)).map(([path]) => path);
  const daily = /^\.impact\.daily\[[^\]]+\]\.(\w+)$/;
  expect(differing.filter((path) => !daily.test(path)), 'figures other than daily series').toEqual([]);
  for (const field of new Set(differing.map((path) => daily.exec(path)![1]!))) {
    const total = (values: Map<string, number>) => [...values].filter(([path]) => daily.exec(path)?.[1] === field).reduce((sum, [, value]) => sum + value, 0);
    expect(close(total(left), total(right)), `impact.daily[*].${field} totals`).toBe(true);
  }
}

/** Fields of distinct quality and cost on routes of distinct tariffs into one port: no two plans are worth the same. */
function uniqueOptimumScenario(fields: number, days: number) {
  const nodes = Array.from({ length: fields }, (_, i) => `  - { id: f${i}, kind: field, name: F${i}, production: ${100 + 7 * i} t/d, liftingCost: ${40 + i} USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 10 %, qualityDifferential: ${-i * 0.37} USD/t }`);
  const links = Array.from({ length: fields }, (_, i) => `  - { id: p${i}, kind: pipeline, from: f${i}, to: hub, capacity: ${120 + 3 * i} t/d, tariff: ${5 + 0.5 * i} USD/t }`);
  return scenarioOf(
    `id: unique
name: unique
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: producer, name: Producer, kind: company }
  - { id: state, name: State, kind: state }
nodes:
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port }
${nodes.join('\n')}
links:
${links.join('\n')}
  - { id: trunk, kind: pipeline, from: hub, to: port, capacity: ${50 * fields} t/d, tariff: 3 USD/t }
`,
    `id: unique-cut
name: unique cut
network: inline
horizon: { start: 2022-01-01, end: 2022-01-${String(days).padStart(2, '0')} }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
events:
  - { type: outage, asset: trunk, start: 2022-01-05, days: 4, remaining: 40 %, source: test }
`,
  );
}

const bin = new URL('../bin/chokepoint.js', import.meta.url).pathname;

function cli(args: readonly string[], environment: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', ...environment } });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('chokepoint run --solver', () => {
  withClp('run cpc-2022-ban --solver clp --json gives the headline figures of the default', () => {
    const inProcess = cli(['run', 'cpc-2022-ban', '--json']);
    const native = cli(['run', 'cpc-2022-ban', '--solver', 'clp', '--json']);
    expect(inProcess.code).toBe(0);
    expect(native.code).toBe(0);
    expect(native.err).toBe('');
    expectSameHeadlines(JSON.parse(inProcess.out), JSON.parse(native.out));
  });

  it('an unknown solver, or one not installed, is bad input (exit 2) with the fix', () => {
    const unknown = cli(['run', 'cpc-2022-ban', '--solver', 'gurobi']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown --solver "gurobi"; use one of highs-wasm, clp, highs/);
    const missing = cli(['run', 'cpc-2022-ban', '--solver', 'clp'], { CHOKEPOINT_CLP: '' });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/apt-get install coinor-clp/);
    expect(missing.err).not.toMatch(/\n\s+at /);
  });
});

/**
 * 221 fields, each with its own pipeline to one port, over ten years: 807,092 columns, past the
 * in-process heap. Every field's crude differs in quality, so nothing is commingled.
 */
function pastTheHeap(folder: string): string {
  const fields = 221;
  const nodes = Array.from({ length: fields }, (_, i) => `  - { id: f${i}, kind: field, name: F${i}, production: ${100 + (i % 7)} t/d, liftingCost: 50 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: state, fiscalTake: 0 %, qualityDifferential: ${-(i / 100).toFixed(2)} USD/t }`);
  const links = Array.from({ length: fields }, (_, i) => `  - { id: p${i}, kind: pipeline, from: f${i}, to: port, capacity: ${90 + (i % 11)} t/d, tariff: ${10 + (i % 5)} USD/t }`);
  writeFileSync(
    join(folder, 'wide.yaml'),
    `id: wide
name: wide synthetic network
commodity: { name: crude, barrelsPerTonne: 7.5 }
benchmark: { name: Brent }
actors:
  - { id: producer, name: Producer, kind: company }
  - { id: state, name: State, kind: state }
nodes:
  - { id: port, kind: market, name: Port }
${nodes.join('\n')}
links:
${links.join('\n')}
`,
  );
  const scenario = join(folder, 'wide-decade.yaml');
  writeFileSync(
    scenario,
    `id: wide-decade
name: a wide network over ten years
network: wide.yaml
horizon: { start: 2022-01-01, end: 2031-12-31 }
# One plan over the decade: the test is of the native solver on an LP past the heap.
operations: { mode: hindsight }
prices: { benchmark: [{ from: 2022-01-01, price: 100 USD/t }] }
events:
  - { type: outage, asset: p0, start: 2022-03-01, days: 10, remaining: 0 %, source: "test" }
`,
  );
  return scenario;
}

describe('a model past the in-process heap', () => {
  const folder = mkdtempSync(join(tmpdir(), 'past-heap-'));
  const scenario = pastTheHeap(folder);
  const sizing = /807,092 columns and 807,092 rows would need about 1,977 MB of WebAssembly heap;\n\s+the limit is 800,000 columns[\s\S]*shorter horizon[\s\S]*--solver clp[\s\S]*rolling/;

  it('is refused before it is built (exit 2, the sizing message) when no native solver is installed, or the in-process one is asked for', () => {
    const none = cli(['run', scenario], { CHOKEPOINT_CLP: '', CHOKEPOINT_HIGHS: '' });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(sizing);
    expect(none.err).toMatch(/No native solver is installed/);
    const asked = cli(['run', scenario, '--solver', 'highs-wasm']);
    expect(asked.code).toBe(2);
    expect(asked.err).toMatch(sizing);
  });

  withClp('runs with --solver clp: the ten days of the cut pipeline are lost, nothing else', () => {
    try {
      const run = cli(['run', scenario, '--solver', 'clp', '--json']);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      const result = JSON.parse(run.out) as { impact: { productionShutInTonnes: number; revenueLostUsd: number; shutInByField: { field: string; tonnes: number }[] } };
      // Field f0 makes 100 t/d into a 90 t/d pipeline, cut for ten days: 900 t at 100 USD/t.
      expect(result.impact.shutInByField).toEqual([{ field: 'f0', tonnes: expect.closeTo(900, 6) }]);
      expect(result.impact.productionShutInTonnes).toBeCloseTo(900, 6);
      expect(result.impact.revenueLostUsd).toBeCloseTo(90_000, 2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 900_000);
});
