import { describe, expect, it } from 'vitest';
import { gammaCdf, gammaQuantile, logGamma, regularizedGammaP, sampleGamma } from '../src/analysis/gamma.ts';
import { bypassBelief } from '../src/analysis/bypass-belief.ts';
import { aroundEvent, exposureYears, hazardBelief, posteriorOf, probabilityAbove, summariseGamma } from '../src/analysis/rate-belief.ts';
import { mulberry32 } from '../src/analysis/risk-sampler.ts';
import { simulateRisk } from '../src/analysis/risk.ts';
import { inProcessRunner } from '../src/analysis/variants.ts';
import { loadHazards } from '../src/io/files.ts';
import type { Hazard } from '../src/scenario/hazards.ts';

/** Erlang CDF: for an integer shape n, P(λ ≤ x) = 1 - Σ_{k<n} e^{-βx} (βx)^k / k!. */
function erlangCdf(shape: number, rate: number, x: number): number {
  let term = Math.exp(-rate * x);
  let total = term;
  for (let k = 1; k < shape; k += 1) {
    term *= (rate * x) / k;
    total += term;
  }
  return 1 - total;
}

/** erf by its Maclaurin series (exact enough for |x| ≤ 3): P(1/2, x) = erf(√x). */
function erf(x: number): number {
  let term = x;
  let total = x;
  for (let n = 1; n < 200; n += 1) {
    term *= (-x * x) / n;
    total += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

const hazard = (record: Hazard['record'], prior = { shape: 0.5, years: 1, reasoning: 'test' }): Hazard => ({
  id: 'h',
  name: 'h',
  kind: 'political',
  assets: ['a'],
  remaining: 0,
  ratePerYear: 0.05,
  duration: { kind: 'fixed', days: 30 },
  months: [1],
  prior,
  record,
});

describe('the Gamma distribution', () => {
  it('logGamma(n) is log((n-1)!) and logGamma(1/2) is log(√π)', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('the CDF equals the Erlang closed form for integer shapes, on both sides of the mode', () => {
    for (const shape of [1, 2, 3, 6, 20]) for (const x of [0.01, 0.3, 1, 2.5, 7, 30]) expect(gammaCdf(shape, 1.7, x)).toBeCloseTo(erlangCdf(shape, 1.7, x), 12);
  });

  it('P(1/2, x) = erf(√x)', () => {
    for (const x of [0.001, 0.2, 1, 3, 6]) expect(regularizedGammaP(0.5, x)).toBeCloseTo(erf(Math.sqrt(x)), 12);
  });

  it('the quantile inverts the CDF; shape 1 gives the exponential -ln(1-q)/β', () => {
    for (const q of [0.05, 0.5, 0.95]) expect(gammaQuantile(1, 4, q)).toBeCloseTo(-Math.log(1 - q) / 4, 12);
    for (const [shape, rate] of [[0.5, 1], [1.5, 25.2], [5.5, 5]] as const) for (const q of [0.05, 0.5, 0.95]) expect(gammaCdf(shape, rate, gammaQuantile(shape, rate, q))).toBeCloseTo(q, 10);
  });

  it('draws have the mean a/b and variance a/b² (20,000 draws, within 4 standard errors)', () => {
    for (const [shape, rate] of [[0.5, 1], [5.5, 5]] as const) {
      const random = mulberry32(7);
      const draws = Array.from({ length: 20_000 }, () => sampleGamma(shape, rate, random));
      const mean = draws.reduce((sum, value) => sum + value, 0) / draws.length;
      const variance = draws.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (draws.length - 1);
      expect(Math.abs(mean - shape / rate)).toBeLessThan(4 * Math.sqrt(shape / rate ** 2 / draws.length));
      expect(variance).toBeCloseTo(shape / rate ** 2, 1);
    }
  });
});

describe('Gamma-Poisson update of a hazard rate', () => {
  const record = { from: '2001-01-01', to: '2020-12-31', events: [{ id: 'X1', date: '2010-06-01', withdrawn: false }, { id: 'X2', date: '2015-03-01', withdrawn: true }] };

  it('the posterior is Gamma(α + k, β + T): closed form, both readings of a withdrawn event', () => {
    const T = exposureYears('2001-01-01', '2020-12-31');
    expect(T).toBeCloseTo(7305 / 365.25, 12);
    const counts = posteriorOf({ shape: 0.5, years: 1, reasoning: '' }, record, 'counts');
    expect(counts).toEqual({ shape: 2.5, years: 1 + T, events: 2, exposureYears: T });
    const notCredible = posteriorOf({ shape: 0.5, years: 1, reasoning: '' }, record, 'not-credible');
    expect(notCredible.shape).toBe(1.5);
    expect(notCredible.years).toBe(1 + T);
    const belief = hazardBelief(hazard(record), 'counts')!;
    expect(belief.posterior.mean).toBeCloseTo(2.5 / (1 + T), 6);
    expect(belief.posterior.interval[0]).toBeCloseTo(gammaQuantile(2.5, 1 + T, 0.05), 6);
    expect(belief.prior.mean).toBe(0.5);
    // Averaged over Gamma(a, b), P(no event in a year) = E[e^-λ] = (b / (b + 1))^a.
    expect(belief.posterior.probabilityOfAnEventInAYear).toBeCloseTo(1 - ((1 + T) / (2 + T)) ** 2.5, 6);
    expect(belief.record).toMatchObject({ counted: 2, events: ['X1', 'X2 (withdrawn)'] });
  });

  it('before an event the record counts the quiet years up to the day before; after it, the event too', () => {
    const around = aroundEvent(hazard(record), 'X2', 'counts')!;
    const before = exposureYears('2001-01-01', '2015-02-28');
    expect(around.before.shape).toBe(1.5);
    expect(around.before.years).toBeCloseTo(1 + before, 6);
    expect(around.after.shape).toBe(2.5);
    expect(around.after.mean).toBeGreaterThan(around.before.mean);
    const quiet = aroundEvent(hazard(record), 'X2', 'not-credible')!;
    expect(quiet.after.shape).toBe(1.5);
    expect(quiet.after.mean).toBeLessThan(quiet.before.mean);
  });

  it('the chance the rate clears a break-even frequency is the Gamma tail', () => {
    const summary = summariseGamma(1.5, 25.2);
    expect(probabilityAbove(summary, 0.1)).toBeCloseTo(1 - gammaCdf(1.5, 25.2, 0.1), 6);
    expect(probabilityAbove(summary, 0)).toBe(1);
  });
});

describe('the bypass decision against a rate belief', () => {
  const record = { from: '2001-10-13', to: '2025-12-31', events: [{ id: 'X1', date: '2022-07-05', withdrawn: true }] };
  // A project worth -100 + 1000 × rate: break-even 0.1 events a year.
  const project = { breakEven: 0.1, npv: (rate: number) => -100 + 1000 * rate };

  it('expected NPV is NPV at the belief mean, and the chance it pays is the Gamma tail above the break-even', () => {
    const belief = bypassBelief(hazard(record), 'counts', project, { breakEven: null, npv: () => 0 }, [{ id: 'p', ...project }], { threatener: 'ru', threatenerCostUsd: 2e8, penaltyUsd: 3245 })!;
    const T = exposureYears('2001-10-13', '2025-12-31');
    expect(belief.posterior.mean).toBeCloseTo(1.5 / (1 + T), 6);
    expect(belief.posterior.expectedNpvUsd).toBeCloseTo(-100 + (1000 * 1.5) / (1 + T), 0);
    expect(belief.posterior.probabilityItPays).toBeCloseTo(1 - gammaCdf(1.5, 1 + T, 0.1), 6);
    const notCredible = belief.readings.find((entry) => entry.reading === 'not-credible')!;
    expect(notCredible.posterior.probabilityItPays).toBeCloseTo(1 - gammaCdf(0.5, 1 + T, 0.1), 6);
    // The event raises the belief when it counts; the not-credible reading leaves it lower.
    expect(belief.event!.after.mean).toBeGreaterThan(belief.event!.before.mean);
    expect(notCredible.after!.mean).toBeLessThan(belief.event!.after.mean);
    const row = belief.decisions.find((decision) => decision.id === 'p')!;
    expect(row.before!.probabilityItPays).toBeLessThan(row.after!.probabilityItPays!);
    expect(belief.verdict).toContain('moves portfolio most (break-even 0.100 a year)');
    expect(belief.verdict).toContain('3,245 USD');
  });

  it('a project that never pays has no chance of paying; one that always pays has certainty', () => {
    const belief = bypassBelief(hazard(record), 'counts', { breakEven: 0, npv: () => 5 }, { breakEven: null, npv: () => -1 }, [], {})!;
    expect(belief.posterior.probabilityItPays).toBe(1);
    expect(belief.decisions[1]!.counts.probabilityItPays).toBeNull();
  });
});

describe('the risk engine with rate beliefs', () => {
  const fixtures = new URL('./fixtures/', import.meta.url).pathname;
  const set = (() => {
    const loaded = loadHazards('tiny-hazards-belief.yaml', fixtures);
    if (!loaded.ok) throw new Error(loaded.issues.map((issue) => issue.message).join('\n'));
    return loaded.value;
  })();
  const run = async (rates: 'stated' | 'posterior-mean' | 'posterior', withdrawn: 'counts' | 'not-credible' = 'counts') => {
    const runner = inProcessRunner();
    try {
      const report = await simulateRisk(set, set.price!, runner, { years: 2000, seed: 3, rates, withdrawn });
      if ('status' in report) throw new Error(report.message);
      return report;
    } finally {
      await runner.close();
    }
  };

  it('reports each hazard prior and posterior; posterior-mean and posterior draws simulate around (α + k) / (β + T)', { timeout: 120_000 }, async () => {
    const T = exposureYears('2020-01-01', '2021-12-31');
    const stated = await run('stated');
    expect(stated.hazards).toHaveLength(1);
    expect(stated.hazards[0]!.prior.mean).toBe(1);
    expect(stated.hazards[0]!.posterior.mean).toBeCloseTo(4 / (2 + T), 6);
    expect(stated.rates.mode).toBe('stated');
    expect(stated.drivers[0]!.eventsPerYear).toBeCloseTo(0.5, 1);
    const mean = await run('posterior-mean', 'not-credible');
    expect(mean.hazards[0]!.posterior.mean).toBeCloseTo(3 / (2 + T), 6);
    expect(Math.abs(mean.drivers[0]!.eventsPerYear - 3 / (2 + T))).toBeLessThan(4 * Math.sqrt(3 / (2 + T) / 2000));
    // Drawing the rate each year keeps the mean count and widens its spread (negative binomial).
    const drawn = await run('posterior');
    const atMean = await run('posterior-mean');
    const rate = 4 / (2 + T);
    const negativeBinomialVariance = rate + rate / (2 + T);
    expect(Math.abs(drawn.drivers[0]!.eventsPerYear - rate)).toBeLessThan(4 * Math.sqrt(negativeBinomialVariance / 2000));
    expect(drawn.exporters.p99Usd).toBeGreaterThan(atMean.exporters.p99Usd);
  });
});
