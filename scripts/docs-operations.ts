// Regenerates the table of the July 2022 scenarios in both modes in docs/operations.md and in the
// README's worked example (npm run docs:operations); test/docs.test.ts checks both against it.
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceGenerated } from '../src/report/backtest-doc.ts';
import { modesTable } from '../src/report/operations-doc.ts';

const text = await modesTable();
for (const file of ['../docs/operations.md', '../README.md']) {
  const path = new URL(file, import.meta.url);
  writeFileSync(path, replaceGenerated(readFileSync(path, 'utf8'), text, 'docs:operations'));
}
process.stdout.write(text);
