import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { issuesFromZod, type Validated, type ValidationIssue } from './issues.ts';

/** YAML text (JSON is YAML too) plus what is needed to point back at lines. */
export interface ParsedText {
  readonly data: unknown;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function parseText(text: string, file: string): Validated<ParsedText> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        code: 'malformed-file',
        path: [],
        message: `malformed YAML/JSON: ${error.message.split('\n')[0]}`,
        file,
        line: error.linePos?.[0]?.line,
      })),
    };
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Unresolved aliases and alias bombs only surface when the document is turned into data.
    return { ok: false, issues: [{ code: 'malformed-file', path: [], message: `malformed YAML/JSON: ${(error as Error).message}`, file }] };
  }
  return { ok: true, value: { data, lineOf: (path) => lineOf(document, lineCounter, path) } };
}

function lineOf(document: Document, lineCounter: LineCounter, path: readonly (string | number)[]): number | undefined {
  // Walk up the path until a node with a position exists (a missing key points at its parent).
  for (let length = path.length; length >= 0; length -= 1) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Parses text and checks it against a schema; every issue carries file and line. */
export function parseWithSchema<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
): Validated<{ value: z.output<Schema>; parsed: ParsedText }> {
  const parsed = parseText(text, file);
  if (!parsed.ok) return parsed;
  const result = schema.safeParse(parsed.value.data);
  if (!result.success) {
    return { ok: false, issues: locate(issuesFromZod(result.error), file, parsed.value) };
  }
  return { ok: true, value: { value: result.data, parsed: parsed.value } };
}

export function locate(issues: readonly ValidationIssue[], file: string, parsed: ParsedText): ValidationIssue[] {
  return issues.map((issue) => ({ ...issue, file, line: issue.line ?? parsed.lineOf(issue.path) }));
}
