import type { LinearProgram } from '../build-lp.ts';

/** Short names, one to one with positions, readable by every MPS reader: c0…, r0… in base 36. */
export const mpsColumnName = (column: number): string => `c${column.toString(36)}`;
export const mpsRowName = (row: number): string => `r${row.toString(36)}`;

// Rows of an MPS file are constraints; a second N row would be read as another objective and
// dropped, so a free row is written as "≥ −infinity" (every reader treats ±1e30 as infinite).
const MPS_INFINITY = 1e30;
const LINES_PER_CHUNK = 65_536;

/**
 * The LP as free-format MPS, in chunks of text: minimising minus its objective (MIN is the only
 * sense every reader agrees on), without the objective's constant (the caller adds it back).
 * Numbers are written in JavaScript's shortest round-trip form, so the file holds the LP exactly.
 */
export function writeMps(lp: LinearProgram): string[] {
  const chunks: string[] = [];
  let lines: string[] = [];
  const line = (text: string) => {
    lines.push(text);
    if (lines.length >= LINES_PER_CHUNK) flush();
  };
  const flush = () => {
    if (lines.length > 0) chunks.push(`${lines.join('\n')}\n`);
    lines = [];
  };
  line('NAME chokepoint FREE');
  line('ROWS');
  line(' N obj');
  const rowSense: string[] = new Array(lp.numRows);
  for (let row = 0; row < lp.numRows; row += 1) {
    const lower = lp.rowLower[row]!;
    const upper = lp.rowUpper[row]!;
    rowSense[row] = lower === upper ? 'E' : lower === -Infinity && upper !== Infinity ? 'L' : 'G';
    line(` ${rowSense[row]} ${mpsRowName(row)}`);
  }
  line('COLUMNS');
  for (let column = 0; column < lp.numCols; column += 1) {
    const name = mpsColumnName(column);
    const cost = lp.colCost[column]!;
    if (cost !== 0) line(` ${name} obj ${-cost}`);
    for (let entry = lp.starts[column]!; entry < lp.starts[column + 1]!; entry += 1) line(` ${name} ${mpsRowName(lp.indices[entry]!)} ${lp.values[entry]!}`);
  }
  line('RHS');
  const ranges: string[] = [];
  for (let row = 0; row < lp.numRows; row += 1) {
    const lower = lp.rowLower[row]!;
    const upper = lp.rowUpper[row]!;
    const rhs = rowSense[row] === 'L' ? upper : lower === -Infinity ? -MPS_INFINITY : lower;
    if (rhs !== 0) line(` rhs ${mpsRowName(row)} ${rhs}`);
    if (rowSense[row] === 'G' && lower !== -Infinity && upper !== Infinity) ranges.push(` rng ${mpsRowName(row)} ${upper - lower}`);
  }
  if (ranges.length > 0) {
    line('RANGES');
    for (const range of ranges) line(range);
  }
  line('BOUNDS');
  for (let column = 0; column < lp.numCols; column += 1) writeBounds(line, mpsColumnName(column), lp.colLower[column]!, lp.colUpper[column]!);
  line('ENDATA');
  flush();
  return chunks;
}

/**
 * A column's bounds where they differ from MPS's default [0, +inf). UP comes before LO: some
 * readers take a negative UP on a column whose lower bound is still 0 to mean a free lower bound.
 */
function writeBounds(line: (text: string) => void, name: string, lower: number, upper: number): void {
  if (lower === upper) {
    line(` FX bnd ${name} ${lower}`);
    return;
  }
  if (lower === -Infinity && upper === Infinity) {
    line(` FR bnd ${name}`);
    return;
  }
  if (lower === -Infinity) line(` MI bnd ${name}`);
  if (upper !== Infinity) line(` UP bnd ${name} ${upper}`);
  if (lower !== -Infinity && (lower !== 0 || upper < 0)) line(` LO bnd ${name} ${lower}`);
}
