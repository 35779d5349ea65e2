import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { numberIn, sourcedNumber } from '../model/quantity-schema.ts';

const elasticities = z
  .object({
    label: z.string().describe('Whose estimate (study, year).'),
    supply: numberIn(0, 100).describe('Short-run price elasticity of world oil supply (≥ 0).'),
    demand: numberIn(-100, 0).describe('Short-run price elasticity of world oil demand (≤ 0).'),
    source: z.string().optional(),
    estimate: z.string().optional(),
  })
  .strict()
  // The price moves by 1 / (supply - demand): both zero would be an infinite move.
  .refine((set) => set.supply - set.demand >= 0.001, { message: 'supply minus demand elasticity must be at least 0.001 (the price moves by 1 / their difference)', path: ['supply'] });

/** World oil supply is about 100 mb/d; a thousand is a typing error. */
const MBD = [0, 1000] as const;

export const worldMarketSchema = z
  .object({
    supplyMbd: sourcedNumber('World oil supply in the scenario period (million barrels a day).', 0.001, MBD[1]),
    elasticities: z
      .object({ central: elasticities, low: elasticities.optional().describe('The estimate that moves the price least.'), high: elasticities.optional().describe('The estimate that moves the price most.') })
      .strict()
      .describe('A supply loss of s (share of world supply) moves the benchmark by s / (supply - demand elasticity).'),
    exporters: z
      .array(z.object({ actor: identifier, exportsMbd: sourcedNumber('All its oil exports (million barrels a day); what the network itself carries of its fields is taken off.', ...MBD) }).strict())
      .default([])
      .describe('Exporters whose sales gain from the price change (the disruptor among them).'),
    importers: z
      .array(z.object({ actor: identifier, importsMbd: sourcedNumber('Its oil imports (million barrels a day).', ...MBD) }).strict())
      .default([])
      .describe('Importers who pay the price change; the rest of the world\'s buyers are reported together.'),
    note: z.string().optional(),
  })
  .strict()
  .describe("The world market's short-run answer to a supply loss: the benchmark moves, and every seller and buyer gains or pays the change.");

export type WorldMarketFile = z.output<typeof worldMarketSchema>;
