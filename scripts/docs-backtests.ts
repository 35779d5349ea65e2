// Regenerates the table in docs/backtests.md and in the README from `chokepoint backtest`
// (npm run docs:backtests); test/backtest.test.ts checks both against it.
import { readFileSync, writeFileSync } from 'node:fs';
import { backtestTable, replaceGenerated } from '../src/report/backtest-doc.ts';

const table = await backtestTable();
for (const file of ['../docs/backtests.md', '../README.md']) {
  const path = new URL(file, import.meta.url);
  writeFileSync(path, replaceGenerated(readFileSync(path, 'utf8'), table));
}
process.stdout.write(table);
