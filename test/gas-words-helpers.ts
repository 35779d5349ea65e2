/** Shared by the gas-words tests (gas-json, gas-analyses-json): the CLI in process, and key checks. */
import { main } from '../src/cli/main.ts';

/** A key that names a crude unit or stream: what a gas report must not contain. */
export const OIL_KEY = /barrel|byorigin|tonne|usd|bbl/i;

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => (out += text), err: (text) => (err += text), cwd: process.cwd(), interactive: false });
  return { code, out, err };
}

/** Every key of a JSON value, with its path (ids used as keys, such as budget loss by state, included). */
export function keyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => keyPaths(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [`${path}.${key}`, ...keyPaths(item, `${path}.${key}`)]);
}

/** The paths of keys that name a crude unit or stream. */
export function oilKeys(value: unknown): string[] {
  return keyPaths(value).filter((path) => OIL_KEY.test(path.split('.').pop()!.replace(/\[\d+\]$/, '')));
}
