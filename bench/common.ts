// What the bench scripts share: where they write, the model sizes they measure, and the median.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const out = join(root, 'out', 'bench');
mkdirSync(out, { recursive: true });

/** The three model sizes of `npm run bench`: the shipped network over a year, 10x over a year, 100x over 30 days. */
export const SIZE_CASES = [
  { label: 'caspian-crude, 365 days', scenario: 'bench/cpc-2022-ban-365.yaml', copies: 1, days: 'all' },
  { label: 'synthetic 10x, 365 days', scenario: 'bench/cpc-2022-ban-365.yaml', copies: 10, days: 'all' },
  // 100x over a whole year would need ~4.6 M columns, beyond the 2 GiB WebAssembly heap
  // (~0.8 M columns); 30 days keeps the model the size of the 10x year.
  { label: 'synthetic 100x, 30 days', scenario: 'bench/cpc-2022-ban-365.yaml', copies: 100, days: '30' },
] as const;

export const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
