import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { flagName } from '../src/cli/operation-flags.ts';
import { ANALYSES, limitsOf, type AnalysisId, type Field } from '../src/contract/index.ts';
import { ANALYSIS_RUNNERS, OperationInputError } from '../src/contract/orchestrate.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { builtinLoaders, DATA_DIRECTORY } from '../src/io/files.ts';
import { testApp } from './helpers-app.ts';

/**
 * The committed fuzz corpus: bad inputs of every class (numbers out of range or of the wrong type,
 * paths and devices where documents go, unknown keys and ids, hostile strings, broken documents,
 * malformed JSON) against the library, the API (app.request) and the CLI. Each must be refused
 * with a 4xx / exit 2 that names where the problem is; none may leak a stack trace, read a file
 * or stop the server from answering. Seeds are fixed, so the corpus is the same on every run.
 */

const directory = mkdtempSync(join(tmpdir(), 'chokepoint-fuzz-'));
const secret = join(directory, 'secret.yaml');
writeFileSync(secret, 'id: SECRET-4242\nnodes: []\n');
utimesSync(secret, new Date('2001-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
const pipe = join(directory, 'pipe.yaml');
spawnSync('mkfifo', [pipe]);

const PATHS = [secret, pipe, '/dev/zero', '/dev/stdin', '/dev/random', '/etc/passwd', '/etc/shadow', '/proc/self/environ', '../data/networks/caspian-crude.yaml', './secret.yaml', 'file:///etc/passwd', '~/.ssh/id_rsa', 'C:\\Windows\\win.ini', '\\\\server\\share\\x.yaml', `${directory}/missing.yaml`, '/', '.', '..', 'data/networks/caspian-crude.yaml', '%2e%2e/etc/passwd'];
const HOSTILE = ['<img src=x onerror=alert(1)>', '"; DROP TABLE runs; --', '\u0000', '\u202e', 'a'.repeat(5000), '${7*7}', '{{7*7}}', '__proto__', 'constructor', '\ud800'];
const REFERENCE_FIELDS: Record<AnalysisId, string[]> = { criticality: ['network', 'base'], leverage: ['network', 'base'], power: ['network'], bypass: ['candidates', 'threat', 'hazards'], risk: ['hazards'], rules: ['scenario'], backtest: ['cases'] };
/** Fields that hold a list of references (backtest's cases): a path goes in as a one-item list. */
const reference = (field: string, value: string): unknown => (field === 'cases' ? [value] : value);

/** A value the field's schema must refuse: outside its limits, of the wrong type, or absurd. */
function badValues(name: string, kind: AnalysisId): fc.Arbitrary<unknown> {
  const limits = limitsOf((ANALYSES[kind].fields as Record<string, Field>)[name]!);
  const out: fc.Arbitrary<unknown>[] = [fc.constantFrom({ nested: { deep: [1, 2, 3] } } as unknown, [[[]]], 'true')];
  if (limits.minimum !== undefined && limits.maximum !== undefined) {
    out.push(fc.double({ min: limits.maximum + 1, max: 1e308, noNaN: true }), fc.double({ min: -1e308, max: limits.minimum - 1e-9, noNaN: true }), fc.constantFrom('12', '', 1.5e308, -0.5 + limits.minimum));
  } else {
    out.push(fc.constantFrom(12345, -1, 1e308));
  }
  return fc.oneof(...out);
}

/** Requests with one bad field each (the others valid or absent). */
function badRequest(kind: AnalysisId): fc.Arbitrary<{ body: Record<string, unknown>; field: string }> {
  const fields = Object.keys(ANALYSES[kind].fields);
  const byField = fc.constantFrom(...fields).chain((field) => badValues(field, kind).map((value) => ({ body: { [field]: value }, field })));
  const byPath = fc.tuple(fc.constantFrom(...REFERENCE_FIELDS[kind]), fc.constantFrom(...PATHS)).map(([field, path]) => ({ body: { [field]: reference(field, path) }, field }));
  const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !fields.includes(key) && key !== '__proto__').map((key) => ({ body: { [key]: 1 }, field: key }));
  const hostileId = fc.constantFrom(...HOSTILE).map((text) => ({ body: { [REFERENCE_FIELDS[kind][0]!]: reference(REFERENCE_FIELDS[kind][0]!, text) }, field: REFERENCE_FIELDS[kind][0]! }));
  return fc.oneof(byField, byField, byPath, unknownKey, hostileId);
}

const noLeak = (text: string) => {
  expect(text).not.toMatch(/\n\s+at |\bat .*\.(ts|js|mjs):\d+/);
  expect(text).not.toContain('SECRET-4242');
  expect(text).not.toContain('root:');
  expect(text).not.toContain(process.cwd());
};

let cases = 0;

describe('fuzz corpus: the API', () => {
  const api = testApp();
  afterAll(() => api.close());

  for (const kind of Object.keys(ANALYSES) as AnalysisId[]) {
    it(`POST /api/analyses/${kind}: every bad request is a 4xx naming the field, reads no file, leaks nothing`, async () => {
      await fc.assert(
        fc.asyncProperty(badRequest(kind), async ({ body, field }) => {
          const reply = await api.request(`/api/analyses/${kind}`, { body });
          const text = await reply.text();
          expect(reply.status, text).toBeGreaterThanOrEqual(400);
          expect(reply.status, text).toBeLessThan(500);
          noLeak(text);
          const parsed = JSON.parse(text) as { issues: { path: (string | number)[]; message: string }[] };
          expect(parsed.issues.some((issue) => issue.path[0] === field || String(issue.path[0]).startsWith(field) || (issue.path.length === 0 && issue.message.includes(field))), text).toBe(true);
          cases += 1;
        }),
        { numRuns: 45, seed: 13 },
      );
    });
  }

  it('hand-written cases: malformed JSON, wrong content types, hostile paths, documents that are not documents', async () => {
    const raw: [string, string, string | undefined, number][] = [
      ['/api/analyses/risk', '{"years":', 'application/json', 400],
      ['/api/analyses/risk', '[]', 'application/json', 400],
      ['/api/analyses/risk', 'null', 'application/json', 400],
      ['/api/analyses/risk', '"x"', 'application/json', 400],
      ['/api/analyses/risk', '{"years": 10}', 'text/plain', 415],
      ['/api/analyses/risk', 'years=10', 'application/x-www-form-urlencoded', 415],
      ['/api/analyses/risk', '{"years": 10}', undefined, 415],
      ['/api/runs', '{"scenario": {"id": "x"}}', 'application/json', 400],
      ['/api/runs', '{"scenario": "/etc/passwd"}', 'application/json', 400],
      ['/api/runs', `{"scenario": "${secret}"}`, 'application/json', 400],
      ['/api/runs', '{"scenario": "cpc-2022-ban", "name": ""}', 'application/json', 400],
      ['/api/runs', '{"scenario": "cpc-2022-ban", "extra": 1}', 'application/json', 400],
      ['/api/runs', '{"__proto__": {"polluted": 1}}', 'application/json', 400],
      ['/api/analyses/criticality', '{"network": {"id": "x", "nodes": "not a list"}}', 'application/json', 400],
      ['/api/analyses/criticality', '{"network": {"id": "x", "nodes": [], "links": [], "actors": [], "commodity": {"name": "c", "barrelsPerTonne": 1e308}}}', 'application/json', 400],
      ['/api/analyses/criticality', '{"order": 2, "days": 365}', 'application/json', 400],
      ['/api/analyses/leverage', '{"sweep": [1,2,3,4,5,6,7,8,9,10,11]}', 'application/json', 400],
      ['/api/analyses/power', '{"players": ["nobody"]}', 'application/json', 400],
      ['/api/analyses/power', '{"bypass": {"candidates": "/etc/passwd"}}', 'application/json', 400],
      ['/api/analyses/risk', '{"condition": ["rate:nothing*2"]}', 'application/json', 400],
      ['/api/analyses/risk', '{"condition": ["bypass:/etc/passwd"]}', 'application/json', 400],
      ['/api/analyses/risk', '{"condition": ["nonsense"]}', 'application/json', 400],
      ['/api/analyses/risk', '{"price": "1e308 USD/bbl"}', 'application/json', 400],
      ['/api/analyses/risk', '{"price": "-5 USD/bbl"}', 'application/json', 400],
      ['/api/analyses/risk', '{"price": "90 furlongs"}', 'application/json', 400],
      ['/api/analyses/bypass', '{"probability": "50 %"}', 'application/json', 400],
      ['/api/analyses/bypass', '{"budgetUsd": 1e300}', 'application/json', 400],
      ['/api/analyses/nothing', '{}', 'application/json', 404],
      ['/api/analyses/backtest', '{"cases": []}', 'application/json', 400],
      ['/api/analyses/backtest', '{"cases": "e06-spm-cracks-sep-2022"}', 'application/json', 400],
      ['/api/analyses/backtest', `{"cases": ["${secret}"]}`, 'application/json', 400],
      ['/api/analyses/backtest', '{"cases": ["../backtests/e06-spm-cracks-sep-2022.yaml"]}', 'application/json', 400],
      ['/api/analyses/backtest', `{"cases": ${JSON.stringify(Array.from({ length: 101 }, (_, index) => `case-${index}`))}}`, 'application/json', 400],
      ['/api/analyses/backtest', '{"cases": [{"id": "inline"}]}', 'application/json', 400],
      ['/api/export', '{"network": "/etc/passwd"}', 'application/json', 400],
      ['/api/export', `{"network": "${secret}"}`, 'application/json', 400],
      ['/api/export', `{"network": "${pipe}"}`, 'application/json', 400],
      ['/api/export', '{"network": "/dev/zero"}', 'application/json', 400],
      ['/api/export', '{"result": "/etc/passwd"}', 'application/json', 400],
      ['/api/export', `{"result": "${secret}"}`, 'application/json', 400],
      ['/api/export', '{"result": "../runs.sqlite"}', 'application/json', 400],
      ['/api/export', '{"geojson": "/tmp/out.geojson"}', 'application/json', 400],
      ['/api/export', '{"network": {"id": "x", "nodes": "not a list"}}', 'application/json', 400],
      ['/api/export', '{"network": "caspian-crude"}', 'text/plain', 415],
      ['/api/import', '{"sheet": "ProjectID,PipelineName"}', 'application/json', 404],
    ];
    for (const [path, body, type, status] of raw) {
      const reply = await api.app.request(path, { method: 'POST', headers: { host: 'localhost', ...(type ? { 'content-type': type } : {}) }, body });
      const text = await reply.text();
      expect(reply.status, `${path} ${body}`).toBe(status);
      noLeak(text);
      cases += 1;
    }
    const gets = ['/api/networks/%zz', '/api/networks/..%2f..%2fetc%2fpasswd', '/api/networks/a%00b', '/api/scenarios/<script>', `/api/runs/${'x'.repeat(500)}`, '/api/runs/nope/..%2f..%2fsecret.csv', '/api/compare?a=1', '/api/runs/x?wait=-1', '/api/runs/x?wait=1e9', '/../../etc/passwd'];
    for (const path of gets) {
      const reply = await api.request(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.status, path).toBeLessThan(500);
      noLeak(await reply.text());
      cases += 1;
    }
    expect((await api.request('/api/health')).status).toBe(200);
    expect(statSync(secret).atime.toISOString()).toBe('2001-01-01T00:00:00.000Z');
  });
});

/** A valid inline network (the two-routes fixture) and where its figures sit, to push each past its limit. */
const NETWORK = parseYaml(readFileSync(join(import.meta.dirname, 'fixtures/two-routes.yaml'), 'utf8')) as Record<string, unknown>;
const FIGURES: { path: (string | number)[]; unit?: string }[] = [
  { path: ['nodes', 0, 'production'], unit: 'Mt/yr' },
  { path: ['nodes', 0, 'production'], unit: 'mb/d' },
  { path: ['nodes', 0, 'liftingCost'], unit: 'USD/t' },
  { path: ['nodes', 0, 'shutInCost'], unit: 'USD/bbl' },
  { path: ['nodes', 2, 'priceDifferential'], unit: 'USD/bbl' },
  { path: ['links', 0, 'capacity'], unit: 'kt/d' },
  { path: ['links', 0, 'tariff'], unit: 'USD/t' },
  { path: ['links', 1, 'schedule'], unit: 'bcm/yr' },
  { path: ['links', 0, 'transitDays'] },
  { path: ['commodity', 'barrelsPerTonne'] },
  { path: ['commodity', 'tonnesPerCubicMetre'] },
];
const EXTREMES = ['1e308', '-1e308', '1e300', '1e25', '1e13', '-1e12', '9e99', '1.8e308'];

function withFigure(path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(NETWORK);
  let node: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return copy;
}

describe('fuzz corpus: figures past their limits in inline documents', () => {
  const api = testApp();
  afterAll(() => api.close());

  it('each is a 400 whose issue names the figure\'s path and the accepted range; nothing is solved', async () => {
    const samples = fc.sample(fc.tuple(fc.constantFrom(...FIGURES), fc.constantFrom(...EXTREMES)), { numRuns: 40, seed: 1308 });
    for (const [figure, amount] of samples) {
      const value = figure.unit ? `${amount} ${figure.unit}` : Number(amount);
      const reply = await api.request('/api/analyses/criticality', { body: { network: withFigure(figure.path, value), price: '90 USD/bbl', start: '2022-01-01' } });
      const text = await reply.text();
      expect(reply.status, `${figure.path.join('.')}: ${String(value)}`).toBe(400);
      noLeak(text);
      const issues = (JSON.parse(text) as { issues: { path: (string | number)[]; message: string }[] }).issues;
      const issue = issues.find((candidate) => candidate.path.slice(0, figure.path.length + 1).join('.') === ['network', ...figure.path].join('.'));
      expect(issue, `${figure.path.join('.')}: ${text}`).toBeDefined();
      expect(issue!.message, text).toMatch(/from -?[\d.,e-]+ (and up )?to [\d.,e]+|above [\d.,e-]+ and up to [\d.,e]+/);
      cases += 1;
    }
    expect((await api.request('/api/health')).status).toBe(200);
  });

  it('the same figures in files make the CLI exit 2 with the file, line and path', async () => {
    const samples = fc.sample(fc.tuple(fc.constantFrom(...FIGURES), fc.constantFrom(...EXTREMES)), { numRuns: 15, seed: 2308 });
    for (const [index, [figure, amount]] of samples.entries()) {
      const value = figure.unit ? `${amount} ${figure.unit}` : Number(amount);
      const file = join(directory, `extreme-${index}.yaml`);
      writeFileSync(file, JSON.stringify(withFigure(figure.path, value)));
      let err = '';
      const code = await main(['criticality', file, '--price', '90 USD/bbl', '--workers', '0'], { out: () => {}, err: (text) => (err += text), cwd: directory, interactive: false });
      expect(code, `${figure.path.join('.')}: ${String(value)}: ${err}`).toBe(2);
      expect(err).toContain(`extreme-${index}.yaml`);
      expect(err).toMatch(/\(at [\w.[\]]+\)/);
      noLeak(err);
      cases += 1;
    }
  });
});

describe('fuzz corpus: the library', () => {
  it('each operation refuses bad requests by schema, and bad documents by its loader, as issues with a path', async () => {
    const runner = inProcessRunner();
    try {
      for (const kind of Object.keys(ANALYSES) as AnalysisId[]) {
        fc.assert(
          fc.property(badRequest(kind), ({ body }) => {
            const parsed = ANALYSES[kind].request.safeParse(body);
            if (parsed.success) return; // a path-like id passes the schema; the loader below refuses it
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            cases += 1;
          }),
          { numRuns: 25, seed: 29 },
        );
        for (const field of REFERENCE_FIELDS[kind]) {
          for (const path of PATHS.slice(0, 8)) {
            const request = ANALYSES[kind].request.parse({ [field]: reference(field, path) });
            const run = ANALYSIS_RUNNERS[kind] as (request: unknown, context: Parameters<(typeof ANALYSIS_RUNNERS)['risk']>[1]) => Promise<unknown>;
            const error = await run(request, { loaders: builtinLoaders, baseDirectory: DATA_DIRECTORY, runner }).then(
              () => undefined,
              (thrown: unknown) => thrown,
            );
            expect(error, `${kind} ${field} ${path}`).toBeInstanceOf(OperationInputError);
            expect((error as OperationInputError).issues[0]!.path[0]).toBe(field);
            expect((error as OperationInputError).message).toContain('the API reads no files');
            cases += 1;
          }
        }
      }
    } finally {
      await runner.close();
    }
    expect(statSync(secret).atime.toISOString()).toBe('2001-01-01T00:00:00.000Z');
  });
});

describe('fuzz corpus: the CLI file operations (export, import)', () => {
  it('bad flags, hostile paths and special files where a network, run or sheet goes: exit 2 naming the problem, nothing read past a regular file', async () => {
    const cli = async (args: string[]) => {
      let err = '';
      const code = await main(args, { out: () => {}, err: (text) => (err += text), cwd: directory, interactive: false });
      return { code, err };
    };
    const out = join(directory, 'out.yaml');
    const notRun = join(directory, 'not-a-run.json');
    writeFileSync(notRun, '{"definition": 42}');
    const attempts: [string[], RegExp][] = [
      ...['/dev/zero', pipe, '/etc', `${directory}/missing.csv`].map((path): [string[], RegExp] => [['import', 'gem', path, '--commodity', 'gas', '--out', out], /not a regular file|a folder|no such file|cannot read/]),
      ...['/dev/zero', pipe, '/etc'].map((path): [string[], RegExp] => [['export', path, '--geojson', join(directory, 'x.geojson')], /not a regular file|a folder|cannot read/]),
      ...['/dev/zero', pipe, '/etc', notRun].map((path): [string[], RegExp] => [['export', 'caspian-crude', '--result', path, '--geojson', join(directory, 'x.geojson')], /not a regular file|a folder|not JSON|not a run result|cannot read/]),
      ...['1e999', '-5', 'NaN', '', '101', '0x10'].map((text): [string[], RegExp] => [['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', out, `--snap-km=${text}`], /--snap-km/]),
      ...['oil', '', 'GAS', '<img src=x onerror=alert(1)>'].map((text): [string[], RegExp] => [['import', 'gem', 'x.csv', `--commodity=${text}`, '--out', out], /--commodity must be gas or crude/]),
      [['import', 'csv', 'x.csv', '--commodity', 'gas', '--out', out], /SOURCE import reads "gem" sheets/],
      [['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', out, '--id', '../../etc'], /--id a network id is letters/],
      [['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', out, '--status', ''], /--status list at least one status/],
      [['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', out, '--countries', Array.from({ length: 301 }, (_, index) => `c${index}`).join(',')], /--countries at most 300 countrys|--countries at most 300/],
      [['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', '/dev/null'], /cannot write output/],
      [['export', 'caspian-crude', '--csv', '/dev/null'], /cannot write output/],
      [['export', 'caspian-crude', '--result', `${'x'.repeat(5000)}.json`, '--geojson', join(directory, 'x.geojson')], /--result a run reference is at most 4096 characters/],
      [['backtest', '/dev/zero'], /not a regular file/],
      [['backtest', pipe], /not a regular file/],
      [['backtest', 'no-such-case'], /unknown backtest "no-such-case"/],
    ];
    for (const [args, expected] of attempts) {
      const { code, err } = await cli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toMatch(expected);
      noLeak(err);
      cases += 1;
    }
    expect(statSync(secret).atime.toISOString()).toBe('2001-01-01T00:00:00.000Z');
  });
});

describe('fuzz corpus: the CLI', () => {
  it('every bad flag value exits 2 with a message naming the flag, without a stack trace', async () => {
    const cli = async (args: string[]) => {
      let err = '';
      const code = await main(args, { out: () => {}, err: (text) => (err += text), cwd: directory, interactive: false });
      return { code, err };
    };
    for (const kind of Object.keys(ANALYSES) as AnalysisId[]) {
      const flags = Object.entries(ANALYSES[kind].fields).filter(([, value]) => value.cli && !value.cli.positional && !value.cli.switch);
      // An operation with only a positional argument (rules) has no flag to fuzz, only its paths.
      const samples = flags.length === 0 ? [] : fc.sample(
        fc.tuple(
          fc.constantFrom(...flags),
          fc.oneof(fc.constantFrom('1e999', '-5', 'NaN', 'Infinity', '0x10', '', ' ', '9'.repeat(400), '1,2,,3', '%', '-1e308', '3.5.1', '١٢'), fc.constantFrom(...HOSTILE.filter((text) => !text.includes('\u0000')))),
        ),
        { numRuns: 12, seed: 7 },
      );
      for (const [[name, value], text] of samples) {
        const flag = `--${flagName(name, value)}`;
        const { code, err } = await cli([kind, `${flag}=${text}`]);
        if (code === 0) continue; // e.g. a string that happens to be a valid id: not a bad input
        expect(code, `${kind} ${flag}=${text}`).toBe(2);
        expect(err, `${kind} ${flag}=${text}`).toMatch(new RegExp(`${flag}|${value.cli?.placeholder ?? flag}|unknown|cannot read|no such`));
        noLeak(err);
        cases += 1;
      }
      for (const path of ['/dev/zero', pipe, '/etc']) {
        const { code, err } = await cli([kind, path]);
        expect(code, `${kind} ${path}`).toBe(2);
        noLeak(err);
        cases += 1;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(300);
  });
});
