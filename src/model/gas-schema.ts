/**
 * The parts of a network file that gas needs (docs/gas-model.md): the commodity's kind and
 * calorific value, the network's currency, price-responsive demand, storage injection and
 * withdrawal limits with fill targets, and ship-or-pay bookings. Each is optional for crude.
 */
import { z } from 'zod';
import { datedQuantity, isoDate } from './dated-schema.ts';
import { barrelsPerTonne, numberIn, quantity, ratio, sourcedNumber, tonnesPerCubicMetre } from './quantity-schema.ts';

const provenance = {
  source: z.string().min(1).optional().describe('Where the figure comes from: page title and address.'),
  estimate: z.string().min(1).optional().describe('Why the figure is an estimate and how it was reasoned.'),
};

export const commoditySchema = z
  .object({
    name: z.string(),
    kind: z
      .enum(['crude', 'gas'])
      .default('crude')
      .describe('crude: base quantity tonnes (barrels via barrelsPerTonne); gas: base quantity MWh (cubic metres via kWhPerCubicMetre). Gas networks refuse tonnes and barrels, crude networks refuse energy units.'),
    barrelsPerTonne: barrelsPerTonne.optional().describe('Crude: converts barrels to tonnes for figures written in barrels (required for crude).'),
    tonnesPerCubicMetre: tonnesPerCubicMetre.optional().describe('Crude: density; defaults to 1 / (barrels per tonne × 0.159 m3).'),
    kWhPerCubicMetre: sourcedNumber('Gas: calorific value (gross, kWh per standard m3) converting mcm, bcm, mcm/d and bcm/yr to energy (required for gas), e.g. 10.55.', 1, 100)
      .optional(),
    source: z.string().optional().describe('Where the item as a whole comes from.'),
  })
  .strict()
  .superRefine((commodity, context) => {
    if (commodity.kind === 'crude' && commodity.barrelsPerTonne === undefined) {
      context.addIssue({ code: 'custom', path: ['barrelsPerTonne'], message: 'a crude network needs barrelsPerTonne (e.g. 7.3)', params: { code: 'missing-field' } });
    }
    if (commodity.kind === 'gas' && commodity.kWhPerCubicMetre === undefined) {
      context.addIssue({ code: 'custom', path: ['kWhPerCubicMetre'], message: 'a gas network needs kWhPerCubicMetre, its calorific value (e.g. { value: 10.55, source: … })', params: { code: 'missing-field' } });
    }
    if (commodity.kind === 'gas' && (commodity.barrelsPerTonne !== undefined || commodity.tonnesPerCubicMetre !== undefined)) {
      context.addIssue({ code: 'custom', path: ['barrelsPerTonne'], message: 'barrelsPerTonne and tonnesPerCubicMetre are for crude: a gas network gives kWhPerCubicMetre', params: { code: 'misplaced-field' } });
    }
  })
  .describe('What the network carries and how its volumes convert to the base quantity.');

export const moneySchema = z
  .object({
    currency: z.enum(['USD', 'EUR']).optional().describe('Currency of every result (default USD for crude, EUR for gas).'),
    usdPerEur: z
      .object({
        value: numberIn(0.01, 100).describe('US dollars per euro.'),
        date: z.string().min(4).describe('When the rate holds: a day (2022-06-30) or a period (2022 average).'),
        ...provenance,
      })
      .strict()
      .optional()
      .describe('The rate that converts figures written in the other currency (e.g. USD/MMBtu in a EUR network).'),
  })
  .strict()
  .describe("The network's currency and exchange rate.");

const demandStepSchema = z
  .object({
    share: ratio.describe('Slice of the reference demand this step holds.'),
    price: quantity('price', { min: 0 }).describe('Willingness to pay: above this price the slice is not consumed.'),
    ...provenance,
  })
  .strict();

export const demandSchema = z
  .object({
    reference: datedQuantity('massFlow', { min: 0 }).describe('Consumption at the reference price (may be dated, e.g. a monthly profile); the most the market consumes.'),
    steps: z.array(demandStepSchema).optional().describe('Price-responsive slices with their willingness to pay; what they leave is firm demand valued at valueOfLostLoad.'),
    elasticity: sourcedNumber('Price elasticity of demand (negative), turned into steps on a constant-elasticity curve from referencePrice to priceCeiling.', -100, 0)
      .optional(),
    referencePrice: quantity('price', { min: 0 }).optional().describe('With elasticity: the price at which the reference demand is consumed.'),
    priceCeiling: quantity('price', { min: 0 }).optional().describe('With elasticity: the highest price on the curve; what demand remains there is firm.'),
    stepCount: z.number().int().min(1).max(50).default(8).describe('With elasticity: how many steps approximate the curve.'),
    valueOfLostLoad: quantity('price', { min: 0 }).describe('What a unit of firm demand left unserved costs (VoLL); also the willingness to pay of firm demand.'),
    ...provenance,
  })
  .strict()
  .superRefine((demand, context) => {
    const curve = demand.elasticity !== undefined;
    if (curve === (demand.steps !== undefined)) {
      context.addIssue({ code: 'custom', path: ['steps'], message: 'give the demand curve either as steps or as an elasticity (with referencePrice and priceCeiling), not both or neither', params: { code: 'bad-demand' } });
    }
    if (curve && (demand.referencePrice === undefined || demand.priceCeiling === undefined)) {
      context.addIssue({ code: 'custom', path: ['referencePrice'], message: 'an elasticity needs referencePrice and priceCeiling', params: { code: 'missing-field' } });
    }
    const elasticity = typeof demand.elasticity === 'object' ? demand.elasticity.value : demand.elasticity;
    if (elasticity !== undefined && elasticity > 0) {
      context.addIssue({ code: 'custom', path: ['elasticity'], message: 'a demand elasticity is negative (or 0 for no response)', params: { code: 'out-of-range' } });
    }
  })
  .describe('Price-responsive demand: consumption is an output; firm demand left unserved is priced at the value of lost load.');

export const fillTargetSchema = z
  .object({
    by: isoDate.describe('The day by whose end the storage must hold the share.'),
    share: ratio.describe('Share of the working capacity on that day, e.g. 80 % (Regulation (EU) 2022/1032).'),
    penalty: quantity('price', { min: 0 })
      .optional()
      .describe('Cost of each unit short of the target (a soft obligation); absent = hard: a run that cannot meet it is reported infeasible.'),
    ...provenance,
  })
  .strict()
  .describe('A storage filling obligation by a date.');

/** Storage fields for gas (also open to crude tanks). */
export const gasStorageFields = {
  injection: datedQuantity('massFlow', { min: 0 }).optional().describe('Most that can enter the storage in a day (injection capacity); absent = unlimited.'),
  withdrawal: datedQuantity('massFlow', { min: 0 }).optional().describe('Most that can leave the storage in a day (withdrawal capacity); absent = unlimited.'),
  fillTargets: z.array(fillTargetSchema).default([]).describe('Filling obligations by date.'),
};

export const shipOrPaySchema = z
  .object({
    booked: datedQuantity('massFlow', { min: 0 }).describe('Capacity booked under the contract, paid whether used or not.'),
    fee: datedQuantity('price', { min: 0 }).describe('Fee per unit of booked capacity and day, earned by the link owners.'),
    payer: z.string().min(1).describe('The actor that pays the fee (the shipper).'),
    ...provenance,
  })
  .strict()
  .describe("A ship-or-pay booking: the payer owes fee × booked capacity on each day the link offers it (an outage or a closure of the link cuts the fee owed; the shipper leaving it unused does not).");

export type CommodityFile = z.output<typeof commoditySchema>;
export type MoneyFile = z.output<typeof moneySchema>;
export type DemandFile = z.output<typeof demandSchema>;
export type FillTargetFile = z.output<typeof fillTargetSchema>;
export type ShipOrPayFile = z.output<typeof shipOrPaySchema>;
