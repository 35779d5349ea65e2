// Regenerates the table in docs/backtests.md from `chokepoint backtest` (npm run docs:backtests).
import { readFileSync, writeFileSync } from 'node:fs';
import { backtestTable, replaceGenerated } from '../src/report/backtest-doc.ts';

const path = new URL('../docs/backtests.md', import.meta.url);
const table = await backtestTable();
writeFileSync(path, replaceGenerated(readFileSync(path, 'utf8'), table));
process.stdout.write(table);
