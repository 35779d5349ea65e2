import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server/app.ts';
import { staticFiles, webRoot } from '../src/server/static.ts';
import { launchChromium } from './browser.ts';

const screenshots = new URL('../test-results/screenshots/', import.meta.url).pathname;

/** Words and units of crude oil that must never show on the gas view. */
const OIL_WORDS = /\b(kt\/d|kt|Mt\/yr|Mt|barrels?|bbl|Brent|tonnes?)\b|USD/;

/** The page's visible text outside the network picker (whose list names the crude network too). */
const viewText = async (page: Page) => (await Promise.all(['#map-panel', '#side', '#results', '#analyses'].map((selector) => page.locator(selector).innerText()))).join('\n');

const optionValues = (page: Page, select: string) => page.locator(`${select} option`).evaluateAll((options) => options.map((option) => option.getAttribute('value')));

describe('web app on the gas network (headless Chromium)', () => {
  it('picks europe-gas, draws it in gas units, runs a gas scenario with its gas accounts, runs criticality on it, and goes back to crude', { timeout: 420_000 }, async () => {
    mkdirSync(screenshots, { recursive: true });
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-gas-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      expect(await optionValues(page, '#network-pick')).toEqual(expect.arrayContaining(['caspian-crude', 'europe-gas']));

      // The picker: the gas network's map, legend, units and scenarios.
      await page.selectOption('#network-pick', 'europe-gas');
      await expect.poll(() => page.locator('#map .link[data-asset="nord-stream-1"]').count()).toBe(1);
      expect(page.url()).toContain('network=europe-gas');
      expect(await page.locator('#map .link').count()).toBeGreaterThan(80);
      expect(await optionValues(page, '#flow-unit')).toEqual(['GWh/d', 'mcm/d', 'TWh']);
      const legend = await page.locator('#map-legend').textContent();
      expect(legend).toContain('supply');
      expect(legend).toContain('storage');
      // A link's hover card: capacity in GWh/d with mcm/d beside it (Nord Stream 1: 167 mcm/d in the
      // network file, through MWh at the calorific value and back).
      const card = (await page.locator('#map .link[data-asset="nord-stream-1"] title').textContent()) ?? '';
      const mcm = Number(/capacity [\d.]+ GWh\/d \(([\d.]+) mcm\/d\)/.exec(card)?.[1]);
      expect(mcm).toBeCloseTo(167, 0);
      expect(card).not.toMatch(OIL_WORDS);
      // Framed on Europe at rest (Freeport LNG lies off to the west); "Whole network" zooms out to it.
      expect(Number(await page.locator('#map').getAttribute('data-zoom'))).toBeGreaterThan(1.2);
      expect(await page.locator('#zoom-cluster').textContent()).toBe('Central Europe');
      expect(await page.locator('#price-summary').textContent()).toMatch(/EUR\/MWh/);
      expect(await page.locator('#run-bypass').isHidden()).toBe(true);
      expect(await page.locator('#rule-form').isHidden()).toBe(true);
      expect(await viewText(page)).not.toMatch(OIL_WORDS);
      await page.screenshot({ path: join(screenshots, 'gas-map.png') });

      // A shipped gas scenario into the editor, then run: the gas accounts in gas units and EUR.
      await page.selectOption('#template-pick', 'europe-gas-2022-sokhranivka');
      await expect.poll(() => page.locator('#events li').count()).toBe(1);
      expect(await page.locator('#events li').textContent()).toContain('Sokhranivka');
      await page.click('#run');
      await page.waitForSelector('#gas-supply-lost', { timeout: 300_000 });
      expect(await page.locator('#gas-supply-lost').textContent()).toMatch(/^[\d.,]+ (TWh|GWh)$/);
      expect(await page.locator('#gas-supply-lost').getAttribute('title')).toMatch(/^[\d.]+ bcm$/);
      // One figure per headline line.
      for (const figure of await page.locator('#headline dd').allTextContents()) expect(figure.match(/\d+(?:[.,]\d+)*/g), figure).toHaveLength(1);
      expect(await page.locator('#gas-lng-cost').textContent()).toMatch(/ EUR$/);
      for (const id of ['gas-destroyed', 'gas-unserved']) expect(await page.locator(`#${id}`).textContent()).toMatch(/ (TWh|GWh|MWh)$/);
      expect(await page.locator('#gas-unserved-cost').textContent()).toMatch(/ EUR$/);
      // Storage against the 1 November targets, for every state with storage.
      expect(await page.locator('#gas-storage tr', { hasText: '2022-11-01' }).count()).toBeGreaterThan(5);
      expect(await page.locator('#gas-demand tr').count()).toBeGreaterThan(5);
      // Gazprom loses most; Ukraine's operator loses the Sokhranivka transit fees.
      expect(await page.locator('#actors tr').nth(1).textContent()).toContain('Gazprom');
      expect(await page.locator('#actors tr', { hasText: 'GTSOU' }).locator('td').nth(1).textContent()).toMatch(/M EUR$/);
      expect(await page.locator('#chart svg').textContent()).toContain('GWh/d');
      expect(await page.locator('#chart-storage svg').textContent()).toContain('TWh');
      expect(await page.locator('#chart-actors svg').textContent()).toContain('M EUR');
      // The map carries the run's flows in the unit chosen.
      await page.selectOption('#flow-unit', 'mcm/d');
      // Sokhranivka closed from 11 May: over the year it carries about 130/365 of its baseline.
      const flows = /flow ([\d.]+) mcm\/d → ([\d.]+) mcm\/d/.exec((await page.locator('#map .link[data-asset="sokhranivka-entry"] title').textContent()) ?? '');
      expect(Number(flows?.[2]) / Number(flows?.[1])).toBeCloseTo(130 / 365, 1);
      expect(await viewText(page)).not.toMatch(OIL_WORDS);
      await page.screenshot({ path: join(screenshots, 'gas-result.png'), fullPage: true });

      // An analysis on the gas network: criticality in TWh and EUR, coloured on the map.
      await page.click('#run-criticality');
      await expect.poll(() => page.locator('#analysis-status').textContent(), { timeout: 300_000 }).not.toMatch(/^solving/);
      expect(await page.locator('#analysis-status').textContent()).toBe('');
      expect(await page.locator('#analysis-table').getAttribute('data-kind')).toBe('criticality');
      const rows = await page.locator('#analysis-table tr').allTextContents();
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.slice(1).join('\n')).toMatch(/(TWh|GWh)[\s\S]*EUR/);
      // Ranked as the engine ranks gas: firm demand unserved first (the UK and Ireland's hub, 38.5 TWh
      // in `chokepoint criticality europe-gas`), with the measures it ranks by.
      expect(rows[0]).toMatch(/firm demand unserved.*demand priced out.*cost/);
      expect(rows[1]).toMatch(/^\s*United Kingdom and Ireland[\s\S]*38\.5\d TWh/);
      expect(await page.locator('#map-legend').textContent()).toContain('Criticality');
      expect(await viewText(page)).not.toMatch(OIL_WORDS);

      // Back to crude: its units, no gas result left over.
      await page.selectOption('#network-pick', 'caspian-crude');
      await expect.poll(() => page.locator('#map .link[data-asset="cpc-kazakh-section"]').count()).toBe(1);
      expect(await page.locator('#flow-unit option').first().getAttribute('value')).toBe('kt/d');
      expect(await page.locator('#results').isHidden()).toBe(true);
      expect(await page.locator('#analysis-table tr').count()).toBe(0);
      expect(page.url()).not.toContain('network=');
    } finally {
      await browser.close();
      await app.close();
    }
  });
  it('runs leverage, pipeline power and risk on europe-gas through the page, in EUR and gas words', { timeout: 600_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-gas-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      mkdirSync(screenshots, { recursive: true });
      await page.goto(`${app.url}/#network=europe-gas`);
      await expect.poll(() => page.locator('#map .link[data-asset="nord-stream-1"]').count()).toBe(1);
      /** Runs one analysis from its button and returns the table's rows (header first). */
      const analysis = async (kind: string) => {
        await page.click(`#run-${kind}`);
        await expect.poll(() => page.locator('#analysis-table').getAttribute('data-kind'), { timeout: 540_000 }).toBe(kind);
        await expect.poll(() => page.locator('#analysis-status').textContent()).toBe('');
        const panel = await page.locator('#analyses').innerText();
        expect(panel).not.toMatch(OIL_WORDS);
        // What crosses a corridor on gas is gas delivered, not exports; suppliers, not exporters.
        expect(panel).not.toMatch(/\bexport(s|ers?)?\b/i);
        return page.locator('#analysis-table tr').allTextContents();
      };

      // Leverage: each state closes what it controls for 30 days. Russia's closure costs Gazprom
      // most (the CLI's `chokepoint leverage europe-gas` puts it first), in EUR, and the map shows
      // the strongest closer's assets.
      const levers = await analysis('leverage');
      expect(levers.length).toBeGreaterThan(5);
      expect(levers[1]).toMatch(/^Russia\s*Gazprom.*bn EUR/);
      expect(levers.slice(1).join('\n')).toMatch(/(TWh|GWh|free|×)/);
      expect(await page.locator('#map-legend').textContent()).toContain('Leverage');
      expect(await viewText(page)).not.toMatch(OIL_WORDS);

      // Pipeline power: Shapley values in EUR that share out the grand coalition.
      const players = await analysis('power');
      expect(players.length).toBeGreaterThan(10);
      const shares = players.slice(1).map((row) => Number(/(-?[\d.]+) %$/.exec(row)?.[1]));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBeCloseTo(100, -1);
      expect(players.slice(1).every((row) => / EUR/.test(row))).toBe(true);
      expect(players.slice(1).join('\n')).toMatch(/Russia/);

      // Risk: a few simulated years (the page's default is 200; europe-gas solves weekly steps).
      await page.fill('#risk-years', '10');
      const years = await analysis('risk');
      expect(years.length).toBeGreaterThan(2);
      expect(years[1]).toMatch(/ EUR/);
      expect(await page.locator('#analysis-note .driver').count()).toBeGreaterThan(0);
      expect(await page.locator('#analysis-figure').innerText()).not.toMatch(OIL_WORDS);
      expect(await viewText(page)).not.toMatch(OIL_WORDS);
      await page.screenshot({ path: join(screenshots, 'gas-analyses.png'), fullPage: true });
    } finally {
      await browser.close();
      await app.close();
    }
  });
});
