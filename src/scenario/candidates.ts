import type { ValidationIssue, Validated } from '../model/issues.ts';
import { locate, parseWithSchema } from '../model/parse-document.ts';
import { canonicalRatio } from '../model/resolve-network.ts';
import type { CandidateFile, CandidatesFile } from './candidates-schema.ts';
import { candidatesFileSchema } from './candidates-schema.ts';
import type { NetworkResolver } from './load-scenario.ts';
import { resolveScenario } from './resolve-scenario.ts';
import type { ExpansionEvent, Scenario } from './scenario.ts';

/** A bypass project resolved against a threat scenario's network and dates. */
export interface Candidate {
  readonly id: string;
  readonly name: string;
  readonly capexUsd: number;
  readonly opexUsdPerYear: number;
  readonly leadYears: number;
  readonly lifetimeYears: number;
  /** In service from the first day of the threat's horizon. */
  readonly expansions: readonly ExpansionEvent[];
}

export interface CandidateSet {
  readonly id: string;
  readonly name: string;
  readonly network: string;
  readonly threat?: string | undefined;
  readonly discountRate: number;
  readonly probability?: number | undefined;
  readonly budgetUsd?: number | undefined;
  /** The hazard (hazards file, id) the threat is one event of. */
  readonly hazard?: { readonly hazards: string; readonly id: string } | undefined;
  readonly file: CandidatesFile;
  /** Resolves the candidates against the scenario whose network and dates they will be solved on. */
  readonly resolveFor: (scenario: Scenario) => Validated<Candidate[]>;
}

const numberOf = (input: number | { value: number } | undefined) => (input === undefined ? undefined : typeof input === 'number' ? input : input.value);

export function candidatesFromText(text: string, file: string, findNetwork: NetworkResolver): Validated<CandidateSet> {
  const parsed = parseWithSchema(text, file, candidatesFileSchema);
  if (!parsed.ok) return parsed;
  const data = parsed.value.value;
  const network = findNetwork(data.network);
  if (!network.ok) return { ok: false, issues: network.issues.map((issue) => (issue.file ? issue : { ...issue, file, line: parsed.value.parsed.lineOf(['network']) })) };
  const ids = new Set<string>();
  const issues: ValidationIssue[] = [];
  data.candidates.forEach((candidate, index) => {
    if (ids.has(candidate.id)) issues.push({ code: 'duplicate-id', path: ['candidates', index, 'id'], message: `candidate id "${candidate.id}" is used twice: give each candidate its own id` });
    ids.add(candidate.id);
  });
  if (issues.length > 0) return { ok: false, issues: locate(issues, file, parsed.value.parsed) };
  const resolveFor = (scenario: Scenario): Validated<Candidate[]> => {
    const all: ValidationIssue[] = [];
    const candidates = data.candidates.map((candidate, index) => {
      const resolved = resolveCandidate(candidate, scenario);
      if (!resolved.ok) all.push(...resolved.issues.map((issue) => ({ ...issue, path: ['candidates', index, ...issue.path] })));
      return resolved.ok ? resolved.value : undefined;
    });
    if (all.length > 0) return { ok: false, issues: locate(all, file, parsed.value.parsed) };
    return { ok: true, value: candidates as Candidate[] };
  };
  return {
    ok: true,
    value: {
      id: data.id,
      name: data.name,
      network: data.network,
      threat: data.threat,
      discountRate: canonicalRatio(data.discountRate),
      probability: numberOf(data.probability),
      budgetUsd: numberOf(data.budgetUsd),
      hazard: data.hazard,
      file: data,
      resolveFor,
    },
  };
}

function resolveCandidate(candidate: CandidateFile, scenario: Scenario): Validated<Candidate> {
  const start = scenario.dates[0]!;
  const file = {
    id: `${scenario.id}-${candidate.id}`,
    name: candidate.name,
    network: scenario.network.id,
    horizon: { start, end: scenario.dates[scenario.dates.length - 1]! },
    prices: { benchmark: [{ from: start, price: '1 USD/bbl' }], differentials: {} },
    discountRate: 0,
    foresight: 'myopic' as const,
    events: candidate.changes.map((change) => ({ ...change, type: 'expansion' as const, start })),
  };
  const resolved = resolveScenario(file as Parameters<typeof resolveScenario>[0], scenario.network);
  if (!resolved.ok) return { ok: false, issues: resolved.issues.map((issue) => ({ ...issue, path: issue.path[0] === 'events' ? ['changes', ...issue.path.slice(1)] : issue.path })) };
  return {
    ok: true,
    value: {
      id: candidate.id,
      name: candidate.name,
      capexUsd: numberOf(candidate.capexUsd)!,
      opexUsdPerYear: numberOf(candidate.opexUsdPerYear) ?? 0,
      leadYears: numberOf(candidate.leadYears) ?? 0,
      lifetimeYears: numberOf(candidate.lifetimeYears)!,
      expansions: resolved.value.events.filter((event): event is ExpansionEvent => event.type === 'expansion'),
    },
  };
}
