import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../src/cli/main.ts';
import { flagName } from '../src/cli/operation-flags.ts';
import { ANALYSES, exportOperation, importOperation, limitsOf, limitsOfJson, runOperation, type Field } from '../src/contract/index.ts';
import { testApp } from './helpers-app.ts';

const fixture = (name: string) => parseYaml(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const scenarioFile = (id: string) => parseYaml(readFileSync(new URL(`../data/scenarios/${id}.yaml`, import.meta.url), 'utf8')) as Record<string, unknown>;

async function help(command: string): Promise<string> {
  let out = '';
  const code = await main([command, '--help'], { out: (text) => (out += text), err: () => {}, cwd: process.cwd(), interactive: false });
  expect(code).toBe(0);
  return out;
}

type Doc = { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };

describe('one contract for the CLI, the API and OpenAPI', () => {
  const api = testApp();
  let doc: Doc;
  beforeAll(async () => {
    doc = (await (await api.request('/api/openapi.json')).json()) as Doc;
  });
  afterAll(() => api.close());

  it('chokepoint <op> --help states the limits and defaults the API enforces, for every flag', async () => {
    const paths: Record<string, string> = { run: '/api/runs', export: '/api/export' };
    for (const operation of [...Object.values(ANALYSES), runOperation, exportOperation]) {
      const text = await help(operation.id);
      const path = paths[operation.id] ?? `/api/analyses/${operation.id}`;
      const reference = doc.paths[path]!.post!.requestBody!.content['application/json']!.schema.$ref.split('/').pop()!;
      const properties = doc.components.schemas[reference]!.properties;
      expect(Object.keys(properties).sort(), operation.id).toEqual(Object.keys(operation.fields).sort());
      for (const [name, value] of Object.entries(operation.fields)) {
        if (!value.cli || value.cli.positional) continue;
        const limits = limitsOfJson(properties[name]!);
        const line = text.split('\n').find((row) => row.trimStart().startsWith(`--${flagName(name, value)} `) || row.trim() === `--${flagName(name, value)}` || row.trimStart().startsWith(`--${flagName(name, value)}  `));
        expect(line, `${operation.id} --${flagName(name, value)}`).toBeDefined();
        const stated = text.slice(text.indexOf(line!)).split('\n  --')[0]!.replace(/\s+/g, ' ');
        if (limits.minimum !== undefined) expect(stated, `${operation.id} ${name}`).toContain(`(${limits.minimum.toLocaleString('en-US')}–${limits.maximum!.toLocaleString('en-US')}`);
        if (limits.default !== undefined && typeof limits.default !== 'boolean') expect(stated, `${operation.id} ${name}`).toContain(`default ${String(limits.default)}`);
      }
    }
  });

  it('import (command line only) states in --help the limits and defaults its schema enforces', async () => {
    const whole = (await help('import')).replace(/\s+/g, ' ');
    const text = whole.slice(whole.indexOf('Options:'));
    for (const [name, value] of Object.entries(importOperation.fields) as [string, Field][]) {
      if (!value.cli || value.cli.positional) continue;
      const limits = limitsOf(value);
      const flag = `--${flagName(name, value)}`;
      const stated = text.slice(text.indexOf(`${flag} `)).split(' --')[0]!;
      expect(text, flag).toContain(`${flag} `);
      if (limits.minimum !== undefined) expect(stated, flag).toContain(`(${limits.minimum.toLocaleString('en-US')}–${limits.maximum!.toLocaleString('en-US')}`);
      if (limits.maxItems !== undefined) expect(stated, flag).toContain(`at most ${limits.maxItems.toLocaleString('en-US')}`);
      if (limits.default !== undefined) expect(stated, flag).toContain(`default ${Array.isArray(limits.default) ? limits.default.join(',') : String(limits.default)}`);
    }
    let err = '';
    expect(await main(['import', 'gem', 'x.csv', '--commodity', 'gas', '--out', 'x.yaml', '--snap-km', '101'], { out: () => {}, err: (line) => (err += line), cwd: process.cwd(), interactive: false })).toBe(2);
    expect(err).toContain('--snap-km must be a number from 0 to 100, got "101"');
  });

  it('the CLI refuses what the API refuses, naming the flag (--days 366, --years 20001, --samples 5)', async () => {
    const cases: [string[], string, Record<string, unknown>, string][] = [
      [['criticality', '--days', '366'], '--days must be a whole number from 1 to 365', { days: 366 }, 'criticality'],
      [['risk', '--years', '20001'], '--years must be a whole number from 1 to 20,000', { years: 20_001 }, 'risk'],
      [['power', '--samples', '5'], '--samples must be a whole number from 10 to 20,000', { samples: 5 }, 'power'],
      [['leverage', '--recovery=-1'], '--recovery must be a whole number from 0 to 365', { recoveryDays: -1 }, 'leverage'],
    ];
    for (const [args, message, body, kind] of cases) {
      let err = '';
      const code = await main(args, { out: () => {}, err: (text) => (err += text), cwd: process.cwd(), interactive: false });
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain(message);
      const reply = await api.request(`/api/analyses/${kind}`, { body });
      expect(reply.status).toBe(400);
      const issues = ((await reply.json()) as { issues: { path: string[]; message: string }[] }).issues;
      expect(issues[0]!.message).toBe(message.replace(/^--\S+ /, ''));
    }
  });
});

describe('live responses validate against the generated OpenAPI document', () => {
  const api = testApp();
  afterAll(() => api.close());

  it('every route answers what the document says, errors included', { timeout: 240_000 }, async () => {
    const doc = (await (await api.request('/api/openapi.json')).json()) as Doc & Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const rewrite = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/'));
    const checked = new Set<string>();
    const check = async (route: string, method: string, response: Response) => {
      const status = String(response.status);
      const declared = doc.paths[route]?.[method]?.responses[status];
      expect(declared, `${method} ${route} ${status} is not in the document`).toBeDefined();
      const media = declared!.content?.['application/json'];
      const text = await response.text();
      if (!media) return text;
      const validate = ajv.compile(rewrite(media.schema) as object);
      const body = JSON.parse(text) as unknown;
      expect(validate(body), `${method} ${route} ${status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      checked.add(`${method} ${route} ${status}`);
      return body;
    };
    await check('/api/health', 'get', await api.request('/api/health'));
    await check('/api/networks', 'get', await api.request('/api/networks'));
    await check('/api/networks/{id}', 'get', await api.request('/api/networks/caspian-crude'));
    await check('/api/networks/{id}', 'get', await api.request('/api/networks/nowhere'));
    await check('/api/scenarios', 'get', await api.request('/api/scenarios'));
    await check('/api/scenarios/{id}', 'get', await api.request('/api/scenarios/cpc-2022-ban'));
    const accepted = (await check('/api/runs', 'post', await api.request('/api/runs', { body: { scenario: scenarioFile('cpc-2022-ban-lifted'), name: 'lifted' } }))) as { id: string };
    await check('/api/runs', 'post', await api.request('/api/runs', { body: { scenario: 'cpc-2022-ban', name: 'x'.repeat(201) } }));
    const second = (await check('/api/runs', 'post', await api.request('/api/runs', { body: { scenario: 'cpc-2022-ban' } }))) as { id: string };
    for (const id of [accepted.id, second.id]) {
      for (let run: { status?: string } = {}; run.status !== 'done' && run.status !== 'failed'; ) run = (await check('/api/runs/{id}', 'get', await api.request(`/api/runs/${id}?wait=20000`))) as { status: string };
    }
    await check('/api/runs', 'get', await api.request('/api/runs'));
    await check('/api/runs/{id}', 'patch', await api.request(`/api/runs/${accepted.id}`, { method: 'PATCH', body: { name: 'renamed' } }));
    await check('/api/runs/{id}', 'patch', await api.request(`/api/runs/${accepted.id}`, { method: 'PATCH', body: { name: '' } }));
    await check('/api/runs/{id}/{file}', 'get', await api.request(`/api/runs/${accepted.id}/impact-daily.csv`));
    await check('/api/compare', 'get', await api.request(`/api/compare?a=${accepted.id}&b=${second.id}`));
    await check('/api/compare', 'get', await api.request(`/api/compare?a=${accepted.id}&b=nowhere`));
    await check('/api/runs/{id}', 'delete', await api.request(`/api/runs/${second.id}`, { method: 'DELETE' }));
    await check('/api/runs/{id}', 'get', await api.request(`/api/runs/${second.id}`));
    const network = fixture('analysis-two-routes.yaml');
    await check('/api/analyses/criticality', 'post', await api.request('/api/analyses/criticality', { body: { network, days: 10, recoveryDays: 5 } }));
    await check('/api/analyses/criticality', 'post', await api.request('/api/analyses/criticality', { body: { network, assets: ['nowhere'] } }));
    await check('/api/analyses/leverage', 'post', await api.request('/api/analyses/leverage', { body: { network, days: 10, recoveryDays: 5, sweep: [1, 10], levers: true } }));
    await check('/api/analyses/leverage', 'post', await api.request('/api/analyses/leverage', { body: { network, actors: ['nobody'] } }));
    await check('/api/analyses/power', 'post', await api.request('/api/analyses/power', { body: { network, price: '80 USD/bbl' } }));
    await check('/api/analyses/risk', 'post', await api.request('/api/analyses/risk', { body: { years: 20, seed: 7 } }));
    await check('/api/analyses/risk', 'post', await api.request('/api/analyses/risk', { body: { actor: 'nobody' } }));
    await check('/api/analyses/bypass', 'post', await api.request('/api/analyses/bypass', { body: { candidates: '/etc/passwd' } }));
    await check('/api/analyses/risk', 'post', await api.request('/api/analyses/risk', { raw: '{"years":', headers: {} }));
    const backtest = (await check('/api/analyses/backtest', 'post', await api.request('/api/analyses/backtest', { body: { cases: ['e06-spm-cracks-sep-2022'] } }))) as { cases: { id: string; metrics: unknown[] }[] };
    expect(backtest.cases.map((testCase) => testCase.id)).toEqual(['e06-spm-cracks-sep-2022']);
    await check('/api/analyses/backtest', 'post', await api.request('/api/analyses/backtest', { body: { cases: ['data/backtests/e06-spm-cracks-sep-2022.yaml'] } }));
    const exported = (await check('/api/export', 'post', await api.request('/api/export', { body: { network: 'caspian-crude', result: accepted.id } }))) as { geojson: { features: { properties: Record<string, unknown> }[] }; csv: Record<string, string> };
    expect(Object.keys(exported.csv).sort()).toEqual(['actors.csv', 'links.csv', 'nodes.csv', 'owners.csv']);
    expect(exported.geojson.features.some((feature) => typeof feature.properties.baseline_t === 'number')).toBe(true);
    await check('/api/export', 'post', await api.request('/api/export', { body: { network: network } }));
    await check('/api/export', 'post', await api.request('/api/export', { body: { network: 'caspian-crude', result: '/etc/passwd' } }));
    expect(checked.size).toBeGreaterThanOrEqual(25);
  });
});
