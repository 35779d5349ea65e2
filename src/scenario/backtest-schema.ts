import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { barrelsPerTonne, MAGNITUDE, numberIn } from '../model/quantity-schema.ts';
import { scenarioSchema } from './scenario-schema.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD, e.g. 2022-07-06');

/** What the model reports for comparison with an observed figure. */
export const backtestMetricSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('linkFlowPerDay').describe('Mean daily flow over the links across the whole horizon (e.g. terminal loadings over the moorings).'),
      links: z.array(identifier).min(1),
      barrelsPerTonne: barrelsPerTonne.optional().describe('Converts tonnes to barrels when the observation is in bbl/d.'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('productionChange').describe("The fields' output on a day, scenario against baseline, in % (negative = cut)."),
      fields: z.array(identifier).min(1),
      date: isoDate,
    })
    .strict(),
  z
    .object({
      kind: z.literal('productionTotal').describe("The fields' output over the whole horizon, tonnes."),
      fields: z.array(identifier).min(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('productionLost').describe("The fields' output lost against the baseline over the horizon, tonnes."),
      fields: z.array(identifier).min(1),
    })
    .strict(),
]);

export const backtestFileSchema = z
  .object({
    id: identifier,
    record: z.string().regex(/^E\d{2}$/, 'the disruption record id, e.g. E06').describe('The event of the disruption record this case replays.'),
    name: z.string().min(1),
    scenario: scenarioSchema.describe('Only what was known at the time: dates, assets out, capacity left.'),
    estimates: z.array(z.string()).default([]).describe('Which inputs are estimates, and why.'),
    observed: z
      .array(
        z
          .object({
            name: z.string().min(1),
            metric: backtestMetricSchema,
            value: numberIn(-MAGNITUDE.mass, MAGNITUDE.mass),
            unit: z.enum(['bbl/d', 't/d', '%', 't']),
            source: z.string().min(1).describe('Where the observed figure was reported (URL).'),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1)
      .describe('Outcomes reported at the time; for comparison only, never used to set a parameter.'),
  })
  .strict()
  .describe('A real disruption replayed: the inputs known at the time and the outcomes observed.');

export type BacktestFile = z.output<typeof backtestFileSchema>;
export type BacktestMetric = z.output<typeof backtestMetricSchema>;
