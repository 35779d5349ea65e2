// npm run docs:screenshots — copies the screenshots the browser tests took (test-results/screenshots,
// written by `npm test` or `npx vitest run test/web.test.ts`) into docs/ as screenshot-NAME.png, so
// the pictures in the docs are the page as the tests last saw it.
import { copyFileSync, existsSync, readdirSync } from 'node:fs';

const from = new URL('../test-results/screenshots/', import.meta.url);
const to = new URL('../docs/', import.meta.url);
if (!existsSync(from)) throw new Error('no screenshots yet: run npx vitest run test/web.test.ts first');
const taken = readdirSync(from).filter((name) => name.endsWith('.png')).sort();
for (const name of taken) copyFileSync(new URL(name, from), new URL(`screenshot-${name}`, to));
process.stdout.write(`copied ${taken.length} screenshots into docs/: ${taken.join(', ')}\n`);
