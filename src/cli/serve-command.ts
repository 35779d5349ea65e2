import { resolve } from 'node:path';
import { startServer } from '../server/app.ts';
import { staticFiles, webRoot } from '../server/static.ts';
import { EXIT_OK, parse, UsageError, type CliIo } from './common.ts';

const HELP = `chokepoint serve [--port P] [--data DIR] [--host H] [--slots N] [--max-queued N]

Serves the JSON API (OpenAPI at /api/openapi.json) on 127.0.0.1. Runs are solved on worker threads
and stored in an SQLite database in DIR (default ./chokepoint-data), so they survive a restart;
runs a stopped server was working on are marked failed when it starts again.

Options:
  --port P         port (default 8080; 0 picks a free one)
  --data DIR       where runs are stored (default ./chokepoint-data)
  --host H         interface to bind (default 127.0.0.1; other interfaces only when asked)
  --slots N        runs solved at once, one worker thread each (default cores - 1)
  --max-queued N   runs waiting beyond those; more get 429 with Retry-After (default 64)
`;

export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, slots: { type: 'string' }, 'max-queued': { type: 'string' } });
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
  const app = await startServer({
    dataDirectory: resolve(io.cwd, values.data ?? 'chokepoint-data'),
    port,
    host: values.host ?? '127.0.0.1',
    ...(values.slots === undefined ? {} : { slots: number(values.slots, 'slots', 1, 1, 64) }),
    maxQueued: number(values['max-queued'], 'max-queued', 64, 0, 100_000),
    ...(web ? { staticFiles: staticFiles(web) } : {}),
  });
  io.out(`chokepoint serving ${app.url} (API: ${app.url}/api/openapi.json; data: ${resolve(io.cwd, values.data ?? 'chokepoint-data')})\n`);
  if (app.store.interrupted > 0) io.err(`${app.store.interrupted} unfinished run(s) from the last server marked failed\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await app.close();
  return EXIT_OK;
}
