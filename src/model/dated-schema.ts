import { z } from 'zod';
import { quantity, type QuantityOptions } from './quantity-schema.ts';
import type { Dimension } from './units.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD, e.g. 2022-07-06')
  .refine((text) => {
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  }, 'not a calendar date (check month and day)')
  .describe('A calendar date, YYYY-MM-DD (UTC days).');

const provenance = {
  source: z.string().min(1).optional().describe('Where this step comes from: page title and address.'),
  estimate: z.string().min(1).optional().describe('Why this step is an estimate and how it was reasoned.'),
};

/** Steps must be written in date order, each date once. */
function inDateOrder<T extends { from: string }>(steps: readonly T[], context: z.RefinementCtx): void {
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (previous && step.from <= previous.from) {
      context.addIssue({ code: 'custom', path: [index, 'from'], message: `steps must be in increasing date order: ${step.from} does not come after ${previous.from}`, params: { code: 'dates-out-of-order' } });
    }
  });
}

/**
 * A figure that changes over time: `[{ from: 2022-01-01, value: "53.7 Mt/yr", source }, { from:
 * 2024-03-01, value: "72.5 Mt/yr", source }]`. Each step holds from its date until the next; the
 * first step also holds before its date (a dataset says from when it is meant to be used).
 */
export function datedSteps<T extends z.ZodType>(value: T, description: string) {
  return z
    .array(z.object({ from: isoDate.describe('First day this value holds.'), value, ...provenance }).strict())
    .min(1)
    .superRefine(inDateOrder)
    .describe(`${description} Steps { from, value, source | estimate } in date order, each holding until the next.`);
}

/** A quantity written once, or as dated steps. */
export function datedQuantity(dimension: Dimension, options: QuantityOptions = {}) {
  const single = quantity(dimension, options);
  return z.union([single, datedSteps(z.string(), `A ${dimension} that changes over time.`).superRefine((steps, context) => {
    steps.forEach((step, index) => {
      const checked = single.safeParse(step.value);
      if (!checked.success) for (const issue of checked.error.issues) context.addIssue({ code: 'custom', path: [index, 'value'], message: issue.message });
    });
  })]).describe(single.description ?? '');
}

/** When an asset exists: first and last day in service (both inclusive; either may be open). */
export const serviceSchema = z
  .object({
    from: isoDate.optional().describe('First day in service; absent = before any date the dataset covers.'),
    to: isoDate.optional().describe('Last day in service; absent = still in service.'),
    ...provenance,
  })
  .strict()
  .refine((service) => !service.from || !service.to || service.from <= service.to, { message: 'service ends before it starts: swap or correct from and to', path: ['to'] })
  .describe('When the asset is in service: a route that opened or closed. Outside these dates it does not exist.');

export type ServiceFile = z.output<typeof serviceSchema>;
