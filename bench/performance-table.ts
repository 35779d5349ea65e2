// Writes the generated tables of docs/performance.md from what the bench sections recorded in
// out/bench (bench/section.ts: solvers.txt and queue.json with their .meta.json). A section not
// run since keeps its previous record, so `npm run bench:queue` alone refreshes only the queue's
// tables. The record is kept in docs/performance-bench.json, from which test/performance-table.test.ts
// renders the tables again and compares. Run by npm run bench and npm run bench:queue.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { out, root } from './common.ts';
import { BEGIN, END, generatedPerformance, renderPerformance, type BenchRecord, type SectionRecord } from './performance-render.ts';

const recordPath = join(root, 'docs/performance-bench.json');
const docPath = join(root, 'docs/performance.md');
const previous = (existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : {}) as BenchRecord;
const meta = (name: string): SectionRecord | undefined => (existsSync(join(out, `${name}.meta.json`)) ? (JSON.parse(readFileSync(join(out, `${name}.meta.json`), 'utf8')) as SectionRecord) : undefined);
const newer = (found: SectionRecord | undefined, kept: SectionRecord | undefined) => found !== undefined && (kept === undefined || found.startedAt > kept.startedAt);

const record: { -readonly [K in keyof BenchRecord]: BenchRecord[K] } = { ...previous };
const solvers = meta('solvers');
if (newer(solvers, previous.solvers?.meta)) record.solvers = { meta: solvers!, output: readFileSync(join(out, 'solvers.txt'), 'utf8') };
const queue = meta('queue');
if (newer(queue, previous.queue?.meta) && existsSync(join(out, 'queue.json'))) record.queue = { meta: queue!, result: JSON.parse(readFileSync(join(out, 'queue.json'), 'utf8')) };

const block = renderPerformance(record);
const document = readFileSync(docPath, 'utf8');
const current = generatedPerformance(document);
if (current === undefined) throw new Error(`docs/performance.md has no ${BEGIN} … ${END} block to write into`);
writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(docPath, document.replace(current, block));
console.log(`\ndocs/performance.md: the generated tables rewritten (${record.solvers ? `solvers of ${record.solvers.meta.startedAt.slice(0, 16)}` : 'no solver section'}, ${record.queue ? `queue of ${record.queue.meta.startedAt.slice(0, 16)}` : 'no queue section'})`);
