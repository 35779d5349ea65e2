import type { Hazard } from '../scenario/hazards.ts';
import type { BypassReport } from './analysis-schemas.ts';
import { aroundEvent, posteriorOf, probabilityAbove, summariseGamma, WITHDRAWN_READINGS, type RateSummary, type WithdrawnReading } from './rate-belief.ts';
import { round } from './rounding.ts';

type Belief = NonNullable<BypassReport['belief']>;

/** What the break-even decision needs of a project: its NPV at an annual event rate, and where it crosses 0. */
export interface Decision {
  readonly breakEven: number | null;
  readonly npv: (rate: number) => number;
}

/**
 * The break-even decision weighed against a belief about the rate rather than a point. NPV is
 * linear in the rate, so its expectation over the belief is NPV at the mean; the chance that the
 * project pays is the belief's mass above the break-even rate.
 */
export function weigh(summary: RateSummary, decision: Decision): { mean: number; interval: [number, number]; expectedNpvUsd: number; probabilityItPays: number | null } {
  return {
    mean: summary.mean,
    interval: summary.interval,
    expectedNpvUsd: round(decision.npv(summary.shape / summary.years), 0),
    probabilityItPays: decision.breakEven === null ? null : decision.breakEven === 0 ? 1 : probabilityAbove(summary, decision.breakEven),
  };
}

/**
 * The bypass decision under the hazard's rate belief: prior, posterior under both readings of a
 * withdrawn threat, and (when the record has one) the belief just before and after that event.
 */
export function bypassBelief(hazard: Hazard, reading: WithdrawnReading, portfolio: Decision, insurance: Decision, candidates: readonly ({ id: string } & Decision)[], costs: { threatener?: string | undefined; threatenerCostUsd?: number; penaltyUsd?: number }): Belief | undefined {
  const prior = hazard.prior;
  if (!prior) return undefined;
  const priorSummary = summariseGamma(prior.shape, prior.years);
  const posteriorFor = (which: WithdrawnReading) => {
    const posterior = posteriorOf(prior, hazard.record, which);
    return summariseGamma(posterior.shape, posterior.years);
  };
  const chosen = posteriorFor(reading);
  const event = hazard.record?.events.filter((candidate) => candidate.withdrawn).at(-1) ?? hazard.record?.events.at(-1);
  const around = event ? aroundEvent(hazard, event.id, reading) : undefined;
  const readings = (['counts', 'not-credible'] as const).map((which) => ({ reading: which, assumes: WITHDRAWN_READINGS[which], posterior: weigh(posteriorFor(which), portfolio), after: event ? weigh(aroundEvent(hazard, event.id, which)!.after, portfolio) : null }));
  const decisions = [{ id: 'portfolio', ...portfolio }, { id: 'portfolio as insurance', ...insurance }, ...candidates];
  const verdict = [verdictOf(hazard, reading, portfolio, insurance, priorSummary, chosen, readings, around, costs), swingOf(decisions, around, posteriorFor)].filter(Boolean).join(' ');
  return {
    hazard: hazard.id,
    reading,
    assumes: WITHDRAWN_READINGS[reading],
    statedRate: hazard.ratePerYear,
    priorReasoning: prior.reasoning,
    breakEvenRate: portfolio.breakEven === null ? null : round(portfolio.breakEven, 6),
    prior: weigh(priorSummary, portfolio),
    posterior: weigh(chosen, portfolio),
    record: hazard.record ? { from: hazard.record.from, to: hazard.record.to, events: hazard.record.events.map((entry) => `${entry.id} ${entry.date}${entry.withdrawn ? ' (withdrawn)' : ''}`) } : null,
    event: around ? { id: around.event, date: around.date, before: weigh(around.before, portfolio), after: weigh(around.after, portfolio) } : null,
    readings,
    decisions: decisions.map((decision) => ({
      id: decision.id,
      breakEvenRate: decision.breakEven === null ? null : round(decision.breakEven, 6),
      prior: weigh(priorSummary, decision),
      ...(around ? { before: weigh(around.before, decision), after: weigh(around.after, decision) } : {}),
      counts: weigh(posteriorFor('counts'), decision),
      notCredible: weigh(posteriorFor('not-credible'), decision),
    })),
    verdict,
  };
}

function verdictOf(hazard: Hazard, reading: WithdrawnReading, portfolio: Decision, insurance: Decision, prior: RateSummary, posterior: RateSummary, readings: Belief['readings'], around: ReturnType<typeof aroundEvent>, costs: { threatener?: string | undefined; threatenerCostUsd?: number; penaltyUsd?: number }): string {
  const perYear = (rate: number) => `${rate.toFixed(3)} a year (once in ${Math.round(1 / rate)} years)`;
  const chance = (value: number | null) => (value === null ? 'never' : `${(value * 100).toFixed(0)} %`);
  const build = (summary: RateSummary) => (portfolio.npv(summary.shape / summary.years) > 0 ? 'build' : 'do not build');
  const parts: string[] = [];
  if (portfolio.breakEven === null) parts.push(`No portfolio pays at any rate up to 1 a year, whatever is believed about ${hazard.id}.`);
  else if (portfolio.breakEven === 0) {
    parts.push(`The best portfolio pays on its normal-times value alone, whatever is believed about ${hazard.id}.`);
    if (insurance.breakEven !== null && insurance.breakEven > 0) {
      const odds = weigh(posterior, insurance).probabilityItPays;
      parts.push(`As pure insurance it needs ${perYear(insurance.breakEven)}: the record (${readingLabel(reading)}) gives ${perYear(posterior.mean)}, so insurance alone would not justify it (${chance(odds)} chance the rate is that high).`);
    }
  } else {
    parts.push(`The best portfolio needs ${hazard.id} at ${perYear(portfolio.breakEven)} or more.`);
    parts.push(`The prior (${perYear(prior.mean)}) says ${build(prior)}; the record (${readingLabel(reading)}) moves it to ${perYear(posterior.mean)}, 90 % interval ${posterior.interval[0].toFixed(3)}-${posterior.interval[1].toFixed(3)}: ${build(posterior)}, with a ${chance(weigh(posterior, portfolio).probabilityItPays)} chance that the rate is high enough.`);
  }
  if (around) {
    parts.push(`Just before ${around.event} (${around.date}) the belief was ${perYear(around.before.mean)}; just after, ${perYear(around.after.mean)}.`);
  }
  const [counts, notCredible] = readings;
  if (counts && notCredible && portfolio.breakEven !== null && portfolio.breakEven > 0) {
    parts.push(`Counting the withdrawn threat as an event gives ${perYear(counts.posterior.mean)} (${chance(counts.posterior.probabilityItPays)} chance it pays); reading it as not credible gives ${perYear(notCredible.posterior.mean)} (${chance(notCredible.posterior.probabilityItPays)}).`);
  }
  if (costs.threatener) {
    const money = (usd: number) => (Math.abs(usd) >= 1e6 ? `${(usd / 1e6).toFixed(0)} M USD` : `${Math.round(usd).toLocaleString('en-US')} USD`);
    parts.push(`Executing it would cost ${costs.threatener} ${money(costs.threatenerCostUsd ?? 0)}; the fine it imposed instead was ${money(costs.penaltyUsd ?? 0)}.`);
  }
  return parts.join(' ');
}

/** The decision the event moves most: its chance of paying before, after, and under the other reading. */
function swingOf(decisions: readonly ({ id: string } & Decision)[], around: ReturnType<typeof aroundEvent>, posteriorFor: (reading: WithdrawnReading) => RateSummary): string {
  if (!around) return '';
  const swings = decisions
    .filter((decision) => decision.breakEven !== null && decision.breakEven > 0)
    .map((decision) => ({ decision, before: weigh(around.before, decision).probabilityItPays ?? 0, after: weigh(around.after, decision).probabilityItPays ?? 0 }))
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
  const top = swings[0];
  if (!top || Math.abs(top.after - top.before) < 0.01) return `${around.event} moves no decision by a percentage point.`;
  const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
  const counted = weigh(posteriorFor('counts'), top.decision).probabilityItPays ?? 0;
  const notCredible = weigh(posteriorFor('not-credible'), top.decision).probabilityItPays ?? 0;
  return `${around.event} moves ${top.decision.id} most (break-even ${top.decision.breakEven!.toFixed(3)} a year): the chance that its rate is reached goes from ${percent(top.before)} just before the event to ${percent(top.after)} just after; over the whole record it is ${percent(counted)} if the withdrawn threat counts and ${percent(notCredible)} if it is read as not credible.`;
}

const readingLabel = (reading: WithdrawnReading) => (reading === 'counts' ? 'the withdrawn threat counted as an event' : 'the withdrawn threat read as not credible');
