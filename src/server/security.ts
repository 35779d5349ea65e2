import { timingSafeEqual, createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** The headers every answer carries are defined once, in static.ts (the web app's CSP lives with the app). */
import { SECURITY_HEADERS } from './static.ts';

export const securityHeaders: MiddlewareHandler = async (context, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) context.res.headers.set(name, value);
  if (context.req.path.startsWith('/api/')) context.res.headers.set('cache-control', 'no-store');
};

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostName(header: string): string {
  try {
    return new URL(header.includes('://') ? header : `http://${header}`).hostname;
  } catch {
    return '';
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: readonly { code: string; path: readonly (string | number)[]; message: string }[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * A server bound to loopback answers only requests addressed to loopback names: a web page the
 * user visits could otherwise reach it by DNS rebinding (a foreign Host) or by a cross-site
 * request (a foreign Origin).
 */
export function loopbackOnly(bound: string): MiddlewareHandler {
  return async (context, next) => {
    if (isLoopback(bound)) {
      const host = context.req.header('host');
      if (host === undefined || !isLoopback(hostName(host))) throw new HttpError(421, 'this server answers only requests addressed to a loopback name (localhost, 127.0.0.1, [::1])');
      const origin = context.req.header('origin');
      if (origin !== undefined && (origin === 'null' || !isLoopback(hostName(origin)))) throw new HttpError(403, 'cross-origin requests are refused');
    }
    await next();
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * With a token (required on a non-loopback bind), every /api/ request must carry
 * `Authorization: Bearer TOKEN`; the comparison takes the same time whatever the guess.
 */
export function tokenRequired(token: string | undefined): MiddlewareHandler {
  const expected = token === undefined ? undefined : digest(token);
  return async (context, next) => {
    if (expected && context.req.path.startsWith('/api/')) {
      const given = /^Bearer\s+(.+)$/i.exec(context.req.header('authorization') ?? '')?.[1];
      if (given === undefined || !timingSafeEqual(digest(given), expected)) throw new HttpError(401, 'give the server token: Authorization: Bearer TOKEN', [], { 'www-authenticate': 'Bearer' });
    }
    await next();
  };
}

/** JSON bodies must say so: a form or text/plain body is what a cross-site page can send without a preflight. */
export const jsonBodiesOnly: MiddlewareHandler = async (context, next) => {
  if (['POST', 'PATCH'].includes(context.req.method)) {
    const type = (context.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, `send the body as JSON with "content-type: application/json" (got "${type.slice(0, 80) || 'none'}")`);
  }
  await next();
};

/** A path with a malformed %-escape is a bad request, not a server error. */
export const wellFormedPath: MiddlewareHandler = async (context, next) => {
  const raw = new URL(context.req.url).pathname;
  try {
    decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, 'the path has a malformed %-escape');
  }
  await next();
};
