import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalReport, publishedReport, publishedReportSchema } from '../src/analysis/published-report.ts';
import { criticalitySchema, riskSchema } from '../src/analysis/analysis-schemas.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { testApp } from './helpers-app.ts';
import { cli, oilKeys } from './gas-words-helpers.ts';

/** Analyses on a gas network in gas words (src/analysis/published-report.ts), as gas runs are (gas-json.test.ts). */
const ANALYSES = [
  ['criticality', ['--days', '10']],
  ['leverage', ['--days', '10']],
  ['power', ['--players', 'ru,by,pl,ua,de']],
  ['risk', ['--years', '5']],
] as const;

describe('analyses of europe-gas in gas words', () => {
  it.each(ANALYSES)('%s --json: no key names barrels, tonnes or USD; the published schema parses it, and it reads back as the engine report', { timeout: 120_000 }, async (analysis, flags) => {
    const run = await cli(analysis, 'europe-gas', ...flags, '--json', '--quiet', '--workers', '0');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.out) as Record<string, unknown>;
    expect(printed.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(oilKeys(printed)).toEqual([]);
    expect(JSON.parse(JSON.stringify(publishedReportSchema(analysis).parse(printed)))).toEqual(printed);
    // Read back (as the page does), it is the engine's shape again, and shown again it is the same.
    const canonical = canonicalReport(analysis, printed);
    expect(oilKeys(canonical).length).toBeGreaterThan(0);
    expect(publishedReport(analysis, canonical)).toEqual(printed);
  });

  it('a crude report is shown as the engine gives it', async () => {
    const run = await cli('risk', 'caspian-crude', '--years', '20', '--json', '--quiet', '--workers', '0');
    const printed = JSON.parse(run.out) as Record<string, unknown>;
    expect(printed.units).toBeUndefined();
    expect(printed.priceUsdPerBbl).toBeGreaterThan(0);
    expect(publishedReport('risk', printed)).toBe(printed);
    expect(riskSchema.safeParse(printed).success).toBe(true);
    expect(criticalitySchema.safeParse(printed).success).toBe(false);
  });
});

describe('analyses of europe-gas through the API', () => {
  const api = testApp({ analysisRunner: () => inProcessRunner() });
  afterAll(() => api.close());

  it('POST /api/analyses/risk answers in gas words, valid against the served OpenAPI document', { timeout: 120_000 }, async () => {
    const response = await api.request('/api/analyses/risk', { body: { hazards: 'europe-gas', years: 5 } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as Record<string, unknown>;
    expect(report.units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(oilKeys(report)).toEqual([]);
    const cliReport = JSON.parse((await cli('risk', 'europe-gas', '--years', '5', '--json', '--quiet', '--workers', '0')).out) as Record<string, unknown>;
    expect(report.exporters).toEqual(cliReport.exporters);
    const doc = (await (await api.request('/api/openapi.json')).json()) as { components: { schemas: Record<string, unknown> } };
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const validate = ajv.compile({ $ref: 'doc#/components/schemas/RiskReport' });
    expect(validate(report), ajv.errorsText(validate.errors)).toBe(true);
  });
});
