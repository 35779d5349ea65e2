/**
 * A demand curve as steps the LP can take: slices of the reference demand, each with the price
 * above which its buyers stop consuming, and a firm rest valued at the value of lost load.
 */
import type { DemandCurve } from './network.ts';

export interface ElasticCurve {
  /** Price elasticity of demand, ≤ 0. */
  readonly elasticity: number;
  /** Price at which the reference demand is consumed. */
  readonly referencePrice: number;
  /** Highest price on the curve; the demand left there is firm. */
  readonly priceCeiling: number;
  readonly stepCount: number;
}

/**
 * Steps on a constant-elasticity curve D(p) = D₀ (p / p₀)^ε between p₀ and the ceiling p̄, at
 * prices spaced geometrically (pₖ = p₀ (p̄/p₀)^(k/n)): slice k holds D(pₖ₋₁) − D(pₖ) of the
 * reference demand and is valued at the geometric mean √(pₖ₋₁ pₖ), where the curve crosses the
 * slice's middle in log-price. The firm share is D(p̄)/D₀.
 */
export function elasticSteps(curve: ElasticCurve): { share: number; priceUsdPerTonne: number }[] {
  const { elasticity, referencePrice, priceCeiling, stepCount } = curve;
  if (elasticity === 0 || priceCeiling <= referencePrice || referencePrice <= 0) return [];
  const priceAt = (k: number) => referencePrice * (priceCeiling / referencePrice) ** (k / stepCount);
  const demandAt = (price: number) => (price / referencePrice) ** elasticity;
  const steps: { share: number; priceUsdPerTonne: number }[] = [];
  for (let k = 1; k <= stepCount; k += 1) {
    const low = priceAt(k - 1);
    const high = priceAt(k);
    steps.push({ share: demandAt(low) - demandAt(high), priceUsdPerTonne: Math.sqrt(low * high) });
  }
  return steps;
}

/** The curve from its slices (given or derived): the firm share is what they leave. */
export function demandCurve(steps: readonly { share: number; priceUsdPerTonne: number }[], valueOfLostLoad: number): DemandCurve {
  const sorted = [...steps].sort((a, b) => a.priceUsdPerTonne - b.priceUsdPerTonne);
  const elastic = sorted.reduce((sum, step) => sum + step.share, 0);
  return { steps: sorted, firmShare: Math.max(0, 1 - elastic), valueOfLostLoadUsdPerTonne: valueOfLostLoad };
}
