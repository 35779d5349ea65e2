import type { LinearProgram } from './build-lp.ts';
import type { SolverModel } from './backends/index.ts';

type Model = Pick<SolverModel, 'changeColsCost' | 'changeColsBounds' | 'changeRowsBounds' | 'changeObjectiveOffset'>;

/** Bounds a variant gives a run of columns or rows, in place of its reference LP's. */
export interface BoundsPatch {
  readonly on: 'columns' | 'rows';
  readonly first: number;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** Changes a HiGHS model from one LP to another (same structure), sending only what differs. */
export interface LiveLp {
  /** The LP the model holds now; owned by this object. */
  readonly current: () => LinearProgram;
  /** Loads a whole LP (the caller gives it up). */
  load(target: LinearProgram): void;
  /**
   * Loads `reference` with `patches` in place of its bounds there. After a first such load,
   * the next ones on the same reference compare only the patched runs, old and new: a variant of
   * a risk window changes a few hundred bounds of tens of thousands.
   */
  loadPatched(reference: LinearProgram, patches: readonly BoundsPatch[]): void;
}

export function liveLp(model: Model, loaded: LinearProgram): LiveLp {
  let current = loaded;
  // While set, `current` is `reference` with these patches (and `current` is this object's own copy).
  let patched: { reference: LinearProgram; patches: readonly BoundsPatch[] } | undefined;
  return {
    current: () => current,
    load(target) {
      applyChanges(model, current, target);
      current = target;
      patched = undefined;
    },
    loadPatched(reference, patches) {
      if (!patched || patched.reference !== reference) {
        const target = copyBounds(reference);
        for (const patch of patches) {
          (patch.on === 'columns' ? target.colLower : target.rowLower).set(patch.lower, patch.first);
          (patch.on === 'columns' ? target.colUpper : target.rowUpper).set(patch.upper, patch.first);
        }
        applyChanges(model, current, target);
        current = target;
        patched = { reference, patches };
        return;
      }
      // Outside the old and the new patches both LPs are the reference: costs and offset too.
      const columns = changedWithin('columns', reference.colLower, reference.colUpper, current.colLower, current.colUpper, patched.patches, patches);
      if (columns.length > 0) {
        const indices = [...columns];
        const pick = (array: Float64Array) => Float64Array.from(indices, (column) => array[column]!);
        model.changeColsCost({ kind: 'set', indices }, pick(current.colCost));
        model.changeColsBounds({ kind: 'set', indices }, pick(current.colLower), pick(current.colUpper));
      }
      const rows = changedWithin('rows', reference.rowLower, reference.rowUpper, current.rowLower, current.rowUpper, patched.patches, patches);
      if (rows.length > 0) {
        const indices = [...rows];
        model.changeRowsBounds(
          { kind: 'set', indices },
          Float64Array.from(indices, (row) => current.rowLower[row]!),
          Float64Array.from(indices, (row) => current.rowUpper[row]!),
        );
      }
      patched = { reference, patches };
    },
  };
}

/**
 * Indices (ascending) within the old or the new patches where the new bounds differ from what
 * `currentLower`/`currentUpper` hold; those are updated to the new bounds.
 */
function changedWithin(
  on: BoundsPatch['on'],
  referenceLower: Float64Array,
  referenceUpper: Float64Array,
  currentLower: Float64Array,
  currentUpper: Float64Array,
  before: readonly BoundsPatch[],
  after: readonly BoundsPatch[],
): number[] {
  const incoming = after.filter((patch) => patch.on === on).sort((a, b) => a.first - b.first);
  const ranges = [...before.filter((patch) => patch.on === on), ...incoming].map((patch) => [patch.first, patch.first + patch.lower.length] as const).sort((a, b) => a[0] - b[0]);
  const changed: number[] = [];
  let next = 0;
  let position = 0;
  for (const [first, end] of ranges) {
    for (let index = Math.max(first, next); index < end; index += 1) {
      while (position < incoming.length && incoming[position]!.first + incoming[position]!.lower.length <= index) position += 1;
      const patch = incoming[position];
      const inPatch = patch !== undefined && patch.first <= index;
      const lower = inPatch ? patch.lower[index - patch.first]! : referenceLower[index]!;
      const upper = inPatch ? patch.upper[index - patch.first]! : referenceUpper[index]!;
      if (lower !== currentLower[index] || upper !== currentUpper[index]) {
        currentLower[index] = lower;
        currentUpper[index] = upper;
        changed.push(index);
      }
    }
    next = Math.max(next, end);
  }
  return changed;
}

/** A copy of an LP whose bounds can be edited without touching the original. */
export function copyBounds(lp: LinearProgram): LinearProgram {
  return { ...lp, colLower: lp.colLower.slice(), colUpper: lp.colUpper.slice(), rowLower: lp.rowLower.slice(), rowUpper: lp.rowUpper.slice() };
}

function applyChanges(model: Model, from: LinearProgram, to: LinearProgram): void {
  const changedColumns: number[] = [];
  for (let column = 0; column < from.numCols; column += 1) {
    if (from.colCost[column] !== to.colCost[column] || from.colUpper[column] !== to.colUpper[column] || from.colLower[column] !== to.colLower[column]) {
      changedColumns.push(column);
    }
  }
  if (changedColumns.length > 0) {
    const pick = (array: Float64Array) => Float64Array.from(changedColumns, (column) => array[column]!);
    model.changeColsCost({ kind: 'set', indices: changedColumns }, pick(to.colCost));
    model.changeColsBounds({ kind: 'set', indices: changedColumns }, pick(to.colLower), pick(to.colUpper));
  }
  const changedRows: number[] = [];
  for (let row = 0; row < from.numRows; row += 1) {
    if (from.rowLower[row] !== to.rowLower[row] || from.rowUpper[row] !== to.rowUpper[row]) changedRows.push(row);
  }
  if (changedRows.length > 0) {
    model.changeRowsBounds(
      { kind: 'set', indices: changedRows },
      Float64Array.from(changedRows, (row) => to.rowLower[row]!),
      Float64Array.from(changedRows, (row) => to.rowUpper[row]!),
    );
  }
  if (from.offset !== to.offset) model.changeObjectiveOffset(to.offset);
}
