import type { LinearProgram } from './build-lp.ts';
import type { BoundsPatch } from './live-lp.ts';

/**
 * An optimum already in hand for an LP, with the row activities it implies. A variant that only
 * narrows that LP's bounds (an outage, a closure) and that this optimum still satisfies has the
 * same optimum: its feasible set lies inside the reference's, the objective is the same, and the
 * point is in it. Started from the reference's basis the simplex would stop at once on the same
 * point (primal and dual feasible, no iteration), so skipping the solve changes no answer. N-1
 * over a network of many idle assets (links that carry nothing in the window, FSRUs not yet in
 * service) saves most of its solves this way.
 */
export interface KnownOptimum {
  readonly columns: Float64Array;
  readonly rows: Float64Array;
  readonly reference: LinearProgram;
}

/** Within the solver's primal tolerance (1e-7) by a wide margin, so the skipped solve would not iterate either. */
export const KNOWN_OPTIMUM_TOLERANCE = 1e-9;

/**
 * The optimum `columns` of `solved` (an LP with its matrix), usable for variants of `reference`
 * (which may hold costs and bounds only) if the two are the same LP: same costs, offset and
 * bounds on one layout. Otherwise undefined.
 */
export function knownOptimum(reference: LinearProgram, solved: LinearProgram, columns: Float64Array): KnownOptimum | undefined {
  if (reference.numCols !== solved.numCols || reference.numRows !== solved.numRows || reference.offset !== solved.offset) return undefined;
  const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((value, index) => value === b[index]);
  if (!same(reference.colCost, solved.colCost) || !same(reference.colLower, solved.colLower) || !same(reference.colUpper, solved.colUpper)) return undefined;
  if (!same(reference.rowLower, solved.rowLower) || !same(reference.rowUpper, solved.rowUpper)) return undefined;
  return { columns, rows: rowActivities(solved, columns), reference: solved };
}

/** A·x for an LP in CSC form. */
export function rowActivities(lp: LinearProgram, columns: Float64Array): Float64Array {
  const rows = new Float64Array(lp.numRows);
  for (let column = 0; column < lp.numCols; column += 1) {
    const value = columns[column]!;
    if (value === 0) continue;
    for (let entry = lp.starts[column]!; entry < lp.starts[column + 1]!; entry += 1) rows[lp.indices[entry]!]! += lp.values[entry]! * value;
  }
  return rows;
}

/**
 * Whether the reference LP with `patches` in place of its bounds keeps the known optimum: every
 * patched bound is at least as tight as the reference's, and the optimum lies within it.
 */
export function keepsOptimum(known: KnownOptimum, patches: readonly BoundsPatch[], tolerance = KNOWN_OPTIMUM_TOLERANCE): boolean {
  const { reference } = known;
  for (const patch of patches) {
    const columns = patch.on === 'columns';
    const values = columns ? known.columns : known.rows;
    const referenceLower = columns ? reference.colLower : reference.rowLower;
    const referenceUpper = columns ? reference.colUpper : reference.rowUpper;
    for (let offset = 0; offset < patch.lower.length; offset += 1) {
      const index = patch.first + offset;
      const lower = patch.lower[offset]!;
      const upper = patch.upper[offset]!;
      if (lower < referenceLower[index]! || upper > referenceUpper[index]!) return false;
      const value = values[index]!;
      if (value < lower - tolerance || value > upper + tolerance) return false;
    }
  }
  return true;
}
