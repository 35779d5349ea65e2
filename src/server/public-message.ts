/**
 * A message fit for a client or a stored run: its first line only (no stack trace), without the
 * server's file paths (no install folder), at most 500 characters.
 */
export function publicMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((part) => part.trim() !== '') ?? 'unknown error';
  const withoutPaths = line.replace(/(?:file:\/\/)?(?:\/[\w.@+-]+){2,}\/?/g, (path) => `…/${path.split('/').filter(Boolean).pop() ?? ''}`);
  return withoutPaths.length > 500 ? `${withoutPaths.slice(0, 497)}...` : withoutPaths;
}
