// Regenerates the table of the July 2022 scenarios in both modes in docs/operations.md (npm run docs:operations).
import { readFileSync, writeFileSync } from 'node:fs';
import { replaceGenerated } from '../src/report/backtest-doc.ts';
import { modesTable } from '../src/report/operations-doc.ts';

const path = new URL('../docs/operations.md', import.meta.url);
const text = await modesTable();
writeFileSync(path, replaceGenerated(readFileSync(path, 'utf8'), text, 'docs:operations'));
process.stdout.write(text);
