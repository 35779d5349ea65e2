/**
 * What the analyses show (`--json`, the API): a report on a crude network as the engine accounts
 * it, on a gas network in gas words (gas-words.ts: …MWh for …Tonnes, bare money figures in
 * `units.currency`, supplies for fields, deliveries for exports). A gas report is told by its
 * `units`. One table renames every shape, so the crude and gas contracts never drift apart.
 */
import { z } from 'zod';
import { criticalitySchema, leverageSchema, powerSchema, riskSchema } from './analysis-schemas.ts';
import { gasWordsOf } from './gas-words.ts';

const WORDS = {
  criticality: gasWordsOf(criticalitySchema),
  leverage: gasWordsOf(leverageSchema),
  power: gasWordsOf(powerSchema),
  risk: gasWordsOf(riskSchema),
} as const;

const CANONICAL = { criticality: criticalitySchema, leverage: leverageSchema, power: powerSchema, risk: riskSchema } as const;

/** The analyses a gas network runs, whose reports are published in gas words there. */
export type GasWordedAnalysis = keyof typeof WORDS;

export function hasGasWords(id: string): id is GasWordedAnalysis {
  return Object.hasOwn(WORDS, id);
}

const isGasReport = (report: unknown): boolean => typeof report === 'object' && report !== null && 'units' in report && (report as { units?: unknown }).units !== undefined;

/** The report as shown: in gas words on a gas network, unchanged otherwise (and for other analyses). */
export function publishedReport(id: string, report: unknown): unknown {
  if (!hasGasWords(id) || !isGasReport(report)) return report;
  return (WORDS[id].toGas as (value: unknown) => unknown)(report);
}

/** A shown report (either shape) read back as the engine's canonical one (the web's views take that). */
export function canonicalReport(id: string, report: unknown): unknown {
  if (!hasGasWords(id) || !isGasReport(report)) return report;
  return (WORDS[id].fromGas as (value: unknown) => unknown)(report);
}

/** The contract of an analysis's shown report: the crude shape, or the gas one in gas words. */
export function publishedReportSchema(id: GasWordedAnalysis): z.ZodType {
  const crude = CANONICAL[id];
  return z.union([crude, WORDS[id].schema()]).describe(`${crude.description ?? ''} On a gas network (the report has \`units\`): the same report in gas words — …MWh figures, money in units.currency, supplies and deliveries.`);
}
