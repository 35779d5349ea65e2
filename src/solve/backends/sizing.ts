import { columnCount, type LpLayout } from '../build-lp.ts';
import { HEAP_BYTES_PER_COLUMN, MAX_WASM_COLUMNS, WASM_HEAP_LIMIT_BYTES } from './heap-limit.ts';

/**
 * How much WebAssembly heap HiGHS needs for an LP, from its size, so that a model that cannot fit
 * is refused (or sent to a native solver) before it is built rather than aborting mid-solve.
 *
 * Measured on Chokepoint's LPs (docs/performance.md, bench/heap.ts): the heap grows by about
 * 2.45 MB per 1,000 columns; 809k columns solved with 1.97 GB, about 882k aborted. The heap is
 * capped at 2 GiB, so the ceiling is put at 800,000 columns (the constants: heap-limit.ts).
 */
export { HEAP_BYTES_PER_COLUMN, MAX_WASM_COLUMNS, WASM_HEAP_LIMIT_BYTES };

/** Columns of the LP a layout describes, known before the LP is built. */
export function layoutColumns(layout: LpLayout): number {
  return columnCount(layout);
}

export interface HeapEstimate {
  readonly columns: number;
  readonly rows: number;
  readonly heapBytes: number;
  readonly fits: boolean;
}

export function heapEstimate(columns: number, rows: number): HeapEstimate {
  return { columns, rows, heapBytes: columns * HEAP_BYTES_PER_COLUMN, fits: columns <= MAX_WASM_COLUMNS };
}

/** A model the chosen solver cannot take: bad input for this machine, with the ways out. */
export class ModelTooLargeError extends Error {
  readonly estimate: HeapEstimate;
  constructor(estimate: HeapEstimate, reason: string) {
    super(tooLargeMessage(estimate, reason));
    this.name = 'ModelTooLargeError';
    this.estimate = estimate;
  }
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1e6).toLocaleString('en-US')} MB`;

function tooLargeMessage(estimate: HeapEstimate, reason: string): string {
  return [
    `the model is too large for the in-process solver: ${estimate.columns.toLocaleString('en-US')} columns and ${estimate.rows.toLocaleString('en-US')} rows would need about ${megabytes(estimate.heapBytes)} of WebAssembly heap;`,
    `the limit is ${MAX_WASM_COLUMNS.toLocaleString('en-US')} columns (the heap is capped at ${megabytes(WASM_HEAP_LIMIT_BYTES)}). ${reason}`,
    'Ways out: a shorter horizon (fewer days in the scenario\'s dates);',
    'a native solver: --solver clp (Debian: apt-get install coinor-clp) or --solver highs (a HiGHS binary on the PATH);',
    'or the rolling mode (operations: rolling), which solves one window at a time.',
  ].join('\n  ');
}
