import { buildResult } from '../analysis/impact.ts';
import { runScenario } from '../analysis/run.ts';
import { loadScenario } from '../io/files.ts';
import type { RollingOutcome } from '../operations/rolling.ts';
import { usd, table } from './format.ts';

/** The July 2022 scenarios docs/operations.md runs in both modes. */
export const JULY_2022 = ['cpc-2022-ban', 'cpc-2022-ban-lifted', 'cpc-2022-ban-bypass'] as const;

/**
 * Each scenario run rolling (a 30-day look-ahead re-planned daily unless its operations say otherwise) beside the same scenario with
 * hindsight, as `chokepoint run ID` and `chokepoint run ID --mode hindsight` print them.
 */
export async function modesTable(ids: readonly string[] = JULY_2022): Promise<string> {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const id of ids) {
    const loaded = loadScenario(id);
    if (!loaded.ok) throw new Error(`scenario ${id} does not load`);
    const scenario = loaded.value;
    const rolling = await runScenario({ ...scenario, operations: { lookaheadDays: 30, replanDays: 1, ...scenario.operations, mode: 'rolling' } });
    const hindsight = await runScenario({ ...scenario, operations: { lookaheadDays: 30, replanDays: 1, ...scenario.operations, mode: 'hindsight' } });
    if (rolling.status !== 'optimal' || hindsight.status !== 'optimal') throw new Error(`scenario ${id} has no optimum`);
    const r = rolling.result;
    const h = hindsight.result;
    const mt = (tonnes: number) => `${(tonnes / 1e6).toFixed(3)} Mt`;
    rows.push([id, usd(h.impact.netbackLostUsd), usd(r.impact.netbackLostUsd), usd(r.operations.valueOfForesightUsd ?? 0), mt(h.impact.productionShutInTonnes), mt(r.impact.productionShutInTonnes), mt(h.impact.peakStockBuiltTonnes), mt(r.impact.peakStockBuiltTonnes), `${r.operations.reusedSteps ?? 0} of ${r.operations.steps ?? 0}`]);
    // The baselines of the two modes: what the rolling operators' price forecast costs in a normal period.
    const solve = rolling.solve as RollingOutcome;
    if (solve.operations) {
      const baselines = buildResult(scenario, { ...solve, baseline: solve.operations.hindsightBaseline, scenario: solve.baseline });
      notes.push(`${id} ${usd(baselines.impact.netbackLostUsd)}`);
    }
  }
  const header = ['scenario', 'netback lost, hindsight', 'rolling', 'value of foresight', 'shut in, hindsight', 'rolling', 'peak stock built, hindsight', 'rolling', 'rolling steps taken over'];
  return `${table(header, rows)}\nbaseline decided rolling, netback below the hindsight baseline's: ${notes.join(', ')}\n`;
}
