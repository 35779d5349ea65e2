import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { sourcedNumber } from '../model/quantity-schema.ts';

const elasticities = z
  .object({
    label: z.string().describe('Whose estimate (study, year).'),
    supply: z.number().min(0).describe('Short-run price elasticity of world oil supply (≥ 0).'),
    demand: z.number().max(0).describe('Short-run price elasticity of world oil demand (≤ 0).'),
    source: z.string().optional(),
    estimate: z.string().optional(),
  })
  .strict();

export const worldMarketSchema = z
  .object({
    supplyMbd: sourcedNumber('World oil supply in the scenario period (million barrels a day).'),
    elasticities: z
      .object({ central: elasticities, low: elasticities.optional().describe('The estimate that moves the price least.'), high: elasticities.optional().describe('The estimate that moves the price most.') })
      .strict()
      .describe('A supply loss of s (share of world supply) moves the benchmark by s / (supply - demand elasticity).'),
    exporters: z
      .array(z.object({ actor: identifier, exportsMbd: sourcedNumber('All its oil exports (million barrels a day); what the network itself carries of its fields is taken off.') }).strict())
      .default([])
      .describe('Exporters whose sales gain from the price change (the disruptor among them).'),
    importers: z
      .array(z.object({ actor: identifier, importsMbd: sourcedNumber('Its oil imports (million barrels a day).') }).strict())
      .default([])
      .describe('Importers who pay the price change; the rest of the world\'s buyers are reported together.'),
    note: z.string().optional(),
  })
  .strict()
  .describe("The world market's short-run answer to a supply loss: the benchmark moves, and every seller and buyer gains or pays the change.");

export type WorldMarketFile = z.output<typeof worldMarketSchema>;
