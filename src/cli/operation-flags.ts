import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Field, Operation } from '../contract/index.ts';
import { limitsOf, limitsText, percentText } from '../contract/index.ts';
import { issuesFromZod, renderIssue, type ValidationIssue } from '../model/issues.ts';
import { UsageError } from './common.ts';

/**
 * Flags, --help and parsing of an operation's command, all derived from its contract: a limit or
 * a default written once in src/contract is the one the command line states and enforces.
 */

/** A flag that only the command line has (output format, threads, …). */
export interface PresentationFlag {
  readonly name: string;
  readonly placeholder?: string;
  readonly switch?: boolean;
  readonly help: string;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

export const flagName = (name: string, value: Field) => value.cli?.flag ?? kebab(name);

function flagEntries(operation: Operation) {
  return Object.entries(operation.fields).filter(([, value]) => value.cli && !value.cli.positional);
}

function positionals(operation: Operation) {
  return Object.entries(operation.fields).filter(([, value]) => value.cli?.positional);
}

/** The lines of --help for an operation's own flags. */
export function operationHelp(operation: Operation, presentation: readonly PresentationFlag[]): string {
  const rows = flagEntries(operation).map(([name, value]) => {
    const limits = limitsOf(value);
    const stated = limitsText(limits);
    return { left: `--${flagName(name, value)}${value.cli?.switch ? '' : ` ${value.cli?.placeholder ?? 'X'}`}`, right: `${(limits.description ?? '').replace(/\.$/, '')}${stated ? ` (${stated})` : ''}` };
  });
  const extra = presentation.map((flag) => ({ left: `--${flag.name}${flag.switch ? '' : ` ${flag.placeholder ?? 'X'}`}`, right: flag.help }));
  const width = Math.max(...[...rows, ...extra].map((row) => row.left.length)) + 2;
  const line = (row: { left: string; right: string }) => `  ${row.left.padEnd(width)}${wrap(row.right, width + 2)}\n`;
  const positional = positionals(operation).map(([name, value]) => {
    const limits = limitsOf(value);
    const stated = limitsText(limits);
    return `${value.cli!.positional}: ${(limits.description ?? name).replace(/\.$/, '')}${stated ? ` (${stated})` : ''}.\n`;
  });
  return `${operation.usage}\n\n${operation.description}\n\n${positional.join('')}${positional.length ? '\n' : ''}Options:\n${rows.map(line).join('')}${extra.map(line).join('')}  ${'-h, --help'.padEnd(width)}this help\n`;
}

function wrap(text: string, indent: number): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && current.length + word.length + 1 > 100 - indent) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(current);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** The value of one flag's text, before the schema checks it. */
function fromText(value: Field, text: string): unknown {
  const cli = value.cli!;
  if (cli.fromText) return cli.fromText(text);
  if (cli.percent) return percentText(text);
  const json = z.toJSONSchema(value.schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; anyOf?: { type?: string; items?: { type?: string } }[]; items?: { type?: string } };
  const branches = json.anyOf ?? [json];
  const numeric = (kind: string | undefined) => kind === 'integer' || kind === 'number';
  if (cli.list) {
    const itemsNumeric = branches.some((branch) => numeric(branch.items?.type));
    return text.split(',').map((part) => part.trim()).filter(Boolean).map((part) => (itemsNumeric ? numberText(part) : part));
  }
  if (branches.some((branch) => numeric(branch.type)) && !branches.some((branch) => branch.type === 'string')) return numberText(text);
  return text;
}

/** A number as typed: "1e3" and "1000" alike; anything else is NaN, which the schema refuses. */
function numberText(text: string): number {
  return /^\s*-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
}

export interface ParsedOperation<O extends Operation> {
  readonly request: z.output<O['request']>;
  readonly presentation: Record<string, string | boolean | string[] | undefined>;
  readonly help: boolean;
}

/**
 * Parses the command line of an operation into its request, checked by the contract's schema.
 * Problems become a UsageError that names the flag: "--days must be a whole number from 1 to 365, got "9999"".
 */
export function parseOperation<O extends Operation>(operation: O, args: readonly string[], presentation: readonly PresentationFlag[]): ParsedOperation<O> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, value] of flagEntries(operation)) options[flagName(name, value)] = value.cli!.switch ? { type: 'boolean' } : { type: 'string', ...(value.cli!.repeatable ? { multiple: true } : {}) };
  for (const flag of presentation) options[flag.name] = { type: flag.switch ? 'boolean' : 'string' };
  const withBareValues = bareValues(operation, args);
  let parsed;
  try {
    parsed = parseArgs({ args: withBareValues, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see ${operation.id} --help`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help) return { request: undefined as never, presentation: values, help: true };
  const slots = positionals(operation);
  const rest = slots.at(-1)?.[1].cli?.rest === true;
  if (parsed.positionals.length > slots.length && !rest) throw new UsageError(`${operation.id} takes ${slots.length === 0 ? 'no positional arguments' : slots.map(([, value]) => value.cli!.positional).join(' ')}, got ${parsed.positionals.map((text) => `"${text.slice(0, 80)}"`).join(' ')}`);
  const raw: Record<string, unknown> = {};
  slots.forEach(([name, value], index) => {
    if (value.cli?.rest) {
      if (parsed.positionals.length > index) raw[name] = parsed.positionals.slice(index);
    } else if (parsed.positionals[index] !== undefined) raw[name] = parsed.positionals[index];
  });
  const texts: Record<string, string> = {};
  for (const [name, value] of flagEntries(operation)) {
    const given = values[flagName(name, value)];
    if (given === undefined) continue;
    if (typeof given === 'boolean') raw[name] = given;
    else if (Array.isArray(given)) raw[name] = given;
    else {
      texts[name] = given;
      raw[name] = fromText(value, given);
    }
  }
  const checked = operation.request.safeParse(raw);
  if (!checked.success) throw new UsageError(issuesFromZod(checked.error).map((issue) => flagMessage(operation, issue, texts)).join('\n'));
  const shown: Record<string, string | boolean | string[] | undefined> = {};
  for (const flag of presentation) shown[flag.name] = values[flag.name];
  return { request: checked.data as z.output<O['request']>, presentation: shown, help: false };
}

/** A flag whose value is optional (leverage --sweep) gets its bare value when none follows. */
function bareValues(operation: Operation, args: readonly string[]): string[] {
  const result = [...args];
  for (const [name, value] of flagEntries(operation)) {
    if (value.cli?.bareValue === undefined) continue;
    const index = result.indexOf(`--${flagName(name, value)}`);
    const next = result[index + 1];
    if (index >= 0 && (next === undefined || next.startsWith('-') || !/^[\d,\s]+$/.test(next))) result.splice(index + 1, 0, value.cli.bareValue);
  }
  return result;
}

/** An issue as the command line says it: the flag (or positional) it is about, and what was typed. */
export function flagMessage(operation: Operation, issue: ValidationIssue, texts: Readonly<Record<string, string>> = {}): string {
  const [head, ...rest] = issue.path;
  const value = typeof head === 'string' ? operation.fields[head] : undefined;
  if (!value?.cli || issue.file) return renderIssue(issue);
  const where = value.cli.positional ?? `--${flagName(head as string, value)}`;
  const typed = texts[head as string];
  const inner = rest.length > 0 ? ` (at ${rest.join('.')})` : '';
  return `${where} ${issue.message}${typed !== undefined ? `, got "${typed.slice(0, 80)}"` : ''}${inner}`;
}
