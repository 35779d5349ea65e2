/**
 * A gas run's result in gas words. The engine accounts every network in canonical figures
 * ("tonnes" that hold MWh on a gas network, "USD" that hold its currency); what a gas run shows
 * (`run --json`, the API's runs) is the same result with its keys renamed by one word table:
 * `…Tonnes` → `…MWh`, `…Usd` → the bare figure (money is in `units.currency`), `…UsdPerTonne` →
 * `…PerMWh`, fields → supplies, exports → deliveries, and nothing of crude (barrels, per-crude
 * streams, the world oil price). The gas
 * schema is the crude one walked through the same table, so the two shapes never drift apart, and
 * the table is read both ways: a saved gas result reads back as the canonical one.
 */
import { z } from 'zod';
import { gasResultSchema, type GasResult } from './gas-result-schema.ts';
import { resultSchema, type RunResult } from './result-schema.ts';

/** Keys renamed whole. */
const EXACT = { tonnes: 'MWh', usd: 'inNetworkCurrency', field: 'supply' } as const;
/**
 * Parts of keys renamed (first occurrence, in this order): units first, then the crude nouns —
 * a gas network has supplies, not fields, and what crosses a route is gas delivered through that
 * corridor, not exports.
 */
const PARTS = [
  ['UsdPerTonne', 'PerMWh'],
  ['UsdPerBbl', 'PerMWh'],
  ['Tonnes', 'MWh'],
  ['Usd', ''],
  ['Field', 'Supply'],
  ['field', 'supply'],
  ['exports', 'deliveries'],
] as const;
/** Crude only: barrels, per-crude streams by route, the world oil price and the disruptor's gain from it. */
const DROPPED = ['barrels', 'exportsLostBarrels', 'byOrigin', 'worldPrice', 'disruptor'] as const;

type Pair = readonly [string, string];
type ReplaceParts<K extends string, P extends readonly Pair[]> = P extends readonly [readonly [infer F extends string, infer T extends string], ...infer Rest extends readonly Pair[]]
  ? ReplaceParts<K extends `${infer A}${F}${infer B}` ? `${A}${T}${B}` : K, Rest>
  : K;
/** A canonical key in gas words (the type of gasKey). */
export type GasKey<K extends string> = K extends keyof typeof EXACT ? (typeof EXACT)[K] : ReplaceParts<K, typeof PARTS>;
/** A canonical shape in gas words: keys renamed, crude-only keys gone, at every depth. */
export type InGasWords<T> = T extends readonly unknown[]
  ? { [I in keyof T]: InGasWords<T[I]> }
  : T extends object
    ? { [K in keyof T as K extends (typeof DROPPED)[number] ? never : K extends string ? GasKey<K> : K]: InGasWords<T[K]> }
    : T;

const dropped: ReadonlySet<string> = new Set(DROPPED);

export function gasKey<K extends string>(key: K): GasKey<K> {
  if (Object.hasOwn(EXACT, key)) return EXACT[key as keyof typeof EXACT] as GasKey<K>;
  return PARTS.reduce<string>((renamed, [from, to]) => renamed.replace(from, to), key) as GasKey<K>;
}

/** Descriptions in gas words too (the OpenAPI document and `chokepoint schema result` show them). */
const TEXT: readonly (readonly [RegExp, string])[] = [
  [/\bUSD\/t\b/g, "network's currency per MWh"],
  [/\bUS dollars\b/g, "In the network's currency (units.currency)."],
  [/\bUSD\b/g, "the network's currency"],
  [/\bt\/d\b/g, 'MWh/d'],
  [/\btonnes?\b/g, 'MWh'],
  [/\bOil\b/g, 'Gas'],
  [/\boil\b/g, 'gas'],
  [/\bcrudes?\b/g, 'gas'],
  [/\bfields\b/g, 'supplies'],
  [/\bfield\b/g, 'supply'],
  [/\bexports\b/g, 'deliveries'],
];
const gasText = (text: string) => TEXT.reduce((result, [pattern, words]) => result.replace(pattern, words), text);

/** The zod schema of `schema`'s shape in gas words, descriptions included. */
function inGasSchema(schema: z.ZodType): z.ZodType {
  const renamed = renamedSchema(schema);
  return schema.description === undefined ? renamed : renamed.describe(gasText(schema.description));
}

function renamedSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = Object.entries(schema.shape as Record<string, z.ZodType>).filter(([key]) => !dropped.has(key));
    const keys = shape.map(([key]) => gasKey(key));
    // The table must stay one-to-one, or a saved gas result could not be read back.
    if (new Set(keys).size !== keys.length) throw new Error(`gas words rename two keys of one object alike: ${shape.map(([key]) => key).join(', ')}`);
    return z.object(Object.fromEntries(shape.map(([key, child]) => [gasKey(key), inGasSchema(child)])));
  }
  if (schema instanceof z.ZodArray) return z.array(inGasSchema(schema.element as z.ZodType));
  if (schema instanceof z.ZodOptional) return inGasSchema(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodNullable) return inGasSchema(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodDefault) {
    const inner = schema.unwrap() as z.ZodType;
    return inGasSchema(inner).default(renamedValue(inner, schema.def.defaultValue, 'to-gas') as never);
  }
  if (schema instanceof z.ZodTuple) return z.tuple((schema.def.items as z.ZodType[]).map(inGasSchema) as [z.ZodType, ...z.ZodType[]]);
  if (schema instanceof z.ZodRecord) return z.record(schema.def.keyType as z.ZodString, inGasSchema(schema.def.valueType as z.ZodType));
  // A number, string, enum or literal: only its description changes.
  return schema.description === undefined ? schema : schema.describe(schema.description);
}

/**
 * `value` (of `schema`'s canonical shape) renamed into gas words, or back. Guided by the schema, so
 * ids used as keys (budget loss by state) are never renamed; keys the schema does not know are
 * left out, as parsing would.
 */
function renamedValue(schema: z.ZodType, value: unknown, direction: 'to-gas' | 'from-gas'): unknown {
  if (value === undefined || value === null) return value;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return renamedValue(schema.unwrap() as z.ZodType, value, direction);
  if (schema instanceof z.ZodArray && Array.isArray(value)) return value.map((item) => renamedValue(schema.element as z.ZodType, item, direction));
  if (schema instanceof z.ZodTuple && Array.isArray(value)) return value.map((item, index) => renamedValue((schema.def.items as z.ZodType[])[index] ?? z.unknown(), item, direction));
  if (schema instanceof z.ZodRecord && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamedValue(schema.def.valueType as z.ZodType, item, direction)]));
  }
  if (schema instanceof z.ZodObject && typeof value === 'object') {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      if (dropped.has(key)) continue;
      const [from, to] = direction === 'to-gas' ? [key, gasKey(key)] : [gasKey(key), key];
      const renamed = renamedValue(child, source[from], direction);
      if (renamed !== undefined) out[to] = renamed;
    }
    return out;
  }
  return value;
}

/**
 * Any report's schema in gas words, and its values renamed both ways (the analyses' reports on a
 * gas network: see published-report.ts). The schema is built once, when asked for.
 */
export function gasWordsOf<T>(schema: z.ZodType<T>) {
  let gas: z.ZodType | undefined;
  return {
    schema: () => (gas ??= inGasSchema(schema)),
    toGas: (value: T): InGasWords<T> => renamedValue(schema, value, 'to-gas') as InGasWords<T>,
    fromGas: (value: InGasWords<T>): T => renamedValue(schema, value, 'from-gas') as T,
  };
}

/** The canonical result without its gas accounts, which a gas result carries as they are. */
const canonicalPart = resultSchema.omit({ gas: true });

export type GasRunResult = InGasWords<Omit<RunResult, 'gas'>> & { readonly units: GasResult['units']; readonly gas: GasResult };

/** `chokepoint run --json` of a gas network, and the API's gas runs: this schema is their contract. */
export const gasRunResultSchema = (inGasSchema(canonicalPart) as z.ZodObject)
  .extend({
    units: gasResultSchema.shape.units.describe("Energy in MWh and money in this currency: every figure named …MWh holds MWh, every money figure (revenueLost, loss, netbackLost, …) this currency, every …PerMWh figure this currency per MWh."),
    gas: gasResultSchema,
  })
  .describe(
    "A gas network's run: the scenario, its counterfactual baseline and the impact (baseline minus scenario), in MWh and the network's currency (units). Supplies stand where a crude run has fields and routes where it has export routes; there are no barrels, per-crude streams or world oil price. `gas` holds the gas accounts: demand, storage against targets, LNG, suppliers, ship-or-pay fees, losses by actor.",
  ) as unknown as z.ZodType<GasRunResult>;

export function isGasRunResult(result: PublishedResult): result is GasRunResult {
  return 'units' in result;
}

/** A canonical gas result in gas words. */
export function inGasWords(result: RunResult & { gas: GasResult }): GasRunResult {
  const { gas, ...rest } = result;
  return { ...(renamedValue(canonicalPart, rest, 'to-gas') as InGasWords<Omit<RunResult, 'gas'>>), units: gas.units, gas };
}

/** A gas result read back into the canonical shape the engine's reports, comparisons and exports take. */
export function fromGasWords(result: GasRunResult): RunResult {
  const { units: _units, gas, ...rest } = result;
  return { ...(renamedValue(canonicalPart, rest, 'from-gas') as Omit<RunResult, 'gas'>), gas };
}

/** What a run shows: a crude result as the engine accounts it, a gas one in gas words. */
export type PublishedResult = RunResult | GasRunResult;

export function publishedResult(result: RunResult): PublishedResult {
  return result.gas ? inGasWords(result as RunResult & { gas: GasResult }) : result;
}

/** The contract of `chokepoint run --json` and of the API's run results: crude, or gas in gas words. */
export const publishedResultSchema = z.union([resultSchema.meta({ id: 'Result' }), (gasRunResultSchema as unknown as z.ZodObject).meta({ id: 'GasResult' })]).describe('A run result: on a crude network in tonnes and USD (with barrels), on a gas network in MWh and its currency (with `units` and `gas`).') as unknown as z.ZodType<PublishedResult>;

/**
 * A saved or stored result (either shape) as the engine's canonical result; a gas result is told
 * by its `units`. The issues are those of the shape it claims to be.
 */
export function readResult(data: unknown): { success: true; data: RunResult } | { success: false; error: z.ZodError } {
  const claimsGas = typeof data === 'object' && data !== null && 'units' in data;
  if (!claimsGas) return resultSchema.safeParse(data);
  const parsed = gasRunResultSchema.safeParse(data);
  return parsed.success ? { success: true, data: fromGasWords(parsed.data) } : parsed;
}
