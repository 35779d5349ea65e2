import { dirname } from 'node:path';
import { analysisBase } from '../analysis/analysis-base.ts';
import { backtestCase, replayOn } from '../analysis/backtest.ts';
import { bypassEconomics } from '../analysis/bypass.ts';
import { criticality } from '../analysis/criticality.ts';
import { leverage } from '../analysis/leverage.ts';
import { ruleCosts, runsOn } from '../analysis/rule-costs.ts';
import { pipelinePower, withExpansions } from '../analysis/power.ts';
import { conditionedRisk, simulateRisk, type RateMode, type RiskCondition } from '../analysis/risk.ts';
import type { WithdrawnReading } from '../analysis/rate-belief.ts';
import { finiteOr, type NonFiniteFailure } from '../analysis/result-schema.ts';
import type { CandidateSet } from '../scenario/candidates.ts';
import type { Hazard } from '../scenario/hazards.ts';
import { decidedBy, type Progress, type VariantRunner } from '../analysis/variants.ts';
import { DEFAULT_ROLLING } from '../operations/rolling.ts';
import { builtinBacktests, type builtinLoaders, type DocumentReference } from '../io/files.ts';
import type { ValidationIssue, Validated } from '../model/issues.ts';
import type { Network, Price } from '../model/network.ts';
import { resolvePrice } from '../model/resolve-network.ts';
import type { ExpansionEvent, Scenario } from '../scenario/scenario.ts';
import type { backtestOperation, bypassOperation, criticalityOperation, leverageOperation, powerOperation, RequestOf, riskOperation, rulesOperation } from './operations.ts';

/**
 * One function per operation, called by the CLI and the server alike. What differs between them
 * is only in the context: the CLI's loaders read paths, the server's know built-in ids and inline
 * documents; each passes its own runner, progress and stop signal.
 */
export interface OperationContext {
  readonly loaders: typeof builtinLoaders;
  /** Where relative references resolve (the CLI's working folder). */
  readonly baseDirectory: string;
  readonly runner: VariantRunner;
  readonly onProgress?: Progress | undefined;
  /** Asked between chunks of work; true stops the operation (risk reports what is done). */
  readonly shouldStop?: () => boolean;
}

/** Bad input found once the documents are loaded; the path starts at the request's field. */
export class OperationInputError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
  }
}

export const invalid = (field: string, code: string, message: string): never => {
  throw new OperationInputError([{ code, path: [field], message }]);
};

/** The value, or an OperationInputError whose issues start at `field`. */
export function need<T>(validated: Validated<T>, ...field: readonly (string | number)[]): T {
  if (!validated.ok) throw new OperationInputError(validated.issues.map((issue) => ({ ...issue, path: [...field, ...issue.path] })));
  return validated.value;
}

/** An analysis's mode as operations (rolling: the default look-ahead and re-plan), and its context's runner decided that way. */
function decided(mode: 'hindsight' | 'rolling', context: OperationContext) {
  const rolling = mode === 'rolling' ? { mode, ...DEFAULT_ROLLING } : undefined;
  return { runner: decidedBy(context.runner, rolling), operations: rolling ?? { mode } };
}

/** The report with the mode its variants were decided in (failures pass through). */
const withOperations = <R extends object>(report: R, operations: ReturnType<typeof decided>['operations']): R => ('status' in report ? report : { ...report, operations });

const priceOf = (text: string | undefined): Price | undefined => (text === undefined ? undefined : resolvePrice(text));

function unknownIds(field: string, wanted: readonly string[] | undefined, known: readonly string[], what: string, network: string): void {
  const missing = (wanted ?? []).filter((candidate) => !known.includes(candidate));
  if (missing.length > 0) invalid(field, `unknown-${what}`, `no ${what} ${missing.map((name) => `"${name.slice(0, 80)}"`).join(', ')} in network ${network}`);
}

type WindowRequest = RequestOf<typeof criticalityOperation> | RequestOf<typeof leverageOperation>;

/** The network and, for a closure length, the base scenario every variant shares. */
function analysisInput(request: WindowRequest, context: OperationContext): { network: Network; baseFor: (closureDays: number) => Scenario } {
  const network = need(context.loaders.network(request.network as DocumentReference, context.baseDirectory), 'network');
  const reference = request.base === undefined ? undefined : need(context.loaders.scenario(request.base as DocumentReference, context.baseDirectory), 'base');
  if (reference && reference.network.id !== network.id) invalid('base', 'network-mismatch', `the base scenario runs on network ${reference.network.id}, not ${network.id}`);
  const price = priceOf(request.price);
  const window = (closureDays: number) => ({ closureDays, recoveryDays: request.recoveryDays, ...(request.start ? { start: request.start } : {}), ...(price ? { price } : {}), ...(reference ? { reference } : {}) });
  need(analysisBase(network, window(1)), 'network');
  return { network, baseFor: (closureDays) => need(analysisBase(network, window(closureDays)), 'network') };
}

export async function runCriticality(request: RequestOf<typeof criticalityOperation>, context: OperationContext) {
  const { network, baseFor } = analysisInput(request, context);
  unknownIds('assets', request.assets, [...network.nodes.map((node) => node.id), ...network.links.map((link) => link.id)], 'asset', network.id);
  const { runner, operations } = decided(request.mode, context);
  return withOperations(await criticality(baseFor(request.days), runner, { closureDays: request.days, order: request.order, topPairs: request.top, ...(request.assets ? { assets: request.assets } : {}), onProgress: context.onProgress }), operations);
}

export async function runLeverage(request: RequestOf<typeof leverageOperation>, context: OperationContext) {
  const { network, baseFor } = analysisInput(request, context);
  unknownIds('actors', request.actors, network.actors.map((actor) => actor.id), 'actor', network.id);
  const { runner, operations } = decided(request.mode, context);
  return withOperations(await leverage(baseFor(request.days), request.days, runner, { levers: request.levers, ...(request.actors ? { actors: request.actors } : {}), ...(request.sweep ? { sweepDays: request.sweep, baseFor } : {}), onProgress: context.onProgress }), operations);
}

/** A bypass built into a network: candidates (all, or the ids given), or a scenario's expansions. */
function bypassExpansions(reference: DocumentReference, picked: readonly string[] | undefined, network: Network, field: string, context: OperationContext): { label: string; expansions: ExpansionEvent[] } {
  const set = context.loaders.candidates(reference, context.baseDirectory);
  if (set.ok) {
    const theirs = context.loaders.network(set.value.network, dirname(set.value.path));
    if (theirs.ok && theirs.value.id !== network.id) invalid(field, 'network-mismatch', `the candidates are for network ${theirs.value.id}, not ${network.id}`);
    const probe = need(analysisBase(network, { closureDays: 1, recoveryDays: 0, price: network.referencePrice ?? { perBarrel: 1, perTonne: 0 } }), field);
    const resolved = need(set.value.resolveFor(probe), field);
    unknownIds(field, picked, resolved.map((candidate) => candidate.id), 'candidate', network.id);
    const chosen = resolved.filter((candidate) => !picked || picked.includes(candidate.id));
    return { label: chosen.map((candidate) => candidate.id).join(' + '), expansions: chosen.flatMap((candidate) => candidate.expansions) };
  }
  const scenario = context.loaders.scenario(reference, context.baseDirectory);
  // Neither candidates nor a scenario: the candidates' complaint is the one to show.
  if (!scenario.ok) need(set, field);
  const value = need(scenario, field);
  if (value.network.id !== network.id) invalid(field, 'network-mismatch', `the scenario runs on network ${value.network.id}, not ${network.id}`);
  const expansions = value.events.filter((event): event is ExpansionEvent => event.type === 'expansion');
  if (expansions.length === 0) invalid(field, 'no-expansions', `scenario ${value.id} has no expansion events to build`);
  return { label: value.id, expansions };
}

export async function runPower(request: RequestOf<typeof powerOperation>, context: OperationContext) {
  const network = need(context.loaders.network(request.network as DocumentReference, context.baseDirectory), 'network');
  const price = priceOf(request.price) ?? network.referencePrice ?? invalid('price', 'missing-price', `network ${network.id} has no benchmark.referencePrice: give a price, e.g. "90 USD/bbl"`);
  if (typeof request.players !== 'string') unknownIds('players', request.players, network.actors.map((actor) => actor.id), 'actor', network.id);
  const bypass = request.bypass ? bypassExpansions(request.bypass.candidates as DocumentReference, request.bypass.ids, network, 'bypass', context) : undefined;
  const { runner, operations } = decided(request.mode, context);
  const report = await pipelinePower(network, request.date ?? network.referenceDate ?? '2022-01-01', price, runner, {
    players: request.players,
    exactLimit: request.exactLimit,
    samples: request.samples,
    seed: request.seed,
    ...(bypass ? { bypass } : {}),
    onProgress: context.onProgress,
  });
  return withOperations(report, operations);
}

export async function runBypass(request: RequestOf<typeof bypassOperation>, context: OperationContext) {
  const set = need(context.loaders.candidates(request.candidates as DocumentReference, context.baseDirectory), 'candidates');
  const threatReference = request.threat ?? set.threat ?? invalid('threat', 'missing-threat', 'the candidates name no threat: give a threat scenario');
  // A threat the candidates name resolves next to their file; one given here, where the caller is.
  const threat = need(context.loaders.scenario(threatReference as DocumentReference, request.threat === undefined ? dirname(set.path) : context.baseDirectory), 'threat');
  const theirs = context.loaders.network(set.network, dirname(set.path));
  if (theirs.ok && theirs.value.id !== threat.network.id) invalid('threat', 'network-mismatch', `the threat ${threat.id} runs on network ${threat.network.id}, but the candidates are for ${theirs.value.id}`);
  const candidates = need(set.resolveFor(threat), 'candidates');
  const probability = request.probability ?? set.probability ?? invalid('probability', 'missing-probability', 'the candidates give no probability of the threat: give one');
  const hazard = threatHazard(request, set, context);
  const { runner, operations } = decided(request.mode, context);
  const report = await bypassEconomics(threat, candidates, runner, {
    probability,
    discountRate: request.discountRate ?? set.discountRate,
    budgetUsd: request.budgetUsd ?? set.budgetUsd,
    rate: hazard ? { hazard, withdrawn: request.withdrawn ?? 'counts' } : undefined,
    mipTimeLimitSeconds: request.mipTimeLimitSeconds,
    onProgress: context.onProgress,
  });
  return withOperations(report, operations);
}

/** The hazard the threat is one event of: the request's, else the one the candidates name. */
function threatHazard(request: RequestOf<typeof bypassOperation>, set: CandidateSet & { readonly path: string }, context: OperationContext): Hazard | undefined {
  const reference = (request.hazards as DocumentReference | undefined) ?? set.hazard?.hazards;
  const hazardId = request.hazard ?? set.hazard?.id;
  if (reference === undefined && hazardId === undefined) return undefined;
  if (reference === undefined || hazardId === undefined) return invalid(reference === undefined ? 'hazards' : 'hazard', 'missing-hazard', 'give both the hazards file and the hazard id (or name the hazard in the candidates file)');
  const hazards = need(context.loaders.hazards(reference, request.hazards !== undefined ? context.baseDirectory : dirname(set.path)), 'hazards');
  const hazard = hazards.hazards.find((candidate) => candidate.id === hazardId) ?? invalid('hazard', 'unknown-hazard', `no hazard "${hazardId.slice(0, 80)}" (known: ${hazards.hazards.map((candidate) => candidate.id).join(', ')})`);
  if (!hazard.prior) invalid('hazard', 'missing-prior', `hazard "${hazardId}" has no prior: add one (or a default for its kind under priors:)`);
  return hazard;
}

function riskCondition(text: string, index: number, network: Network, hazards: readonly string[], context: OperationContext): RiskCondition {
  const field = `condition[${index}]`;
  const knownHazard = (hazard: string) => {
    if (!hazards.includes(hazard)) invalid(field, 'unknown-hazard', `no hazard "${hazard.slice(0, 80)}" (known: ${hazards.join(', ')})`);
    return hazard;
  };
  const rate = /^rate:([^*]+)\*(\d+(?:\.\d+)?)$/.exec(text);
  if (rate) {
    const factor = Number(rate[2]);
    if (!(factor >= 0 && factor <= 1000)) invalid(field, 'bad-factor', 'a rate factor must be from 0 to 1,000');
    return { kind: 'rate', hazard: knownHazard(rate[1]!), factor };
  }
  const without = /^without:(.+)$/.exec(text);
  if (without) return { kind: 'without', hazard: knownHazard(without[1]!) };
  const bypass = /^bypass:([^#]+)(?:#(.+))?$/.exec(text);
  if (bypass) {
    const built = bypassExpansions(bypass[1]!, bypass[2]?.split(',').map((part) => part.trim()), network, field, context);
    return { kind: 'network', label: `with ${built.label}`, network: withExpansions(network, built.expansions) };
  }
  return invalid(field, 'bad-condition', `"${text.slice(0, 80)}": write rate:HAZARD*FACTOR, without:HAZARD or bypass:REF[#id,id]`);
}

export async function runRisk(request: RequestOf<typeof riskOperation>, context: OperationContext) {
  const loaded = need(context.loaders.hazards(request.hazards as DocumentReference, context.baseDirectory), 'hazards');
  const set = { ...loaded, stepDays: request.stepDays ?? (request.mode === 'rolling' ? 1 : loaded.stepDays) };
  // Rolling decisions are taken every day: a window in coarser steps has no days to take them on.
  if (request.mode === 'rolling' && set.stepDays > 1) invalid('stepDays', 'step-with-rolling', `rolling decisions are daily: drop --step-days ${set.stepDays} (rolling solves every day) or use --mode hindsight`);
  const price = priceOf(request.price) ?? set.price ?? set.network.referencePrice ?? invalid('price', 'missing-price', `neither the hazards nor network ${set.network.id} give a price: give one, e.g. "90 USD/bbl"`);
  if (request.actor !== undefined) unknownIds('actor', [request.actor], set.network.actors.map((actor) => actor.id), 'actor', set.network.id);
  const hazardIds = set.hazards.map((hazard) => hazard.id);
  const conditions = (request.condition ?? []).map((text, index) => riskCondition(text, index, set.network, hazardIds, context));
  const options = {
    years: request.years,
    seed: request.seed,
    chunkYears: request.chunk,
    rates: request.rates satisfies RateMode | undefined,
    withdrawn: request.withdrawn satisfies WithdrawnReading | undefined,
    actor: request.actor,
    ...(context.shouldStop ? { shouldStop: context.shouldStop } : {}),
    onProgress: context.onProgress === undefined ? undefined : (done: number, total: number) => context.onProgress!(done, total),
  };
  const { runner, operations } = decided(request.mode, context);
  const first = await simulateRisk(set, price, runner, options);
  if ('status' in first || conditions.length === 0 || first.partial) return withOperations(first, operations);
  return withOperations(await conditionedRisk(first, set, price, runner, options, conditions), operations);
}

export async function runRules(request: RequestOf<typeof rulesOperation>, context: OperationContext) {
  const scenario = need(context.loaders.scenario(request.scenario as DocumentReference, context.baseDirectory), 'scenario');
  if (!scenario.events.some((event) => event.type === 'rule')) invalid('scenario', 'no-rules', `scenario ${scenario.id} has no sanction rules (events of type: rule) to weigh`);
  return ruleCosts(scenario, runsOn(context.runner), { onProgress: context.onProgress });
}

/**
 * Replays the cases asked for (every built-in one by default), one after the other on the
 * context's runner, in the order given. Every case is loaded before any is replayed, so a bad
 * reference is refused before work starts.
 */
export async function runBacktests(request: RequestOf<typeof backtestOperation>, context: OperationContext) {
  const references = request.cases ?? builtinBacktests().map((entry) => entry.id);
  const cases = references.map((reference, index) => need(context.loaders.backtest(reference, context.baseDirectory), 'cases', index));
  const results = [];
  for (const [index, testCase] of cases.entries()) {
    if (context.shouldStop?.()) break;
    results.push(backtestCase(testCase, await replayOn(context.runner, testCase)));
    context.onProgress?.(index + 1, cases.length);
  }
  return { cases: results };
}

/** A report holding NaN or Infinity becomes a failure naming where (an outcome, like infeasible). */
const finite =
  <R, T>(run: (request: R, context: OperationContext) => Promise<T>) =>
  async (request: R, context: OperationContext): Promise<T | NonFiniteFailure> =>
    finiteOr(await run(request, context));

/** The orchestration of each analysis, by operation id. */
export const ANALYSIS_RUNNERS = {
  criticality: finite(runCriticality),
  leverage: finite(runLeverage),
  power: finite(runPower),
  bypass: finite(runBypass),
  risk: finite(runRisk),
  rules: finite(runRules),
  backtest: finite(runBacktests),
} as const;
