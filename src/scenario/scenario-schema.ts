import { z } from 'zod';
import { worldMarketSchema } from './world-market-schema.ts';
import { identifier, linkSchema, nodeSchema } from '../model/network-schema.ts';
import { MAGNITUDE, numberIn, quantity, ratio } from '../model/quantity-schema.ts';
import { isoDate } from '../model/dated-schema.ts';

export { isoDate };

const note = z.string().optional().describe('Free text for the reader.');
const source = z.string().optional().describe('Where the event or figure comes from.');

/** Start and end are both inclusive: 6 July to 4 August is a 30-day window. */
const window = {
  start: isoDate.describe('First day the event applies (inclusive).'),
  end: isoDate.optional().describe('Last day the event applies (inclusive); give end or days.'),
  days: numberIn(1, MAGNITUDE.duration, { int: true }).optional().describe('Length in days, instead of end.'),
};

/** What operators know of a disruption, and when (used by `operations: rolling`). */
const knowledge = {
  announced: isoDate.optional().describe('Day operators learn of the event (default: its start); before it, rolling decisions do not know of it.'),
  expectedEnd: isoDate
    .optional()
    .describe('Last day operators believe the event lasts, until its actual end is revealed (the day after `end`); default: until further notice, i.e. through the look-ahead.'),
  expectedDays: numberIn(1, MAGNITUDE.duration, { int: true }).optional().describe('Believed length in days from the start, instead of expectedEnd.'),
};

export const outageEventSchema = z
  .object({
    type: z.literal('outage'),
    asset: identifier.describe('The node or link affected.'),
    ...window,
    remaining: ratio.default(0).describe('Capacity left during the outage (0 % = closed).'),
    causedBy: identifier.optional().describe('The actor who causes it (for accounting of its own cost).'),
    ...knowledge,
    note,
    source,
  })
  .strict()
  .describe('An asset loses capacity for a window: a closure, a storm, a breakdown.');

export const sanctionEventSchema = z
  .object({
    type: z.literal('sanction'),
    actor: identifier.describe('The actor imposing the block.'),
    assets: z.array(identifier).default([]).describe('Links, nodes or markets (buyers) blocked.'),
    scope: z
      .enum(['listed', 'jurisdiction'])
      .default('listed')
      .describe('listed: only `assets`; jurisdiction: also every asset where the actor has jurisdiction.'),
    ...window,
    ...knowledge,
    note,
    source,
  })
  .strict()
  .describe('An actor blocks links, nodes or markets.');

export const expansionEventSchema = z
  .object({
    type: z.literal('expansion'),
    asset: identifier.optional().describe('An existing node or link to enlarge.'),
    capacity: z
      .union([quantity('massFlow', { min: 0 }), quantity('mass', { min: 0 })])
      .optional()
      .describe('New capacity of the existing asset from `start` (mass for storage, mass flow otherwise).'),
    link: linkSchema.optional().describe('A new link that exists from `start`.'),
    node: nodeSchema.optional().describe('A new node that exists from `start`.'),
    start: isoDate,
    note,
    source,
  })
  .strict()
  .describe('A new or enlarged link, node or storage from a date.');

export const priceEventSchema = z
  .object({
    type: z.literal('price'),
    target: z.string().default('benchmark').describe('"benchmark", a market id, or a field id: then its lifting cost moves (e.g. the delivered LNG price of a gas network\'s LNG supply).'),
    ...window,
    change: quantity('price').describe('Added to the price during the window (negative = fall).'),
    note,
    source,
  })
  .strict()
  .describe('A shock to the benchmark, to one market\'s differential, or to one field\'s cost (an LNG price).');

export const penaltyEventSchema = z
  .object({
    type: z.literal('penalty'),
    payer: identifier,
    payee: identifier.optional(),
    amount: numberIn(0, 1e15).describe('In `currency` (at most 1e15: a trillion dollars in the weakest currencies).'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO currency code such as RUB'),
    unitsPerUsd: numberIn(1e-4, 1e9).describe('Exchange rate: units of `currency` per US dollar.'),
    date: isoDate,
    note,
    source,
  })
  .strict()
  .refine((penalty) => penalty.amount / penalty.unitsPerUsd <= MAGNITUDE.money, { message: `the fine must be at most ${MAGNITUDE.money.toExponential().replace('e+', 'e')} USD at the exchange rate given`, path: ['amount'] })
  .describe('A fine paid by an actor.');

export const ruleEventSchema = z
  .object({
    type: z.literal('rule'),
    id: identifier.describe('Names the rule in the accounts.'),
    rule: z.enum(['embargo', 'price-cap', 'secondary']).describe('embargo: caught crude may not be sold at the markets; price-cap: caught crude priced above the cap sells at the cap, at a discount or with an alternative service, whichever costs least; secondary: buyers at the markets who take caught crude pay a penalty (or stop buying it).'),
    issuer: identifier.describe('The actor issuing the rule.'),
    legalBasis: z.string().min(1).describe('The act and article.'),
    ...window,
    markets: z.array(identifier).min(1).describe('Markets where the rule bites (the issuer\'s buyers, or the third-party buyers it penalises).'),
    origins: z.array(identifier).default([]).describe('Crude is caught when its origin (the state taxing its field) is one of these.'),
    owners: z
      .object({ of: identifier.describe('A state: its own stake and its companies\' stakes count.'), atLeast: ratio.describe('Crude is caught when they hold at least this share of its field.') })
      .strict()
      .optional(),
    exportedFrom: z
      .array(identifier)
      .default([])
      .describe("Crude is also caught at a market when it can reach that market only through assets under one of these states' jurisdiction (loaded in or shipped through them: 'exported from')."),
    exempt: z
      .array(z.object({ field: identifier, reason: z.string().min(1), source: z.string().optional() }).strict())
      .default([])
      .describe('Fields whose crude the rule spares, with why.'),
    cap: quantity('price').optional().describe('price-cap: the cap on the delivered price.'),
    discount: quantity('price').optional().describe('price-cap: the discount a buyer outside the cap asks (USD/bbl).'),
    alternativeCost: quantity('price').optional().describe('price-cap: the extra cost of shipping and insurance outside the cap\'s services (USD/bbl).'),
    penalty: quantity('price').optional().describe('secondary: what a buyer pays per barrel of caught crude; without it the buyer stops buying caught crude.'),
    note,
    source: z.string().min(1).describe('Where the rule is published.'),
  })
  .strict()
  .describe('A sanction rule: which crude it catches (by origin, by owner, less exemptions), where, and what it does to it.');

export const eventSchema = z.discriminatedUnion('type', [
  ruleEventSchema,
  outageEventSchema,
  sanctionEventSchema,
  expansionEventSchema,
  priceEventSchema,
  penaltyEventSchema,
]);

export const pricePointSchema = z
  .object({ from: isoDate, price: quantity('price'), source })
  .strict()
  .describe('The benchmark price from a date until the next point.');

export const operationsSchema = z
  .object({
    mode: z
      .enum(['hindsight', 'rolling'])
      .default('rolling')
      .describe('hindsight: one plan over the whole horizon that knows every event and its end (the lower bound of the loss); rolling: operators re-plan every `replanDays` over `lookaheadDays` with only what they know that day, and reality plays their decisions out.'),
    lookaheadDays: numberIn(1, 366, { int: true }).default(30).describe('Length of each rolling decision window, days.'),
    replanDays: numberIn(1, 366, { int: true }).default(1).describe('Days between re-plans; the decisions of the first replanDays of each window are fixed.'),
  })
  .strict()
  .refine((operations) => operations.replanDays <= operations.lookaheadDays, { message: 'replanDays must not exceed lookaheadDays: decisions are fixed only within the window planned', path: ['replanDays'] })
  .describe('How decisions are taken: with hindsight, or rolling with what is known each day.');

export const scenarioSchema = z
  .object({
    id: identifier,
    name: z.string(),
    description: z.string().optional(),
    network: z.string().describe('A built-in network id or a path relative to this file.'),
    horizon: z.object({ start: isoDate, end: isoDate.describe('Last day (inclusive).') }).strict(),
    prices: z
      .object({
        benchmark: z.array(pricePointSchema).min(1).describe('Benchmark price path, a step function.'),
        differentials: z.record(z.string(), quantity('price')).default({}).describe('Market id -> differential override.'),
      })
      .strict(),
    discountRate: ratio
      .default(0)
      .describe('Annual rate at which later cash counts less in the objective (reported cash flows are not discounted).'),
    foresight: z
      .enum(['myopic', 'perfect'])
      .default('myopic')
      .describe('myopic: operators do not know when a closure ends, so fields keep producing while oil can be stored and shut in only once tanks are full; perfect: the optimiser may time shut-ins with hindsight (same totals, different days).'),
    operations: operationsSchema
      .optional()
      .describe('How decisions are taken. Absent: a run or backtest (a replay) is decided rolling (daily, 30-day look-ahead); analyses of many variants use hindsight unless asked (docs/operations.md).'),
    initialStock: z
      .record(z.string(), quantity('mass', { min: 0 }))
      .default({})
      .describe("Storage id -> stock at the horizon's start, instead of the network's stated operating level."),
    productionLimits: z
      .record(z.string(), z.enum(['enforce', 'ignore']))
      .default({})
      .describe("Production limit id -> enforce or ignore it in this run, instead of the network's default."),
    events: z.array(eventSchema).default([]),
    world: worldMarketSchema.optional().describe('The world market answering the corridor\'s supply loss (price response accounted after the solve).'),
  })
  .strict()
  .describe('A horizon, prices and events over dates, on a named network.');

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type EventFile = z.output<typeof eventSchema>;
