import { z } from 'zod';
import { analysisBase } from '../analysis/analysis-base.ts';
import { bypassEconomics } from '../analysis/bypass.ts';
import { criticality } from '../analysis/criticality.ts';
import { leverage } from '../analysis/leverage.ts';
import { pipelinePower } from '../analysis/power.ts';
import { simulateRisk } from '../analysis/risk.ts';
import type { VariantRunner } from '../analysis/variants.ts';
import { builtinLoaders, DATA_DIRECTORY } from '../io/files.ts';
import type { ValidationIssue } from '../model/issues.ts';
import { resolvePrice } from '../model/resolve-network.ts';

/**
 * A document named by built-in id or sent inline; the API reads no files (see io/files.ts), so a
 * path is refused like any unknown id.
 */
const documentReference = (what: string) => z.union([z.string().min(1).max(200), z.record(z.string(), z.unknown())]).describe(`A built-in ${what} id, or the ${what} document itself (as its YAML file would hold it, in JSON).`);
const network = documentReference('network').default('caspian-crude');

/** Request bodies of POST /api/analyses/{kind}; built-in ids and inline documents only. */
const price = z.string().max(100).optional().describe('Benchmark price, e.g. "90 USD/bbl" (default: the network\'s reference price).');
export const analysisRequestSchemas = {
  criticality: z.object({ network, days: z.number().int().min(1).max(365).default(30), recoveryDays: z.number().int().min(0).max(365).default(30), price, order: z.union([z.literal(1), z.literal(2)]).default(1), top: z.number().int().min(1).max(200).default(20) }).strict(),
  leverage: z.object({ network, days: z.number().int().min(1).max(365).default(30), price, actors: z.array(z.string().max(200)).max(100).optional(), levers: z.boolean().default(false), sweep: z.array(z.number().int().min(1).max(365)).max(10).optional() }).strict(),
  power: z.object({ network, price, players: z.union([z.enum(['jurisdiction', 'all']), z.array(z.string().max(200)).max(30)]).default('jurisdiction'), samples: z.number().int().min(10).max(20_000).default(2000), seed: z.number().int().min(0).default(1), bypass: z.object({ candidates: documentReference('candidates'), ids: z.array(z.string().max(200)).max(100).optional() }).strict().optional() }).strict(),
  bypass: z.object({ candidates: documentReference('candidates').default('kazakh-bypass'), threat: documentReference('scenario').optional(), probability: z.number().min(0).max(1).optional(), discountRate: z.number().min(0).max(1).optional(), budgetUsd: z.number().min(0).optional() }).strict(),
  risk: z.object({ hazards: documentReference('hazards').default('caspian-crude'), years: z.number().int().min(1).max(20_000).default(1000), seed: z.number().int().min(0).default(42), actor: z.string().max(200).optional() }).strict(),
} as const;

export type AnalysisKind = keyof typeof analysisRequestSchemas;

class InputError extends Error {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(issues.map((issue) => issue.message).join('; '));
  }
}

const builtin = <T>(validated: { ok: true; value: T } | { ok: false; issues: readonly ValidationIssue[] }, field: string): T => {
  if (!validated.ok) throw new InputError(validated.issues.map((issue) => ({ ...issue, path: [field, ...issue.path] })));
  return validated.value;
};

const priceOf = (text: string | undefined) => {
  if (text === undefined) return undefined;
  try {
    return resolvePrice(text);
  } catch (error) {
    throw new InputError([{ code: 'bad-quantity', path: ['price'], message: `${(error as Error).message}: write e.g. "90 USD/bbl"` }]);
  }
};

/** Runs one analysis on the given runner; input problems throw InputError (HTTP 400). */
export async function runAnalysis(kind: AnalysisKind, body: unknown, runner: VariantRunner): Promise<unknown> {
  const parsed = analysisRequestSchemas[kind].safeParse(body ?? {});
  if (!parsed.success) throw new InputError(parsed.error.issues.map((issue) => ({ code: issue.code, path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)), message: issue.message })));
  switch (kind) {
    case 'criticality': {
      const request = parsed.data as z.output<(typeof analysisRequestSchemas)['criticality']>;
      const network = builtin(builtinLoaders.network(request.network, DATA_DIRECTORY), 'network');
      const chosen = priceOf(request.price);
      const base = builtin(analysisBase(network, { closureDays: request.days, recoveryDays: request.recoveryDays, ...(chosen ? { price: chosen } : {}) }), 'network');
      return criticality(base, runner, { closureDays: request.days, order: request.order, topPairs: request.top });
    }
    case 'leverage': {
      const request = parsed.data as z.output<(typeof analysisRequestSchemas)['leverage']>;
      const network = builtin(builtinLoaders.network(request.network, DATA_DIRECTORY), 'network');
      const chosen = priceOf(request.price);
      const baseFor = (days: number) => builtin(analysisBase(network, { closureDays: days, ...(chosen ? { price: chosen } : {}) }), 'network');
      return leverage(baseFor(request.days), request.days, runner, { levers: request.levers, ...(request.actors ? { actors: request.actors } : {}), ...(request.sweep ? { sweepDays: request.sweep, baseFor } : {}) });
    }
    case 'power': {
      const request = parsed.data as z.output<(typeof analysisRequestSchemas)['power']>;
      const network = builtin(builtinLoaders.network(request.network, DATA_DIRECTORY), 'network');
      const chosen = priceOf(request.price) ?? network.referencePrice;
      if (!chosen) throw new InputError([{ code: 'missing-price', path: ['price'], message: `network "${network.id}" has no reference price: give price` }]);
      let bypass;
      if (request.bypass) {
        const set = builtin(builtinLoaders.candidates(request.bypass.candidates, DATA_DIRECTORY), 'bypass');
        const candidates = builtin(set.resolveFor(builtin(analysisBase(network, { closureDays: 1, recoveryDays: 0, price: chosen }), 'network')), 'bypass');
        const picked = candidates.filter((candidate) => !request.bypass!.ids || request.bypass!.ids.includes(candidate.id));
        bypass = { label: picked.map((candidate) => candidate.id).join(' + '), expansions: picked.flatMap((candidate) => candidate.expansions) };
      }
      return pipelinePower(network, network.referenceDate ?? '2022-01-01', chosen, runner, { players: request.players, samples: request.samples, seed: request.seed, ...(bypass ? { bypass } : {}) });
    }
    case 'bypass': {
      const request = parsed.data as z.output<(typeof analysisRequestSchemas)['bypass']>;
      const set = builtin(builtinLoaders.candidates(request.candidates, DATA_DIRECTORY), 'candidates');
      const threatId = request.threat ?? set.threat;
      if (!threatId) throw new InputError([{ code: 'missing-threat', path: ['threat'], message: 'the candidates name no threat: give threat' }]);
      const threat = builtin(builtinLoaders.scenario(threatId, DATA_DIRECTORY), 'threat');
      const candidates = builtin(set.resolveFor(threat), 'candidates');
      const probability = request.probability ?? set.probability;
      if (probability === undefined) throw new InputError([{ code: 'missing-probability', path: ['probability'], message: 'give probability' }]);
      return bypassEconomics(threat, candidates, runner, { probability, discountRate: request.discountRate ?? set.discountRate, budgetUsd: request.budgetUsd ?? set.budgetUsd });
    }
    case 'risk': {
      const request = parsed.data as z.output<(typeof analysisRequestSchemas)['risk']>;
      const set = builtin(builtinLoaders.hazards(request.hazards, DATA_DIRECTORY), 'hazards');
      const chosen = set.price ?? set.network.referencePrice;
      if (!chosen) throw new InputError([{ code: 'missing-price', path: ['hazards'], message: 'the hazards file and its network give no price' }]);
      return simulateRisk(set, chosen, runner, { years: request.years, seed: request.seed, actor: request.actor });
    }
  }
}

export { InputError };
