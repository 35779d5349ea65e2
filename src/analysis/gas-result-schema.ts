/** The `gas` part of a run result (docs/gas-model.md): MWh and the network's currency. */
import { z } from 'zod';

const energy = z.number().describe('MWh');
const money = z.number().describe("In the network's currency (units.currency).");
const share = z.object({ actor: z.string(), share: z.number() });

const demandSide = z.object({
  servedMWh: energy.describe('Consumed.'),
  destroyedMWh: energy.describe('Price-responsive demand not consumed (its willingness to pay was below the cost of getting gas to it).'),
  unservedMWh: energy.describe('Firm demand not met.'),
  unservedCost: money.describe('Unserved demand at the value of lost load.'),
});

const fillSide = z.object({ stockMWh: energy, fill: z.number().describe('Stock / working capacity that day.'), shortMWh: energy.describe('Below the target.') });

export const gasResultSchema = z
  .object({
    units: z.object({ energy: z.literal('MWh'), currency: z.enum(['USD', 'EUR']) }),
    demand: z.array(
      z.object({
        market: z.string(),
        state: z.string().nullable(),
        referenceMWh: energy.describe('Reference demand over the horizon.'),
        valueOfLostLoad: z.number().describe('Per MWh.'),
        priceSteps: z.array(z.object({ share: z.number(), price: z.number() })).describe('The curve in the LP: slices with their willingness to pay, firm demand last (at VoLL).'),
        baseline: demandSide,
        scenario: demandSide,
      }),
    ),
    storage: z
      .array(
        z.object({
          state: z.string(),
          storages: z.array(z.string()),
          capacityMWh: energy.describe('Working capacity on the last day.'),
          endBaselineMWh: energy,
          endScenarioMWh: energy,
          targets: z.array(z.object({ date: z.string(), requiredMWh: energy, requiredFill: z.number(), baseline: fillSide, scenario: fillSide })),
        }),
      )
      .describe('Storage by state against the fill targets inside the horizon.'),
    lng: z.object({ baselineMWh: energy, scenarioMWh: energy, extraMWh: energy.describe('Replacement LNG (scenario − baseline).'), extraCost: money.describe('Σ over days of the extra LNG × that day\'s LNG price.') }),
    suppliers: z.array(
      z.object({
        supply: z.string(),
        lng: z.boolean(),
        owners: z.array(share),
        baselineMWh: energy,
        scenarioMWh: energy,
        lostMWh: energy,
        revenueLost: money.describe('Sales at the market prices lost (e.g. Gazprom\'s revenue lost).'),
        netbackLost: money,
        supplyCostChange: money.describe('Scenario − baseline cost of the supply (for LNG: the extra bill).'),
      }),
    ),
    transit: z.array(
      z.object({
        link: z.string(),
        payer: z.string(),
        earners: z.array(share),
        baselineFee: money,
        scenarioFee: money,
        feeLost: money.describe('Ship-or-pay fees the owners no longer earn (the link closed or its capacity was cut).'),
      }),
    ),
    actors: z.array(
      z.object({
        actor: z.string(),
        name: z.string(),
        loss: money.describe('Baseline income − scenario income: fiscal take, field equity, tariffs, penalties, ship-or-pay fees.'),
        shipOrPayFeesLost: money.describe('Of which ship-or-pay fees (earned lost, or, for the payer, negative: fees no longer owed).'),
      }),
    ),
  })
  .describe('Gas accounts (gas networks only), baseline and scenario.');

export type GasResult = z.infer<typeof gasResultSchema>;
