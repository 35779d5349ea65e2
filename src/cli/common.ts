import { parseArgs } from 'node:util';
import { renderIssue, type ValidationIssue } from '../model/issues.ts';

/** Where the CLI writes; the bin passes process streams, tests pass buffers. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  /** Whether stage messages should be shown (an interactive terminal). */
  readonly interactive: boolean;
}

export const EXIT_OK = 0;
export const EXIT_MODEL = 1;
export const EXIT_INPUT = 2;

export class UsageError extends Error {}

export function parse<const Options extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(args: readonly string[], options: Options) {
  try {
    return parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see --help`);
  }
}

export function reportIssues(issues: readonly ValidationIssue[], io: CliIo): number {
  for (const issue of issues) io.err(`✖ ${renderIssue(issue)}\n`);
  io.err(`${issues.length} problem${issues.length === 1 ? '' : 's'} found; nothing was written.\n`);
  return EXIT_INPUT;
}
