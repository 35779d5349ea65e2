import { z } from 'zod';
import { publishedResultSchema } from '../analysis/gas-words.ts';
import { NAME_LIMIT } from './operations.ts';

/**
 * What the API serves besides the operations' answers. The network it serves is the resolved one
 * (canonical units, defaults filled in), not the input file: a capacity that is not limited is
 * `null` (JSON has no Infinity).
 */

const unlimited = (description: string) => z.number().nullable().describe(`${description}; null when not limited.`);
const figureSource = z.object({ figure: z.string(), source: z.string().optional(), estimate: z.string().optional() });
const owner = z.object({ actor: z.string(), share: z.number().describe('fraction, 0–1') });
const price = z.object({ perBarrel: z.number().describe('USD/bbl'), perTonne: z.number().describe('USD/t') });

const nodeBase = {
  id: z.string(),
  name: z.string(),
  sources: z.array(figureSource).optional(),
  location: z.object({ lat: z.number(), lon: z.number() }).optional(),
  jurisdiction: z.array(z.string()),
  owners: z.array(owner),
  throughputTonnesPerDay: unlimited('Most oil leaving the node per day, t/d'),
};

export const servedNodeSchema = z.discriminatedUnion('kind', [
  z.looseObject({ ...nodeBase, kind: z.literal('field'), productionTonnesPerDay: z.number(), liftingCostUsdPerTonne: z.number(), minimumRateTonnesPerDay: z.number(), shutInCostUsdPerTonne: z.number(), barrelsPerTonne: z.number(), qualityDifferential: price, taxedBy: z.string(), fiscalTake: z.number(), fiscalBasis: z.enum(['netback', 'revenue']) }),
  z.looseObject({ ...nodeBase, kind: z.enum(['junction', 'terminal']) }),
  z.looseObject({ ...nodeBase, kind: z.literal('storage'), capacityTonnes: z.number(), initialTonnes: z.number(), holdingCostUsdPerTonneDay: z.number() }),
  z.looseObject({ ...nodeBase, kind: z.literal('market'), priceDifferential: price, intakeTonnesPerDay: unlimited('Most the market takes per day, t/d'), minimumIntakeTonnesPerDay: z.number(), state: z.string().optional() }),
]);

export const servedLinkSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  sources: z.array(figureSource).optional(),
  kind: z.string(),
  from: z.string(),
  to: z.string(),
  capacityTonnesPerDay: unlimited('Capacity, t/d'),
  tariffUsdPerTonne: z.number(),
  transitDays: z.number(),
  jurisdiction: z.array(z.string()),
  owners: z.array(owner),
  route: z.string().optional(),
  commodities: z.array(z.string()).optional(),
  polyline: z.array(z.object({ lat: z.number(), lon: z.number() })).optional().describe('Route geometry from `from` to `to` (ends included).'),
});

export const servedNetworkSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    commodity: z.object({
      name: z.string(),
      kind: z.enum(['crude', 'gas']).describe('What the network carries: crude counts tonnes and USD; gas counts MWh (its "tonnes") and its currency.'),
      currency: z.enum(['USD', 'EUR']).describe("The currency of every money figure (the network's; EUR by default for gas)."),
      usdPerEur: z.number().optional().describe('The stated exchange rate, when the network has one.'),
      barrelsPerTonne: z.number(),
      tonnesPerCubicMetre: z.number().describe('Crude: tonnes per m3 (density). Gas: MWh per m3 (the calorific value).'),
    }),
    benchmarkName: z.string(),
    referencePrice: price.optional(),
    referenceDate: z.string().optional(),
    actors: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), country: z.string().optional() })),
    nodes: z.array(servedNodeSchema),
    links: z.array(servedLinkSchema),
  })
  .describe('A built-in network, resolved: canonical units (t, t/d, USD/t, USD/bbl), defaults filled in.');

export const issueSchema = z.object({ code: z.string(), path: z.array(z.union([z.string(), z.number()])), message: z.string(), file: z.string().optional().describe('The inline or built-in document the issue is in.'), line: z.number().int().optional() });
export const errorSchema = z.object({ error: z.string(), issues: z.array(issueSchema) }).describe('The problem, with the validation issues as data.');

export const runStatusSchema = z.enum(['queued', 'running', 'done', 'failed']);
export const runSummarySchema = z.object({
  id: z.string(),
  name: z.string().max(NAME_LIMIT),
  network: z.string(),
  status: runStatusSchema,
  stage: z.string(),
  error: z.string().nullable().describe('Why the run failed, in one line (no stack trace, no server path).'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const runRecordSchema = runSummarySchema
  .extend({
    timings: z.object({ wallMs: z.number(), solveMs: z.number() }).nullable(),
    scenario: z.unknown().describe('The scenario as submitted.'),
    result: z.union([publishedResultSchema, z.null()]).describe('The result once done (a gas network\'s in MWh and its currency); null before.'),
  })
  .describe('A run: status, stage, the scenario as submitted and the result once done.');
export const runAcceptedSchema = z.object({
  id: z.string(),
  status: z.literal('queued'),
  url: z.string(),
  warnings: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })).describe('What in the scenario may not do what it seems to (an event outside the horizon, on an unlimited asset, …).'),
});
export const healthSchema = z.object({ status: z.literal('ok'), queued: z.number().int(), solving: z.number().int(), analysis: z.enum(['idle', 'busy']) });
export const idListSchema = z.array(z.object({ id: z.string() }));
export const networkListSchema = z
  .array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['crude', 'gas']), currency: z.enum(['USD', 'EUR']) }))
  .describe('The built-in networks: id, name, what they carry and the currency they count in (the web app\'s network picker).');
export const scenarioListSchema = z
  .array(z.object({ id: z.string(), name: z.string(), network: z.string().describe('The built-in network the scenario runs on.') }))
  .describe('The built-in scenarios with their names and networks.');
export const servedScenarioSchema = z.object({ id: z.string(), name: z.string(), file: z.record(z.string(), z.unknown()).describe('The scenario file as JSON, to edit and resubmit.') });
export const servedCandidatesSchema = z.object({ id: z.string(), name: z.string(), file: z.record(z.string(), z.unknown()).describe('The candidates file as JSON: each candidate\'s new links and nodes with their route geometry, for the map.') });
export const renameSchema = z.strictObject({ name: z.string().min(1, { error: 'give a name' }).max(NAME_LIMIT, { error: `a name is at most ${NAME_LIMIT} characters` }) });

export type ServedNetwork = z.infer<typeof servedNetworkSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunSummary = z.infer<typeof runSummarySchema>;
