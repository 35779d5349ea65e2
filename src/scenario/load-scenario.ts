import type { Validated } from '../model/issues.ts';
import type { Network } from '../model/network.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { resolveScenario } from './resolve-scenario.ts';
import { scenarioSchema } from './scenario-schema.ts';
import type { Scenario } from './scenario.ts';

/** Finds the network a scenario names (a built-in id or a path); the caller decides how. */
export type NetworkResolver = (reference: string) => Validated<Network>;

export function scenarioFromText(text: string, file: string, findNetwork: NetworkResolver): Validated<Scenario> {
  const parsed = parseWithSchema(text, file, scenarioSchema);
  if (!parsed.ok) return parsed;
  const network = findNetwork(parsed.value.value.network);
  if (!network.ok) {
    return {
      ok: false,
      issues: network.issues.map((issue) => (issue.file ? issue : { ...issue, file, line: parsed.value.parsed.lineOf(['network']), path: ['network', ...issue.path] })),
    };
  }
  const scenario = resolveScenario(parsed.value.value, network.value);
  if (!scenario.ok) return { ok: false, issues: locate(scenario.issues, file, parsed.value.parsed) };
  return scenario;
}
