import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { availableParallelism } from 'node:os';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { resultSchema, type RunResult } from '../analysis/result-schema.ts';
import { compareRuns } from '../analysis/compare.ts';
import { builtinNetworks, builtinScenarios, loadNetwork, loadScenario } from '../io/files.ts';
import { readBoundedText } from '../io/read-bounded.ts';
import { issuesFromZod, type ValidationIssue } from '../model/issues.ts';
import { scenarioWarnings } from '../scenario/warnings.ts';
import { networkSchema } from '../model/network-schema.ts';
import { csvFiles } from '../report/csv.ts';
import { resolveScenario } from '../scenario/resolve-scenario.ts';
import { scenarioSchema } from '../scenario/scenario-schema.ts';
import { analysisRequestSchemas, InputError, runAnalysis, type AnalysisKind } from './analyses.ts';
import { runQueue, type RunQueue } from './runs.ts';
import { workerRunner } from '../node/worker-pool.ts';
import { RISK_SESSIONS } from '../analysis/risk.ts';
import { bypassSchema, compareSchema, criticalitySchema, leverageSchema, powerSchema, riskSchema } from '../analysis/analysis-schemas.ts';
import { openStore, type Store } from './store.ts';
import { SECURITY_HEADERS } from './static.ts';

export interface ServerOptions {
  readonly dataDirectory: string;
  readonly port?: number;
  /** 127.0.0.1 unless asked otherwise. */
  readonly host?: string;
  readonly slots?: number;
  readonly maxQueued?: number;
  /** Largest request body accepted (bytes). */
  readonly maxBodyBytes?: number;
  /** Served at / (the built web app), when present. */
  readonly staticFiles?: (path: string) => { body: Buffer; type: string } | undefined;
}

const issueSchema = z.object({ code: z.string(), path: z.array(z.union([z.string(), z.number()])), message: z.string() });
const runSummarySchema = z.object({ id: z.string(), name: z.string(), network: z.string(), status: z.enum(['queued', 'running', 'done', 'failed']), stage: z.string(), error: z.string().nullable(), createdAt: z.string(), updatedAt: z.string() });
const runRequestSchema = z.object({ scenario: scenarioSchema.describe('The scenario as in a scenario file; `network` names a built-in network.'), name: z.string().optional() }).strict();

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The HTTP API (JSON) over the engine; solves run on worker threads, runs persist in SQLite. */
export async function startServer(options: ServerOptions): Promise<{ server: Server; url: string; store: Store; queue: RunQueue; close: () => Promise<void> }> {
  const store = openStore(options.dataDirectory);
  const queue = runQueue(store, { slots: options.slots ?? Math.max(1, availableParallelism() - 1), maxQueued: options.maxQueued ?? 64 });
  const maxBody = options.maxBodyBytes ?? 1_000_000;
  // Analyses solve on worker threads too (the main thread only orchestrates); one at a time.
  const analysisRunner = workerRunner({ workers: Math.max(1, options.slots ?? availableParallelism() - 1), mainLane: false, sessionsKept: RISK_SESSIONS });
  let analysisBusy = false;
  // Built-in networks are parsed once: a YAML parse per request would cost more than the solve.
  const networks = new Map<string, ReturnType<typeof loadNetwork>>();
  const builtinNetwork = (id: string) => {
    if (networks.has(id)) return networks.get(id)!;
    if (!builtinNetworks().some((entry) => entry.id === id)) return undefined;
    if (!networks.has(id)) networks.set(id, loadNetwork(id));
    return networks.get(id)!;
  };

  const routes: { method: string; pattern: RegExp; handle: (match: RegExpExecArray, request: IncomingMessage) => Promise<Reply> | Reply }[] = [
    { method: 'GET', pattern: /^\/api\/health$/, handle: () => json(200, { status: 'ok', queued: queue.depth(), solving: queue.busy() }) },
    { method: 'GET', pattern: /^\/api\/openapi\.json$/, handle: () => json(200, openApi()) },
    { method: 'GET', pattern: /^\/api\/networks$/, handle: () => json(200, builtinNetworks().map((entry) => ({ id: entry.id }))) },
    {
      method: 'GET',
      pattern: /^\/api\/networks\/([\w.-]+)$/,
      handle: (match) => {
        const network = builtinNetwork(match[1]!);
        if (!network?.ok) throw new HttpError(404, `no built-in network "${match[1]}"`);
        return json(200, network.value);
      },
    },
    { method: 'GET', pattern: /^\/api\/scenarios$/, handle: () => json(200, builtinScenarios().map((entry) => ({ id: entry.id }))) },
    {
      method: 'GET',
      pattern: /^\/api\/scenarios\/([\w.-]+)$/,
      handle: (match) => {
        const entry = builtinScenarios().find((candidate) => candidate.id === match[1]);
        if (!entry) throw new HttpError(404, `no built-in scenario "${match[1]}"`);
        const scenario = loadScenario(entry.id);
        return json(200, { id: entry.id, name: scenario.ok ? scenario.value.name : entry.id, file: readYamlAsJson(entry.path) });
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/runs$/,
      handle: async (_match, request) => {
        const body = await readJson(request, maxBody);
        const parsed = runRequestSchema.safeParse(body);
        if (!parsed.success) throw new HttpError(400, 'invalid run request', issuesFromZod(parsed.error));
        const file = parsed.data.scenario;
        const network = builtinNetwork(file.network);
        if (!network) throw new HttpError(400, 'unknown network', [{ code: 'unknown-network', path: ['scenario', 'network'], message: `"${file.network}" is not a built-in network: use one of ${builtinNetworks().map((entry) => entry.id).join(', ')}` }]);
        if (!network.ok) throw new HttpError(500, 'the built-in network does not load');
        const scenario = resolveScenario(file, network.value);
        if (!scenario.ok) throw new HttpError(400, 'invalid scenario', scenario.issues.map((issue) => ({ ...issue, path: ['scenario', ...issue.path] })));
        const named = parsed.data.name ? { ...scenario.value, name: parsed.data.name } : scenario.value;
        const id = queue.submit(named, (body as { scenario: unknown }).scenario);
        if (id === undefined) throw new HttpError(429, 'too many runs waiting: try again shortly', [], { 'retry-after': '5' });
        return json(202, { id, status: 'queued', url: `/api/runs/${id}`, warnings: scenarioWarnings(named) });
      },
    },
    { method: 'GET', pattern: /^\/api\/runs$/, handle: () => json(200, store.list()) },
    {
      method: 'GET',
      pattern: /^\/api\/compare$/,
      handle: (_match, request) => {
        const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
        const [a, b] = [query.get('a'), query.get('b')].map((id, index) => {
          const run = id ? store.get(id) : undefined;
          if (!run) throw new HttpError(404, `no run "${id ?? ''}" for ${index === 0 ? 'a' : 'b'}: give ?a=RUN&b=RUN`);
          if (run.status !== 'done') throw new HttpError(409, `run ${run.id} is ${run.status}: compare finished runs`);
          return run.result as RunResult;
        }) as [RunResult, RunResult];
        return json(200, compareRuns(a, b));
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/analyses\/(criticality|leverage|power|bypass|risk)$/,
      handle: async (match, request) => {
        const body = await readJson(request, maxBody);
        if (analysisBusy) throw new HttpError(429, 'an analysis is running: try again shortly', [], { 'retry-after': '10' });
        analysisBusy = true;
        try {
          const report = await runAnalysis(match[1] as AnalysisKind, body, analysisRunner);
          if (report && typeof report === 'object' && 'status' in report && 'message' in report) throw new HttpError(422, `the model has no answer: ${(report as { message: string }).message}`);
          return json(200, report);
        } catch (error) {
          if (error instanceof InputError) throw new HttpError(400, 'invalid analysis request', error.issues);
          throw error;
        } finally {
          analysisBusy = false;
        }
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/runs\/([\w-]+)$/,
      handle: async (match, request) => {
        // ?wait=MS holds the answer until the run finishes (at most MS, up to 30 s): no polling delay.
        const wait = Math.min(30_000, Math.max(0, Number(new URL(request.url ?? '/', 'http://localhost').searchParams.get('wait') ?? 0) || 0));
        const status = store.status(match[1]!);
        if (wait > 0 && (status === 'queued' || status === 'running')) await queue.waitFor(match[1]!, wait);
        const text = store.json(match[1]!);
        if (text === undefined) throw new HttpError(404, `no run "${match[1]}"`);
        return { status: 200, body: `${text}\n`, type: 'application/json; charset=utf-8' };
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/runs\/([\w-]+)\/([\w-]+\.csv)$/,
      handle: (match) => {
        const run = store.get(match[1]!);
        if (!run) throw new HttpError(404, `no run "${match[1]}"`);
        if (run.status !== 'done') throw new HttpError(409, `run is ${run.status}: the CSV exists once it is done`);
        const files = csvFiles(run.result as RunResult);
        const file = files.get(match[2]!);
        if (file === undefined) throw new HttpError(404, `no file "${match[2]}": use ${[...files.keys()].join(', ')}`);
        return { status: 200, body: file, type: 'text/csv; charset=utf-8' };
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/api\/runs\/([\w-]+)$/,
      handle: async (match, request) => {
        const parsed = z.object({ name: z.string().min(1).max(200) }).strict().safeParse(await readJson(request, maxBody));
        if (!parsed.success) throw new HttpError(400, 'invalid rename', issuesFromZod(parsed.error));
        if (!store.rename(match[1]!, parsed.data.name)) throw new HttpError(404, `no run "${match[1]}"`);
        return json(200, store.get(match[1]!));
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/api\/runs\/([\w-]+)$/,
      handle: (match) => {
        if (!store.remove(match[1]!)) throw new HttpError(404, `no run "${match[1]}"`);
        return { status: 204, body: '', type: 'text/plain' };
      },
    },
  ];

  const server = createServer((request, response) => {
    void respond(request, response).catch(() => response.destroy());
  });

  const bound = options.host ?? '127.0.0.1';
  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0]!;
    let reply: Reply;
    try {
      refuseForeignOrigin(request, bound);
      const route = routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(path));
      if (!route) {
        const file = request.method === 'GET' && !path.startsWith('/api/') ? options.staticFiles?.(path) : undefined;
        if (file) reply = { status: 200, body: file.body, type: file.type };
        else if (routes.some((candidate) => candidate.pattern.test(path))) throw new HttpError(405, `${request.method} is not allowed on ${path}`);
        else throw new HttpError(404, `no route ${request.method} ${path}`);
      } else reply = await route.handle(route.pattern.exec(path)!, request);
    } catch (error) {
      if (error instanceof HttpError) reply = { ...json(error.status, { error: error.message, issues: error.issues }), headers: error.headers };
      else reply = json(500, { error: error instanceof Error ? error.message : String(error), issues: [] });
    }
    response.writeHead(reply.status, { ...SECURITY_HEADERS, 'content-type': reply.type, ...(reply.headers ?? {}) });
    response.end(reply.body);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address();
  const url = typeof address === 'object' && address ? `http://${address.address}:${address.port}` : '';
  return {
    server,
    url,
    store,
    queue,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue.close();
      await analysisRunner.close();
      store.close();
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: string | Buffer;
  readonly type: string;
  readonly headers?: Record<string, string>;
}

function json(status: number, value: unknown): Reply {
  return { status, body: `${JSON.stringify(value)}\n`, type: 'application/json; charset=utf-8' };
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A server bound to loopback answers only requests addressed to loopback names: a web page the
 * user visits could otherwise reach it by DNS rebinding (a foreign Host) or by a cross-site
 * request (a foreign Origin).
 */
function refuseForeignOrigin(request: IncomingMessage, bound: string): void {
  if (!isLoopback(bound)) return;
  const hostName = (header: string) => {
    try {
      return new URL(header.includes('://') ? header : `http://${header}`).hostname;
    } catch {
      return '';
    }
  };
  const host = request.headers.host;
  if (host === undefined || !isLoopback(hostName(host))) throw new HttpError(421, 'this server answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])');
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null' && !isLoopback(hostName(origin))) throw new HttpError(403, 'cross-origin requests are refused');
  if (origin === 'null') throw new HttpError(403, 'cross-origin requests are refused');
}

/** Reads a JSON body, refusing more than `limit` bytes (413) and malformed JSON (400). */
function readJson(request: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    // JSON must say so: a form or text/plain body is what a cross-site page can send without a preflight.
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      request.resume();
      reject(new HttpError(415, `send the body as JSON with "content-type: application/json" (got "${type || 'none'}")`));
      return;
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      request.resume();
      reject(new HttpError(413, `request body over ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `request body over ${limit} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(new HttpError(400, 'the body is not JSON', [{ code: 'malformed-json', path: [], message: `${(error as Error).message}: send a JSON object` }]));
      }
    });
    request.on('error', reject);
  });
}

/** A built-in scenario file as JSON, so the web app can edit and resubmit it. */
function readYamlAsJson(path: string): unknown {
  const text = readBoundedText(path, 'built-in scenario');
  if (!text.ok) throw new HttpError(500, 'a built-in scenario does not load');
  return parseYaml(text.value);
}

/** OpenAPI 3.1 document: request and response schemas come from the zod schemas. */
export function openApi() {
  const schema = (value: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(value, { unrepresentable: 'any', io });
  const error = { description: 'The problem, with the validation issues as data.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Chokepoint API', version: '1', description: 'Simulate disruptions of energy export corridors: runs are solved on worker threads and stored.' },
    paths: {
      '/api/health': { get: { summary: 'Liveness and queue depth', responses: { 200: { description: 'ok' } } } },
      '/api/networks': { get: { summary: 'Built-in networks', responses: { 200: { description: 'ids' } } } },
      '/api/networks/{id}': { get: { summary: 'A built-in network, resolved (canonical units)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'the network' }, 404: error } } },
      '/api/scenarios': { get: { summary: 'Built-in scenarios', responses: { 200: { description: 'ids' } } } },
      '/api/scenarios/{id}': { get: { summary: 'A built-in scenario as its file', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'the scenario file' }, 404: error } } },
      '/api/runs': {
        get: { summary: 'Run history, newest first', responses: { 200: { description: 'runs', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/RunSummary' } } } } } } },
        post: {
          summary: 'Queue a run',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RunRequest' } } } },
          responses: { 202: { description: 'queued: poll /api/runs/{id}' }, 400: error, 413: error, 429: { ...error, description: 'queue full; see Retry-After' } },
        },
      },
      '/api/runs/{id}': {
        get: { summary: 'A run: status, stage, and the result once done; ?wait=MS waits for it to finish (up to 30 s)', responses: { 200: { description: 'the run; `result` follows the Result schema' }, 404: error } },
        patch: { summary: 'Rename a run', responses: { 200: { description: 'renamed' }, 400: error, 404: error } },
        delete: { summary: 'Delete a run', responses: { 204: { description: 'deleted' }, 404: error } },
      },
      ...Object.fromEntries(
        (['criticality', 'leverage', 'power', 'bypass', 'risk'] as const).map((kind) => [
          `/api/analyses/${kind}`,
          {
            post: {
              summary: `Run the ${kind} analysis (as \`chokepoint ${kind}\`), one at a time`,
              requestBody: { content: { 'application/json': { schema: { $ref: `#/components/schemas/${kind}Request` } } } },
              responses: { 200: { description: 'the report', content: { 'application/json': { schema: { $ref: `#/components/schemas/${kind}Report` } } } }, 400: error, 422: error, 429: error },
            },
          },
        ]),
      ),
      '/api/compare': { get: { summary: 'Two finished runs side by side (as `chokepoint compare`)', parameters: [{ name: 'a', in: 'query', required: true, schema: { type: 'string' } }, { name: 'b', in: 'query', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'the comparison', content: { 'application/json': { schema: { $ref: '#/components/schemas/CompareReport' } } } }, 404: error, 409: error } } },
      '/api/runs/{id}/{file}.csv': { get: { summary: 'Daily series as CSV: impact-daily, exports-by-route-daily, storage-daily, production-daily', responses: { 200: { description: 'CSV' }, 404: error, 409: error } } },
    },
    components: {
      schemas: {
        RunRequest: schema(runRequestSchema, 'input'),
        RunSummary: schema(runSummarySchema, 'output'),
        Result: schema(resultSchema, 'output'),
        Network: schema(networkSchema, 'input'),
        Error: schema(z.object({ error: z.string(), issues: z.array(issueSchema) }), 'output'),
        ...Object.fromEntries(Object.entries(analysisRequestSchemas).map(([kind, value]) => [`${kind}Request`, schema(value, 'input')])),
        criticalityReport: schema(criticalitySchema, 'output'),
        leverageReport: schema(leverageSchema, 'output'),
        powerReport: schema(powerSchema, 'output'),
        bypassReport: schema(bypassSchema, 'output'),
        riskReport: schema(riskSchema, 'output'),
        CompareReport: schema(compareSchema, 'output'),
      },
    },
  };
}
