import { z } from 'zod';
import { parseQuantity, UNITS, unitsOf, type Dimension } from './units.ts';

/**
 * A figure in a data file: either a bare quantity string ("67 Mt/yr") or the same with its
 * provenance, `{ value: "67 Mt/yr", source: "Title https://…" }` or `{ value, estimate: "why" }`.
 * Shipped datasets use the second form for every figure (a test enforces it).
 */
export interface SourcedQuantity {
  readonly value: string;
  readonly source?: string | undefined;
  readonly estimate?: string | undefined;
}

export type QuantityInput = string | SourcedQuantity;

export interface QuantityOptions {
  /** Smallest allowed canonical amount (e.g. 0 for capacities); default -MAGNITUDE. */
  readonly min?: number;
  /** Largest allowed canonical amount; default MAGNITUDE. */
  readonly max?: number;
}

/**
 * The largest figure a data file may hold, by dimension, in the unit each dimension's factors are
 * written against (t, t/d, USD/t, USD, fraction, days; a gas network's MWh in place of t). Each is
 * far beyond any real corridor (world crude output is about 12 Mt a day), so only typing errors
 * meet it; and within them every sum the engine forms (a year of daily flows times a price, over
 * thousands of assets) stays many orders below overflow, and every LP bound and cost below the
 * 1e20 that HiGHS reads as infinite. Without them "1e308 Mt/yr" became Infinity, which the engine
 * reads as "unlimited", and ran.
 */
export const MAGNITUDE: Readonly<Record<Dimension, number>> = {
  mass: 1e12,
  massFlow: 1e9,
  price: 1e6,
  money: 1e13,
  ratio: 100,
  duration: 36_500,
};

const plain = (value: number) => (Math.abs(value) >= 1e7 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential().replace('e+', 'e') : value.toLocaleString('en-US', { maximumSignificantDigits: 6 }));

/** "from 0 to 365,000 Mt/yr": the range of a dimension in the unit the figure was written in. */
export function rangeIn(dimension: Dimension, unit: string, options: QuantityOptions = {}): string {
  const factor = UNITS[unit]?.factor ?? 1;
  const min = options.min ?? -MAGNITUDE[dimension];
  const max = options.max ?? MAGNITUDE[dimension];
  return `from ${plain(min / factor)} to ${plain(max / factor)} ${unit}`;
}

/**
 * A plain number in a data file, with its range in the message (every number of a file has
 * one: a test walks the file schemas' JSON Schema for numbers without both limits).
 */
export function numberIn(min: number, max: number, options: { readonly int?: boolean; readonly above?: boolean } = {}) {
  const error = `must be ${options.int ? 'a whole number' : 'a number'} ${options.above ? `above ${plain(min)} and up to` : `from ${plain(min)} to`} ${plain(max)}`;
  const base = options.int ? z.number({ error }).int({ error }) : z.number({ error });
  return (options.above ? base.gt(min, { error }) : base.min(min, { error })).max(max, { error });
}

/**
 * Crude runs 6–9 barrels a tonne; a gas carried by mass has the barrels of its density (natural
 * gas at 0.75 kg/m3: about 8,400; hydrogen: about 70,000). Beyond this range a figure is a typing error.
 */
export const barrelsPerTonne = numberIn(0.1, 1e5);

/** Density, t/m3: hydrogen gas (0.00009) to the densest liquids. */
export const tonnesPerCubicMetre = numberIn(1e-5, 10);

const provenance = {
  source: z.string().min(1).optional().describe('Where the figure comes from: page title and address.'),
  estimate: z.string().min(1).optional().describe('Why the figure is an estimate and how it was reasoned.'),
};

const DIMENSION_NAMES: Readonly<Record<Dimension, string>> = { mass: 'mass', massFlow: 'flow', price: 'price', money: 'sum of money', ratio: 'share', duration: 'duration' };

export function quantity(dimension: Dimension, options: QuantityOptions = {}) {
  const units = unitsOf(dimension).join(', ');
  return z
    .union([
      z.string(),
      z.object({ value: z.string(), ...provenance }).strict(),
    ])
    .superRefine((input, context) => {
      const text = typeof input === 'string' ? input : input.value;
      const parsed = parseQuantity(text, dimension);
      if (!parsed.ok) {
        const message = parsed.overflowIn ? `${text.trim()} is out of range: a ${DIMENSION_NAMES[dimension]} here must be ${rangeIn(dimension, parsed.overflowIn, options)}` : parsed.message;
        context.addIssue({ code: 'custom', message, params: { code: parsed.overflowIn ? 'out-of-range' : 'bad-quantity' } });
        return;
      }
      // Compared in the unit's own scale (barrels as tonnes, cubic metres as written): the
      // commodity's factors move a figure by at most a few tens, far inside the margins above.
      const { amount, unit } = parsed.quantity;
      const scaled = amount * (UNITS[unit]?.factor ?? 1);
      const min = options.min ?? -MAGNITUDE[dimension];
      const max = options.max ?? MAGNITUDE[dimension];
      if (!(scaled >= min && scaled <= max)) {
        context.addIssue({ code: 'custom', message: `${text.trim()} is out of range: a ${DIMENSION_NAMES[dimension]} here must be ${rangeIn(dimension, unit, options)}`, params: { code: 'out-of-range' } });
      }
    })
    .describe(`A ${dimension} written with its unit (${units}), optionally as {value, source | estimate}; ${rangeIn(dimension, unitsOf(dimension)[0]!, options)}.`);
}

export function quantityText(input: QuantityInput): string {
  return typeof input === 'string' ? input : input.value;
}

/** A share or percentage: "50 %" or a fraction between 0 and 1. */
export const ratio = z
  .union([numberIn(0, 1), quantity('ratio', { min: 0, max: 1 })])
  .describe('A share: "50 %" or a fraction from 0 to 1.');

export type RatioInput = z.infer<typeof ratio>;

/** A plain number with where it comes from: a source, or an estimate with its reasoning. */
export function sourcedNumber(description: string, min: number, max: number) {
  return z
    .union([numberIn(min, max), z.object({ value: numberIn(min, max), source: z.string().optional(), estimate: z.string().optional() }).strict()])
    .describe(`${description} A number, or { value, source | estimate }.`);
}
