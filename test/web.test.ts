import { existsSync, mkdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server/app.ts';
import { staticFiles, webRoot } from '../src/server/static.ts';

// The browser tests drive Debian's Chromium (.ci/run installs it with apt); screenshots are kept
// in test-results/screenshots as artifacts.
const CHROMIUM = '/usr/bin/chromium';
const screenshots = new URL('../test-results/screenshots/', import.meta.url).pathname;

async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}

describe('web app in headless Chromium', () => {
  it('shows the map, closes the CPC terminal for 30 days, runs, compares with the baseline, and reloads the shared URL', { timeout: 180_000 }, async () => {
    expect(existsSync(CHROMIUM), 'Chromium is missing: apt-get install chromium (.ci/run does)').toBe(true);
    const root = webRoot();
    expect(root, 'the web app is not built: npm run build').toBeDefined();
    mkdirSync(screenshots, { recursive: true });
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(root!) });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      expect(await page.locator('#map .link').count()).toBeGreaterThan(30);
      expect(await page.locator('#map .land').count()).toBeGreaterThan(50);
      await page.screenshot({ path: join(screenshots, 'map.png') });

      // A 30-day outage on the CPC terminal, picked on the map (the tank farm's circle lies on top
      // of it at this zoom, so the click goes to the element itself).
      await page.locator('#map .node[data-asset="cpc-loading"]').dispatchEvent('click');
      expect(await page.locator('#asset').inputValue()).toBe('cpc-loading');
      await page.fill('#start', '2022-07-06');
      await page.fill('#days', '30');
      await page.click('#add-outage');
      await expect.poll(() => page.locator('#events li').count()).toBe(1);
      expect(await page.locator('#map .node.closed[data-asset="cpc-loading"]').count()).toBe(1);
      await page.screenshot({ path: join(screenshots, 'editor.png') });

      await page.click('#run');
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      const lost = await page.locator('#exports-lost').textContent();
      expect(Number.parseFloat(lost ?? '0')).toBeGreaterThan(3);
      // The comparison with the baseline: CPC exports fall.
      const cpc = page.locator('#routes tr', { hasText: 'CPC' });
      const [baseline, scenario] = (await cpc.locator('td').allTextContents()).slice(1, 3).map((text) => Number.parseFloat(text));
      expect(scenario!).toBeLessThan(baseline!);
      expect(await page.locator('#chart svg path').count()).toBe(2);
      // The map now shows flows: the CPC pipeline carries oil (with an arrow), and its card says how much.
      expect(await page.locator('#map .link[data-asset="cpc-kazakh-section"]').getAttribute('marker-end')).toBe('url(#arrow)');
      expect(await page.locator('#map .link[data-asset="cpc-kazakh-section"] title').textContent()).toContain('flow');
      await page.click('#chart-toggle');
      expect(await page.locator('#chart-table tr').count()).toBeGreaterThan(100);
      expect(await page.locator('#chart').isVisible()).toBe(false);
      await page.click('#chart-toggle');
      expect(await page.locator('#chart-table').isVisible()).toBe(false);
      await page.screenshot({ path: join(screenshots, 'result.png'), fullPage: true });

      // The URL holds the whole view: reloading it reproduces it.
      const shared = page.url();
      expect(shared).toContain('#events=');
      const again = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await again.goto(shared);
      await again.waitForSelector('#exports-lost', { timeout: 120_000 });
      expect(await again.locator('#exports-lost').textContent()).toBe(lost);
      expect(await again.locator('#map .node.closed[data-asset="cpc-loading"]').count()).toBe(1);
      await again.screenshot({ path: join(screenshots, 'phone.png'), fullPage: true });

      // A second run, shorter, compared with the first: the changed outage as a chip, figures before → after.
      await page.click('#events li button');
      await page.fill('#days', '5');
      await page.click('#add-outage');
      await page.click('#run');
      await page.waitForSelector('#compare:not([hidden]) #compare-table tr', { timeout: 120_000 });
      expect(await page.locator('#changes li.changed').textContent()).toContain('outage cpc-loading');
      const exportsRow = await page.locator('#compare-table tr', { hasText: 'exports lost' }).first().locator('td').allTextContents();
      expect(Number.parseFloat(exportsRow[2]!)).toBeLessThan(Number.parseFloat(exportsRow[1]!));
      await page.screenshot({ path: join(screenshots, 'compare.png'), fullPage: true });

      // The analyses in the app: the most critical assets, and picking one from the table.
      await page.click('#run-criticality');
      await page.waitForSelector('#analysis-table tr[data-asset]', { timeout: 120_000 });
      expect(await page.locator('#analysis-table tr[data-asset]').count()).toBe(10);
      const first = await page.locator('#analysis-table tr[data-asset]').first().getAttribute('data-asset');
      await page.locator('#analysis-table tr[data-asset]').first().click();
      expect(await page.locator('#asset').inputValue()).toBe(first);
      await page.screenshot({ path: join(screenshots, 'analyses.png'), fullPage: true });

      // A scenario file opened in the app: its outages become editable, its other events chips.
      await page.setInputFiles('#upload-yaml', new URL('../data/scenarios/cpc-2022-ban-bypass.yaml', import.meta.url).pathname);
      await expect.poll(() => page.locator('#events li.extra').count()).toBeGreaterThan(0);
      expect(await page.locator('#events li:not(.extra)').count()).toBe(1);
      const yaml = await page.locator('#download-yaml').getAttribute('href');
      expect(yaml).toMatch(/^blob:/);

      // A sanction from the form: Turkey closes all it controls for 10 days; it shows as a chip.
      await page.click('#more-events summary');
      await page.selectOption('#sanction-actor', 'tr');
      await page.fill('#sanction-days', '10');
      await page.click('#add-sanction');
      await expect.poll(() => page.locator('#events li.extra', { hasText: 'sanction tr' }).count()).toBe(1);
      await page.fill('#price-change', '-10');
      await page.click('#add-price');
      await expect.poll(() => page.locator('#events li.extra', { hasText: 'price benchmark' }).count()).toBe(1);
      const expansionsBefore = await page.locator('#events li.extra', { hasText: 'expansion btc-kazakh' }).count();
      await page.selectOption('#expansion-asset', 'btc-kazakh');
      await page.fill('#expansion-capacity', '5');
      await page.click('#add-expansion');
      await expect.poll(() => page.locator('#events li.extra', { hasText: 'expansion btc-kazakh' }).count()).toBe(expansionsBefore + 1);
      await page.click('#run');
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toBe('done');
      expect(await page.locator('#form-error').textContent()).toBe('');
      // The history lists the runs; ticking two compares them.
      await page.click('#refresh-history');
      await expect.poll(() => page.locator('#history-list li').count()).toBeGreaterThanOrEqual(2);
      await page.locator('#history-list input').nth(0).check();
      await page.locator('#history-list input').nth(1).check();
      await page.click('#compare-selected');
      await page.waitForSelector('#compare:not([hidden]) #compare-table tr');

      // Keyboard: the asset picker and buttons are reachable and a bad value is reported at the field.
      await page.fill('#days', '0');
      await page.click('#add-outage');
      expect(await page.locator('#form-error').textContent()).toContain('days');
    } finally {
      await browser.close();
      await app.close();
    }
  });
});
