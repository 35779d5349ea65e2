import type { LinearProgram } from '../build-lp.ts';

/** Short names, one to one with positions, readable by every MPS reader: c0…, r0…, in base 36. */
export const mpsColumnName = (column: number): string => `c${column.toString(36)}`;
export const mpsRowName = (row: number): string => `r${row.toString(36)}`;

// Rows of an MPS file are constraints; a second N row would be read as another objective and
// dropped, so a free row is written as "≥ −infinity" (every reader treats ±1e30 as infinite).
const MPS_INFINITY = 1e30;
const PIECES_PER_CHUNK = 65_536;

/** Text built in chunks (one string of a large LP would pass V8's limit); pieces joined per chunk. */
function chunked(): { add: (text: string) => void; done: () => string[] } {
  const chunks: string[] = [];
  let pieces: string[] = [];
  return {
    add(text) {
      pieces.push(text);
      if (pieces.length >= PIECES_PER_CHUNK) {
        chunks.push(pieces.join(''));
        pieces = [];
      }
    },
    done() {
      if (pieces.length > 0) chunks.push(pieces.join(''));
      pieces = [];
      return chunks;
    },
  };
}

/**
 * Writes LPs of one structure as free-format MPS, in chunks of text: minimising minus the
 * objective (MIN is the only sense every reader agrees on), without the objective's constant (the
 * caller adds it back). Numbers are in JavaScript's shortest round-trip form, so the file holds
 * the LP exactly. The head (rows, and columns with their costs) is kept while the row senses and
 * costs stay the same: variants change bounds, so a re-solve writes only the right-hand sides and
 * bounds again.
 */
export function mpsWriter(): (lp: LinearProgram) => string[] {
  let head: { senses: string; costs: Float64Array; matrix: Int32Array; chunks: string[] } | undefined;
  return (lp) => {
    const senses = rowSenses(lp);
    const sameHead = head !== undefined && head.senses === senses && head.matrix === lp.indices && equalArrays(head.costs, lp.colCost);
    if (!sameHead) head = { senses, costs: lp.colCost.slice(), matrix: lp.indices, chunks: writeHead(lp, senses) };
    return [...head!.chunks, ...writeTail(lp, senses)];
  };
}

/** The whole LP as free MPS (see mpsWriter). */
export function writeMps(lp: LinearProgram): string[] {
  return mpsWriter()(lp);
}

function rowSenses(lp: LinearProgram): string {
  let senses = '';
  for (let row = 0; row < lp.numRows; row += 1) {
    const lower = lp.rowLower[row]!;
    const upper = lp.rowUpper[row]!;
    senses += lower === upper ? 'E' : lower === -Infinity && upper !== Infinity ? 'L' : 'G';
  }
  return senses;
}

function equalArrays(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

function writeHead(lp: LinearProgram, senses: string): string[] {
  const text = chunked();
  text.add('NAME chokepoint FREE\nROWS\n N obj\n');
  const rowNames = Array.from({ length: lp.numRows }, (_, row) => mpsRowName(row));
  for (let row = 0; row < lp.numRows; row += 1) text.add(` ${senses[row]} ${rowNames[row]}\n`);
  text.add('COLUMNS\n');
  for (let column = 0; column < lp.numCols; column += 1) {
    const name = mpsColumnName(column);
    const cost = lp.colCost[column]!;
    let lines = cost !== 0 ? ` ${name} obj ${-cost}\n` : '';
    for (let entry = lp.starts[column]!; entry < lp.starts[column + 1]!; entry += 1) lines += ` ${name} ${rowNames[lp.indices[entry]!]} ${lp.values[entry]!}\n`;
    text.add(lines);
  }
  return text.done();
}

function writeTail(lp: LinearProgram, senses: string): string[] {
  const text = chunked();
  text.add('RHS\n');
  let ranges = '';
  for (let row = 0; row < lp.numRows; row += 1) {
    const lower = lp.rowLower[row]!;
    const upper = lp.rowUpper[row]!;
    const sense = senses[row];
    const rhs = sense === 'L' ? upper : lower === -Infinity ? -MPS_INFINITY : lower;
    if (rhs !== 0) text.add(` rhs ${mpsRowName(row)} ${rhs}\n`);
    if (sense === 'G' && lower !== -Infinity && upper !== Infinity) ranges += ` rng ${mpsRowName(row)} ${upper - lower}\n`;
  }
  if (ranges !== '') text.add(`RANGES\n${ranges}`);
  text.add('BOUNDS\n');
  for (let column = 0; column < lp.numCols; column += 1) {
    const bounds = boundLines(mpsColumnName(column), lp.colLower[column]!, lp.colUpper[column]!);
    if (bounds !== '') text.add(bounds);
  }
  text.add('ENDATA\n');
  return text.done();
}

/**
 * A column's bounds where they differ from MPS's default [0, +inf). UP comes before LO: some
 * readers take a negative UP on a column whose lower bound is still 0 to mean a free lower bound.
 */
function boundLines(name: string, lower: number, upper: number): string {
  if (lower === upper) return ` FX bnd ${name} ${lower}\n`;
  if (lower === -Infinity && upper === Infinity) return ` FR bnd ${name}\n`;
  let lines = lower === -Infinity ? ` MI bnd ${name}\n` : '';
  if (upper !== Infinity) lines += ` UP bnd ${name} ${upper}\n`;
  if (lower !== -Infinity && (lower !== 0 || upper < 0)) lines += ` LO bnd ${name} ${lower}\n`;
  return lines;
}
