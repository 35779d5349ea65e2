import { checkRun } from '../src/analysis/invariants.ts';
import { runScenario } from '../src/analysis/run.ts';
import type { RunResult } from '../src/analysis/result-schema.ts';
import { networkFromText } from '../src/model/load-network.ts';
import { renderIssue } from '../src/model/issues.ts';
import { scenarioFromText } from '../src/scenario/load-scenario.ts';
import type { Scenario } from '../src/scenario/scenario.ts';

/** Builds a scenario from inline YAML texts (the scenario's `network:` value is ignored). */
export function scenarioOf(networkYaml: string, scenarioYaml: string): Scenario {
  const network = networkFromText(networkYaml, 'network.yaml');
  if (!network.ok) throw new Error(network.issues.map(renderIssue).join('\n'));
  const scenario = scenarioFromText(scenarioYaml, 'scenario.yaml', () => network);
  if (!scenario.ok) throw new Error(scenario.issues.map(renderIssue).join('\n'));
  return scenario.value;
}

/** Solves, checks the physics of both runs and returns the result. */
export async function solved(scenario: Scenario): Promise<RunResult> {
  const outcome = await runScenario(scenario);
  if (outcome.status !== 'optimal') throw new Error(`${outcome.status}: ${outcome.message}`);
  const violations = [...checkRun(outcome.solve.layout, outcome.solve.baseline), ...checkRun(outcome.solve.layout, outcome.solve.scenario)];
  if (violations.length > 0) throw new Error(`physics violated:\n${violations.slice(0, 10).join('\n')}`);
  return outcome.result;
}

export function assertInDelta(actual: number, expected: number, delta: number, what: string): void {
  if (!(Math.abs(actual - expected) <= delta)) {
    throw new Error(`${what}: expected ${expected} ± ${delta}, got ${actual}`);
  }
}

export const route = (rows: readonly { route: string; tonnes: number }[], name: string) => rows.find((row) => row.route === name)?.tonnes ?? 0;

const QUANTITY = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*\S+\s*$/;

/**
 * Every figure in a shipped file is `{ value, source | estimate }`, never a bare quantity; equity
 * shares may be bare when the asset that lists them names its source, and an event's remaining
 * capacity when the event does.
 */
export function unsourced(value: unknown, path: string, found: string[], sharesSourced = false): string[] {
  if (Array.isArray(value)) value.forEach((item, index) => unsourced(item, `${path}[${index}]`, found, sharesSourced));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.value === 'string' && !record.source && !record.estimate) found.push(path);
    const covered = sharesSourced || typeof record.source === 'string';
    for (const [key, inner] of Object.entries(record)) {
      if (key === 'value') continue;
      const bare = typeof inner === 'string' && QUANTITY.test(inner) && !['id', 'from', 'to', 'start', 'end', 'date', 'by', 'referenceDate', 'name', 'note'].includes(key);
      // A gas fill target or demand step is one figure written as several fields: its own source covers them.
      const figureRecord = typeof record.source === 'string' || typeof record.estimate === 'string';
      const coveredHere = (key === 'share' && (sharesSourced || figureRecord)) || (key === 'remaining' && typeof record.source === 'string') || (['penalty', 'price'].includes(key) && figureRecord && !('kind' in record));
      if (bare && !coveredHere) found.push(`${path}.${key}`);
      else unsourced(inner, `${path}.${key}`, found, key === 'owners' ? covered : sharesSourced);
    }
  }
  return found;
}
