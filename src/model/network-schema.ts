import { z } from 'zod';
import { datedQuantity, datedSteps, isoDate, serviceSchema } from './dated-schema.ts';
import { barrelsPerTonne, numberIn, quantity, ratio } from './quantity-schema.ts';
import { commoditySchema, demandSchema, gasStorageFields, moneySchema, shipOrPaySchema } from './gas-schema.ts';
import { checkCommodityUnits } from './commodity-units.ts';

export const identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-" and start with a letter or digit')
  .describe('An identifier unique within its kind (actors; nodes and links share one namespace).');

const note = z.string().optional().describe('Free text for the reader.');
const sourceText = z.string().optional().describe('Where the item as a whole comes from.');

export const actorSchema = z
  .object({
    id: identifier,
    name: z.string().min(1),
    kind: z.enum(['state', 'company', 'consortium', 'other']).describe('States collect fiscal take; companies hold equity.'),
    country: identifier.optional().describe('For companies: the state actor they are based in.'),
    note,
  })
  .strict()
  .describe('A state or company that produces, taxes, owns, transits or can close assets.');

export const ownerSchema = z
  .object({ actor: identifier, share: ratio })
  .strict()
  .describe('An equity holder and its share.');

const owners = z
  .union([z.array(ownerSchema), datedSteps(z.array(ownerSchema), 'Equity holders over time: each step lists every holder from its date.')])
  .default([]);

/** A share written once, or as dated steps. */
const datedRatio = z.union([
  ratio,
  datedSteps(z.union([z.number(), z.string()]), 'A share that changes over time.').superRefine((steps, context) => {
    steps.forEach((step, index) => {
      const checked = ratio.safeParse(step.value);
      if (!checked.success) for (const issue of checked.error.issues) context.addIssue({ code: 'custom', path: [index, 'value'], message: issue.message });
    });
  }),
]);

/**
 * How an asset shared by several shippers (each field's crude) is rationed when it cannot carry
 * everything. `merit` is a plan that maximises the system's netback (scarce capacity goes to the
 * best-paid crude); `pro-rata` cuts every shipper in the same proportion of its basis. See
 * docs/allocation.md for the linear constraints.
 */
export const allocationSchema = z
  .object({
    rule: z.enum(['pro-rata', 'merit']).describe('pro-rata: every shipper is cut in the same proportion of its basis; merit: the highest netback goes first (no rule).'),
    basis: z
      .enum(['nominations', 'quota', 'output'])
      .optional()
      .describe(
        "What a shipper's cut is proportional to. nominations: its average daily flow through the asset in the undisrupted plan (the run's baseline); quota: the stated shares; output: its fields' production capacity. Default: nominations on links and nodes, output on production limits.",
      ),
    shares: z
      .array(z.object({ shipper: identifier.describe('A field id.'), share: ratio }).strict())
      .optional()
      .describe('Stated shares of the asset by field, for basis quota (fields not listed get none).'),
    source: sourceText,
    estimate: z.string().optional().describe('Why the rule is an estimate.'),
  })
  .strict()
  .superRefine((allocation, context) => {
    if (allocation.basis === 'quota' && !allocation.shares?.length) context.addIssue({ code: 'custom', path: ['shares'], message: 'basis quota needs shares: list { shipper: <field id>, share } for each shipper' });
    if (allocation.shares && allocation.basis !== 'quota') context.addIssue({ code: 'custom', path: ['basis'], message: 'shares are read only with basis: quota; set basis: quota or remove shares' });
  })
  .describe('The rule that shares scarce capacity among shippers when the asset is disrupted.');

const location = z
  .object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) })
  .strict()
  .describe('Approximate position for maps (degrees).');

const nodeCommon = {
  id: identifier,
  name: z.string().min(1),
  location: location.optional(),
  jurisdiction: z.array(identifier).default([]).describe('Actors who can close this asset.'),
  owners,
  throughput: datedQuantity('massFlow', { min: 0 }).optional().describe('Most oil that can leave the node in a day.'),
  service: serviceSchema.optional(),
  note,
  source: sourceText,
};

export const fieldNodeSchema = z
  .object({
    ...nodeCommon,
    kind: z.literal('field'),
    production: datedQuantity('massFlow', { min: 0 }).describe('Production capacity (the most the field can lift).'),
    liftingCost: datedQuantity('price', { min: 0 }).describe('Operating cost of each tonne lifted.'),
    minimumRate: datedQuantity('massFlow', { min: 0 })
      .optional()
      .describe('Lowest rate the field must keep while it is not under an outage (hard lower bound).'),
    shutInCost: datedQuantity('price', { min: 0 })
      .optional()
      .describe('Cost of each tonne of capacity left unproduced (restart, well work, contracts).'),
    barrelsPerTonne: barrelsPerTonne.optional().describe("This field's oil: barrels per tonne (defaults to the commodity's)."),
    qualityDifferential: quantity('price').optional().describe("This crude's premium (+) or discount (-) to the market price."),
    lng: z.boolean().optional().describe('Gas: this supply is LNG bought on the world market (its extra use is reported as replacement LNG).'),
    taxedBy: identifier.describe('The state that collects the fiscal take.'),
    fiscalTake: datedRatio.describe("The state's share of the field's margin (or revenue, see fiscalBasis)."),
    fiscalBasis: z
      .enum(['netback', 'revenue'])
      .default('netback')
      .describe('netback: share of (revenue - transport - lifting); revenue: share of gross sales.'),
  })
  .strict();

const nodeAllocation = allocationSchema.optional().describe("How the node's throughput (oil leaving it) is shared among shippers when it is disrupted; absent = merit.");
export const junctionNodeSchema = z.object({ ...nodeCommon, kind: z.literal('junction'), allocation: nodeAllocation }).strict();
export const terminalNodeSchema = z.object({ ...nodeCommon, kind: z.literal('terminal'), allocation: nodeAllocation }).strict();

export const storageNodeSchema = z
  .object({
    ...nodeCommon,
    kind: z.literal('storage'),
    capacity: datedQuantity('mass', { min: 0 }).describe('Working capacity of the tanks.'),
    initial: quantity('mass', { min: 0 })
      .default('0 t')
      .describe("The stated operating level: stock in the tanks at a horizon's start, unless the scenario sets initialStock."),
    minimumStock: datedQuantity('mass', { min: 0 })
      .optional()
      .describe('Minimum operating stock: the tanks are never drawn below it (heel and the stock needed to assemble cargoes); default 0.'),
    holdingCost: datedQuantity('price', { min: 0 })
      .default('0 USD/t')
      .describe('Cost of keeping a tonne in the tanks for a day; also stops the optimiser holding oil for no reason.'),
    ...gasStorageFields,
    state: identifier.optional().describe('The state the storage counts for (fill against targets is reported by state).'),
  })
  .strict();

export const originDifferentialSchema = z
  .object({
    origins: z.array(identifier).min(1).describe('States of origin: a field\'s crude has the origin of the state taxing it.'),
    differential: quantity('price').describe('Added to the market price for crude of these origins (negative = a discount), with its source or estimate.'),
    from: isoDate.optional().describe('First day the differential holds (absent: from any date).'),
    to: isoDate.optional().describe('Last day it holds (absent: to any date).'),
    note,
  })
  .strict()
  .refine((entry) => !entry.from || !entry.to || entry.from <= entry.to, { message: 'the differential ends before it starts: swap or correct from and to', path: ['to'] })
  .describe("A buyer's premium or discount by the crude's origin.");

export const marketNodeSchema = z
  .object({
    ...nodeCommon,
    kind: z.literal('market'),
    priceDifferential: quantity('price').default('0 USD/bbl').describe('Price relative to the benchmark.'),
    intake: datedQuantity('massFlow', { min: 0 }).optional().describe('Most the market takes in a day.'),
    minimumIntake: datedQuantity('massFlow', { min: 0 })
      .optional()
      .describe(
        'A supply obligation (e.g. a domestic supply schedule): delivered whenever the network can physically reach the market, before any export. Shortfalls are allowed only when no oil can get there, and reported.',
      ),
    state: identifier.optional().describe('The state where the market is (domestic markets are not exports).'),
    originDifferentials: z
      .array(originDifferentialSchema)
      .default([])
      .describe("What this market's buyers pay for crude of some origins, beside the market price (e.g. the discount on Russian-origin barrels buyers asked from 2022): redirecting a crude to a buyer who discounts it is not free."),
    demand: demandSchema.optional().describe('Price-responsive demand (gas): the market consumes what its buyers value above the cost of supply; without it the market takes any quantity at its price.'),
  })
  .strict()
  .refine((market) => !market.demand || market.minimumIntake === undefined, { message: 'a market with a demand curve has no minimumIntake: firm demand is the part of the curve valued at valueOfLostLoad', path: ['minimumIntake'] });

export const nodeSchema = z
  .discriminatedUnion('kind', [fieldNodeSchema, junctionNodeSchema, terminalNodeSchema, storageNodeSchema, marketNodeSchema])
  .describe('A place in the network; its kind decides its variables and constraints.');

export const linkSchema = z
  .object({
    id: identifier,
    name: z.string().optional(),
    kind: z.enum(['pipeline', 'mooring', 'berth', 'tanker', 'rail', 'other']),
    from: identifier,
    to: identifier,
    capacity: datedQuantity('massFlow', { min: 0 }).optional().describe('Physical capacity: most oil entering the link in a day; absent = unlimited.'),
    schedule: datedQuantity('massFlow', { min: 0 })
      .optional()
      .describe("Commercial schedule: what shippers may move in normal operation (an intergovernmental or export schedule, a contract, a charter or wagon fleet), never above the physical capacity; absent = the physical capacity."),
    extra: z
      .object({
        leadDays: numberIn(0, 3650, { int: true }).describe('Days after a disruption starts before shippers get more than the schedule.'),
        upTo: datedQuantity('massFlow', { min: 0 }).optional().describe('Most extra above the schedule; absent = up to the physical capacity.'),
        source: sourceText,
        estimate: z.string().optional().describe('Why the rule is an estimate.'),
      })
      .strict()
      .optional()
      .describe("How extra capacity beyond the schedule can be had in a disruption (at the link's tariff): from leadDays after the first outage or sanction of a run starts until the last one ends."),
    tariff: datedQuantity('price', { min: 0 }).default('0 USD/t').describe('Charge per tonne moved, earned by the owners.'),
    transitDays: numberIn(0, 365, { int: true }).default(0).describe('Days between entering and leaving the link.'),
    jurisdiction: z.array(identifier).default([]).describe('Actors who can close this link.'),
    owners: owners.describe('Who earns the tariff, by equity share.'),
    service: serviceSchema.optional(),
    route: z.string().optional().describe('Export route this link meters (each tonne crossing it counts as exported via the route).'),
    polyline: z
      .array(location)
      .min(2)
      .optional()
      .describe('Route geometry for maps and exports: the points the link passes through in order, its two ends included (degrees).'),
    commodities: z.array(identifier).optional().describe('Only these fields\' oil may use the link (default: any that can reach it).'),
    allocation: allocationSchema.optional().describe('How the link is shared among shippers when it, or anything downstream of it, is disrupted; absent = merit.'),
    shipOrPay: shipOrPaySchema.optional(),
    note,
    source: sourceText,
  })
  .strict()
  .describe('A connection that moves oil: pipeline, mooring, berth, tanker route or rail.');

export const productionLimitSchema = z
  .object({
    id: identifier,
    name: z.string().optional(),
    state: identifier.describe('The state whose fields the limit caps.'),
    fields: z.array(identifier).optional().describe("The fields it covers (default: every field the state taxes)."),
    cap: datedQuantity('massFlow', { min: 0 }).describe('Most the covered fields may produce together per day (e.g. an OPEC+ target by month); barrels convert at the network\'s barrels per tonne.'),
    enforce: z.boolean().default(true).describe('Whether runs hold the fields to the cap unless a scenario says otherwise (a target a state is known not to keep can be listed unenforced).'),
    service: serviceSchema.optional().describe('When the limit applies; outside these dates the fields are not capped.'),
    allocation: allocationSchema
      .optional()
      .describe('The national cut rule: how the cap is shared among the covered fields when it binds. Absent = pro rata to output (each field cut in the same proportion of its production capacity).'),
    note,
    source: sourceText,
  })
  .strict()
  .describe('A national production limit (a quota) as a cap on the sum of a state\'s fields.');

export const networkSchema = z
  .object({
    id: identifier,
    name: z.string(),
    description: z.string().optional(),
    commodity: commoditySchema,
    money: moneySchema.optional(),
    benchmark: z
      .object({
        name: z.string(),
        source: sourceText,
        referencePrice: quantity('price')
          .optional()
          .describe('Benchmark price that analyses (criticality, leverage, power, bypass) use when no scenario gives prices, e.g. a year average.'),
        referenceDate: isoDate
          .optional()
          .describe('First day of the closures that analyses simulate when none is given; dated figures are read on this day unless a horizon says otherwise.'),
      })
      .strict(),
    actors: z.array(actorSchema).min(1),
    nodes: z.array(nodeSchema).min(1),
    links: z.array(linkSchema).default([]),
    productionLimits: z.array(productionLimitSchema).default([]).describe('National production limits (quotas) on groups of fields.'),
  })
  .strict()
  .superRefine(checkCommodityUnits)
  .describe('An export network: actors, nodes (fields, junctions, terminals, storage, markets) and links.');

export type NetworkInput = z.input<typeof networkSchema>;
export type NetworkFile = z.output<typeof networkSchema>;
export type NodeFile = z.output<typeof nodeSchema>;
export type LinkFile = z.output<typeof linkSchema>;
export type ActorFile = z.output<typeof actorSchema>;
export type ProductionLimitFile = z.output<typeof productionLimitSchema>;
export type AllocationFile = z.output<typeof allocationSchema>;
