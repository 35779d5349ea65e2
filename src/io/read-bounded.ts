import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Validated } from '../model/issues.ts';

/** Largest input file read (networks, scenarios, results): the shipped network is 50 KB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * Reads a regular file of at most `maxBytes` as UTF-8. Devices, FIFOs, sockets and directories
 * are refused before a byte is read: `/dev/zero` would grow memory without end and a FIFO would
 * block the process. O_NONBLOCK makes the open itself return at once on a FIFO without a writer.
 */
export function readBoundedText(path: string, label: string, maxBytes = MAX_INPUT_BYTES): Validated<string> {
  const bytes = readBoundedBytes(path, label, maxBytes);
  return bytes.ok ? { ok: true, value: bytes.value.toString('utf8') } : bytes;
}

/** The bytes of a regular file of at most `maxBytes` (spreadsheets, archives): as readBoundedText. */
export function readBoundedBytes(path: string, label: string, maxBytes = MAX_INPUT_BYTES): Validated<Buffer> {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) return refused(path, label, 'not a regular file (devices, pipes and folders are not read)', 'not-a-regular-file');
    if (stats.size > maxBytes) return refused(path, label, `${stats.size} bytes, over the ${maxBytes}-byte limit`, 'file-too-large');
    // One byte more than declared tells a file that grows while it is read.
    const buffer = Buffer.alloc(stats.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > stats.size) return refused(path, label, 'the file grew while it was read', 'file-too-large');
    return { ok: true, value: buffer.subarray(0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'a folder, not a file' : code === 'EAGAIN' ? 'not a regular file' : (code ?? 'unreadable');
    return refused(path, label, reason, 'unreadable-file');
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function refused(path: string, label: string, reason: string, code: string): Validated<never> {
  return { ok: false, issues: [{ code, path: [], message: `cannot read ${label} "${path}": ${reason}`, file: path }] };
}
