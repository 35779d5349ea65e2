import { resolve } from 'node:path';
import { startServer } from '../server/app.ts';
import { isLoopback } from '../server/security.ts';
import { staticFiles, webRoot } from '../server/static.ts';
import { queueOption } from './analysis-commands.ts';
import { EXIT_OK, parse, UsageError, type CliIo } from './common.ts';

const HELP = `chokepoint serve [--port P] [--data DIR] [--host H] [--token T] [--slots N] [--max-queued N] [--queue URL]

Serves the JSON API (OpenAPI at /api/openapi.json) on 127.0.0.1. Runs are solved on worker threads
and stored in an SQLite database in DIR (default ./chokepoint-data), so they survive a restart;
runs a stopped server was working on are marked failed when it starts again.

Options:
  --port P         port (default 8080; 0 picks a free one)
  --data DIR       where runs are stored (default ./chokepoint-data)
  --host H         interface to bind (default 127.0.0.1; any other address needs a token)
  --token T        require "Authorization: Bearer T" on every API request (or set
                   CHOKEPOINT_TOKEN; required when --host is not loopback)
  --slots N        runs solved at once, one worker thread each (default cores - 1)
  --max-queued N   runs waiting beyond those; more get 429 with Retry-After (default 64)
  --queue URL      solve runs and analyses on \`chokepoint worker\` processes through the BullMQ
                   queue on the Redis server at URL (redis://HOST:PORT) instead of local threads

SIGTERM or Ctrl-C: no new requests; runs being solved get 30 s to finish, the rest are marked
failed; then the store is closed. See docs/security.md for what the API can and cannot reach.
`;

export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, slots: { type: 'string' }, 'max-queued': { type: 'string' }, queue: { type: 'string' } });
  if (values.help) {
    io.out(HELP);
    return EXIT_OK;
  }
  const number = (text: string | undefined, name: string, fallback: number, min: number, max: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
    return value;
  };
  const port = number(values.port, 'port', 8080, 0, 65535);
  const web = webRoot();
  if (!web) io.err('the web app is not built (npm run build): serving the API only\n');
  const host = values.host ?? '127.0.0.1';
  const token = values.token ?? process.env.CHOKEPOINT_TOKEN;
  if (token !== undefined && (token.length < 16 || token.length > 1000)) throw new UsageError('--token must be 16 to 1,000 characters (e.g. openssl rand -hex 32)');
  if (!isLoopback(host) && token === undefined) throw new UsageError(`--host ${host} is not a loopback address: give --token T (or CHOKEPOINT_TOKEN) so only clients holding it are served`);
  const app = await startServer({
    dataDirectory: resolve(io.cwd, values.data ?? 'chokepoint-data'),
    port,
    host,
    ...(token === undefined ? {} : { token }),
    log: io.err,
    ...(values.slots === undefined ? {} : { slots: number(values.slots, 'slots', 1, 1, 64) }),
    maxQueued: number(values['max-queued'], 'max-queued', 64, 0, 100_000),
    ...(web ? { staticFiles: staticFiles(web) } : {}),
    ...(values.queue === undefined ? {} : { queue: queueOption(values.queue) }),
  });
  io.out(`chokepoint serving ${app.url} (API: ${app.url}/api/openapi.json; data: ${resolve(io.cwd, values.data ?? 'chokepoint-data')})\n`);
  if (app.store.interrupted > 0) io.err(`${app.store.interrupted} unfinished run(s) from the last server marked failed\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  io.err('stopping: runs in hand get 30 s to finish…\n');
  await app.close(30_000);
  return EXIT_OK;
}
