import { existsSync, readdirSync } from 'node:fs';
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
import { readBoundedText } from './read-bounded.ts';

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

/**
 * What a loader may reach. The CLI reads the user's own files (`paths`); the HTTP API serves
 * people who are not the machine's owner, so it knows only the shipped ids and documents sent
 * inline (`builtin`), and never touches a path it is given, not even to say it does not exist.
 */
export type FileAccess = 'paths' | 'builtin';

/** A document given by reference: a built-in id, a path (CLI only), or the document itself (inline). */
export type DocumentReference = string | { readonly [key: string]: unknown };

interface Located {
  readonly text: string;
  /** Names the document in messages. */
  readonly name: string;
  /** Where references inside it resolve; undefined for built-ins and inline documents. */
  readonly path?: string;
}

function locate(reference: DocumentReference, builtins: readonly BuiltinEntry[], label: string, baseDirectory: string, access: FileAccess): Validated<Located> {
  if (typeof reference !== 'string') return { ok: true, value: { text: JSON.stringify(reference, null, 2), name: `${label} (inline)` } };
  const builtin = builtins.find((entry) => entry.id === reference);
  const known = builtins.map((entry) => entry.id).join(', ');
  if (builtin) {
    const text = readBoundedText(builtin.path, `built-in ${label}`);
    return text.ok ? { ok: true, value: { text: text.value, name: `${reference} (built-in)`, path: builtin.path } } : text;
  }
  if (access === 'builtin') {
    return { ok: false, issues: [{ code: 'unknown-id', path: [], message: `unknown ${label} "${clip(reference)}": give a built-in id (${known}) or the document itself; the API reads no files` }] };
  }
  if (!/[/\\]|\.(ya?ml|json)$/i.test(reference)) {
    return { ok: false, issues: [{ code: 'unknown-id', path: [], message: `unknown ${label} "${reference}": give a file path or a built-in id (${known})` }] };
  }
  const path = isAbsolute(reference) ? reference : resolve(baseDirectory, reference);
  const text = readBoundedText(path, `${label} file`);
  return text.ok ? { ok: true, value: { text: text.value, name: path, path } } : text;
}

/** Echoing a long unknown reference back would let a request fill the reply. */
function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function networkLoader(access: FileAccess) {
  return (reference: DocumentReference, baseDirectory: string): Validated<Network> => {
    const located = locate(reference, builtinNetworks(), 'network', baseDirectory, access);
    return located.ok ? networkFromText(located.value.text, located.value.name) : located;
  };
}

type FromText<T> = (text: string, file: string, findNetwork: (network: string) => Validated<Network>) => Validated<T>;

/**
 * A document that names a network (scenario, candidates, hazards); the network it names resolves
 * next to the file, or among the built-ins for built-in and inline documents.
 */
function documentLoader<T>(builtins: () => readonly BuiltinEntry[], label: string, fromText: FromText<T>, access: FileAccess) {
  const loadNetwork = networkLoader(access);
  return (reference: DocumentReference, baseDirectory: string): Validated<T & { readonly path: string }> => {
    const located = locate(reference, builtins(), label, baseDirectory, access);
    if (!located.ok) return located;
    const { text, name, path } = located.value;
    const networkDirectory = path && access === 'paths' ? dirname(path) : baseDirectory;
    const loaded = fromText(text, path ?? name, (network) => loadNetwork(network, networkDirectory));
    return loaded.ok ? { ok: true, value: { ...loaded.value, path: path ?? name } } : loaded;
  };
}

function loaders(access: FileAccess) {
  return {
    network: networkLoader(access),
    scenario: documentLoader<Scenario>(builtinScenarios, 'scenario', scenarioFromText, access),
    candidates: documentLoader<CandidateSet>(builtinCandidates, 'candidates file', candidatesFromText, access),
    hazards: documentLoader<HazardSet>(builtinHazards, 'hazards file', hazardsFromText, access),
    backtest: documentLoader<BacktestCase>(builtinBacktests, 'backtest', backtestFromText, access),
  };
}

/** The CLI's loaders: built-in ids, inline documents and paths (bounded reads of regular files). */
export const pathLoaders = loaders('paths');

/** The server's loaders: built-in ids and inline documents, never a path. */
export const builtinLoaders = loaders('builtin');

/** A network by built-in id or by path (relative paths against `baseDirectory`). */
export function loadNetwork(reference: DocumentReference, baseDirectory = process.cwd()): Validated<Network> {
  return pathLoaders.network(reference, baseDirectory);
}

/** A scenario by built-in id or by path. */
export function loadScenario(reference: DocumentReference, baseDirectory = process.cwd()): Validated<Scenario & { readonly path: string }> {
  return pathLoaders.scenario(reference, baseDirectory);
}

/** A file of bypass candidates by built-in id or by path. */
export function loadCandidates(reference: DocumentReference, baseDirectory = process.cwd()): Validated<CandidateSet & { readonly path: string }> {
  return pathLoaders.candidates(reference, baseDirectory);
}

/** A hazards file by built-in id (named after its network) or by path. */
export function loadHazards(reference: DocumentReference, baseDirectory = process.cwd()): Validated<HazardSet & { readonly path: string }> {
  return pathLoaders.hazards(reference, baseDirectory);
}

/** The built-in sensitivity ranges of a network (data/sensitivity/<network id>.yaml); undefined when it has none. */
export function loadSensitivity(network: Network): Validated<readonly SensitivityParameter[]> | undefined {
  const path = join(DATA_DIRECTORY, 'sensitivity', `${network.id}.yaml`);
  if (!existsSync(path)) return undefined;
  const text = readBoundedText(path, 'sensitivity file');
  if (!text.ok) return text;
  return sensitivityFromText(text.value, path, network);
}

export function builtinBacktests(): BuiltinEntry[] {
  return listYaml(join(DATA_DIRECTORY, 'backtests'));
}

/** One backtest case: a built-in id (data/backtests) or a path. */
export function loadBacktest(reference: DocumentReference, baseDirectory = process.cwd()): Validated<BacktestCase & { readonly path: string }> {
  return pathLoaders.backtest(reference, baseDirectory);
}
