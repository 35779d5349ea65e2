import { z } from 'zod';
import { resolvePrice } from '../model/resolve-network.ts';

/**
 * Building blocks of the operation schemas. Each carries its limits and its message, so the CLI,
 * the API and the OpenAPI document say the same thing: "--days must be a whole number from 1 to
 * 365" on the command line is "days: must be a whole number from 1 to 365" over HTTP.
 */

/** How a field is written on the command line; fields without one are API-only. */
export interface CliForm {
  /** `--name`; defaults to the field name in kebab case. */
  readonly flag?: string;
  /** Placeholder in --help (e.g. D, FILE). */
  readonly placeholder?: string;
  /** Taken from the positional argument instead of a flag (its name in the usage line). */
  readonly positional?: string;
  /** The last positional takes every positional argument left, as a list. */
  readonly rest?: boolean;
  /** A flag without a value (boolean). */
  readonly switch?: boolean;
  /** Repeatable flag (array of strings). */
  readonly repeatable?: boolean;
  /** Comma-separated list. */
  readonly list?: boolean;
  /** Shares accept "8 %" as well as 0.08. */
  readonly percent?: boolean;
  /** Turns the flag's text into the field's value when the generic rules do not fit. */
  readonly fromText?: (text: string) => unknown;
  /** The value a bare flag takes (a flag whose value is optional). */
  readonly bareValue?: string;
}

export interface Field<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly cli?: CliForm;
}

export const field = <S extends z.ZodType>(schema: S, cli?: CliForm): Field<S> => (cli ? { schema, cli } : { schema });

const range = (min: number, max: number) => `from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`;

/** A whole number within limits. */
export function whole(min: number, max: number, description: string) {
  const error = `must be a whole number ${range(min, max)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).describe(description);
}

/** A finite number within limits (never NaN or Infinity: JSON cannot carry them). */
export function amount(min: number, max: number, description: string) {
  const error = `must be a number ${range(min, max)}`;
  return z.number({ error }).min(min, { error }).max(max, { error }).describe(description);
}

/** A share from 0 to 1; the CLI also reads "8 %". */
export function share(description: string) {
  const error = 'must be a share from 0 to 1 (on the command line also 0 % to 100 %)';
  return z.number({ error }).min(0, { error }).max(1, { error }).describe(description);
}

/** Reads "8 %" or "0.08" as 0.08; anything else becomes NaN, which the schema refuses. */
export function percentText(text: string): number {
  const match = /^\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(%?)\s*$/i.exec(text);
  return match ? Number(match[1]) / (match[2] ? 100 : 1) : Number.NaN;
}

/** An identifier of something in the network (actor, asset, hazard, candidate). */
export const id = (what: string) => z.string().min(1, { error: `give a ${what} id` }).max(200, { error: `${what} ids are at most 200 characters` }).describe(`${what} id`);

/** Benchmark prices beyond this (per barrel; per tonne ×10) are typing errors, and would overflow sums. */
export const MAX_PRICE_PER_BARREL = 10_000;

/** A benchmark price as written, e.g. "90 USD/bbl" or "650 USD/t"; checked here, resolved by the operation. */
export const priceText = z
  .string()
  .max(100, { error: 'a price is at most 100 characters, e.g. "90 USD/bbl"' })
  .superRefine((text, context) => {
    let price;
    try {
      price = resolvePrice(text);
    } catch (error) {
      context.addIssue({ code: 'custom', message: `${(error as Error).message}: write e.g. "90 USD/bbl" or "650 USD/t"` });
      return;
    }
    const perBarrel = price.perBarrel + price.perTonne / 7.3;
    if (!(perBarrel > 0) || perBarrel > MAX_PRICE_PER_BARREL) context.addIssue({ code: 'custom', message: `must be a price above 0 and at most ${MAX_PRICE_PER_BARREL.toLocaleString('en-US')} USD/bbl (or its equivalent per tonne)` });
  })
  .describe('Constant benchmark price, e.g. "90 USD/bbl" (default: the network\'s reference price).');

/** A calendar date. */
export const dateText = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text, { error: 'must be a date YYYY-MM-DD' })
  .describe('A date, YYYY-MM-DD.');

/**
 * A document by reference: a built-in id, or the document itself. The CLI also takes a path
 * (its loader reads the user's files); the API's loader knows built-in ids only and reads no file.
 */
export const documentReference = (what: string) =>
  z
    .union([z.string().min(1, { error: `give a ${what}` }).max(4096, { error: `a ${what} reference is at most 4096 characters` }), z.record(z.string(), z.unknown())])
    .describe(`A built-in ${what} id (on the command line also a YAML/JSON file), or the ${what} document itself as JSON.`);

/**
 * Where a process sends its variant batches: a Redis server that `chokepoint worker` processes
 * also listen to. An option of the process (CLI flags, `serve`), never of a request: a client
 * must not make the server connect wherever it names.
 */
export const queueUrl = z
  .string()
  .max(1000, { error: 'a queue URL is at most 1,000 characters' })
  .refine(
    (text) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        return false;
      }
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '' && (url.pathname === '' || url.pathname === '/' || /^\/\d{1,2}$/.test(url.pathname)) && url.search === '' && url.hash === '';
    },
    { error: 'must be a Redis URL, redis://HOST:PORT (rediss:// for TLS; optionally user:password@ and /DB), e.g. redis://127.0.0.1:6379' },
  )
  .describe('Send variant batches to the BullMQ queue on this Redis server (redis://HOST:PORT) instead of solving them on local threads; `chokepoint worker --queue URL` processes solve them.');
