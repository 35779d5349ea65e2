import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where an output cannot go, as a message naming the fix; undefined when it can. */
export function outputProblem(path: string, kind: 'file' | 'directory'): string | undefined {
  if (existsSync(path)) {
    const isDirectory = statSync(path).isDirectory();
    if (kind === 'file' && isDirectory) return `${path} is a directory: give a file name`;
    if (kind === 'directory' && !isDirectory) return `${path} is a file: give a directory`;
    return undefined;
  }
  let ancestor = dirname(path);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) return `${ancestor} is a file, so ${path} cannot be created`;
  try {
    accessSync(ancestor, constants.W_OK);
  } catch {
    return `${ancestor} is not writable`;
  }
  return undefined;
}

/** Writes every file to a temporary name first, then renames them all; returns the failure. */
export function writeAll(files: ReadonlyMap<string, string>): string | undefined {
  const staged: string[] = [];
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.tmp-${process.pid}`;
      writeFileSync(temporary, content);
      staged.push(temporary);
    }
  } catch (error) {
    for (const temporary of staged) rmSync(temporary, { force: true });
    return `${(error as NodeJS.ErrnoException).path ?? 'output'}: ${(error as Error).message}`;
  }
  for (const [path] of files) renameSync(`${path}.tmp-${process.pid}`, path);
  return undefined;
}
