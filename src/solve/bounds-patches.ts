import type { Timeline } from '../scenario/timeline.ts';
import { writeAllocationBounds } from '../operations/allocation.ts';
import { TONNES_PER_UNIT, type BoundsBlock, type LinearProgram, type LpLayout } from './build-lp.ts';
import { copyBounds, type BoundsPatch } from './live-lp.ts';

/** The allocation rows' bounds of a variant: each pro-rata rule in force where it has less capacity than `reference`. */
export function allocationPatch(layout: LpLayout, timeline: Timeline, reference: Timeline): BoundsPatch | undefined {
  const { groups } = layout.allocation;
  if (groups.length === 0) return undefined;
  const first = layout.rows.allocation[0]!;
  const count = groups.reduce((sum, group) => sum + group.shippers.length * layout.days, 0);
  const lower = new Float64Array(count);
  const upper = new Float64Array(count);
  groups.forEach((group, k) => writeAllocationBounds(group, timeline, reference, TONNES_PER_UNIT, lower, upper, layout.rows.allocation[k]! - first));
  return { on: 'rows', first, lower, upper };
}

/** The bounds of `timeline` in every block whose series are not `reference`'s own. */
export function boundsPatches(blocks: readonly BoundsBlock[], timeline: Timeline, reference: Timeline): BoundsPatch[] {
  const patches: BoundsPatch[] = [];
  for (const block of blocks) {
    const inputs = block.inputs(timeline);
    const referenceInputs = block.inputs(reference);
    if (inputs.every((series, index) => series === referenceInputs[index])) continue;
    const lower = new Float64Array(block.count);
    const upper = new Float64Array(block.count);
    block.write(timeline, lower, upper, 0);
    patches.push({ on: block.on, first: block.first, lower, upper });
  }
  return patches;
}

/**
 * `reference` (the LP of `referenceTimeline`, without its matrix) as the LP of `timeline`, when
 * the two timelines differ only in capacities that outages took away (applyOutages shares every
 * series an event leaves alone) and the LP's costs and end values do not read them: the bounds of
 * every block whose series differ, and the allocation rows (pro-rata rules are in force where
 * `timeline` has less than its reference). Costs are shared with `reference`, not copied.
 */
export function patchedLp(reference: LinearProgram, layout: LpLayout, blocks: readonly BoundsBlock[], timeline: Timeline, referenceTimeline: Timeline): LinearProgram {
  const lp = copyBounds(reference);
  const patches = boundsPatches(blocks, timeline, referenceTimeline);
  const allocation = allocationPatch(layout, timeline, referenceTimeline);
  if (allocation) patches.push(allocation);
  for (const patch of patches) {
    (patch.on === 'columns' ? lp.colLower : lp.rowLower).set(patch.lower, patch.first);
    (patch.on === 'columns' ? lp.colUpper : lp.rowUpper).set(patch.upper, patch.first);
  }
  return lp;
}
