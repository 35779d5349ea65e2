import { serve, type ServerType } from '@hono/node-server';
import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { compareRuns } from '../analysis/compare.ts';
import { finiteOr, type RunResult } from '../analysis/result-schema.ts';
import { readResult } from '../analysis/gas-words.ts';
import { withMode } from '../analysis/run.ts';
import { ANALYSES, compareOperation, errorSchema, exportOperation, healthSchema, networkListSchema, renameSchema, scenarioListSchema, runAcceptedSchema, runOperation, runRecordSchema, runSummarySchema, servedCandidatesSchema, servedNetworkSchema, servedScenarioSchema, type AnalysisId } from '../contract/index.ts';
import { builtinCandidates, builtinLoaders, builtinNetworks, builtinScenarios, DATA_DIRECTORY, type DocumentReference } from '../io/files.ts';
import { readBoundedText } from '../io/read-bounded.ts';
import { issuesFromZod, type ValidationIssue } from '../model/issues.ts';
import { csvFiles } from '../report/csv.ts';
import { scenarioWarnings } from '../scenario/warnings.ts';
import { analysisSlot, type AnalysisSlot } from './analysis-slot.ts';
import { publicMessage } from './public-message.ts';
import { runQueue, type RunQueue } from './runs.ts';
import { queueRunner } from '../node/queue-runner.ts';
import { OperationInputError } from '../contract/orchestrate.ts';
import { runExport } from '../contract/orchestrate-files.ts';
import { HttpError, isLoopback, jsonBodiesOnly, loopbackOnly, securityHeaders, tokenRequired, wellFormedPath } from './security.ts';
import { openStore, StoreFullError, type Store } from './store.ts';

export interface ServerOptions {
  readonly dataDirectory: string;
  readonly port?: number;
  /** 127.0.0.1 unless asked otherwise; any other address needs a token. */
  readonly host?: string;
  /** Required on a non-loopback bind: requests must carry `Authorization: Bearer TOKEN`. */
  readonly token?: string;
  readonly slots?: number;
  readonly maxQueued?: number;
  /** Largest request body accepted (bytes), declared or chunked. */
  readonly maxBodyBytes?: number;
  /** Longest an analysis may run before it is stopped (ms); default 10 minutes. */
  readonly analysisTimeLimitMs?: number;
  /** Served at / (the built web app), when present. */
  readonly staticFiles?: (path: string) => { body: Buffer; type: string } | undefined;
  /** Largest the run database may grow, in SQLite pages (tests simulate a full disk with it). */
  readonly maxPageCount?: number;
  /** Where the server reports its own failures (never to clients). */
  readonly log?: (text: string) => void;
  /** Solve runs and analyses on `chokepoint worker` processes through the BullMQ queue at this Redis URL. */
  readonly queue?: string;
}

export interface AppParts {
  readonly store: Store;
  readonly queue: RunQueue;
  readonly analyses: AnalysisSlot;
}

const json = 'application/json';
/** A schema under a component name in the OpenAPI document (a copy: the contract's own stays unnamed). */
const named = <S extends z.ZodType>(schema: S, id: string): S => schema.meta({ id }) as S;
const capitalised = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;
const errorBody = named(errorSchema, 'Error');
const errorResponse = (description: string) => ({ description, content: { [json]: { schema: errorBody } } });
const idParam = z.object({ id: z.string().min(1).max(100).regex(/^[\w.-]+$/, { error: 'ids are letters, digits, ".", "_" and "-"' }) });

/** Every route, declared once: method, path, request and response schemas. */
export const ROUTES = {
  health: createRoute({ method: 'get', path: '/api/health', summary: 'Liveness and queue depth', responses: { 200: { description: 'ok', content: { [json]: { schema: healthSchema } } } } }),
  networks: createRoute({ method: 'get', path: '/api/networks', summary: 'Built-in networks', responses: { 200: { description: 'id, name, commodity kind and currency of each', content: { [json]: { schema: networkListSchema } } } } }),
  network: createRoute({ method: 'get', path: '/api/networks/{id}', summary: 'A built-in network, resolved (canonical units)', request: { params: idParam }, responses: { 200: { description: 'the network', content: { [json]: { schema: named(servedNetworkSchema, 'Network') } } }, 400: errorResponse('bad id'), 404: errorResponse('no such network') } }),
  scenarios: createRoute({ method: 'get', path: '/api/scenarios', summary: 'Built-in scenarios', responses: { 200: { description: 'id, name and network of each', content: { [json]: { schema: scenarioListSchema } } } } }),
  candidates: createRoute({ method: 'get', path: '/api/candidates/{id}', summary: 'A built-in set of bypass candidates as its file', request: { params: idParam }, responses: { 200: { description: 'the candidates file', content: { [json]: { schema: servedCandidatesSchema } } }, 400: errorResponse('bad id'), 404: errorResponse('no such candidates file') } }),
  scenario: createRoute({ method: 'get', path: '/api/scenarios/{id}', summary: 'A built-in scenario as its file', request: { params: idParam }, responses: { 200: { description: 'the scenario file', content: { [json]: { schema: servedScenarioSchema } } }, 400: errorResponse('bad id'), 404: errorResponse('no such scenario') } }),
  submitRun: createRoute({
    method: 'post',
    path: '/api/runs',
    summary: runOperation.summary,
    description: `${runOperation.description} Queued and solved on a worker thread; poll /api/runs/{id}.`,
    request: { body: { required: true, content: { [json]: { schema: named(runOperation.request, 'RunRequest') } } } },
    responses: { 202: { description: 'queued', content: { [json]: { schema: runAcceptedSchema } } }, 400: errorResponse('invalid run'), 413: errorResponse('body too large'), 415: errorResponse('not JSON'), 429: errorResponse('queue full; see Retry-After'), 507: errorResponse('the disk is full') },
  }),
  listRuns: createRoute({ method: 'get', path: '/api/runs', summary: 'Run history, newest first', responses: { 200: { description: 'runs', content: { [json]: { schema: z.array(named(runSummarySchema, 'RunSummary')) } } } } }),
  getRun: createRoute({
    method: 'get',
    path: '/api/runs/{id}',
    summary: 'A run: status, stage, and the result once done',
    request: { params: idParam, query: z.object({ wait: z.string().regex(/^\d{1,6}$/, { error: 'wait is milliseconds, 0–30000' }).optional().describe('Hold the answer until the run finishes, at most this many ms (up to 30,000).') }) },
    responses: { 200: { description: 'the run', content: { [json]: { schema: named(runRecordSchema, 'Run') } } }, 400: errorResponse('bad id'), 404: errorResponse('no such run') },
  }),
  renameRun: createRoute({
    method: 'patch',
    path: '/api/runs/{id}',
    summary: 'Rename a run',
    request: { params: idParam, body: { required: true, content: { [json]: { schema: renameSchema } } } },
    responses: { 200: { description: 'renamed', content: { [json]: { schema: runSummarySchema } } }, 400: errorResponse('invalid name'), 404: errorResponse('no such run'), 507: errorResponse('the disk is full') },
  }),
  deleteRun: createRoute({ method: 'delete', path: '/api/runs/{id}', summary: 'Delete a run', request: { params: idParam }, responses: { 204: { description: 'deleted' }, 400: errorResponse('bad id'), 404: errorResponse('no such run') } }),
  runCsv: createRoute({
    method: 'get',
    path: '/api/runs/{id}/{file}',
    summary: 'Daily series as CSV: impact-daily.csv, exports-by-route-daily.csv, storage-daily.csv, production-daily.csv (a gas run: deliveries-by-route-daily.csv and supply-daily.csv for the second and the last)',
    request: { params: idParam.extend({ file: z.string().max(100).regex(/^[\w-]+\.csv$/, { error: 'a CSV file name, e.g. impact-daily.csv' }) }) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, 400: errorResponse('bad name'), 404: errorResponse('no such run or file'), 409: errorResponse('the run is not done') },
  }),
  compare: createRoute({
    method: 'get',
    path: '/api/compare',
    summary: compareOperation.summary,
    request: { query: compareOperation.request },
    responses: { 200: { description: 'the comparison', content: { [json]: { schema: named(compareOperation.response, 'CompareReport') } } }, 400: errorResponse('bad ids'), 404: errorResponse('no such run'), 409: errorResponse('a run is not done'), 422: errorResponse('a figure of the comparison is not finite') },
  }),
  export: createRoute({
    method: 'post',
    path: '/api/export',
    summary: exportOperation.summary,
    description: `${exportOperation.description} \`result\` is a stored run's id.`,
    request: { body: { required: true, content: { [json]: { schema: named(exportOperation.request, 'ExportRequest') } } } },
    responses: { 200: { description: 'the GeoJSON and the CSV tables', content: { [json]: { schema: named(exportOperation.response, 'ExportReport') } } }, 400: errorResponse('invalid request: the issues name the field'), 413: errorResponse('body too large'), 415: errorResponse('not JSON') },
  }),
  ...(Object.fromEntries(
    Object.values(ANALYSES).map((operation) => [
      operation.id,
      createRoute({
        method: 'post',
        path: `/api/analyses/${operation.id}`,
        summary: `${operation.summary} (as \`chokepoint ${operation.id}\`), one at a time`,
        description: operation.description,
        request: { body: { required: true, content: { [json]: { schema: named(operation.request, `${capitalised(operation.id)}Request`) } } } },
        responses: {
          200: { description: 'the report', content: { [json]: { schema: named(operation.response, `${capitalised(operation.id)}Report`) } } },
          400: errorResponse('invalid request: the issues name the field'),
          413: errorResponse('body too large'),
          415: errorResponse('not JSON'),
          422: errorResponse('the model has no answer (infeasible, unbounded)'),
          429: errorResponse('an analysis is running; see Retry-After'),
          503: errorResponse('stopped at the time limit'),
        },
      }),
    ]),
  ) as unknown as Record<AnalysisId, RouteConfig>),
};

/** The API as a Hono app: `app.request()` answers without a port (tests), `startServer` binds one. */
export function createApp(parts: AppParts, options: Omit<ServerOptions, 'dataDirectory' | 'port' | 'slots' | 'maxQueued'> = {}) {
  const { store, queue, analyses } = parts;
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  const log = options.log ?? (() => {});
  const app = new OpenAPIHono({
    defaultHook: (result, context) => {
      if (!result.success) return context.json({ error: 'invalid request', issues: issuesFromZod(result.error).map(publicIssue) }, 400);
      return undefined;
    },
  });

  app.use('*', securityHeaders);
  app.use('*', wellFormedPath);
  app.use('*', loopbackOnly(options.host ?? '127.0.0.1'));
  app.use('*', tokenRequired(options.token));
  app.use('/api/*', jsonBodiesOnly);
  app.use('/api/*', bodyLimit({ maxSize: maxBody, onError: () => { throw new HttpError(413, `request body over ${maxBody} bytes`); } }));
  app.use('/api/*', async (context, next) => {
    // Parsed once here, so malformed JSON is a 400 naming the problem (the validator reuses the parse).
    if (['POST', 'PATCH'].includes(context.req.method)) {
      try {
        await context.req.json();
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, 'the body is not JSON', [{ code: 'malformed-json', path: [], message: `${publicMessage(error)}: send a JSON object` }]);
      }
    }
    await next();
  });

  // Built-in networks are resolved once: a YAML parse per request would cost more than a solve.
  const networks = new Map<string, ReturnType<typeof builtinLoaders.network>>();
  const builtinNetwork = (id: string) => {
    if (!builtinNetworks().some((entry) => entry.id === id)) return undefined;
    if (!networks.has(id)) networks.set(id, builtinLoaders.network(id, DATA_DIRECTORY));
    return networks.get(id)!;
  };

  // Built-in scenario files are parsed once: the list names each one's network.
  const scenarioFiles = new Map<string, Record<string, unknown> | undefined>();
  const builtinScenarioFile = (id: string) => {
    if (!scenarioFiles.has(id)) {
      const entry = builtinScenarios().find((candidate) => candidate.id === id);
      const text = entry ? readBoundedText(entry.path, 'built-in scenario') : undefined;
      scenarioFiles.set(id, text?.ok ? (parseYaml(text.value) as Record<string, unknown>) : undefined);
    }
    return scenarioFiles.get(id);
  };
  const scenarioHeader = (id: string) => {
    const file = builtinScenarioFile(id);
    return file && typeof file.network === 'string' ? { id, name: typeof file.name === 'string' ? file.name : id, network: file.network } : undefined;
  };

  app.openapi(ROUTES.health, (c) => c.json({ status: 'ok' as const, queued: queue.depth(), solving: queue.busy(), analysis: analyses.busy() ? ('busy' as const) : ('idle' as const) }, 200));
  app.openapi(ROUTES.networks, (c) =>
    c.json(
      builtinNetworks().flatMap((entry) => {
        const network = builtinNetwork(entry.id);
        if (!network?.ok) return [];
        const { name, commodity } = network.value;
        return [{ id: entry.id, name, kind: commodity.kind ?? ('crude' as const), currency: commodity.currency ?? ('USD' as const) }];
      }),
      200,
    ),
  );
  app.openapi(ROUTES.network, (c) => {
    const { id } = c.req.valid('param');
    const network = builtinNetwork(id);
    if (!network?.ok) throw new HttpError(404, `no built-in network "${id}"`);
    return c.json(JSON.parse(JSON.stringify(network.value)) as z.infer<typeof servedNetworkSchema>, 200);
  });
  app.openapi(ROUTES.scenarios, (c) => c.json(builtinScenarios().flatMap((entry) => scenarioHeader(entry.id) ?? []), 200));
  app.openapi(ROUTES.scenario, (c) => {
    const { id } = c.req.valid('param');
    if (!builtinScenarios().some((candidate) => candidate.id === id)) throw new HttpError(404, `no built-in scenario "${id}"`);
    const file = builtinScenarioFile(id);
    if (!file) throw new HttpError(500, 'a built-in scenario does not load');
    return c.json({ id, name: typeof file.name === 'string' ? file.name : id, file }, 200);
  });
  app.openapi(ROUTES.candidates, (c) => {
    const { id } = c.req.valid('param');
    const entry = builtinCandidates().find((candidate) => candidate.id === id);
    if (!entry) throw new HttpError(404, `no built-in candidates file "${id}"`);
    const text = readBoundedText(entry.path, 'built-in candidates');
    if (!text.ok) throw new HttpError(500, 'a built-in candidates file does not load');
    const file = parseYaml(text.value) as Record<string, unknown>;
    return c.json({ id, name: typeof file.name === 'string' ? file.name : id, file }, 200);
  });
  app.openapi(ROUTES.submitRun, (c) => {
    const request = c.req.valid('json') as z.output<typeof runOperation.request>;
    const scenario = builtinLoaders.scenario(request.scenario as DocumentReference, DATA_DIRECTORY);
    if (!scenario.ok) throw new HttpError(400, 'invalid scenario', scenario.issues.map((issue) => publicIssue({ ...issue, path: ['scenario', ...issue.path] })));
    const decided = withMode(scenario.value, request.mode);
    const named = request.name ? { ...decided, name: request.name } : decided;
    const id = queue.submit(named, request.scenario);
    if (id === undefined) throw new HttpError(429, 'too many runs waiting: try again shortly', [], { 'retry-after': '5' });
    return c.json({ id, status: 'queued' as const, url: `/api/runs/${id}`, warnings: scenarioWarnings(named) }, 202);
  });
  app.openapi(ROUTES.listRuns, (c) => c.json(store.list(), 200));
  app.openapi(ROUTES.getRun, async (c) => {
    const { id } = c.req.valid('param');
    // ?wait=MS holds the answer until the run finishes (at most MS, up to 30 s): no polling delay.
    const wait = Math.min(30_000, Number(c.req.valid('query').wait ?? 0));
    const status = store.status(id);
    if (wait > 0 && (status === 'queued' || status === 'running')) await queue.waitFor(id, wait);
    const text = store.json(id);
    if (text === undefined) throw new HttpError(404, `no run "${id}"`);
    // The stored result is spliced in unparsed: polling a large run stays cheap.
    return c.body(`${text}\n`, 200, { 'content-type': 'application/json; charset=utf-8' }) as never;
  });
  app.openapi(ROUTES.renameRun, (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    if (!store.rename(id, name)) throw new HttpError(404, `no run "${id}"`);
    return c.json(store.summary(id)!, 200);
  });
  app.openapi(ROUTES.deleteRun, (c) => {
    const { id } = c.req.valid('param');
    if (!store.remove(id)) throw new HttpError(404, `no run "${id}"`);
    return c.body(null, 204);
  });
  app.openapi(ROUTES.runCsv, (c) => {
    const { id, file } = c.req.valid('param');
    const run = store.get(id);
    if (!run) throw new HttpError(404, `no run "${id}"`);
    if (run.status !== 'done') throw new HttpError(409, `run is ${run.status}: the CSV exists once it is done`);
    const files = csvFiles(storedResult(run.result));
    const text = files.get(file);
    if (text === undefined) throw new HttpError(404, `no file "${file}": use ${[...files.keys()].join(', ')}`);
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8' }) as never;
  });
  app.openapi(ROUTES.compare, (c) => {
    const query = c.req.valid('query');
    const [a, b] = (['a', 'b'] as const).map((side) => {
      const run = store.get(query[side]);
      if (!run) throw new HttpError(404, `no run "${query[side]}" for ${side}: give ?a=RUN&b=RUN`);
      if (run.status !== 'done') throw new HttpError(409, `run ${run.id} is ${run.status}: compare finished runs`);
      return storedResult(run.result);
    }) as [RunResult, RunResult];
    const report = finiteOr(compareRuns(a, b));
    if ('message' in report) throw new HttpError(422, `the comparison has no answer: ${report.message}`);
    return c.json(report, 200);
  });
  app.openapi(ROUTES.export, (c) => {
    const request = c.req.valid('json') as z.output<typeof exportOperation.request>;
    const findResult = (id: string) => {
      const run = store.get(id);
      if (run?.status === 'done') return { ok: true as const, value: storedResult(run.result) };
      return { ok: false as const, issues: [{ code: run ? 'run-not-done' : 'unknown-run', path: [], message: run ? `run "${id.slice(0, 80)}" is ${run.status}: export a finished run` : `no stored run "${id.slice(0, 80)}": give the id of a run (POST /api/runs); the API reads no files` }] };
    };
    try {
      return c.json(runExport(request, { loaders: builtinLoaders, baseDirectory: DATA_DIRECTORY, findResult }), 200);
    } catch (error) {
      if (error instanceof OperationInputError) throw new HttpError(400, 'invalid export request', error.issues.map(publicIssue));
      throw error;
    }
  });
  for (const id of Object.keys(ANALYSES) as AnalysisId[]) {
    app.openapi(ROUTES[id], async (c: Context) => {
      const request = (c.req as unknown as { valid: (target: 'json') => unknown }).valid('json');
      const outcome = await analyses.run(id, request, c.req.raw.signal);
      return c.json(outcome, 200);
    });
  }

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Chokepoint API', version: '2', description: 'Simulate disruptions of energy export corridors. Runs are solved on worker threads and stored; analyses run one at a time. The API reads no files: documents are built-in ids or sent inline.' },
  });

  const declared = [...Object.values(ROUTES).map((route) => ({ method: route.method.toUpperCase(), pattern: new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`) })), { method: 'GET', pattern: /^\/api\/openapi\.json$/ }];
  app.get('*', (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const file = options.staticFiles?.(c.req.path);
    if (!file) return next();
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type });
  });
  app.notFound((c) => {
    const allowed = declared.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method);
    if (allowed.length > 0) return c.json({ error: `${c.req.method} is not allowed on ${c.req.path}`, issues: [] }, 405, { allow: [...new Set([...allowed, ...(allowed.includes('GET') ? ['HEAD'] : [])])].join(', ') });
    return c.json({ error: `no route ${c.req.method} ${c.req.path.slice(0, 200)}`, issues: [] }, 404);
  });
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message, issues: error.issues.map(publicIssue) }, error.status as 400, error.headers);
    if (error instanceof StoreFullError) return c.json({ error: 'the disk is full: the server cannot store anything until space is freed', issues: [] }, 507);
    if (error instanceof HTTPException) return c.json({ error: publicMessage(error), issues: [] }, error.status);
    log(`internal error on ${c.req.method} ${c.req.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return c.json({ error: 'internal error (logged by the server)', issues: [] }, 500);
  });
  return app;
}

/** A stored run's result as the engine reads it (a gas run is stored in gas words); the server wrote it, so it parses. */
function storedResult(stored: unknown): RunResult {
  const read = readResult(stored);
  if (!read.success) throw new Error(`a stored result does not parse: ${read.error.issues[0]?.message ?? ''}`);
  return read.data;
}

/** An issue as the API shows it: code, path and message; no file name or line from the server. */
function publicIssue(issue: ValidationIssue | { code: string; path: readonly (string | number)[]; message: string }) {
  const file = 'file' in issue && issue.file && !/[/\\]/.test(issue.file) ? { file: issue.file, ...(issue.line ? { line: issue.line } : {}) } : {};
  return { code: issue.code, path: [...issue.path], message: issue.message, ...file };
}

/** The HTTP API (JSON) over the engine; solves run on worker threads, runs persist in SQLite. */
export async function startServer(options: ServerOptions): Promise<{ server: ServerType; url: string; store: Store; queue: RunQueue; app: ReturnType<typeof createApp>; close: (graceMs?: number) => Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.token) throw new Error(`binding ${host} (not loopback) needs a token: give --token or CHOKEPOINT_TOKEN`);
  const store = openStore(options.dataDirectory, options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount });
  const slots = options.slots ?? Math.max(1, availableParallelism() - 1);
  const remote = options.queue === undefined ? {} : { runner: () => queueRunner({ url: options.queue! }) };
  const queue = runQueue(store, { slots, maxQueued: options.maxQueued ?? 64, ...remote });
  const analyses = analysisSlot({ workers: slots, timeLimitMs: options.analysisTimeLimitMs ?? 600_000, ...remote });
  const app = createApp({ store, queue, analyses }, options);
  const server = await new Promise<ServerType>((resolve) => {
    const started: ServerType = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
  });
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : '';
  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    store,
    queue,
    app,
    /** Stops taking requests, lets runs in hand finish (up to graceMs), marks the rest failed, closes the store. */
    close: (graceMs = 0) =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await queue.drain(graceMs);
        await analyses.close();
        store.close();
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await closed;
      })()),
  };
}
