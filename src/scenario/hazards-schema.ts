import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { numberIn, quantity, ratio, sourcedNumber } from '../model/quantity-schema.ts';

const sourced = { source: z.string().optional(), estimate: z.string().optional() };

/** Event lengths; a draw is cut to a year anyway. */
const days = numberIn(0, 3650, { above: true });

/** More than one event a day on average is not a hazard but a state of the network. */
const MAX_RATE = 365;

const duration = z
  .union([
    z.object({ fixed: days.describe('Days.') }).strict(),
    z
      .object({ median: days.describe('Days.'), p90: days.describe('Days; above the median.') })
      .strict()
      .describe('Lognormal with this median and 90th percentile.'),
    z.object({ empirical: z.array(days).min(1).max(10_000).describe('Observed durations in days, drawn with equal probability.') }).strict(),
  ])
  .describe('How long an event lasts, in days (rounded up to whole days).');

export const priorSchema = z
  .object({
    shape: numberIn(0, 10_000, { above: true }).describe('Gamma shape alpha: as if this many events had been seen...'),
    years: numberIn(0.01, 10_000).describe('...in this many years of exposure (the Gamma rate beta, in years).'),
    reasoning: z.string().min(1).describe('Why this prior: what was believed before the record, and how strongly.'),
  })
  .strict()
  .refine((prior) => prior.shape / prior.years <= MAX_RATE, { message: `the prior's mean rate (shape / years) must be at most ${MAX_RATE} events a year`, path: ['shape'] })
  .describe('Belief about the annual rate before the record: Gamma(shape, years), mean shape / years events per year.');

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

export const recordSchema = z
  .object({
    from: isoDay.describe('First day the hazard could have struck (start of exposure).'),
    to: isoDay.describe('Last day of the record (inclusive).'),
    events: z
      .array(
        z
          .object({
            id: z.string().describe('Event id in the disruption record (e.g. E04).'),
            date: isoDay,
            withdrawn: z.boolean().default(false).describe('Executed, then withdrawn before it bit (e.g. a ruling replaced by a fine): counted or not by the reading chosen.'),
          })
          .strict(),
      )
      .default([]),
    source: z.string().optional(),
  })
  .strict()
  .describe('The events of this kind in the record and the exposure they were seen in: they update the prior (Gamma-Poisson).');

export const hazardSchema = z
  .object({
    id: identifier,
    name: z.string(),
    kind: z.enum(['weather', 'technical', 'planned', 'political', 'attack', 'other']),
    assets: z.array(identifier).default([]).describe('Assets one event hits together (a storm on all three moorings).'),
    actor: identifier.optional().describe('A political decision: the event closes all the infrastructure under this actor.'),
    remaining: ratio.default(0).describe('Capacity left during an event.'),
    rate: sourcedNumber('Events per year (Poisson).', 0, MAX_RATE),
    duration,
    months: z.array(z.number().int().min(1).max(12)).optional().describe('Months in which events can start (default all).'),
    prior: priorSchema.optional().describe("Belief about the rate before the record (default: the file's prior for this kind)."),
    record: recordSchema.optional(),
    note: z.string().optional(),
    ...sourced,
  })
  .strict()
  .describe('A source of disruption: what it hits, how often, how long.');

/** The coarsest step a risk window may be solved at: a month. */
export const MAX_STEP_DAYS = 31;

export const hazardsFileSchema = z
  .object({
    id: identifier,
    name: z.string(),
    description: z.string().optional(),
    network: z.string().describe('A built-in network id or a path relative to this file.'),
    price: quantity('price').optional().describe("Benchmark price of the simulated years (default: the network's reference price)."),
    leadDays: numberIn(0, 365, { int: true }).default(3).describe('Days simulated before each disrupted window.'),
    recoveryDays: numberIn(1, 365, { int: true }).default(20).describe('Days simulated after it, so tanks drain and deferred oil is counted.'),
    mergeGapDays: numberIn(0, 365, { int: true })
      .optional()
      .describe('Events closer than this are solved in one window (default: lead + recovery days); a test against whole years shows how short it can be.'),
    settleDays: numberIn(1, 365, { int: true })
      .optional()
      .describe(
        'Days after which the network is steady under an unchanged set of events (tanks full or empty, each further day loses the same). Longer stretches are solved at this length plus the recovery days, and the days cut out are valued at the steady daily loss (default: twice the recovery days); a test against whole years checks it.',
      ),
    stepDays: numberIn(1, MAX_STEP_DAYS, { int: true })
      .default(1)
      .describe(
        'Days one step of a simulated window stands for. 1 (default) solves every day; more solves each window at that step: rates per step, and each event by the share of each step it cuts. For hazards whose windows run to years (gas storage cycles), where a daily LP is too slow for many years; `checkWindows` and the bench compare it with daily steps.',
      ),
    priors: z.partialRecord(z.enum(['weather', 'technical', 'planned', 'political', 'attack', 'other']), priorSchema).default({}).describe('Default prior of each kind of hazard.'),
    hazards: z.array(hazardSchema).min(1),
  })
  .strict()
  .describe('Hazards of a network, for `chokepoint risk`.');

export type HazardsFile = z.output<typeof hazardsFileSchema>;
export type HazardFile = z.output<typeof hazardSchema>;
