// One benchmark case in its own process, so peak memory is this case's alone.
// Usage: node --import tsx bench/case.ts <scenario> <copies> <days|all> <repeats> [dump-prefix]
import { writeFileSync } from 'node:fs';
import { buildResult } from '../src/analysis/impact.ts';
import { loadScenario } from '../src/io/files.ts';
import { renderIssue } from '../src/model/issues.ts';
import { buildLp, layoutLp } from '../src/solve/build-lp.ts';
import { highsRuntime } from '../src/solve/highs.ts';
import { solveScenario } from '../src/solve/solve.ts';
import { commodityGraph } from '../src/solve/structure.ts';
import { buildTimeline } from '../src/scenario/timeline.ts';
import { scaledScenario } from './synthetic.ts';

const [reference = 'cpc-2022-ban', copiesText = '1', daysText = 'all', repeatsText = '5', dump] = process.argv.slice(2);
const loaded = loadScenario(reference);
if (!loaded.ok) {
  console.error(loaded.issues.map(renderIssue).join('\n'));
  process.exit(2);
}
const copies = Number(copiesText);
const scenario = copies === 1 && daysText === 'all' ? loaded.value : scaledScenario(loaded.value, copies, daysText === 'all' ? undefined : Number(daysText));
const highs = await highsRuntime();

const runs: { totalMs: number; buildMs: number; solveMs: number; baselineMs: number; accountMs: number; iterations: number }[] = [];
let size = { columns: 0, rows: 0, nonZeros: 0 };
for (let repeat = 0; repeat < Number(repeatsText); repeat += 1) {
  const start = performance.now();
  const outcome = await solveScenario(scenario);
  if (outcome.status !== 'optimal') {
    console.error(`${outcome.status}: ${outcome.message}`);
    process.exit(1);
  }
  const accountStart = performance.now();
  buildResult(scenario, outcome);
  const end = performance.now();
  size = outcome.size;
  runs.push({
    totalMs: end - start,
    buildMs: outcome.timings.buildMs,
    solveMs: outcome.timings.solveBaselineMs + outcome.timings.solveScenarioMs,
    baselineMs: outcome.timings.solveBaselineMs,
    accountMs: end - accountStart,
    iterations: outcome.baseline.iterations + outcome.scenario.iterations,
  });
}

if (dump) {
  // The scenario LP as sparse arrays, for the native comparison (bench/native.py).
  const timelines = [buildTimeline(scenario, false), buildTimeline(scenario, true)];
  const layout = layoutLp(commodityGraph(timelines[0]!.network), timelines);
  const finite = (values: Float64Array) => Array.from(values, (value) => (Number.isFinite(value) ? value : null));
  for (const [label, timeline] of [['baseline', timelines[0]!], ['scenario', timelines[1]!]] as const) {
    const lp = buildLp(layout, timeline);
    writeFileSync(`${dump}.${label}.json`, JSON.stringify({ numCols: lp.numCols, numRows: lp.numRows, colCost: Array.from(lp.colCost), colLower: finite(lp.colLower), colUpper: finite(lp.colUpper), rowLower: finite(lp.rowLower), rowUpper: finite(lp.rowUpper), starts: Array.from(lp.starts), indices: Array.from(lp.indices), values: Array.from(lp.values) }));
  }
}

console.log(JSON.stringify({ scenario: scenario.id, days: scenario.dates.length, size, runs, maxRssMb: process.resourceUsage().maxRSS / 1024, wasmHeapMb: highs.memoryBytes / 2 ** 20 }));
