#!/usr/bin/env node
// Runs the bundled CLI (dist/, built by `npm run build`, which `npm ci` runs via prepare) when it
// is at least as new as the sources; otherwise runs the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/main.mjs', import.meta.url));
const sources = fileURLToPath(new URL('../src', import.meta.url));

function newest(directory) {
  let latest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = `${directory}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

// A reader that stops early (`chokepoint list | head`) closes the pipe: that is the reader's
// choice, not an error of ours, so stop quietly instead of printing Node's stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

let main;
if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(sources)) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  interactive: Boolean(process.stderr.isTTY),
});
