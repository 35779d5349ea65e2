import type { ValidationIssue, Validated } from '../model/issues.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { backtestFileSchema, type BacktestFile } from './backtest-schema.ts';
import type { NetworkResolver } from './load-scenario.ts';
import { resolveScenario } from './resolve-scenario.ts';
import type { Scenario } from './scenario.ts';

/** A backtest case resolved against its network. */
export interface BacktestCase {
  readonly id: string;
  readonly record: string;
  readonly name: string;
  readonly scenario: Scenario;
  readonly estimates: readonly string[];
  readonly observed: BacktestFile['observed'];
}

export function backtestFromText(text: string, file: string, findNetwork: NetworkResolver): Validated<BacktestCase> {
  const parsed = parseWithSchema(text, file, backtestFileSchema);
  if (!parsed.ok) return parsed;
  const data = parsed.value.value;
  const network = findNetwork(data.scenario.network);
  if (!network.ok) return { ok: false, issues: network.issues.map((issue) => (issue.file ? issue : { ...issue, file, path: ['scenario', 'network', ...issue.path] })) };
  const scenario = resolveScenario(data.scenario, network.value);
  if (!scenario.ok) return { ok: false, issues: locate(scenario.issues.map((issue) => ({ ...issue, path: ['scenario', ...issue.path] })), file, parsed.value.parsed) };
  const issues: ValidationIssue[] = [];
  const nodes = new Set(network.value.nodes.map((node) => node.id));
  const links = new Set(network.value.links.map((link) => link.id));
  data.observed.forEach((observation, index) => {
    const metric = observation.metric;
    const path = ['observed', index, 'metric'];
    if (metric.kind === 'linkFlowPerDay') metric.links.forEach((link, position) => links.has(link) || issues.push({ code: 'unknown-asset', path: [...path, 'links', position], message: `"${link}" is not a link of network "${network.value.id}"` }));
    else metric.fields.forEach((field, position) => nodes.has(field) || issues.push({ code: 'unknown-asset', path: [...path, 'fields', position], message: `"${field}" is not a field of network "${network.value.id}"` }));
    if (metric.kind === 'productionChange' && !scenario.value.dates.includes(metric.date)) issues.push({ code: 'out-of-range', path: [...path, 'date'], message: `${metric.date} is outside the scenario's horizon` });
    if (metric.kind === 'linkFlowPerDay' && observation.unit === 'bbl/d' && metric.barrelsPerTonne === undefined) issues.push({ code: 'missing-conversion', path: [...path, 'barrelsPerTonne'], message: 'an observation in bbl/d needs barrelsPerTonne' });
  });
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  return { ok: true, value: { id: data.id, record: data.record, name: data.name, scenario: scenario.value, estimates: data.estimates, observed: data.observed } };
}
