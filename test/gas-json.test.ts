import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gasKey, gasRunResultSchema, inGasWords, publishedResultSchema, readResult } from '../src/analysis/gas-words.ts';
import { resultSchema, type RunResult } from '../src/analysis/result-schema.ts';
import { parse as parseYaml } from 'yaml';
import { main } from '../src/cli/main.ts';
import { builtinLoaders, DATA_DIRECTORY } from '../src/io/files.ts';
import { testApp } from './helpers-app.ts';
import { cli, keyPaths, OIL_KEY } from './gas-words-helpers.ts';

/**
 * A gas run's JSON speaks gas (src/analysis/gas-words.ts): no key names barrels, per-crude streams,
 * tonnes or US dollars; it is the same on the command line and from the API, and one schema (the
 * crude one in gas words) validates it and documents it in OpenAPI.
 */
const SCENARIO = 'europe-gas-2022-sokhranivka';
/** Keys of a JSON Schema's object properties, at every depth ($defs and anyOf included). */
function schemaKeys(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(schemaKeys);
  if (schema === null || typeof schema !== 'object') return [];
  const record = schema as Record<string, unknown>;
  const own = record.properties && typeof record.properties === 'object' ? Object.keys(record.properties) : [];
  return [...own, ...Object.values(record).flatMap(schemaKeys)];
}

describe('a gas run in gas words', () => {
  let printed: Record<string, unknown>;
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gasjson-'));
    const run = await cli('run', SCENARIO, '--json', '--quiet', '--csv', join(directory, 'csv'));
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    printed = JSON.parse(run.out) as Record<string, unknown>;
    writeFileSync(join(directory, 'run.json'), run.out);
  }, 120_000);

  it('run --json: no key names barrels, per-crude streams, tonnes or USD; MWh and the currency instead', () => {
    const oil = keyPaths(printed).filter((path) => OIL_KEY.test(path.split('.').pop()!.replace(/\[\d+\]$/, '')));
    expect(oil).toEqual([]);
    const result = gasRunResultSchema.parse(printed);
    expect(result.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    // The Sokhranivka entry closed from 11 May: gas through Ukraine falls, other corridors and LNG make up part of it.
    const ukraine = result.impact.deliveriesLostByRoute.find((row) => row.route === 'Ukraine')!;
    expect(ukraine.MWh).toBeGreaterThan(0);
    expect(result.impact.deliveriesLostMWh).toBeCloseTo(result.impact.deliveriesLostByRoute.reduce((sum, row) => sum + row.MWh, 0), -1);
    expect(result.impact.byActor.find((row) => row.actor === 'gazprom')?.loss).toBeGreaterThan(0);
    expect(result.baseline.bySupply.map((row) => row.supply)).toContain('ru-gazprom');
    expect(result.linkFlows.every((row) => typeof row.baselineMWh === 'number')).toBe(true);
    expect(result.gas.suppliers.length).toBeGreaterThan(0);
  });

  it('the schema validates it as printed: parsing drops nothing and adds nothing', () => {
    expect(JSON.parse(JSON.stringify(gasRunResultSchema.parse(printed)))).toEqual(printed);
    expect(publishedResultSchema.safeParse(printed).success).toBe(true);
    // The crude schema refuses it: it is not a crude result with relabelled units.
    expect(resultSchema.safeParse(printed).success).toBe(false);
  });

  it('chokepoint schema result documents both shapes; the gas one with no oil key', async () => {
    const schema = JSON.parse((await cli('schema', 'result')).out) as { $defs: Record<string, unknown> };
    const gas = schemaKeys(schema.$defs.GasResult);
    expect(gas).toContain('deliveriesLostMWh');
    expect(gas.filter((key) => OIL_KEY.test(key))).toEqual([]);
    expect(schemaKeys(schema.$defs.Result)).toContain('exportsLostBarrels');
  });

  it('reads back into the canonical result: figures unchanged, so compare and export take a saved gas run', async () => {
    const read = readResult(printed);
    expect(read.success).toBe(true);
    const canonical = (read as { data: RunResult }).data;
    expect(inGasWords(canonical as RunResult & { gas: NonNullable<RunResult['gas']> })).toEqual(gasRunResultSchema.parse(printed));
    const compared = await cli('compare', join(directory, 'run.json'), join(directory, 'run.json'), '--json');
    expect(compared.code).toBe(0);
    const report = JSON.parse(compared.out) as { units?: unknown; headline: { metric: string; unit: string; change: number }[] };
    expect(report.headline.every((row) => row.change === 0)).toBe(true);
    // Compared in gas words: deliveries, supplies and storage in MWh, money in EUR, shadow prices per MWh.
    expect(report.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(report.headline.find((row) => row.metric === 'deliveries lost')?.unit).toBe('MWh');
    expect(report.headline.find((row) => row.metric === 'firm demand unserved')?.unit).toBe('MWh');
    expect(report.headline.find((row) => row.metric === 'replacement LNG cost')?.unit).toBe('EUR');
    expect(new Set(report.headline.map((row) => row.unit))).toEqual(new Set(['MWh', 'EUR', 'EUR/MWh (mean)']));
    expect(report.headline.map((row) => row.metric).filter((metric) => /export|production|stock built/.test(metric))).toEqual([]);
    const text = (await cli('compare', join(directory, 'run.json'), join(directory, 'run.json'))).out;
    expect(text).toMatch(/deliveries lost, all corridors \(net of replacement\)\s+[\d.,]+ (TWh|GWh|MWh)/);
    expect(text).not.toMatch(/\bUSD\b|\d t\b|bbl/);
    const exported = await cli('export', 'europe-gas', '--geojson', join(directory, 'net.geojson'), '--result', join(directory, 'run.json'));
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
  }, 60_000);

  it('its CSV files name MWh and EUR, never tonnes, barrels or USD', () => {
    for (const file of readdirSync(join(directory, 'csv'))) {
      const header = readFileSync(join(directory, 'csv', file), 'utf8').split('\n')[0]!;
      expect(header, file).not.toMatch(/(_t|_usd|bbl|barrel)(_|,|$)/);
    }
  });

  it('the word table is one-to-one and leaves crude keys it does not name alone', () => {
    expect(gasKey('exportsLostTonnes')).toBe('deliveriesLostMWh');
    expect(gasKey('baselineMeanUsdPerTonne')).toBe('baselineMeanPerMWh');
    expect(gasKey('fieldEquityUsd')).toBe('supplyEquity');
    expect(gasKey('route')).toBe('route');
    // Building the schema refuses a table that renames two keys of one object alike; it was built.
    expect(gasRunResultSchema).toBeDefined();
  });
});

describe('a gas run through the API: the same shape, documented in OpenAPI', () => {
  const api = testApp();
  afterAll(() => api.close());

  it('POST /api/runs, GET /api/runs/{id}: the result in gas words, as the CLI prints it; CSV and compare read it', { timeout: 180_000 }, async () => {
    const accepted = (await (await api.request('/api/runs', { body: { scenario: SCENARIO } })).json()) as { id: string };
    let run: { status: string; result: Record<string, unknown> | null } = { status: 'queued', result: null };
    while (run.status !== 'done' && run.status !== 'failed') run = (await (await api.request(`/api/runs/${accepted.id}?wait=20000`)).json()) as typeof run;
    expect(run.status).toBe('done');
    const result = run.result!;
    expect(keyPaths(result).filter((path) => OIL_KEY.test(path.split('.').pop()!.replace(/\[\d+\]$/, '')))).toEqual([]);
    expect(JSON.parse(JSON.stringify(gasRunResultSchema.parse(result)))).toEqual(result);

    const cliRun = JSON.parse((await cli('run', SCENARIO, '--json', '--quiet')).out) as Record<string, unknown>;
    // The same figures and the same keys; the model's size is the worker's own session (columns may be counted once).
    expect(Object.keys(result).sort()).toEqual(Object.keys(cliRun).sort());
    expect(result.impact).toEqual(cliRun.impact);
    expect(result.gas).toEqual(cliRun.gas);

    const doc = (await (await api.request('/api/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Result', 'GasResult', 'Run']));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const validate = ajv.compile(JSON.parse(JSON.stringify({ $ref: '#/components/schemas/Run' }).replaceAll('"#/components/', '"doc#/components/')) as object);
    expect(validate(run), ajv.errorsText(validate.errors)).toBe(true);
    const gasOnly = ajv.compile(JSON.parse(JSON.stringify({ $ref: '#/components/schemas/GasResult' }).replaceAll('"#/components/', '"doc#/components/')) as object);
    expect(gasOnly(result), ajv.errorsText(gasOnly.errors)).toBe(true);
    expect(schemaKeys(doc.components.schemas.GasResult).filter((key) => OIL_KEY.test(key))).toEqual([]);

    const csv = await api.request(`/api/runs/${accepted.id}/impact-daily.csv`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n')[0]).toBe('date,deliveries_lost_mwh,revenue_lost_eur,shut_in_mwh,stock_built_mwh');
    expect((await api.request(`/api/runs/${accepted.id}/supply-daily.csv`)).status).toBe(200);
    const compared = await api.request(`/api/compare?a=${accepted.id}&b=${accepted.id}`);
    expect(compared.status).toBe(200);
    expect(((await compared.json()) as { units?: unknown }).units).toEqual({ energy: 'MWh', currency: 'EUR' });
    // The export reads the stored gas run back: its links carry the run's flows in MWh.
    const exported = await api.request('/api/export', { body: { network: 'europe-gas', result: accepted.id } });
    expect(exported.status).toBe(200);
    const features = ((await exported.json()) as { geojson: { features: { properties: Record<string, unknown> }[] } }).geojson.features;
    expect(features.some((feature) => typeof feature.properties.baseline_mwh === 'number' && (feature.properties.baseline_mwh as number) > 0)).toBe(true);
  });
});

describe('a gas scenario has no world oil market', () => {
  it('world: (mb/d, USD/bbl) on a gas network is refused at its path, with the fix', () => {
    const file = parseYaml(readFileSync(new URL('../data/scenarios/europe-gas-2022-sokhranivka.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
    const world = (parseYaml(readFileSync(new URL('../data/scenarios/cpc-2022-ban.yaml', import.meta.url), 'utf8')) as Record<string, unknown>).world;
    const loaded = builtinLoaders.scenario({ ...file, world } as never, DATA_DIRECTORY);
    expect(loaded.ok).toBe(false);
    expect(loaded.ok ? [] : loaded.issues).toContainEqual(expect.objectContaining({ code: 'not-for-commodity', path: ['world'], message: expect.stringMatching(/crude networks: remove it/) }));
  });
});

describe('crude results keep their shape', () => {
  it('run --json on a crude network: tonnes, USD, barrels and streams by origin, as before', async () => {
    let out = '';
    const code = await main(['run', 'two-routes-closure.yaml', '--json', '--quiet'], { out: (text) => (out += text), err: () => {}, cwd: new URL('./fixtures/', import.meta.url).pathname, interactive: false });
    expect(code).toBe(0);
    const printed = JSON.parse(out) as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(resultSchema.parse(printed)))).toEqual(printed);
    expect(printed).not.toHaveProperty('units');
    expect(printed).toHaveProperty('impact.exportsLostBarrels');
    expect(printed).toHaveProperty('baseline.exportsByRoute.0.byOrigin');
  });
});
