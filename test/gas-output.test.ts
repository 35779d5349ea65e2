import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/server/store.ts';
import { scenarioOf, solved } from './helpers.ts';
import { tenDays, tinyGas, transitCut } from './gas-network.ts';
import { csvFiles } from '../src/report/csv.ts';
import { gasRunResultSchema, publishedResult } from '../src/analysis/gas-words.ts';
import { networkCsvFiles } from '../src/io/export/csv-tables.ts';
import { networkGeoJson } from '../src/io/export/geojson.ts';

// Oil units in a column or property name: tonnes (`_t`, `_t_per_d`), barrels, USD.
const OIL_UNITS = /(_t|_t_per_d|_usd|_usd_per_t|bbl|barrel)(_|,|$)/;

describe('gas output files name energy and the network currency', () => {
  it("a run's daily CSV files: MWh and EUR columns, the values of the run", async () => {
    const scenario = scenarioOf(tinyGas(), tenDays(transitCut()));
    const result = await solved(scenario);
    const files = csvFiles(result);
    for (const [name, content] of files) {
      const header = content.split('\n')[0]!;
      expect(header, name).not.toMatch(OIL_UNITS);
    }
    const [header, ...rows] = files.get('impact-daily.csv')!.trim().split('\n');
    expect(header).toBe('date,deliveries_lost_mwh,revenue_lost_eur,shut_in_mwh,stock_built_mwh');
    expect(rows).toHaveLength(10);
    expect(files.get('supply-daily.csv')!.split('\n')[0]).toMatch(/^date,russia_baseline_mwh,russia_scenario_mwh,/);
    expect([...files.keys()].filter((name) => /export|production/.test(name))).toEqual([]);
  });

  it("a run's JSON says its units and carries the impact in gas terms", async () => {
    // Transit closed on days 4–8: LNG (80 EUR/MWh, 90 GWh/d of regas) replaces 90 of Russia's
    // 100 GWh/d; the 60 EUR/MWh slice (10 GWh/d) is priced out; no firm demand is cut.
    const result = await solved(scenarioOf(tinyGas(), tenDays(transitCut())));
    expect(gasRunResultSchema.parse(JSON.parse(JSON.stringify(publishedResult(result)))).units).toEqual({ energy: 'MWh', currency: 'EUR' });
    expect(result.impact.gas).toEqual({
      unservedMWh: 0,
      destroyedMWh: 50_000,
      supplyLostMWh: 500_000,
      replacementLngMWh: 450_000,
      replacementLngCost: 450_000 * 80,
      unservedCost: 0,
      cost: 450_000 * 80 - 500_000 * 20,
    });
  });

  it("events are summarised in the network's money: a price change in EUR/MWh, a dollar fine counted in EUR at the network's rate", async () => {
    // The LNG price up 10 EUR/MWh on days 4–8; Gazprom fined 1.05 M USD, counted at 1.05 USD/EUR.
    const events = `${transitCut()}\n  - { type: price, target: lng, start: 2022-01-04, days: 5, change: 10 EUR/MWh }\n  - { type: penalty, payer: gazprom, payee: ua, amount: 1050000, currency: USD, unitsPerUsd: 1, date: 2022-01-05 }`;
    const result = await solved(scenarioOf(tinyGas(), tenDays(events)));
    const summaries = result.definition.events.map((event) => event.summary);
    expect(summaries).toContain('lng +10.00 EUR/MWh');
    expect(summaries.find((summary) => summary.startsWith('gazprom pays'))).toBe('gazprom pays 1,050,000 USD (1000000 EUR) to ua');
    const published = gasRunResultSchema.parse(JSON.parse(JSON.stringify(publishedResult(result))));
    expect(published.impact.penalties).toEqual([{ payer: 'gazprom', payee: 'ua', amount: 1_050_000, currency: 'USD', inNetworkCurrency: 1_000_000, date: '2022-01-05' }]);
    // Gazprom pays the fine and Ukraine receives it, in EUR beside their other losses.
    expect(published.impact.byActor.find((row) => row.actor === 'ua')!.penalty).toBeCloseTo(-1_000_000, 2);
    // Without a stated rate the fine cannot be counted in EUR: refused at its path, naming the fix.
    const withoutRate = tinyGas().replace(/^money:.*$/m, 'money: { currency: EUR }');
    expect(() => scenarioOf(withoutRate, tenDays(events))).toThrow(/counts in EUR: add money\.usdPerEur .* \(at events\[2\]\.unitsPerUsd\)/);
  });

  it('the network export (CSV and GeoJSON, with a run): MWh/d, EUR/MWh, EUR', async () => {
    const scenario = scenarioOf(tinyGas(), tenDays(transitCut()));
    const result = await solved(scenario);
    const tables = networkCsvFiles(scenario.network, result);
    const links = tables.get('links.csv')!.split('\n')[0]!;
    expect(links).toMatch(/capacity_mwh_per_d/);
    expect(links).toMatch(/tariff_eur_per_mwh/);
    expect(links).toMatch(/baseline_mwh/);
    expect(links).not.toMatch(OIL_UNITS);
    expect(tables.get('nodes.csv')!.split('\n')[0]).toMatch(/production_mwh_per_d.*lifting_cost_eur_per_mwh/);
    const geojson = networkGeoJson(scenario.network, result);
    for (const feature of geojson.features) for (const key of Object.keys(feature.properties)) expect(key).not.toMatch(OIL_UNITS);
    const transit = geojson.features.find((feature) => feature.id === 'transit')!;
    // 10 days × 100 GWh/d in the baseline, 5 days in the scenario (closed on days 4–8).
    expect(transit.properties.baseline_mwh).toBeCloseTo(1_000_000, 3);
    expect(transit.properties.scenario_mwh).toBeCloseTo(500_000, 3);
    expect(Object.keys(geojson.chokepoint.units)).toEqual(['_mwh_per_d', '_mwh', '_eur', '_eur_per_mwh', 'fiscal_take']);
  });
});

describe('a rolling gas run in gas words', () => {
  it('its operations block names the hindsight loss and the value of foresight in the currency, and no key names an oil unit', async () => {
    const rolling = tenDays(transitCut()).replace('operations: { mode: hindsight }', 'operations: { mode: rolling, lookaheadDays: 3 }');
    const result = await solved(scenarioOf(tinyGas(), rolling));
    const published = JSON.parse(JSON.stringify(publishedResult(result))) as Record<string, unknown>;
    const operations = gasRunResultSchema.parse(published).operations;
    expect(operations.mode).toBe('rolling');
    expect(typeof operations.valueOfForesight).toBe('number');
    expect(operations.hindsightNetbackLost).toBe(result.operations.hindsightNetbackLostUsd);
    expect(operations.valueOfForesight).toBe(result.operations.valueOfForesightUsd);
    const keys = (value: unknown): string[] => (Array.isArray(value) ? value.flatMap(keys) : value && typeof value === 'object' ? Object.entries(value).flatMap(([key, item]) => [key, ...keys(item)]) : []);
    expect(keys(published).filter((key) => /barrel|byorigin|tonne|usd|bbl/i.test(key))).toEqual([]);
  });
});

describe('gas runs stored before gas words', () => {
  it('a run database of layout 1 has its gas runs rewritten in gas words when a server opens it; other rows stay as they are', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gasjson-store-'));
    const canonical = await solved(scenarioOf(tinyGas(), tenDays(transitCut())));
    const crudeLike = { schemaVersion: 1, note: 'not a gas run: left alone' };
    const old = openStore(directory);
    old.create('gas', 'gas', 'tiny-gas', {});
    old.done('gas', canonical, { wallMs: 1, solveMs: 1 });
    old.create('other', 'other', 'caspian-crude', {});
    old.done('other', crudeLike, { wallMs: 1, solveMs: 1 });
    old.close();
    const db = new Database(join(directory, 'chokepoint.sqlite'));
    db.pragma('user_version = 1');
    db.close();
    const store = openStore(directory);
    try {
      const served = store.get('gas')!.result as Record<string, unknown>;
      expect(served).toEqual(JSON.parse(JSON.stringify(publishedResult(canonical))));
      expect(gasRunResultSchema.parse(served).units).toEqual({ energy: 'MWh', currency: 'EUR' });
      expect(store.get('other')!.result).toEqual(crudeLike);
    } finally {
      store.close();
    }
  });
});
