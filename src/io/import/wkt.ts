/** Route geometry in Well-Known Text, as the GEM trackers publish it (x = longitude, y = latitude). */

export type LonLat = readonly [number, number];

export type WktParse = { readonly ok: true; readonly lines: LonLat[][] } | { readonly ok: false; readonly message: string };

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const POSITION = new RegExp(String.raw`^\s*(${NUMBER})\s+(${NUMBER})(?:\s+${NUMBER}){0,2}\s*$`);

/**
 * Parses `LINESTRING (x y, …)` and `MULTILINESTRING ((x y, …), (…))`, with optional Z/M
 * ordinates (dropped) and `EMPTY`. Each line keeps at least two positions; anything else is a
 * message naming what is wrong.
 */
export function parseWkt(text: string): WktParse {
  const match = /^\s*(MULTILINESTRING|LINESTRING)\s*(?:Z|M|ZM)?\s*(EMPTY|\(.*\))\s*$/is.exec(text);
  if (!match) return { ok: false, message: `not a LINESTRING or MULTILINESTRING: "${abbreviate(text)}"` };
  const kind = match[1]!.toUpperCase();
  const body = match[2]!;
  if (body.toUpperCase() === 'EMPTY') return { ok: true, lines: [] };
  const inner = body.slice(1, -1);
  const parts = kind === 'LINESTRING' ? [inner] : splitParts(inner);
  if (parts === undefined) return { ok: false, message: `unbalanced parentheses in "${abbreviate(text)}"` };
  const lines: LonLat[][] = [];
  for (const part of parts) {
    const line = parseLine(part);
    if (typeof line === 'string') return { ok: false, message: `${line} in "${abbreviate(text)}"` };
    lines.push(line);
  }
  return { ok: true, lines };
}

/** "(a, b), (c, d)" -> ["a, b", "c, d"]; undefined when the parentheses do not pair up. */
function splitParts(text: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = -1;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '(') {
      if (depth === 0) start = index + 1;
      depth += 1;
    } else if (character === ')') {
      depth -= 1;
      if (depth < 0) return undefined;
      if (depth === 0) parts.push(text.slice(start, index));
    } else if (depth === 0 && character !== ',' && !/\s/.test(character!)) {
      return undefined;
    }
  }
  return depth === 0 && parts.length > 0 ? parts : undefined;
}

function parseLine(text: string): LonLat[] | string {
  const positions: LonLat[] = [];
  for (const item of text.split(',')) {
    const match = POSITION.exec(item);
    if (!match) return `"${item.trim()}" is not a position "x y"`;
    const lon = Number(match[1]);
    const lat = Number(match[2]);
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return `position "${item.trim()}" is outside longitude -180..180, latitude -90..90`;
    positions.push([lon, lat]);
  }
  if (positions.length < 2) return 'a line needs two or more positions';
  return positions;
}

function abbreviate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
