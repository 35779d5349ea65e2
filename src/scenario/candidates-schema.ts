import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { MAGNITUDE, ratio, sourcedNumber } from '../model/quantity-schema.ts';
import { expansionEventSchema, isoDate } from './scenario-schema.ts';

const change = expansionEventSchema
  .omit({ type: true, start: true })
  .extend({ type: z.literal('expansion').optional(), start: isoDate.optional().describe('Ignored: a candidate is evaluated as if in service from the first day.') })
  .describe('What the project adds: an enlarged asset (asset + capacity), a new link or a new node.');

export const candidateSchema = z
  .object({
    id: identifier,
    name: z.string(),
    note: z.string().optional(),
    capexUsd: sourcedNumber('Capital cost, spent when the decision is taken (USD).', 0, MAGNITUDE.money),
    opexUsdPerYear: sourcedNumber('Fixed operating cost per year in service (USD); per-tonne costs go in the new links\' tariffs.', 0, MAGNITUDE.money).default(0),
    leadYears: sourcedNumber('Years from decision to service.', 0, 100).default(0),
    lifetimeYears: sourcedNumber('Years in service (at least one: the project must earn something).', 1, 200),
    changes: z.array(change).min(1),
  })
  .strict()
  .describe('A bypass project: what it adds to the network and what it costs.');

export const candidatesFileSchema = z
  .object({
    id: identifier,
    name: z.string(),
    description: z.string().optional(),
    network: z.string().describe('A built-in network id or a path relative to this file.'),
    threat: z.string().optional().describe('Default threat scenario (built-in id or path relative to this file).'),
    discountRate: ratio.default(0.08).describe('Annual discount rate for NPV.'),
    probability: sourcedNumber('Default annual probability of the threat, for NPV.', 0, 1).optional(),
    budgetUsd: sourcedNumber('Default capital budget for the portfolio (USD).', 0, MAGNITUDE.money).optional(),
    hazard: z
      .object({ hazards: z.string().describe('A built-in hazards id or a path relative to this file.'), id: identifier.describe('The hazard the threat is one event of.') })
      .strict()
      .optional()
      .describe("The hazard whose rate belief (prior updated by the record) the break-even decision is weighed against."),
    candidates: z.array(candidateSchema).min(1),
  })
  .strict()
  .describe('Candidate bypass projects for `chokepoint bypass`.');

export type CandidatesFile = z.output<typeof candidatesFileSchema>;
export type CandidateFile = z.output<typeof candidateSchema>;
