/**
 * The Gamma distribution with shape a and rate b (mean a / b): the conjugate belief about a
 * Poisson rate. Numerical Recipes' split between series and continued fraction keeps the
 * incomplete gamma accurate to ~1e-14 on both sides of its mode.
 */

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((coefficient, index) => (sum += coefficient / (z + index + 1)));
  const t = z + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** P(a, x): the regularized lower incomplete gamma function, the CDF of Gamma(a, 1) at x. */
export function regularizedGammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (!Number.isFinite(x)) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let total = term;
    for (let n = 1; n < 1000; n += 1) {
      term *= x / (a + n);
      total += term;
      if (Math.abs(term) < Math.abs(total) * 1e-16) break;
    }
    return Math.min(1, total * Math.exp(logPrefix));
  }
  // Lentz's continued fraction for Q(a, x) = 1 - P(a, x).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < 1000; n += 1) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** CDF of Gamma(shape, rate) at x. */
export function gammaCdf(shape: number, rate: number, x: number): number {
  return regularizedGammaP(shape, rate * x);
}

/** The q-quantile of Gamma(shape, rate), by bisection on the CDF (monotone, so always found). */
export function gammaQuantile(shape: number, rate: number, q: number): number {
  if (q <= 0) return 0;
  if (q >= 1) return Infinity;
  let low = 0;
  let high = Math.max(1, shape) / rate;
  while (gammaCdf(shape, rate, high) < q) high *= 2;
  for (let step = 0; step < 200 && high - low > 1e-15 * high; step += 1) {
    const middle = (low + high) / 2;
    if (gammaCdf(shape, rate, middle) < q) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function standardNormal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** One draw from Gamma(shape, rate) (Marsaglia and Tsang; shapes below 1 boosted by U^(1/a)). */
export function sampleGamma(shape: number, rate: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, rate, random) * Math.max(random(), Number.MIN_VALUE) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = random();
    if (Math.log(Math.max(u, Number.MIN_VALUE)) < 0.5 * x * x + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}
