import { z } from 'zod';
import { parseQuantity, unitsOf, type Dimension } from './units.ts';

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
  /** Smallest allowed canonical amount (e.g. 0 for capacities). */
  readonly min?: number;
  readonly max?: number;
}

const provenance = {
  source: z.string().min(1).optional().describe('Where the figure comes from: page title and address.'),
  estimate: z.string().min(1).optional().describe('Why the figure is an estimate and how it was reasoned.'),
};

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
        context.addIssue({ code: 'custom', message: parsed.message, params: { code: 'bad-quantity' } });
        return;
      }
      const amount = parsed.quantity.amount;
      if (options.min !== undefined && amount < options.min) {
        context.addIssue({
          code: 'custom',
          message: `${text} is below the minimum ${options.min}: a ${dimension} here cannot be negative`,
          params: { code: 'out-of-range' },
        });
      }
      if (options.max !== undefined && parsed.quantity.unit === '%' && amount > options.max * 100) {
        context.addIssue({ code: 'custom', message: `${text} is above ${options.max * 100} %`, params: { code: 'out-of-range' } });
      }
    })
    .describe(`A ${dimension} written with its unit (${units}), optionally as {value, source | estimate}.`);
}

export function quantityText(input: QuantityInput): string {
  return typeof input === 'string' ? input : input.value;
}

/** A share or percentage: "50 %" or a fraction between 0 and 1. */
export const ratio = z
  .union([z.number().min(0).max(1), quantity('ratio', { min: 0, max: 1 })])
  .describe('A share: "50 %" or a fraction from 0 to 1.');

export type RatioInput = z.infer<typeof ratio>;

/** A plain number with where it comes from: a source, or an estimate with its reasoning. */
export function sourcedNumber(description: string, min = 0) {
  return z
    .union([z.number().min(min), z.object({ value: z.number().min(min), source: z.string().optional(), estimate: z.string().optional() }).strict()])
    .describe(`${description} A number, or { value, source | estimate }.`);
}
