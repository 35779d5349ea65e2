import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ANALYSIS_SCHEMAS } from '../src/cli/analysis-commands.ts';
import { main } from '../src/cli/main.ts';
import { finiteOr, nonFiniteNumbers, resultSchema } from '../src/analysis/result-schema.ts';
import { networkSchema } from '../src/model/network-schema.ts';
import { MAGNITUDE, quantity } from '../src/model/quantity-schema.ts';
import { unitsOf, type Dimension } from '../src/model/units.ts';
import { backtestFileSchema } from '../src/scenario/backtest-schema.ts';
import { candidatesFileSchema } from '../src/scenario/candidates-schema.ts';
import { hazardsFileSchema } from '../src/scenario/hazards-schema.ts';
import { scenarioSchema } from '../src/scenario/scenario-schema.ts';
import { sensitivityFileSchema } from '../src/scenario/sensitivity-schema.ts';
import { testApp } from './helpers-app.ts';

/**
 * Every number a data file can hold has limits (src/model/quantity-schema.ts), so a typing error
 * such as "1e308 Mt/yr" is refused with its path and range instead of becoming Infinity (which the
 * engine read as "unlimited"); and figures at those limits give results without NaN or Infinity.
 */

const directory = mkdtempSync(join(tmpdir(), 'chokepoint-magnitude-'));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += text), err: (text) => (err += text), cwd: directory, interactive: false });
  return { code, out, err };
}

const FILE_SCHEMAS = { network: networkSchema, scenario: scenarioSchema, hazards: hazardsFileSchema, candidates: candidatesFileSchema, sensitivity: sensitivityFileSchema, backtest: backtestFileSchema };

type Json = { type?: string; minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number; [key: string]: unknown };
function unbounded(node: unknown, path: string, found: string[]): string[] {
  if (node === null || typeof node !== 'object') return found;
  const json = node as Json;
  const low = json.minimum ?? json.exclusiveMinimum;
  const high = json.maximum ?? json.exclusiveMaximum;
  if ((json.type === 'number' || json.type === 'integer') && !(Number.isFinite(low) && Number.isFinite(high))) found.push(path || '/');
  for (const [key, value] of Object.entries(node)) unbounded(value, `${path}/${key}`, found);
  return found;
}

describe('magnitude limits on the numbers of data files', () => {
  it('every plain number of a network, scenario, hazards, candidates, sensitivity or backtest file has a lower and an upper limit', () => {
    for (const [name, schema] of Object.entries(FILE_SCHEMAS)) {
      const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' });
      expect(unbounded(json, '', []), `${name}: numbers without both limits (add them with numberIn or sourcedNumber)`).toEqual([]);
    }
  });

  it('every dimension refuses a figure past its limit in every unit, naming the range in the unit written', () => {
    for (const dimension of Object.keys(MAGNITUDE) as Dimension[]) {
      const schema = quantity(dimension);
      for (const unit of unitsOf(dimension)) {
        for (const text of [`1e308 ${unit}`, `-1e308 ${unit}`, `1e30 ${unit}`]) {
          const checked = schema.safeParse(text);
          expect(checked.success, text).toBe(false);
          expect(checked.error!.issues[0]!.message, text).toMatch(new RegExp(`out of range: .* must be from -?[\\d.,e-]+ to [\\d.,e]+ ${unit.replace(/[/$]/g, '\\$&')}$`));
        }
        expect(schema.safeParse(`1 ${unit}`).success, `1 ${unit}`).toBe(true);
      }
    }
    expect(quantity('massFlow', { min: 0 }).safeParse('1e308 Mt/yr').error!.issues[0]!.message).toBe('1e308 Mt/yr is out of range: a flow here must be from 0 to 365,000 Mt/yr');
    expect(quantity('massFlow', { min: 0 }).safeParse('365000 Mt/yr').success).toBe(true);
  });

  it('the CLI exits 2 on production: 1e308 Mt/yr, naming the file, line, path and accepted range (it used to run as unlimited and exit 0)', async () => {
    const network = readFileSync(join(import.meta.dirname, 'fixtures/two-routes.yaml'), 'utf8').replace('production: 100 t/d', 'production: 1e308 Mt/yr');
    writeFileSync(join(directory, 'two-routes.yaml'), network);
    writeFileSync(join(directory, 'closure.yaml'), readFileSync(join(import.meta.dirname, 'fixtures/two-routes-closure.yaml')));
    const { code, err } = await cli(['run', 'closure.yaml']);
    expect(code).toBe(2);
    expect(err).toContain('two-routes.yaml:14: 1e308 Mt/yr is out of range: a flow here must be from 0 to 365,000 Mt/yr (at nodes[0].production)');
    expect(err).not.toMatch(/\n\s+at /);
    const validated = await cli(['validate', 'two-routes.yaml']);
    expect(validated.code).toBe(2);
  });

  it('plain numbers name their range too: transit days, rates, capex, exchange rates', () => {
    const messageAt = (schema: z.ZodType, value: unknown, path: string) => {
      const checked = schema.safeParse(value);
      expect(checked.success).toBe(false);
      return checked.error!.issues.find((issue) => issue.path.join('.') === path)?.message;
    };
    const network = parseYaml(readFileSync(join(import.meta.dirname, 'fixtures/two-routes.yaml'), 'utf8')) as { links: Record<string, unknown>[]; commodity: Record<string, unknown> };
    expect(messageAt(networkSchema, { ...network, links: [{ ...network.links[0], transitDays: 1e9 }] }, 'links.0.transitDays')).toBe('must be a whole number from 0 to 365');
    expect(messageAt(networkSchema, { ...network, commodity: { ...network.commodity, barrelsPerTonne: 1e-300 } }, 'commodity.barrelsPerTonne')).toBe('must be a number from 0.1 to 100,000');
    const hazards = { id: 'h', name: 'h', network: 'n', hazards: [{ id: 'x', name: 'x', kind: 'weather', rate: 1e300, duration: { fixed: 1e300 } }] };
    const hazardIssues = hazardsFileSchema.safeParse(hazards).error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(hazardIssues.join('\n')).toMatch(/hazards\.0\.rate.*: must be a number from 0 to 365/);
    expect(hazardIssues.join('\n')).toMatch(/hazards\.0\.duration.*fixed: must be a number above 0 and up to 3,650/);
  });

  it('over HTTP an inline network past the limits is a 400 whose issue names the path and the range, and nothing runs', async () => {
    const api = testApp();
    try {
      const network = parseYaml(readFileSync(join(import.meta.dirname, 'fixtures/two-routes.yaml'), 'utf8')) as { nodes: Record<string, unknown>[] };
      network.nodes[0] = { ...network.nodes[0], production: '1e308 Mt/yr' };
      const reply = await api.request('/api/analyses/criticality', { body: { network, price: '90 USD/bbl', start: '2022-01-01' } });
      expect(reply.status).toBe(400);
      const body = (await reply.json()) as { issues: { path: (string | number)[]; message: string }[] };
      expect(body.issues).toContainEqual(expect.objectContaining({ path: ['network', 'nodes', 0, 'production'], message: '1e308 Mt/yr is out of range: a flow here must be from 0 to 365,000 Mt/yr' }));
      expect((await api.request('/api/health')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

/** A network and scenario with figures at (or near) their limits: the largest flows, stocks, prices, fines and horizons a file may hold. */
const EXTREME_NETWORK = `id: extreme
name: Figures at their limits
commodity: { name: crude, barrelsPerTonne: 20, tonnesPerCubicMetre: 10 }
benchmark: { name: Brent, referencePrice: 1e6 USD/t, referenceDate: 2022-01-01 }
actors:
  - { id: exporter, name: Exporter, kind: state }
  - { id: transit, name: Transit state, kind: state }
  - { id: producer, name: Producer Co, kind: company }
nodes:
  - { id: field, kind: field, name: Field, production: 1e9 t/d, liftingCost: 1e5 USD/t, shutInCost: 1e6 USD/t, owners: [{ actor: producer, share: 100 % }], taxedBy: exporter, fiscalTake: 100 % }
  - { id: tank, kind: storage, name: Tank, capacity: 1e12 t, initial: 1e12 t, holdingCost: 1e6 USD/t }
  - { id: hub, kind: junction, name: Hub }
  - { id: port, kind: market, name: Port, priceDifferential: -1e6 USD/t, state: transit }
  - { id: far, kind: market, name: Far, priceDifferential: 1e6 USD/t }
links:
  - { id: cheap, kind: pipeline, from: hub, to: port, capacity: 1e9 t/d, tariff: 1e6 USD/t, route: Cheap, jurisdiction: [transit], owners: [{ actor: producer, share: 100 % }] }
  - { id: dear, kind: tanker, from: hub, to: far, capacity: 5e8 t/d, route: Dear, transitDays: 365 }
  - { id: gather, kind: pipeline, from: field, to: tank }
  - { id: out, kind: pipeline, from: tank, to: hub }
`;
const EXTREME_SCENARIO = `id: extreme-closure
name: Cheap route closed, price crash, the largest fine
network: extreme.yaml
horizon: { start: 2022-01-01, end: 2022-01-30 }
discountRate: 100 %
prices:
  benchmark: [{ from: 2022-01-01, price: 1e6 USD/t }]
events:
  - { type: outage, asset: cheap, start: 2022-01-05, days: 36500, causedBy: transit }
  - { type: price, start: 2022-01-10, days: 5, change: -1e6 USD/t }
  - { type: penalty, payer: transit, payee: exporter, amount: 1e13, currency: XYZ, unitsPerUsd: 1, date: 2022-01-10 }
`;

describe('no NaN or Infinity in any result', () => {
  const folder = mkdtempSync(join(tmpdir(), 'chokepoint-extreme-'));
  writeFileSync(join(folder, 'extreme.yaml'), EXTREME_NETWORK);
  writeFileSync(join(folder, 'extreme-closure.yaml'), EXTREME_SCENARIO);
  const at = (args: string[]) => cli(args.map((arg) => (arg.endsWith('.yaml') ? join(folder, arg) : arg)));

  it('a run at the limits gives finite JSON that the result schema accepts, finite text and finite CSV', async () => {
    const json = await at(['run', 'extreme-closure.yaml', '--json', '--no-sensitivity', '--csv', join(folder, 'csv')]);
    expect(json.code, json.err).toBe(0);
    const result = JSON.parse(json.out) as unknown;
    expect(nonFiniteNumbers(result)).toEqual([]);
    const parsed = resultSchema.safeParse(result);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect((result as { impact: { netbackLostUsd: number } }).impact.netbackLostUsd).toBeGreaterThan(1e15);
    for (const file of readdirSync(join(folder, 'csv'))) expect(readFileSync(join(folder, 'csv', file), 'utf8'), file).not.toMatch(/Infinity|NaN/);
    const text = await at(['run', 'extreme-closure.yaml', '--no-sensitivity']);
    expect(text.code, text.err).toBe(0);
    expect(text.out).not.toMatch(/Infinity|NaN/);
  });

  it('analyses at the limits give finite reports (criticality, leverage, power)', async () => {
    for (const command of ['criticality', 'leverage', 'power'] as const) {
      const { code, out, err } = await at([command, 'extreme.yaml', '--json', '--workers', '0', ...(command === 'power' ? [] : ['--days', '365', '--recovery', '365'])]);
      expect(code, `${command}: ${err}`).toBe(0);
      expect(nonFiniteNumbers(JSON.parse(out)), command).toEqual([]);
      const parsed = ANALYSIS_SCHEMAS[command].safeParse(JSON.parse(out));
      expect(parsed.success, `${command}: ${parsed.error?.message}`).toBe(true);
      const text = await at([command, 'extreme.yaml', '--workers', '0']);
      expect(text.out, command).not.toMatch(/Infinity|NaN/);
    }
  }, 120_000);

  it('a result holding NaN or Infinity becomes an outcome without an answer that names where, never a figure', () => {
    expect(nonFiniteNumbers({ a: 1, b: [2, Number.POSITIVE_INFINITY], c: { d: Number.NaN } })).toEqual(['b[1]', 'c.d']);
    const failure = finiteOr({ impact: { byActor: [{ lossUsd: Number.NEGATIVE_INFINITY }] } });
    expect(failure).toEqual({ status: 'not-solved', message: expect.stringContaining('not finite (NaN or Infinity) at impact.byActor[0].lossUsd') });
    const report = { ok: 1 };
    expect(finiteOr(report)).toBe(report);
    // The schema itself refuses them too: JSON would carry them as null.
    expect(z.number().safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
  });
});

