import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server/app.ts';
import { staticFiles, webRoot } from '../src/server/static.ts';
import { launchChromium } from './browser.ts';

// The browser tests drive a system Chromium when there is one, otherwise the one packaged in
// devDependencies (test/browser.ts); screenshots are kept in test-results/screenshots as artifacts.
const screenshots = new URL('../test-results/screenshots/', import.meta.url).pathname;

const launch = launchChromium;

/** Waits for the analysis panel to settle and fails with its status message if it shows one. */
async function analysisDone(page: import('playwright-core').Page, kind: string): Promise<void> {
  await expect.poll(() => page.locator('#analysis-status').textContent(), { timeout: 240_000 }).not.toMatch(/^solving/);
  expect(await page.locator('#analysis-status').textContent()).toBe('');
  expect(await page.locator('#analysis-table').getAttribute('data-kind')).toBe(kind);
}

describe('web app in headless Chromium', () => {
  it('shows the map, closes the CPC terminal for 30 days, runs, compares with the baseline, and reloads the shared URL', { timeout: 180_000 }, async () => {
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
      // Every figure's source in the card: the Kazakh section's capacity comes from the minister via Caliber.az.
      expect(await page.locator('#map .link[data-asset="cpc-kazakh-section"] title').textContent()).toMatch(/sources[\s\S]*capacity: .*caliber\.az/);
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
      // Events from a link are shown and wait for the user: nothing runs before the confirmation.
      await again.waitForSelector('#link-confirm:not([hidden])');
      expect(await again.locator('#events li').count()).toBe(1);
      expect(await again.locator('#results').isHidden()).toBe(true);
      await again.click('#link-run');
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
      // The chip names the asset; its hover card keeps the id.
      expect(await page.locator('#changes li.changed').textContent()).toContain('outage CPC Marine Terminal loading');
      expect(await page.locator('#changes li.changed').getAttribute('title')).toContain('outage cpc-loading');
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
      await expect.poll(() => page.locator('#events li.extra[data-event="sanction tr"]').count()).toBe(1);
      await page.fill('#price-change', '-10');
      await page.click('#add-price');
      await expect.poll(() => page.locator('#events li.extra[data-event="price benchmark"]').count()).toBe(1);
      const expansionsBefore = await page.locator('#events li.extra[data-event="expansion btc-kazakh"]').count();
      await page.selectOption('#expansion-asset', 'btc-kazakh');
      await page.fill('#expansion-capacity', '5');
      await page.click('#add-expansion');
      await expect.poll(() => page.locator('#events li.extra[data-event="expansion btc-kazakh"]').count()).toBe(expansionsBefore + 1);
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
      // … and at the field itself: marked invalid, described by its message, and focused.
      expect(await page.locator('#days').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#days-error').textContent()).toContain('whole number');
      expect(await page.evaluate('document.activeElement.id')).toBe('days');
      await page.locator('#editor').screenshot({ path: join(screenshots, 'field-error.png') });
      await page.fill('#days', '3');
      await page.click('#add-outage');
      expect(await page.locator('#days').getAttribute('aria-invalid')).toBeNull();
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('is a workspace: horizon, price path and mode edited and sent, warnings shown, no dead space at 1280×800 or phone width, names not ids, one figure per headline line', { timeout: 240_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launch();
    try {
      mkdirSync(screenshots, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      // The template's settings are on the page: horizon, the Brent path (sourced), rolling (a replay's default).
      expect(await page.inputValue('#horizon-start')).toBe('2022-06-01');
      expect(await page.inputValue('#horizon-end')).toBe('2022-09-30');
      expect(await page.locator('#horizon-days').textContent()).toBe('122 days');
      expect(await page.locator('#price-summary').textContent()).toContain('116.29 USD/bbl from 2022-06-01');
      expect(await page.inputValue('#mode')).toBe('rolling');
      expect(await page.locator('#lookahead-days').isVisible()).toBe(true);

      // A bad horizon is reported at its field and nothing runs.
      await page.fill('#horizon-end', '2022-05-01');
      await page.locator('#horizon-end').dispatchEvent('change');
      await page.click('#run');
      expect(await page.locator('#horizon-end').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#form-error').textContent()).toContain('horizon end');
      expect(await page.locator('#status').textContent()).toBe('');

      // Edited: a 92-day horizon, the first price point at 100 USD/bbl (now the user's estimate),
      // a point added and removed again, and rolling decisions.
      await page.fill('#horizon-end', '2022-08-31');
      await page.locator('#horizon-end').dispatchEvent('change');
      expect(await page.locator('#horizon-days').textContent()).toBe('92 days');
      await page.click('#price-summary');
      const points = await page.locator('#price-path tr').count();
      await page.fill('#price-value-0', '100');
      await page.locator('#price-value-0').dispatchEvent('change');
      expect(await page.locator('#price-path tr').nth(1).getAttribute('title')).toMatch(/^estimate: entered in the web app/);
      expect(await page.locator('#price-path tr').nth(2).getAttribute('title')).toMatch(/^source: .*eia\.gov/);
      await page.click('#add-price-point');
      expect(await page.locator('#price-path tr').count()).toBe(points + 1);
      await page.locator('#price-path tr').last().getByRole('button').click();
      expect(await page.locator('#price-path tr').count()).toBe(points);
      expect(await page.locator('#price-summary').textContent()).toContain('100 USD/bbl from 2022-06-01');
      await page.selectOption('#mode', 'rolling');
      expect(await page.locator('#lookahead-days').isVisible()).toBe(true);
      await page.fill('#lookahead-days', '20');
      await page.locator('#lookahead-days').dispatchEvent('change');

      // The CPC terminal closed, and a BTC outage after the horizon ends: the run warns about it.
      await page.selectOption('#asset', 'cpc-loading');
      await page.click('#add-outage');
      await page.selectOption('#asset', 'btc-kazakh');
      await page.fill('#start', '2022-12-01');
      await page.click('#add-outage');
      await page.click('#run');
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toBe('done');
      expect(await page.locator('#warnings').isVisible()).toBe(true);
      expect(await page.locator('#warnings li').first().textContent()).toMatch(/outside|after|horizon/i);

      // What the server stored is what the page showed: the edited horizon, price and mode.
      const [summary] = (await (await fetch(`${app.url}/api/runs`)).json()) as { id: string }[];
      const stored = (await (await fetch(`${app.url}/api/runs/${summary!.id}`)).json()) as { scenario: { horizon: { end: string }; prices: { benchmark: { price: { value: string; estimate?: string } }[] }; operations: { mode: string; lookaheadDays: number } }; result: { series: { dates: string[] }; operations: { mode: string } } };
      expect(stored.scenario.horizon.end).toBe('2022-08-31');
      expect(stored.scenario.prices.benchmark[0]!.price).toMatchObject({ value: '100 USD/bbl', estimate: expect.stringContaining('web app') });
      expect(stored.scenario.operations).toMatchObject({ mode: 'rolling', lookaheadDays: 20 });
      expect(stored.result.series.dates).toHaveLength(92);
      // The caption says how the engine decided (the mode it used, from the result).
      // Rolling chosen on the page is a rolling run in the API's result, and the caption says so.
      expect(stored.result.operations.mode).toBe('rolling');
      expect(await page.locator('#run-mode').getAttribute('data-mode')).toBe('rolling');
      expect(await page.locator('#run-mode').textContent()).toContain('rolling: re-planned every day over a 20-day look-ahead');
      expect(await page.locator('#run-caption').textContent()).toContain('2022-06-01 to 2022-08-31 (92 days)');

      // One figure per headline line.
      const figures = await page.locator('#headline dd').allTextContents();
      expect(figures.length).toBeGreaterThan(5);
      for (const figure of figures) expect(figure.match(/\d+(?:[.,]\d+)*/g), figure).toHaveLength(1);
      // Names, not ids: chips, the headline's states and the actors table; the ids are in hover cards.
      const network = (await (await fetch(`${app.url}/api/networks/caspian-crude`)).json()) as { actors: { id: string }[]; nodes: { id: string }[]; links: { id: string }[] };
      const ids = new Set([...network.actors, ...network.nodes, ...network.links].map((item) => item.id));
      ids.delete('in'); // India's id is also an English word ("production shut in")
      const shown = [...(await page.locator('#events li').allTextContents()), ...(await page.locator('#headline dt').allTextContents()), ...(await page.locator('#actors td').allTextContents()), ...(await page.locator('#run-caption').allTextContents())];
      for (const text of shown) for (const word of text.split(/[\s,:()]+/)) expect(ids.has(word), `"${word}" is an id, in "${text}"`).toBe(false);
      expect(await page.locator('#events li[title="outage btc-kazakh"]').count()).toBe(1);
      expect(await page.locator('#headline dd[title="kz"]').count()).toBe(1);

      // No dead space at 1280×800: the map fills its column down to the side column's end, and
      // the cards of charts and tables stack without holes.
      const box = (selector: string) => page.locator(selector).evaluate((element) => { const rect = element.getBoundingClientRect(); return { top: rect.top + (globalThis as unknown as { scrollY: number }).scrollY, bottom: rect.bottom + (globalThis as unknown as { scrollY: number }).scrollY, left: rect.left, right: rect.right, height: rect.height }; });
      const noDeadSpace = async () => {
        const [map, side, svg] = [await box('#map-panel'), await box('#side'), await box('#map')];
        expect(Math.abs(map.bottom - side.bottom)).toBeLessThan(3);
        expect(svg.height).toBeGreaterThan(map.height * 0.75);
        // Cards shown (a crude run hides the gas cards, which then have no box).
        const cards = await page.locator('#results .card:not([hidden])').evaluateAll((elements) => elements.map((element) => { const rect = element.getBoundingClientRect(); return { top: rect.top, bottom: rect.bottom, left: Math.round(rect.left) }; }));
        const columns = [...new Set(cards.map((card) => card.left))];
        const bottoms = columns.map((left) => {
          const column = cards.filter((card) => card.left === left).sort((a, b) => a.top - b.top);
          for (const [index, card] of column.slice(1).entries()) expect(card.top - column[index]!.bottom, 'gap between cards').toBeLessThan(40);
          return column.at(-1)!.bottom;
        });
        const tallest = Math.max(...cards.map((card) => card.bottom - card.top));
        expect(Math.max(...bottoms) - Math.min(...bottoms)).toBeLessThan(tallest);
        return columns.length;
      };
      expect(await noDeadSpace()).toBe(2);
      await page.screenshot({ path: join(screenshots, 'workspace.png'), fullPage: true });
      // At phone width: one column, nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await expect.poll(() => page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const overflowing = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')].filter((element) => (element.tagName === 'svg' || !element.closest('svg')) && element.getClientRects().length > 0 && element.getBoundingClientRect().right > innerWidth + 1).map((element) => element.tagName + '#' + element.id)`);
      expect(overflowing).toEqual([]);
      const phoneColumns = await page.locator('#results .card:not([hidden])').evaluateAll((elements) => new Set(elements.map((element) => Math.round(element.getBoundingClientRect().left))).size);
      expect(phoneColumns).toBe(1);
      await page.screenshot({ path: join(screenshots, 'workspace-phone.png'), fullPage: true });

      // The settings travel with the link: reopened, the page has the edited horizon and mode.
      expect(page.url()).toContain('settings=');
      const again = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await again.goto(page.url());
      await again.waitForSelector('#link-confirm:not([hidden])');
      expect(await again.inputValue('#horizon-end')).toBe('2022-08-31');
      expect(await again.inputValue('#mode')).toBe('rolling');
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('adds a sanction rule from the editor, shows it as a removable chip, runs it and shows its effect and who bears its cost', { timeout: 240_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launch();
    try {
      mkdirSync(screenshots, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      await page.click('#more-events summary');
      // The kind decides the inputs: a cap for a price cap, a penalty for a secondary sanction.
      await page.selectOption('#rule-kind', 'price-cap');
      expect(await page.locator('#rule-cap').isVisible()).toBe(true);
      expect(await page.locator('#rule-penalty').isVisible()).toBe(false);
      await page.selectOption('#rule-kind', 'secondary');
      expect(await page.locator('#rule-penalty').isVisible()).toBe(true);
      expect(await page.locator('#rule-cap').isVisible()).toBe(false);
      // An incomplete rule is reported at its fields and adds nothing.
      await page.selectOption('#rule-kind', 'embargo');
      await page.click('#add-rule');
      expect(await page.locator('#rule-markets').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#form-error').textContent()).toContain('legal basis');
      expect(await page.locator('#events li.rule').count()).toBe(0);

      // The EU bars Kazakh-origin crude at its three markets for 30 days from 6 July 2022.
      await page.selectOption('#rule-issuer', 'eu');
      for (const market of ['augusta-cpc', 'augusta-kebco', 'rotterdam-kebco']) await page.check(`#rule-markets input[value="${market}"]`);
      await page.check('#rule-origins input[value="kz"]');
      await page.fill('#rule-basis', 'a hypothetical Council regulation, Art. 1');
      await page.fill('#rule-source', 'the analyst, for this test');
      await page.fill('#rule-start', '2022-07-06');
      await page.fill('#rule-days', '30');
      await page.click('#add-rule');
      const chip = page.locator('#events li.rule');
      await expect.poll(() => chip.count()).toBe(1);
      expect(await chip.textContent()).toContain('embargo (European Union): no Kazakhstan-origin crude at CPC Blend CIF Augusta');
      expect(await chip.getAttribute('title')).toMatch(/^rule embargo-eu \(embargo, issuer eu, markets augusta-cpc, augusta-kebco, rotterdam-kebco\)/);
      await page.locator('#editor').screenshot({ path: join(screenshots, 'rule-chip.png') });

      // Run: the embargo costs Kazakhstan netback and budget, and the run lists the rule.
      await page.click('#run');
      await expect.poll(() => page.locator('#status').textContent(), { timeout: 120_000 }).toBe('done');
      const [summary] = (await (await fetch(`${app.url}/api/runs`)).json()) as { id: string }[];
      const stored = (await (await fetch(`${app.url}/api/runs/${summary!.id}`)).json()) as { scenario: { events: { type: string; id?: string; origins?: string[] }[] }; result: { impact: { netbackLostUsd: number; budgetLossByState: { state: string; lossUsd: number }[] }; definition: { events: { type: string; summary: string }[] } } };
      expect(stored.scenario.events).toEqual([expect.objectContaining({ type: 'rule', id: 'embargo-eu', origins: ['kz'] })]);
      expect(stored.result.definition.events.map((event) => event.type)).toEqual(['rule']);
      expect(stored.result.impact.netbackLostUsd).toBeGreaterThan(1e6);
      expect(stored.result.impact.budgetLossByState.find((row) => row.state === 'kz')!.lossUsd).toBeGreaterThan(0);
      expect(await page.locator('#headline dd[title="kz"]').textContent()).not.toBe('0 USD');
      // Who bears it: Kazakhstan as the rule's target, in the analyses panel.
      await page.click('#run-rules');
      await analysisDone(page, 'rules');
      const kazakhstan = page.locator('#analysis-table tr', { has: page.locator('span[title="kz"]') });
      expect(await kazakhstan.count()).toBe(1);
      expect(await kazakhstan.locator('td').nth(2).textContent()).toContain('target');
      expect(await page.locator('#analysis-note').textContent()).toContain('embargo-eu (embargo, European Union)');

      // The chip's × removes the rule from the scenario (and from the link).
      expect(decodeURIComponent(page.url())).toContain('"type":"rule"');
      await chip.getByRole('button').click();
      expect(await page.locator('#events li.rule').count()).toBe(0);
      expect(decodeURIComponent(page.url())).not.toContain('"type":"rule"');
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('binds names as text under a CSP: a route named like markup renders as text, and a linked event is only shown', { timeout: 180_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launch();
    try {
      const headers = (await fetch(app.url)).headers;
      expect(headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const dialogs: string[] = [];
      const violations: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const markup = '<img src=x onerror=alert(1)>';
      // A link whose event carries markup as an id: shown as text, not run until confirmed.
      const linked = [{ type: 'expansion', start: '2022-06-01', link: { id: markup, name: markup, kind: 'tanker', from: 'aktau-port', to: 'sangachal', capacity: '1 Mt/yr' } }];
      await page.goto(`${app.url}/#extra=${encodeURIComponent(JSON.stringify(linked))}`);
      await page.waitForSelector('#link-confirm:not([hidden])');
      expect(await page.locator('#events li.extra').textContent()).toContain(markup);
      await page.click('#link-discard');
      expect(await page.locator('#events li').count()).toBe(0);

      // A drawn link that meters a route named like markup: the routes table shows the name as text.
      await page.waitForSelector('#map .link');
      await page.click('#more-events summary');
      await page.fill('#link-id', 'aktau-sangachal-x');
      await page.selectOption('#link-from', 'aktau-port');
      await page.selectOption('#link-to', 'sangachal');
      await page.selectOption('#link-kind', 'tanker');
      await page.fill('#link-route', markup);
      await page.click('#add-link');
      await page.selectOption('#asset', 'cpc-loading');
      await page.click('#add-outage');
      await page.click('#run');
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      expect(await page.locator('#routes td', { hasText: markup }).count()).toBe(1);
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('zooms labels, replays days with chart markers, shows the difference view, criticality on the map, hover values, and disables buttons during a run', { timeout: 240_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launch();
    try {
      mkdirSync(screenshots, { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      // Labels by zoom level: at rest only some nodes have room for a label; framing the Black
      // Sea–Caspian cluster labels nodes that had none, zooming in and out scales the view, and the
      // whole network again shows the labels of rest.
      const labelled = () => page.locator('#map .label').evaluateAll((labels) => labels.map((label) => label.getAttribute('data-label')!).sort());
      const atRest = await labelled();
      expect(atRest.length).toBeGreaterThan(3);
      expect(atRest.length).toBeLessThan(await page.locator('#map .node').count());
      await page.click('#zoom-cluster');
      await expect.poll(async () => (await labelled()).filter((id) => !atRest.includes(id)).length).toBeGreaterThan(0);
      const zoomed = Number(await page.locator('#map').getAttribute('data-zoom'));
      expect(zoomed).toBeGreaterThan(2);
      await page.screenshot({ path: join(screenshots, 'map-zoomed.png') });
      await page.click('#zoom-out');
      await expect.poll(async () => Number(await page.locator('#map').getAttribute('data-zoom'))).toBeCloseTo(zoomed / 2, 1);
      await page.click('#zoom-all');
      await expect.poll(labelled).toEqual(atRest);
      // Routes with waypoints follow them: the CPC tankers go through the Turkish Straits, BTC through Georgia.
      for (const link of ['cpc-tankers', 'cpc-kazakh-section', 'btc-kazakh', 'atyrau-samara', 'kenkiyak-kumkol', 'ust-luga-tankers']) {
        const d = await page.locator(`#map .link[data-asset="${link}"]`).getAttribute('d');
        expect(d!.split('L').length, link).toBeGreaterThan(3);
      }
      expect(await page.locator('#map .link.routed').count()).toBeGreaterThanOrEqual(10);
      // Labels never overlap.
      const boxes = await page.locator('#map .label').evaluateAll((labels) => labels.map((label) => (label as unknown as { getBBox(): { x: number; y: number; width: number; height: number } }).getBBox()));
      for (const [index, a] of boxes.entries()) for (const b of boxes.slice(index + 1)) expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height, 'two labels overlap').toBe(false);

      // The Run button is disabled while the run is solved.
      await page.selectOption('#asset', 'cpc-loading');
      await page.click('#add-outage');
      await page.click('#run');
      expect(await page.locator('#run').isDisabled()).toBe(true);
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      await expect.poll(() => page.locator('#run').isDisabled()).toBe(false);

      // A chart's hover value.
      const chart = page.locator('#chart svg');
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await chart.hover({ position: { x: box.width * 0.5, y: box.height * 0.4 } });
      await expect.poll(() => page.locator('#chart-hover').textContent()).toMatch(/^2022-\d\d-\d\d: baseline [\d.]+ kt\/d · scenario [\d.]+ kt\/d$/);

      // The replay: the slider moves the day on the map and the marker on every chart.
      await page.locator('#replay-day').fill('40');
      expect(await page.locator('#replay-date').textContent()).toBe('2022-07-11');
      for (const id of ['chart', 'chart-routes', 'chart-storage', 'chart-shutin']) expect(await page.locator(`#${id} .marker`).getAttribute('data-day')).toBe('40');
      const markerAt40 = await page.locator('#chart .marker').getAttribute('x1');
      await page.locator('#replay-day').fill('60');
      expect(await page.locator('#chart .marker').getAttribute('x1')).not.toBe(markerAt40);
      expect(await page.locator('#map .node.replay').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(screenshots, 'replay.png') });
      await page.click('#replay-play');
      await expect.poll(async () => Number(await page.locator('#replay-day').inputValue())).toBeGreaterThan(61);
      await page.click('#replay-play');

      // Shadow prices as a layer, following the replay day: a link that binds on some days only is
      // orange on its dearest day and grey on a day it does not bind; its hover card says how much.
      const [run] = (await (await fetch(`${app.url}/api/runs`)).json()) as { id: string }[];
      const { result } = (await (await fetch(`${app.url}/api/runs/${run!.id}`)).json()) as { result: { series: { dates: string[] }; shadowPrices: { links: { link: string; scenario: number[]; scenarioBindingDays: number }[]; storage: { storage: string; scenarioMeanUsdPerTonne: number }[] } } };
      const days = result.series.dates.length;
      const sometimes = result.shadowPrices.links.find((row) => row.scenarioBindingDays > 0 && row.scenarioBindingDays < days)!;
      expect(sometimes, 'a link whose capacity binds on some days only').toBeDefined();
      const dearest = sometimes.scenario.indexOf(Math.max(...sometimes.scenario));
      const slack = sometimes.scenario.findIndex((value) => value === 0);
      await page.check('#shadow-layer');
      const shadowLink = page.locator(`#map .link[data-asset="${sometimes.link}"]`);
      await page.locator('#replay-day').fill(String(dearest));
      expect(Number(await shadowLink.getAttribute('data-shadow'))).toBeCloseTo(sometimes.scenario[dearest]!, 1);
      expect(await shadowLink.getAttribute('stroke')).toMatch(/^hsl\(28 90%/);
      expect(await shadowLink.locator('title').textContent()).toContain(`shadow price, ${result.series.dates[dearest]}: ${sometimes.scenario[dearest]!.toFixed(1)} USD/t`);
      expect(await page.locator('#map-legend').textContent()).toContain(`Shadow prices, ${result.series.dates[dearest]}`);
      expect(await page.locator('#chart .marker').getAttribute('data-day')).toBe(String(dearest));
      await page.screenshot({ path: join(screenshots, 'shadow-prices.png') });
      await page.locator('#replay-day').fill(String(slack));
      expect(await shadowLink.getAttribute('data-shadow')).toBe('0.00');
      expect(await shadowLink.getAttribute('stroke')).toBe('#b8bec8');
      // Tanks carry theirs too.
      for (const tank of result.shadowPrices.storage) expect(await page.locator(`#map .node[data-asset="${tank.storage}"]`).getAttribute('data-shadow')).not.toBeNull();
      await page.uncheck('#shadow-layer');
      expect(await shadowLink.getAttribute('data-shadow')).toBeNull();

      // The difference view: CPC carries less than in the baseline (red), some other route more (blue).
      await page.reload();
      await page.waitForSelector('#link-confirm:not([hidden])');
      await page.click('#link-run');
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      await page.check('#difference');
      const cpcColour = await page.evaluate<string>(`getComputedStyle(document.querySelector('#map .link[data-asset="cpc-kazakh-section"]')).stroke`);
      expect(cpcColour).toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
      const [red, , blue] = /rgb\((\d+), (\d+), (\d+)\)/.exec(cpcColour)!.slice(1).map(Number);
      expect(red!).toBeGreaterThan(blue!);
      expect(await page.locator('#map-legend').textContent()).toContain('Change vs baseline');
      await page.selectOption('#flow-unit', 'Mt/yr');
      expect(await page.locator('#map .link[data-asset="cpc-kazakh-section"] title').textContent()).toMatch(/Mt\/yr/);
      await page.screenshot({ path: join(screenshots, 'difference.png') });
      await page.uncheck('#difference');

      // Criticality on the map, with every analysis button disabled while it runs.
      await page.click('#run-criticality');
      expect(await page.locator('#run-leverage').isDisabled()).toBe(true);
      await page.waitForSelector('#analysis-table tr[data-asset]', { timeout: 120_000 });
      expect(await page.locator('#run-leverage').isDisabled()).toBe(false);
      const worst = await page.locator('#analysis-table tr[data-asset]').first().getAttribute('data-asset');
      const fill = await page.locator(`#map [data-asset="${worst}"]`).evaluate((element) => (element.tagName === 'circle' ? element.getAttribute('fill') : element.getAttribute('stroke')) ?? '');
      expect(fill).toMatch(/^hsl\(4 75%/);
      expect(await page.locator('#map-legend').textContent()).toContain('Criticality');
      await page.screenshot({ path: join(screenshots, 'criticality-map.png') });
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('charts every series with PNG download, runs a drawn bypass link, shows leverage, bypass and risk, and renames, reopens and deletes runs', { timeout: 600_000 }, async () => {
    const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-web-')), slots: 1, staticFiles: staticFiles(webRoot()!) });
    const browser = await launch();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      // The Novorossiysk nodes are spread apart: no two nodes are drawn on top of each other.
      const centres = await page.locator('#map .node').evaluateAll((nodes) => nodes.map((node) => [Number(node.getAttribute('cx')), Number(node.getAttribute('cy'))]));
      for (const [index, [x, y]] of centres.entries()) for (const [ox, oy] of centres.slice(index + 1)) expect(Math.hypot(x! - ox!, y! - oy!)).toBeGreaterThan(5);

      // A bypass sketched as a new link (Aktau → Sangachal tankers) next to a CPC terminal outage.
      await page.selectOption('#asset', 'cpc-loading');
      await page.click('#add-outage');
      await page.click('#more-events summary');
      await page.fill('#link-id', 'aktau-sangachal-extra');
      await page.selectOption('#link-from', 'aktau-port');
      await page.selectOption('#link-to', 'sangachal');
      await page.selectOption('#link-kind', 'tanker');
      await page.fill('#link-capacity', '10');
      await page.click('#add-link');
      await expect.poll(() => page.locator('#events li.extra[data-event="expansion link aktau-sangachal-extra"]').count()).toBe(1);
      // The new link is sketched on the map, dashed, before it runs.
      expect(await page.locator('#map .link.sketched[data-sketched="aktau-sangachal-extra"] title').textContent()).toContain('added by the scenario from');
      await page.fill('#link-capacity', '-1');
      await page.click('#add-link');
      expect(await page.locator('#form-error').textContent()).toContain('capacity');
      expect(await page.locator('#link-capacity-error').textContent()).toContain('more than 0');
      await page.fill('#link-capacity', '10');
      await page.click('#run');
      await page.waitForSelector('#exports-lost', { timeout: 120_000 });
      expect(await page.locator('#form-error').textContent()).toBe('');

      // Every series as a chart, each switchable to a table, with SVG and PNG downloads.
      for (const id of ['chart', 'chart-routes', 'chart-storage', 'chart-shutin']) expect(await page.locator(`#${id} svg path`).count()).toBeGreaterThan(0);
      // Exports by route stacked, and losses by actor as bars, largest first.
      expect(await page.locator('#chart-stacked path.area').count()).toBeGreaterThanOrEqual(2);
      const bars = await page.locator('#chart-actors .bar rect').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('width'))));
      expect(bars.length).toBeGreaterThan(3);
      expect(bars).toEqual([...bars].sort((a, b) => b - a));
      expect(await page.locator('#chart-routes svg path').count()).toBeGreaterThanOrEqual(4);
      await page.click('#chart-storage-toggle');
      expect(await page.locator('#chart-storage-table tr').count()).toBeGreaterThan(100);
      const [png] = await Promise.all([page.waitForEvent('download'), page.click('#chart-shutin-png')]);
      expect(png.suggestedFilename()).toBe('chokepoint-chart-shutin.png');
      const bytes = readFileSync((await png.path())!);
      expect([...bytes.subarray(1, 4)].map((code) => String.fromCharCode(code)).join('')).toBe('PNG');
      expect(await page.locator('#chart-shutin-download').getAttribute('href')).toMatch(/^blob:/);
      await page.screenshot({ path: join(screenshots, 'charts.png'), fullPage: true });

      // Leverage and risk from the analyses panel.
      await page.click('#run-leverage');
      await analysisDone(page, 'leverage');
      expect(await page.locator('#analysis-table tr', { hasText: 'Russia' }).count()).toBeGreaterThan(0);
      await page.click('#run-bypass');
      await analysisDone(page, 'bypass');
      expect(await page.locator('#analysis-table span[title="trans-caspian-pipeline"]').count()).toBe(1);
      expect(await page.locator('#analysis-note').textContent()).toContain('Best portfolio');
      // The candidates' new links on the map: Baku-Supsa drawn along its route (waypoints in the candidates file).
      await expect.poll(() => page.locator('#map .link.sketched[data-sketched="baku-supsa"]').count()).toBe(1);
      expect((await page.locator('#map .link.sketched[data-sketched="baku-supsa"]').getAttribute('d'))!.split('L').length).toBeGreaterThan(8);
      expect(await page.locator('#map .link.sketched[data-sketched="baku-supsa"] title').textContent()).toMatch(/bypass candidate: Baku-Supsa[\s\S]*NPV/);
      await page.fill('#risk-years', '40');
      await page.click('#run-risk');
      await analysisDone(page, 'risk');
      // The exceedance curve of the simulated years.
      expect(await page.locator('#analysis-figure .exceedance-point').count()).toBeGreaterThan(0);
      expect(await page.locator('#analysis-note').textContent()).toContain('40 simulated years');
      expect(await page.locator('#analysis-table tr', { hasText: 'all exporters' }).count()).toBe(1);
      await page.screenshot({ path: join(screenshots, 'risk.png'), fullPage: true });

      // A second run, then: rename the newest, reopen the older, delete one.
      await page.click('#events li button');
      await page.click('#run');
      await expect.poll(() => page.locator('#history-list li').count(), { timeout: 120_000 }).toBe(2);
      await page.locator('#history-list li').first().getByRole('button', { name: /^rename/ }).click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('Bypass without the outage');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#history-list li').first().textContent()).toContain('Bypass without the outage');
      await page.locator('#history-list li').nth(1).getByRole('button', { name: /^open/ }).click();
      await expect.poll(() => page.locator('#events li:not(.extra)').count()).toBe(1);
      expect(await page.locator('#map .node.closed[data-asset="cpc-loading"]').count()).toBe(1);
      await page.screenshot({ path: join(screenshots, 'history.png'), fullPage: true });
      const remove = page.locator('#history-list li').first().getByRole('button', { name: /^delete/ });
      await remove.click();
      expect(await remove.textContent()).toBe('Confirm delete');
      await remove.click();
      await expect.poll(() => page.locator('#history-list li').count()).toBe(1);
      const listed = (await (await fetch(`${app.url}/api/runs`)).json()) as unknown[];
      expect(listed).toHaveLength(1);

      // An automated accessibility audit (axe-core, WCAG 2.1 A/AA and best practice) of the page as
      // it now stands (results, charts, a table shown, analyses, history), at desktop and phone width.
      await page.click('#chart-storage-toggle');
      // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses an inline script tag.
      await page.evaluate(readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8'));
      // Passed as text: the test's TypeScript has no DOM types.
      const audit = () =>
        page.evaluate<string[]>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
          .then((result) => result.violations.map((violation) => violation.impact + ' ' + violation.id + ': ' + violation.nodes.map((node) => node.target.join(' ')).join(', ')))`);
      expect(await audit()).toEqual([]);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await audit()).toEqual([]);
    } finally {
      await browser.close();
      await app.close();
    }
  });
});
