import type { Validated } from './issues.ts';
import type { Network } from './network.ts';
import { networkSchema } from './network-schema.ts';
import { locate, parseWithSchema } from './parse-document.ts';
import { checkNetwork, resolveNetwork } from './resolve-network.ts';

/** Parses, checks and resolves a network from YAML or JSON text; `file` names it in messages. */
export function networkFromText(text: string, file: string): Validated<Network> {
  const parsed = parseWithSchema(text, file, networkSchema);
  if (!parsed.ok) return parsed;
  const network = resolveNetwork(parsed.value.value);
  const issues = checkNetwork(network);
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  return { ok: true, value: network };
}
