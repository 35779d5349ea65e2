import { z } from 'zod';
import { identifier } from '../model/network-schema.ts';
import { numberIn, quantity, ratio } from '../model/quantity-schema.ts';

const factor = numberIn(0, 1000).describe('A plain number.');

const common = {
  id: identifier,
  name: z.string().min(1),
  assets: z.array(identifier).min(1).describe('The nodes or links whose figure the parameter sets.'),
  metric: z
    .string()
    .regex(/^(netback|budget:[A-Za-z0-9._-]+|disruptor:[A-Za-z0-9._-]+)$/, 'write netback, budget:STATE or disruptor:ACTOR')
    .describe('The headline figure the parameter moves most: netback lost, a state\'s budget loss, or a disruptor\'s own cost.'),
  source: z.string().optional().describe('Where the range comes from.'),
  estimate: z.string().optional().describe('Why the range is an estimate, where it is one.'),
};

/** One estimate the headline rests on, with the range its sources support. */
export const sensitivityParameterSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('fiscalTake').describe("The taxing state's share of the fields' revenue or netback."), low: ratio, high: ratio }).strict(),
  z.object({ ...common, kind: z.literal('storageCapacity').describe('Working capacity of storage nodes.'), low: quantity('mass', { min: 0 }), high: quantity('mass', { min: 0 }) }).strict(),
  z.object({ ...common, kind: z.literal('tariffIncomeShare').describe("Share of the links' tariffs that is their owners' income (the rest pays the operator's costs)."), low: ratio, high: ratio }).strict(),
  z.object({ ...common, kind: z.literal('shutInCostFactor').describe("Factor on the fields' shut-in cost per tonne."), low: factor, high: factor }).strict(),
  z.object({ ...common, kind: z.literal('restartRampDays').describe('Days a field takes to return to full output after a cut ends (a linear ramp).'), low: factor, high: factor }).strict(),
]);

export const sensitivityFileSchema = z
  .object({
    network: z.string().describe('The network whose figures the parameters set.'),
    parameters: z.array(sensitivityParameterSchema).min(1),
  })
  .strict()
  .describe('The estimates that drive a network\'s headline, each with a sourced range.');

export type SensitivityFile = z.output<typeof sensitivityFileSchema>;
export type SensitivityParameterFile = z.output<typeof sensitivityParameterSchema>;
