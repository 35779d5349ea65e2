import { z } from 'zod';
import type { Field } from './fields.ts';

/** What --help and the API both state about a field, read from its JSON Schema. */
export interface FieldLimits {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly default?: unknown;
  readonly choices?: readonly unknown[];
  /** Longest list. */
  readonly maxItems?: number;
  readonly description?: string;
}

type JsonSchema = { minimum?: number; maximum?: number; default?: unknown; enum?: unknown[]; const?: unknown; anyOf?: JsonSchema[]; items?: JsonSchema; maxItems?: number; description?: string; type?: string };

/** Limits of one field as its JSON Schema (the one OpenAPI publishes) states them. */
export function limitsOf(field: Field | z.ZodType): FieldLimits {
  const schema = 'schema' in field ? field.schema : field;
  return limitsOfJson(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);
}

export function limitsOfJson(json: JsonSchema): FieldLimits {
  const branches = json.anyOf ?? [json];
  const numeric = branches.find((branch) => branch.type === 'integer' || branch.type === 'number') ?? branches.find((branch) => branch.items?.type === 'integer')?.items;
  const choices = branches.flatMap((branch) => branch.enum ?? (branch.const !== undefined ? [branch.const] : []));
  const list = branches.find((branch) => branch.type === 'array');
  return {
    ...(numeric?.minimum !== undefined ? { minimum: numeric.minimum } : {}),
    ...(numeric?.maximum !== undefined ? { maximum: numeric.maximum } : {}),
    ...(json.default !== undefined ? { default: json.default } : {}),
    ...(choices.length > 0 ? { choices } : {}),
    ...(list?.maxItems !== undefined ? { maxItems: list.maxItems } : {}),
    ...(json.description !== undefined ? { description: json.description } : {}),
  };
}

/** "1–365, default 30" */
export function limitsText(limits: FieldLimits): string {
  const parts: string[] = [];
  if (limits.minimum !== undefined && limits.maximum !== undefined) parts.push(`${limits.minimum.toLocaleString('en-US')}–${limits.maximum.toLocaleString('en-US')}`);
  if (limits.choices && limits.choices.length > 0) parts.push(limits.choices.join('|'));
  if (limits.maxItems !== undefined) parts.push(`at most ${limits.maxItems.toLocaleString('en-US')}`);
  if (limits.default !== undefined && typeof limits.default !== 'boolean') parts.push(`default ${Array.isArray(limits.default) ? limits.default.join(',') : String(limits.default)}`);
  return parts.join(', ');
}
