import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Validated } from '../model/issues.ts';
import { networkFromText } from '../model/load-network.ts';
import type { Network } from '../model/network.ts';
import { scenarioFromText } from '../scenario/load-scenario.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { candidatesFromText, type CandidateSet } from '../scenario/candidates.ts';
import { hazardsFromText, type HazardSet } from '../scenario/hazards.ts';
import { sensitivityFromText, type SensitivityParameter } from '../scenario/sensitivity.ts';
import { backtestFromText, type BacktestCase } from '../scenario/backtests.ts';

/** Shipped datasets live in the package's data folder; this module may run from src/io or a bundle in dist. */
export const DATA_DIRECTORY = findDataDirectory(dirname(fileURLToPath(import.meta.url)));

function findDataDirectory(start: string): string {
  for (let directory = start; ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'data', 'networks'))) return join(directory, 'data');
    if (dirname(directory) === directory) return resolve(start, '../../data');
  }
}
const NETWORKS = join(DATA_DIRECTORY, 'networks');
const SCENARIOS = join(DATA_DIRECTORY, 'scenarios');
const CANDIDATES = join(DATA_DIRECTORY, 'candidates');
const HAZARDS = join(DATA_DIRECTORY, 'hazards');

export interface BuiltinEntry {
  readonly id: string;
  readonly path: string;
}

function listYaml(directory: string): BuiltinEntry[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ id: name.replace(/\.yaml$/, ''), path: join(directory, name) }));
}

export function builtinNetworks(): BuiltinEntry[] {
  return listYaml(NETWORKS);
}

export function builtinScenarios(): BuiltinEntry[] {
  return listYaml(SCENARIOS);
}

export function builtinCandidates(): BuiltinEntry[] {
  return listYaml(CANDIDATES);
}

export function builtinHazards(): BuiltinEntry[] {
  return listYaml(HAZARDS);
}

function readText(path: string, label: string): Validated<string> {
  try {
    return { ok: true, value: readFileSync(path, 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    return { ok: false, issues: [{ code: 'unreadable-file', path: [], message: `cannot read ${label} "${path}": ${reason}`, file: path }] };
  }
}

/** Finds a built-in by id, or a file by path; an unknown bare id lists the built-ins. */
function locateFile(reference: string, builtins: readonly BuiltinEntry[], label: string, baseDirectory: string): Validated<{ path: string; name: string }> {
  const builtin = builtins.find((entry) => entry.id === reference);
  const looksLikePath = /[/\\]|\.(ya?ml|json)$/i.test(reference);
  if (!builtin && !looksLikePath) {
    const known = builtins.map((entry) => entry.id).join(', ');
    return { ok: false, issues: [{ code: 'unknown-id', path: [], message: `unknown ${label} "${reference}": give a file path or a built-in id (${known})` }] };
  }
  const path = builtin?.path ?? (isAbsolute(reference) ? reference : resolve(baseDirectory, reference));
  return { ok: true, value: { path, name: builtin ? `${reference} (built-in)` : path } };
}

/** A network by built-in id or by path (relative paths against `baseDirectory`). */
export function loadNetwork(reference: string, baseDirectory = process.cwd()): Validated<Network> {
  const located = locateFile(reference, builtinNetworks(), 'network', baseDirectory);
  if (!located.ok) return located;
  const text = readText(located.value.path, 'network file');
  if (!text.ok) return text;
  return networkFromText(text.value, located.value.name);
}

/**
 * A file that names a network (scenario, candidates, hazards), by built-in id or by path; the
 * network it names resolves next to the file.
 */
function loadWithNetwork<T>(reference: string, builtins: readonly BuiltinEntry[], label: { id: string; file: string }, baseDirectory: string, fromText: (text: string, path: string, findNetwork: (network: string) => Validated<Network>) => Validated<T>): Validated<T & { readonly path: string }> {
  const located = locateFile(reference, builtins, label.id, baseDirectory);
  if (!located.ok) return located;
  const { path } = located.value;
  const text = readText(path, label.file);
  if (!text.ok) return text;
  const loaded = fromText(text.value, path, (network) => loadNetwork(network, dirname(path)));
  return loaded.ok ? { ok: true, value: { ...loaded.value, path } } : loaded;
}

/** A scenario by built-in id or by path. */
export function loadScenario(reference: string, baseDirectory = process.cwd()): Validated<Scenario> {
  return loadWithNetwork(reference, builtinScenarios(), { id: 'scenario', file: 'scenario file' }, baseDirectory, scenarioFromText);
}

/** A file of bypass candidates by built-in id or by path. */
export function loadCandidates(reference: string, baseDirectory = process.cwd()): Validated<CandidateSet & { readonly path: string }> {
  return loadWithNetwork(reference, builtinCandidates(), { id: 'candidates file', file: 'candidates file' }, baseDirectory, candidatesFromText);
}

/** A hazards file by built-in id (named after its network) or by path. */
export function loadHazards(reference: string, baseDirectory = process.cwd()): Validated<HazardSet> {
  return loadWithNetwork(reference, builtinHazards(), { id: 'hazards file', file: 'hazards file' }, baseDirectory, hazardsFromText);
}

/** The built-in sensitivity ranges of a network (data/sensitivity/<network id>.yaml); undefined when it has none. */
export function loadSensitivity(network: Network): Validated<readonly SensitivityParameter[]> | undefined {
  const path = join(DATA_DIRECTORY, 'sensitivity', `${network.id}.yaml`);
  if (!existsSync(path)) return undefined;
  const text = readText(path, 'sensitivity file');
  if (!text.ok) return text;
  return sensitivityFromText(text.value, path, network);
}

export function builtinBacktests(): BuiltinEntry[] {
  return listYaml(join(DATA_DIRECTORY, 'backtests'));
}

/** One backtest case: a built-in id (data/backtests) or a path. */
export function loadBacktest(reference: string, baseDirectory = process.cwd()): Validated<BacktestCase> {
  const located = locateFile(reference, builtinBacktests(), 'backtest', baseDirectory);
  if (!located.ok) return located;
  const text = readText(located.value.path, 'backtest file');
  if (!text.ok) return text;
  return backtestFromText(text.value, located.value.path, (network) => loadNetwork(network, dirname(located.value.path)));
}
