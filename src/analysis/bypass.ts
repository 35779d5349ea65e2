import { scheduledCapacity, type Network } from '../model/network.ts';
import type { Candidate } from '../scenario/candidates.ts';
import type { ExpansionEvent, OutageEvent, Scenario, ScenarioEvent } from '../scenario/scenario.ts';
import { solvePortfolio, type CapacityGate, type PortfolioCandidate } from '../solve/portfolio-mip.ts';
import type { BypassReport } from './analysis-schemas.ts';
import { round } from './rounding.ts';
import type { Hazard } from '../scenario/hazards.ts';
import type { WithdrawnReading } from './rate-belief.ts';
import { bypassBelief } from './bypass-belief.ts';
import { newSessionKey, type BatchOutcome, type Progress, type VariantResult, type VariantRunner } from './variants.ts';

export interface BypassOptions {
  /** Annual probability of the threat used for NPV. */
  readonly probability: number;
  readonly discountRate: number;
  readonly budgetUsd?: number | undefined;
  readonly mipTimeLimitSeconds?: number;
  readonly onProgress?: Progress | undefined;
  /** The hazard the threat is one event of, and how a withdrawn event of its record counts. */
  readonly rate?: { readonly hazard: Hazard; readonly withdrawn: WithdrawnReading } | undefined;
}

type Failure = Exclude<BatchOutcome, { status: 'optimal' }>;
const DAYS_PER_YEAR = 365;

/** Present value of 1 USD a year over the project's service years (end-of-year flows). */
export function serviceAnnuity(discountRate: number, leadYears: number, lifetimeYears: number): number {
  let total = 0;
  const first = Math.ceil(leadYears);
  for (let year = first + 1; year <= first + Math.round(lifetimeYears); year += 1) total += discountRate === 0 ? 1 : (1 + discountRate) ** -year;
  return total;
}

/**
 * NPV of a project at an annual threat probability p: capex now, then each service year the
 * normal-times value less fixed opex plus p × the loss it avoids per event. Linear in p, so the
 * break-even probability is where it crosses zero (null when it never pays in [0, 1]).
 */
export function projectEconomics(project: { capexUsd: number; opexUsdPerYear: number; leadYears: number; lifetimeYears: number }, normalValueUsdPerYear: number, lossAvoidedPerEventUsd: number, probability: number, discountRate: number) {
  const annuity = serviceAnnuity(discountRate, project.leadYears, project.lifetimeYears);
  const npv = (p: number) => -project.capexUsd + annuity * (normalValueUsdPerYear - project.opexUsdPerYear + p * lossAvoidedPerEventUsd);
  let breakEven: number | null;
  if (npv(0) >= 0) breakEven = 0;
  else if (lossAvoidedPerEventUsd <= 0 || annuity <= 0) breakEven = null;
  else {
    const p = (project.capexUsd / annuity - normalValueUsdPerYear + project.opexUsdPerYear) / lossAvoidedPerEventUsd;
    breakEven = p <= 1 ? p : null;
  }
  const equivalentAnnualCost = (annuity > 0 ? project.capexUsd / annuity : Infinity) + project.opexUsdPerYear;
  return { npvUsd: npv(probability), breakEvenProbability: breakEven, equivalentAnnualCostUsd: equivalentAnnualCost };
}

/**
 * Bypass economics against one threat scenario: each candidate alone, and the best portfolio
 * under a budget (a MIP over both periods), valued by the exporters' netback.
 */
export async function bypassEconomics(threat: Scenario, candidates: readonly Candidate[], runner: VariantRunner, options: BypassOptions): Promise<BypassReport | Failure> {
  const network = threat.network;
  const expansions = candidates.flatMap((candidate) => candidate.expansions);
  const threatEvents = threat.events.filter((event) => event.type !== 'expansion' || !expansions.includes(event));
  const base: Scenario = { ...threat, id: `${threat.id}-bypass`, events: [...threatEvents, ...expansions] };
  const days = threat.dates.length;
  const unbuilt = (built: ReadonlySet<string>): OutageEvent[] => candidates.filter((candidate) => !built.has(candidate.id)).flatMap((candidate) => unbuildEvents(network, candidate, threat));
  const variant = (built: ReadonlySet<string>, underThreat: boolean): ScenarioEvent[] => [...expansions, ...unbuilt(built), ...(underThreat ? threatEvents : [])];
  const sets: { key: string; built: Set<string> }[] = [{ key: 'none', built: new Set() }, ...candidates.map((candidate) => ({ key: candidate.id, built: new Set([candidate.id]) }))];
  const closable = [...new Set(expansions.flatMap((event) => (event.node ? [event.node.id] : event.link ? [] : [event.asset])))].filter((id) => base.network.nodes.some((node) => node.id === id) || expansions.some((event) => event.node?.id === id));
  const sessionKey = newSessionKey('bypass');
  const evaluate = async (wanted: typeof sets) => {
    const requests = wanted.flatMap((set) => [
      { key: `${set.key}:normal`, events: variant(set.built, false) },
      { key: `${set.key}:threat`, events: variant(set.built, true) },
    ]);
    const outcome = await runner.run({ base, closable, sessionKey, requests }, options.onProgress);
    if (outcome.status !== 'optimal') return outcome;
    const results = new Map<string, VariantResult>();
    for (const [index, result] of outcome.outcomes.entries()) {
      if (result.status !== 'optimal' || !result.result) {
        return { status: 'not-solved' as const, run: 'scenario' as const, message: `${requests[index]!.key}: ${result.status === 'optimal' ? 'no result' : result.message}`, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
      }
      results.set(requests[index]!.key, result.result);
    }
    return { results, outcome };
  };
  const first = await evaluate(sets);
  if ('status' in first) return first;
  const netback = (key: string) => first.results.get(key)!.scenario.netbackUsd;
  const perYear = DAYS_PER_YEAR / days;
  const lossNone = netback('none:normal') - netback('none:threat');

  const decisions = new Map<string, { breakEven: number | null; npv: (rate: number) => number }>();
  const rows = candidates.map((candidate) => {
    const normalValue = (netback(`${candidate.id}:normal`) - netback('none:normal')) * perYear;
    const lossAvoided = lossNone - (netback(`${candidate.id}:normal`) - netback(`${candidate.id}:threat`));
    const economics = projectEconomics(candidate, normalValue, lossAvoided, options.probability, options.discountRate);
    decisions.set(candidate.id, { breakEven: economics.breakEvenProbability, npv: (rate) => projectEconomics(candidate, normalValue, lossAvoided, rate, options.discountRate).npvUsd });
    return {
      id: candidate.id,
      name: candidate.name,
      capexUsd: round(candidate.capexUsd, 0),
      opexUsdPerYear: round(candidate.opexUsdPerYear, 0),
      leadYears: candidate.leadYears,
      lifetimeYears: candidate.lifetimeYears,
      lossAvoidedPerEventUsd: round(lossAvoided, 0),
      normalTimesValueUsdPerYear: round(normalValue, 0),
      npvUsd: round(economics.npvUsd, 0),
      breakEvenProbability: economics.breakEvenProbability === null ? null : round(economics.breakEvenProbability, 4),
      breakEvenProbabilityThreatOnly: threatOnly(economics.equivalentAnnualCostUsd, lossAvoided),
      equivalentAnnualCostUsd: round(economics.equivalentAnnualCostUsd, 0),
    };
  });

  // The portfolio: a MIP over both periods with each project's capacity switched by a binary.
  const mipStart = performance.now();
  const mip = await solvePortfolio({
    normal: { ...base, events: variant(new Set(candidates.map((candidate) => candidate.id)), false) },
    threat: { ...base, events: variant(new Set(candidates.map((candidate) => candidate.id)), true) },
    weights: { normal: perYear - options.probability, threat: options.probability },
    candidates: candidates.map((candidate): PortfolioCandidate => {
      const economics = projectEconomics(candidate, 0, 0, 0, options.discountRate);
      return { id: candidate.id, annualCostUsd: economics.equivalentAnnualCostUsd, capexUsd: candidate.capexUsd, gates: gatesOf(network, candidate) };
    }),
    budgetUsd: options.budgetUsd,
    timeLimitSeconds: options.mipTimeLimitSeconds ?? 120,
  });
  const mipMs = performance.now() - mipStart;
  if ('message' in mip) return { status: 'not-solved', run: 'scenario', message: mip.message, conflicting: [], size: { columns: 0, rows: 0, nonZeros: 0 } };
  const chosen = new Set(mip.chosen);
  let portfolioNormal = netback('none:normal');
  let portfolioThreat = netback('none:threat');
  let solves = first.outcome.outcomes.length;
  let wallMs = first.outcome.wallMs;
  let solveMs = first.outcome.solveMs;
  if (chosen.size > 0) {
    const exact = await evaluate([{ key: 'portfolio', built: chosen }]);
    if ('status' in exact) return exact;
    portfolioNormal = exact.results.get('portfolio:normal')!.scenario.netbackUsd;
    portfolioThreat = exact.results.get('portfolio:threat')!.scenario.netbackUsd;
    solves += 2;
    wallMs += exact.outcome.wallMs;
    solveMs += exact.outcome.solveMs;
  }
  const picked = candidates.filter((candidate) => chosen.has(candidate.id));
  const portfolioLossAvoided = lossNone - (portfolioNormal - portfolioThreat);
  const portfolioNormalValue = (portfolioNormal - netback('none:normal')) * perYear;
  // A portfolio mixes lead times and lifetimes, so it is valued like the MIP values it: its
  // expected annual net benefit (value added less each project's equivalent annual cost), over
  // the capex-weighted lead time and lifetime of what it builds.
  const capex = picked.reduce((sum, candidate) => sum + candidate.capexUsd, 0);
  const weighted = (value: (candidate: Candidate) => number) => (capex > 0 ? picked.reduce((sum, candidate) => sum + value(candidate) * candidate.capexUsd, 0) / capex : Math.max(0, ...picked.map(value)));
  const portfolioAnnuity = serviceAnnuity(options.discountRate, weighted((candidate) => candidate.leadYears), weighted((candidate) => candidate.lifetimeYears));
  const portfolioCost = picked.reduce((sum, candidate) => sum + projectEconomics(candidate, 0, 0, 0, options.discountRate).equivalentAnnualCostUsd, 0);
  const portfolioNpv = (p: number) => (picked.length === 0 ? 0 : portfolioAnnuity * (portfolioNormalValue + p * portfolioLossAvoided - portfolioCost));
  const portfolioBreakEven = picked.length === 0 ? null : breakEvenOf(portfolioNpv);

  const threatResult = first.results.get('none:threat')!;
  const threatener = threatenerOf(threat);
  const credibility = threatener
    ? (() => {
        const cost = threatResult.impact.byActor.find((row) => row.actor === threatener)?.lossUsd ?? 0;
        const penalties = threatResult.impact.penalties.reduce((sum, penalty) => sum + penalty.usd, 0);
        const insurance = picked.length === 0 ? null : threatOnly(portfolioCost, portfolioLossAvoided);
        const breakEven = portfolioBreakEven;
        return {
          threatener,
          threatenerCostPerEventUsd: round(cost, 0),
          targetLossPerEventUsd: round(lossNone, 0),
          penaltyUsd: round(penalties, 0),
          breakEvenProbability: breakEven === null ? null : round(breakEven, 4),
          breakEvenProbabilityThreatOnly: insurance,
          verdict: verdictOf(threatener, cost, lossNone, penalties, breakEven, insurance, options.probability),
        };
      })()
    : undefined;

  const belief = options.rate
    ? bypassBelief(
        options.rate.hazard,
        options.rate.withdrawn,
        { breakEven: portfolioBreakEven, npv: portfolioNpv },
        { breakEven: picked.length === 0 ? null : threatOnly(portfolioCost, portfolioLossAvoided), npv: (rate) => (picked.length === 0 ? 0 : portfolioAnnuity * (rate * portfolioLossAvoided - portfolioCost)) },
        candidates.map((candidate) => ({ id: candidate.id, ...decisions.get(candidate.id)! })),
        { threatener, threatenerCostUsd: credibility?.threatenerCostPerEventUsd ?? 0, penaltyUsd: credibility?.penaltyUsd ?? 0 },
      )
    : undefined;

  return {
    analysis: 'bypass',
    network: network.id,
    threat: { id: threat.id, name: threat.name, days, lossPerEventUsd: round(lossNone, 0) },
    probability: options.probability,
    discountRate: options.discountRate,
    candidates: rows.sort((a, b) => b.npvUsd - a.npvUsd || a.id.localeCompare(b.id)),
    portfolio: {
      budgetUsd: options.budgetUsd ?? null,
      chosen: [...chosen].sort(),
      capexUsd: round(picked.reduce((sum, candidate) => sum + candidate.capexUsd, 0), 0),
      npvUsd: round(portfolioNpv(options.probability), 0),
      normalTimesValueUsdPerYear: round(portfolioNormalValue, 0),
      lossAvoidedPerEventUsd: round(portfolioLossAvoided, 0),
      breakEvenProbability: portfolioBreakEven === null ? null : round(portfolioBreakEven, 4),
      breakEvenProbabilityThreatOnly: picked.length === 0 ? null : threatOnly(portfolioCost, portfolioLossAvoided),
      method: `MIP in HiGHS over both periods (${mip.columns} columns, ${mip.rows} rows, ${candidates.length} binaries, ${Math.round(mipMs)} ms${mip.status === 'time-limit' ? ', stopped at the time limit' : ''})`,
      mipGap: round(mip.mipGap, 6),
    },
    ...(credibility ? { credibility } : {}),
    ...(belief ? { belief } : {}),
    performance: { solves, workers: first.outcome.workers, wallMs: Math.round(wallMs), solveMs: Math.round(solveMs), baselineSolveMs: Math.round(first.outcome.baselineSolveMs) },
  };
}

/** The probability at which the avoided losses alone pay the project's annual cost. */
function threatOnly(annualCostUsd: number, lossAvoidedPerEventUsd: number): number | null {
  if (annualCostUsd <= 0) return 0;
  if (lossAvoidedPerEventUsd <= 0) return null;
  const p = annualCostUsd / lossAvoidedPerEventUsd;
  return p <= 1 ? round(p, 4) : null;
}

function breakEvenOf(npv: (p: number) => number): number | null {
  const atZero = npv(0);
  if (atZero >= 0) return 0;
  const slope = npv(1) - atZero;
  if (slope <= 0) return null;
  const p = -atZero / slope;
  return p <= 1 ? p : null;
}

/** Events that take a candidate back out: new assets closed, enlarged ones held to today's size. */
export function unbuildEvents(network: Network, candidate: Candidate, scenario: Scenario): OutageEvent[] {
  const window = { startDay: 0, endDay: scenario.dates.length - 1, start: scenario.dates[0]!, end: scenario.dates[scenario.dates.length - 1]! };
  return candidate.expansions.map((event) => {
    if (event.link || event.node) return { type: 'outage', asset: event.asset, remaining: 0, ...window, note: `${candidate.id} not built`, structural: true };
    const before = capacityBefore(network, event);
    return { type: 'outage', asset: event.asset, remaining: event.capacity! > 0 ? Math.min(1, before / event.capacity!) : 0, ...window, note: `${candidate.id} not built`, structural: true };
  });
}

function capacityBefore(network: Network, event: ExpansionEvent): number {
  const link = network.links.find((candidate) => candidate.id === event.asset);
  if (link) return scheduledCapacity(link);
  const node = network.nodes.find((candidate) => candidate.id === event.asset);
  if (!node) return 0;
  if (node.kind === 'market') return node.intakeTonnesPerDay;
  return node.throughputTonnesPerDay;
}

function gatesOf(network: Network, candidate: Candidate): CapacityGate[] {
  return candidate.expansions.flatMap((event): CapacityGate[] => {
    if (event.link) return [{ asset: event.link.id, kind: 'link', withoutTonnesPerDay: 0 }];
    if (event.node) return [];
    const isLink = network.links.some((link) => link.id === event.asset);
    return [{ asset: event.asset, kind: isLink ? 'link' : 'throughput', withoutTonnesPerDay: capacityBefore(network, event) }];
  });
}

function threatenerOf(threat: Scenario): string | undefined {
  for (const event of threat.events) {
    if (event.type === 'outage' && event.causedBy) return event.causedBy;
    if (event.type === 'sanction') return event.actor;
  }
  return undefined;
}

function verdictOf(threatener: string, cost: number, targetLoss: number, penalties: number, breakEven: number | null, insurance: number | null, probability: number): string {
  const money = (usd: number) => (Math.abs(usd) >= 1e9 ? `${(usd / 1e9).toFixed(2)} bn USD` : Math.abs(usd) >= 1e6 ? `${(usd / 1e6).toFixed(0)} M USD` : `${Math.round(usd).toLocaleString('en-US')} USD`);
  const percent = (p: number) => `${(p * 100).toFixed(1)} %`;
  const ratio = cost > 0 ? `${(targetLoss / cost).toFixed(1)} USD of exporters' netback per USD of its own` : 'at no cost to itself';
  const parts = [`One closure costs ${threatener} ${money(cost)} (penalties in the scenario: ${money(penalties)}) and the exporters ${money(targetLoss)}: ${ratio}.`];
  if (breakEven === null) parts.push('No portfolio pays off at any annual probability up to 1: the threat is cheaper to bear than to bypass.');
  else if (breakEven === 0) parts.push('With its normal-times value counted, the best portfolio pays off even if the threat never recurs.');
  else parts.push(`The best portfolio pays off once such a closure is expected with an annual probability above ${percent(breakEven)} (about once in ${(1 / breakEven).toFixed(0)} years; ${percent(probability)} assumed).`);
  if (insurance !== null && insurance > 0) {
    parts.push(`As pure insurance (normal-times value ignored) it needs ${percent(insurance)} a year, once in ${(1 / insurance).toFixed(0)} years: diversification is rational once an executed-and-withdrawn threat, cheap for ${threatener} to repeat, makes that frequency credible.`);
  }
  return parts.join(' ');
}
