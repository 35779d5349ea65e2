import type { z } from 'zod';

/** A problem found in input, as data; each surface (CLI, API, web form) renders it its own way. */
export interface ValidationIssue {
  readonly code: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function formatPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** Renders an issue for a terminal: "file:line: message (at nodes[3].production)". */
export function renderIssue(issue: ValidationIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  const at = issue.path.length ? ` (at ${formatPath(issue.path)})` : '';
  return `${where}${issue.message}${at}`;
}

export function issuesFromZod(error: z.ZodError): ValidationIssue[] {
  return error.issues.flatMap((issue) => flattenUnion(issue)).map(toIssue);
}

/** A union of alternatives reports each branch; the most specific branch says most (unions nest: a dated figure is a quantity or steps). */
function flattenUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const all = issue.errors.map((branch) => branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as z.core.$ZodIssue));
  // A branch whose only complaint is the value's type at the union itself (a string where an
  // object was given) says nothing about the value: the branches of its type say more.
  const typed = all.filter((branch) => !(branch.length === 1 && branch[0]!.code === 'invalid_type' && branch[0]!.path.length === issue.path.length));
  const branches = typed.length > 0 ? typed : all;
  const best = branches.reduce((a, b) => (b.length > 0 && (a.length === 0 || b.length < a.length) ? b : a), branches[0] ?? []);
  return best.length > 0 ? best.flatMap(flattenUnion) : [issue];
}

function toIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const params = (issue as { params?: { code?: string } }).params;
  const path = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
  return { code: params?.code ?? issue.code, path, message: explain(issue) };
}

function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}: remove or rename ${issue.keys.length > 1 ? 'them' : 'it'}`;
    case 'invalid_union':
      return `${issue.message}: check the value's form`;
    default:
      if (issue.code === 'invalid_type' && issue.message.includes('received undefined')) {
        return `missing required "${String(issue.path[issue.path.length - 1] ?? 'value')}": add it`;
      }
      return issue.message;
  }
}
