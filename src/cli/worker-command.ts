import { EXECUTION, limitsOf } from '../contract/index.ts';
import { startQueueWorker } from '../node/queue-worker.ts';
import { EXIT_OK, parse, UsageError, type CliIo } from './common.ts';

const HELP = `chokepoint worker --queue URL [--threads N]

Solves variant batches that analyses, risk and the server (run with --queue URL) send to the
BullMQ queue on the Redis server at URL (redis://HOST:PORT). Start any number, on any hosts that
reach that Redis and run the same Chokepoint and Node versions; each job goes to one of them. A
worker that dies mid-job loses nothing: its job goes back to the queue once its lock expires and
another worker solves it; an answer delivered twice is counted once.

Options:
  --queue URL          ${limitsOf(EXECUTION.queue).description ?? ''}
  --threads N          solve threads, one job each at a time (1–64, default 1: start one worker per core)
  --lock-seconds S     how long a job stays locked to a worker that stops renewing it (1–600, default 15)
  --exit-after N       fault injection for tests: exit after delivering N answers, before the last is acknowledged

SIGTERM or Ctrl-C: no new jobs; the jobs in hand are finished, then the worker exits.
`;

export async function workerCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { queue: { type: 'string' }, threads: { type: 'string' }, 'lock-seconds': { type: 'string' }, 'exit-after': { type: 'string' } });
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`worker takes no positional arguments, got "${positionals[0]!.slice(0, 80)}"`);
  if (values.queue === undefined) throw new UsageError('worker needs --queue URL, e.g. --queue redis://127.0.0.1:6379');
  const url = EXECUTION.queue.schema.safeParse(values.queue);
  if (!url.success || url.data === undefined) throw new UsageError(`--queue ${url.error?.issues[0]?.message ?? 'is missing'}, got "${values.queue.slice(0, 80)}"`);
  const number = (text: string | undefined, name: string, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text.slice(0, 80)}"`);
    return value;
  };
  const threads = number(values.threads, 'threads', 1, 1, 64);
  const lockMs = number(values['lock-seconds'], 'lock-seconds', 15, 1, 600) * 1000;
  const exitAfter = values['exit-after'] === undefined ? undefined : number(values['exit-after'], 'exit-after', 1, 1, 1_000_000);
  let worker;
  try {
    worker = await startQueueWorker({ url: url.data, threads, lockMs, stalledIntervalMs: Math.min(5_000, lockMs), log: (line) => io.err(`${line}\n`), ...(exitAfter === undefined ? {} : { exitAfterDeliveries: exitAfter }) });
  } catch (error) {
    throw new UsageError(`cannot start a worker: ${(error as Error).message}`);
  }
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  io.err('stopping: finishing the jobs in hand…\n');
  await worker.close();
  return EXIT_OK;
}
