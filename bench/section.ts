// Runs one bench section (a script of bench/) as npm run bench does, printing its output as it
// comes and keeping it, with when and under what load it ran, in out/bench/NAME.txt and
// NAME.meta.json: bench/performance-table.ts builds the generated tables of docs/performance.md
// from these files alone. Usage: node --import tsx bench/section.ts NAME bench/SCRIPT.ts
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { out, root } from './common.ts';
import type { SectionRecord as SectionMeta } from './performance-render.ts';

const [name, script, ...rest] = process.argv.slice(2);
if (!name || !script) throw new Error('usage: node --import tsx bench/section.ts NAME bench/SCRIPT.ts [ARGS]');
const startedAt = new Date().toISOString();
const loadStart = loadavg()[0]!;
let text = '';
const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...rest], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  text += chunk.toString();
});
const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
const meta: SectionMeta = { script, startedAt, endedAt: new Date().toISOString(), node: process.version, cores: cpus().length, loadStart, loadEnd: loadavg()[0]!, exitCode };
writeFileSync(join(out, `${name}.txt`), text);
writeFileSync(join(out, `${name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`);
process.exitCode = exitCode ?? 1;
