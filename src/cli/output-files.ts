import { closeSync, constants, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync, accessSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Where the CLI writes (--write-lp, --csv, --plot): only regular files or new paths. A device, a
 * FIFO or a socket is never replaced (writing a temp file and renaming it over /dev/null would
 * turn it into a regular file), and a symlink is followed only when it stays in its own folder.
 */
export function outputProblem(path: string, kind: 'file' | 'directory', _cwd?: string): string | undefined {
  let link;
  try {
    link = lstatSync(path);
  } catch {
    link = undefined;
  }
  if (link) {
    if (link.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        return `${path} is a dangling symbolic link: give a plain file name`;
      }
      const inside = relative(realpathSync(dirname(path)), dirname(target));
      if (inside.startsWith('..') || isAbsolute(inside)) return `${path} is a symbolic link out of its folder (to ${target}): give a plain file name`;
    }
    const stats = statSync(path);
    if (kind === 'file' && stats.isDirectory()) return `${path} is a directory: give a file name`;
    if (kind === 'directory' && !stats.isDirectory()) return `${path} is ${stats.isFile() ? 'a file' : 'not a directory'}: give a directory`;
    if (kind === 'file' && !stats.isFile()) return `${path} is not a regular file (a device, pipe or socket): give a file name`;
    if (kind === 'file') return writable(dirname(path));
    return writable(path);
  }
  let ancestor = dirname(path);
  while (!exists(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) return `${ancestor} is a file, so ${path} cannot be created`;
  return writable(ancestor);
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function writable(directory: string): string | undefined {
  try {
    accessSync(directory, constants.W_OK);
    return undefined;
  } catch {
    return `${directory} is not writable`;
  }
}

/**
 * Writes every file to a new temporary name next to it (created exclusively), then renames them
 * all into place; on any failure (a full disk included) every temporary file is removed and the
 * failure returned, so nothing is left behind and nothing is half written.
 */
export function writeAll(files: ReadonlyMap<string, string>): string | undefined {
  const staged: [string, string][] = [];
  const discard = () => {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
  };
  for (const [path] of files) {
    const problem = outputProblem(path, 'file');
    if (problem) return problem;
  }
  try {
    for (const [path, content] of files) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push([temporary, path]);
      const descriptor = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      try {
        const bytes = Buffer.from(content, 'utf8');
        for (let offset = 0; offset < bytes.length; ) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
      } finally {
        closeSync(descriptor);
      }
    }
    // The checks again just before the files go in place: a path swapped for a device meanwhile is refused.
    for (const [, path] of staged) {
      const problem = outputProblem(path, 'file');
      if (problem) throw Object.assign(new Error(problem), { path });
    }
    for (const [temporary, path] of staged) renameSync(temporary, resolve(path));
  } catch (error) {
    discard();
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exceeded' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    return `${(error as NodeJS.ErrnoException).path ?? 'output'}: ${reason}`;
  }
  return undefined;
}
