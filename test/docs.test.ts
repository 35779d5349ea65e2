import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedBlock } from '../src/report/backtest-doc.ts';
import { modesTable } from '../src/report/operations-doc.ts';

const root = new URL('../', import.meta.url).pathname;
const bin = join(root, 'bin/chokepoint.js');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const docs = readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md'));

/** The lines of a report section: from its title to the first blank line (or the end of a fenced block). */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const end = lines.findIndex((line, index) => index > start && (line.trim() === '' || line.startsWith('```')));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe('README and docs', () => {
  it('the README is short: at most 400 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(400);
  });

  it("the worked example's headline is the command's output, figure for figure", { timeout: 300_000 }, () => {
    const run = spawnSync(process.execPath, [bin, 'run', 'cpc-2022-ban'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const quoted = section(readme, 'HEADLINE');
    expect(quoted.length).toBeGreaterThan(5);
    expect(quoted).toEqual(section(run.stdout, 'HEADLINE'));
    // The mode line above it: a replay is decided rolling by default, with the hindsight loss beside it.
    const mode = run.stdout.split('\n').find((line) => line.startsWith('operations: rolling'));
    expect(mode).toBeDefined();
    expect(readme).toContain(`\n${mode}\n`);
  });

  it('docs/operations.md and the README show the July 2022 scenarios in both modes as npm run docs:operations computes them', { timeout: 300_000 }, async () => {
    const document = readFileSync(join(root, 'docs/operations.md'), 'utf8');
    const table = await modesTable();
    expect(generatedBlock(document, 'docs:operations')).toBe(table);
    expect(generatedBlock(readme, 'docs:operations')).toBe(table);
  });

  it('every relative link and image in README and docs/ points to a file that exists', () => {
    const files = [{ path: 'README.md', text: readme }, ...docs.map((name) => ({ path: `docs/${name}`, text: readFileSync(join(root, 'docs', name), 'utf8') }))];
    const broken: string[] = [];
    for (const file of files) {
      for (const match of file.text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        if (!existsSync(join(root, dirname(file.path), target))) broken.push(`${file.path} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
