import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { Redis } from 'ioredis';
import type { Operations, Scenario } from '../scenario/scenario.ts';
import type { SolveOutcome } from '../solve/solve.ts';
import type { VariantOutcome, VariantRequest } from '../analysis/variants.ts';

/**
 * What travels through Redis between a queue runner (the process that asks) and `chokepoint
 * worker` processes (that solve). Payloads are V8 structured clones, the format the local pool's
 * threads exchange, so a scenario's Maps, undefined fields and every float arrive as they left and
 * answers are the local pool's to the bit. Every host must therefore run the same Node major and
 * the same Chokepoint: the queue's name carries the protocol version.
 */
export const QUEUE_PROTOCOL = 1;
export const QUEUE_NAME = `chokepoint-variants-v${QUEUE_PROTOCOL}`;
/** Every key of ours starts with this (BullMQ's own keys start with `bull:`). */
const PREFIX = `chokepoint:v${QUEUE_PROTOCOL}`;
/** Channel on which runners announce cancelled batches to every worker. */
export const CANCEL_CHANNEL = `${PREFIX}:cancel`;
/** How long a batch's keys live without a heartbeat from its runner (ms). */
export const BATCH_TTL_MS = 60_000;
/** Heartbeat interval of a runner with batches in flight (ms). */
export const HEARTBEAT_MS = 10_000;

export const keys = {
  /** The base scenario and its closable nodes, content-addressed: batches with equal bases share it. */
  base: (hash: string) => `${PREFIX}:base:${hash}`,
  /** Exists while the runner still wants the batch: deleted on cancel, expires if the runner dies. */
  live: (batch: string) => `${PREFIX}:live:${batch}`,
  /** Jobs of a batch whose answer was delivered (HSETNX: the first answer wins, a retry's is dropped). */
  answered: (batch: string) => `${PREFIX}:answered:${batch}`,
  /** A runner's inbox: answers of all its batches, in the order they were delivered. */
  inbox: (runner: string) => `${PREFIX}:inbox:${runner}`,
};

/**
 * The base every job of a batch shares; stored once, under the hash of its encoding. How the
 * variants are decided (hindsight or rolling, with its look-ahead) is part of it: the same base
 * decided otherwise is another base, with another baseline.
 */
export interface BatchBase {
  readonly base: Scenario;
  readonly closable: readonly string[];
  readonly operations?: Operations | undefined;
}

/** One job: consecutive runs (chains) of one batch, each a list of requests solved in order. */
export interface JobData {
  readonly protocol: number;
  readonly batch: string;
  readonly job: number;
  readonly base: string;
  /** The session key on the worker's threads: unique to the runner and the batch's session key. */
  readonly session: string;
  readonly inbox: string;
  /** base64 of encode(JobTasks) */
  readonly tasks: string;
}

export interface JobTasks {
  readonly chains: readonly (readonly { readonly index: number; readonly request: VariantRequest }[])[];
}

type OpenFailure = Extract<SolveOutcome, { status: 'infeasible' | 'unbounded' | 'not-solved' }>;

/** What a worker delivers for a job: its variants' outcomes, or the base's failure to open. */
export type JobAnswer =
  | { readonly batch: string; readonly job: number; readonly worker: string; readonly outcomes: readonly { readonly index: number; readonly outcome: VariantOutcome }[]; readonly baselineSolveMs: number; readonly baselineValueUsd: number }
  | { readonly batch: string; readonly job: number; readonly worker: string; readonly failure: OpenFailure };

export const encode = (value: unknown): Buffer => serialize(value);
export const decode = <T>(buffer: Buffer): T => deserialize(buffer) as T;
export const hashOf = (buffer: Buffer): string => createHash('sha256').update(buffer).digest('hex');

/**
 * Delivers an answer once: the first delivery for a job is pushed to the runner's inbox, a later
 * one (a job run again after its worker was lost) is dropped. Keys expire with the batch.
 * KEYS: answered, inbox; ARGV: job number, answer, ttl ms. Returns 1 when delivered.
 */
export const DELIVER_SCRIPT = `
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 1 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return 1
end
return 0
`;

/** ioredis options from a queue URL (checked by the contract's queueUrl). */
export function redisOptions(url: string) {
  const parsed = new URL(url);
  const db = parsed.pathname.replace('/', '');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The URL without its password, for messages. */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/**
 * Fails at once when the server cannot be reached, with the socket's reason (ECONNREFUSED …):
 * the long-lived connections retry for ever, which suits a worker waiting out a Redis restart
 * but not a first connection to a mistyped address.
 */
export async function probeRedis(url: string): Promise<void> {
  const redis = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 0, connectTimeout: 5_000, retryStrategy: () => null, lazyConnect: true });
  let reason: string | undefined;
  redis.on('error', (error: Error) => (reason ??= error.message));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`cannot reach the queue's Redis at ${shownUrl(url)}: ${reason ?? (error as Error).message}`, { cause: error });
  } finally {
    redis.disconnect();
  }
}
