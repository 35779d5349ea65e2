// npm run bench:web — the web app in headless Chromium: time to first map (navigation start to the
// network drawn, median of 5 fresh pages) and replay frames per second over a 120-day run (every
// day shown in turn, each frame painted before the next). Needs `npm run build` first. It writes
// its figures into docs/performance.md (between the bench:web markers), so the docs never hold a
// figure typed by hand.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { startServer } from '../src/server/app.ts';
import { staticFiles, webRoot } from '../src/server/static.ts';
import { launchChromium } from '../test/browser.ts';

const LOADS = 5;
const DAYS = 120;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const root = webRoot();
  if (!root) throw new Error('the web app is not built: npm run build');
  const app = await startServer({ dataDirectory: mkdtempSync(join(tmpdir(), 'chokepoint-bench-web-')), slots: 1, staticFiles: staticFiles(root) });
  const browser = await launchChromium();
  try {
    const firstMap: number[] = [];
    for (let load = 0; load < LOADS; load++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('#map .link');
      firstMap.push(await page.evaluate<number>('performance.now()'));
      await page.close();
    }

    // A 120-day horizon: cpc-2022-ban from 1 June, ending 28 September.
    const scenario = parse(await (await import('node:fs/promises')).readFile(new URL('../data/scenarios/cpc-2022-ban.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
    scenario.horizon = { start: '2022-06-01', end: '2022-09-28' };
    const file = join(mkdtempSync(join(tmpdir(), 'chokepoint-bench-web-')), 'cpc-120.yaml');
    writeFileSync(file, stringify(scenario));
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.waitForSelector('#map .link');
    await page.setInputFiles('#upload-yaml', file);
    await page.click('#run');
    await page.waitForSelector('#exports-lost', { timeout: 300_000 });
    const days = Number(await page.locator('#replay-day').getAttribute('max')) + 1;
    if (days !== DAYS) throw new Error(`the run has ${days} days, not ${DAYS}`);
    // Each frame: move the slider one day (map, legend and the four charts' markers redrawn), then
    // wait for the browser to paint it.
    const replay = await page.evaluate<{ frames: number; ms: number }>(`(async () => {
      const slider = document.getElementById('replay-day');
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const start = performance.now();
      for (let day = 0; day < ${DAYS}; day++) {
        slider.value = String(day);
        slider.dispatchEvent(new Event('input'));
        await frame();
      }
      return { frames: ${DAYS}, ms: performance.now() - start };
    })()`);
    const lines = [
      `web app, headless Chromium ${browser.version()}, viewport 1280×800`,
      `time to first map (navigation start → network drawn), median of ${LOADS}: ${median(firstMap).toFixed(0)} ms (all: ${firstMap.map((ms) => ms.toFixed(0)).join(', ')})`,
      `replay of a ${DAYS}-day run: ${replay.frames} frames in ${(replay.ms / 1000).toFixed(2)} s = ${((replay.frames * 1000) / replay.ms).toFixed(1)} frames/s (map + 4 chart markers per frame)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    writeDocs(lines);
  } finally {
    await browser.close();
    await app.close();
  }
}

/** The figures into docs/performance.md, with the day and the machine's load when they were taken. */
function writeDocs(lines: readonly string[]): void {
  const path = new URL('../docs/performance.md', import.meta.url);
  const text = readFileSync(path, 'utf8');
  const start = '<!-- bench:web -->';
  const end = '<!-- /bench:web -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${start} … ${end} section to write into`);
  const taken = `Taken ${new Date().toISOString().slice(0, 10)} by \`npm run bench:web\` on ${cpus().length} cores (load average ${loadavg()[0]!.toFixed(1)} at the end: other work shared the machine):`;
  const body = `${start}\n${taken}\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${end}`;
  writeFileSync(path, `${text.slice(0, from)}${body}${text.slice(to + end.length)}`);
}

await main();
