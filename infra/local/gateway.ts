/**
 * The local HTTP gateway: turns requests into API Gateway HTTP API (payload
 * format 2.0) events for the same handlers the CDK stack deploys, and their
 * results back into responses, the way API Gateway does (repeated query
 * parameters joined with commas, lower-cased headers, path parameters decoded).
 * Routes with `auth: 'jwt'` pass the JWT authorizer step first, as on API
 * Gateway: the bearer token is verified against the issuer's JWKS and the
 * claims, flattened to strings, land in `requestContext.authorizer.jwt`; a
 * missing or bad token gets API Gateway's own 401 and the handler never runs.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import { UnauthorizedError } from '../../shared/auth/errors.js';
import { flattenClaims, type TokenVerifier } from '../../shared/auth/verify.js';
import { ROUTES, type RouteAuth, type RouteId } from '../routes.js';
import { localContext, ROUTE_HANDLERS, type LocalHandler } from './handlers.js';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  id: (typeof ROUTES)[number]['id'];
  auth: RouteAuth;
  method: string;
  routeKey: string;
  pattern: RegExp;
  names: string[];
}

const compiled: CompiledRoute[] = ROUTES.map((r) => {
  const names: string[] = [];
  const source = r.path
    .split('/')
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return {
    id: r.id,
    auth: r.auth,
    method: r.method,
    routeKey: `${r.method} ${r.path}`,
    pattern: new RegExp(`^${source}$`),
    names,
  };
});

function matchRoute(method: string, path: string) {
  for (const route of compiled) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [i, name] of route.names.entries()) {
      const raw = m[i + 1] as string;
      try {
        params[name] = decodeURIComponent(raw);
      } catch {
        // `%ZZ` or a cut UTF-8 sequence: no value to hand to a handler.
        return { route, params, malformed: { name, raw } };
      }
    }
    return { route, params };
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw Object.assign(new Error('payload too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toEvent(
  req: IncomingMessage,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // As API Gateway does; the local gateway serves plain HTTP.
  headers['x-forwarded-proto'] = 'http';
  // No prototype: `__proto__` or `constructor` is a parameter like any other
  // (and refused as unknown by the handlers), never a property of Object.
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of url.searchParams) {
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  }
  const now = new Date();
  const textual = /json|text|csv|xml|urlencoded/.test(headers['content-type'] ?? 'text');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(/;\s*/),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(pathParameters).length ? pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length
      ? textual
        ? body.toString('utf8')
        : body.toString('base64')
      : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function writeResult(res: ServerResponse, result: unknown) {
  // A handler may return a bare value; API Gateway then answers 200 with JSON.
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    send(res, 200, result);
    return;
  }
  const r = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = String(v);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  res.writeHead(r.statusCode ?? 200, headers);
  res.end(
    r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : undefined,
  );
}

export interface GatewayOptions {
  /** Verifies bearer tokens of `jwt` routes; without it those routes answer 401. */
  verifyToken?: TokenVerifier;
  /**
   * Handlers in place of the deployed ones, by route: bench/api.ts serves a
   * no-work answer of the grid's size through a gateway of its own with it.
   */
  handlers?: Partial<Record<RouteId, LocalHandler>>;
}

/**
 * The authorizer step of a route: the event to hand to the handler, or
 * undefined after answering 401 as API Gateway does (its body, not ours).
 */
async function authorize(
  auth: RouteAuth,
  event: APIGatewayProxyEventV2,
  res: ServerResponse,
  options: GatewayOptions,
): Promise<APIGatewayProxyEventV2 | undefined> {
  switch (auth) {
    case 'none':
    case 'vendorKey':
      // As on AWS, no authorizer: the handler checks the vendor key itself.
      return event;
    case 'iam':
      // SigV4 is not emulated: the gateway binds 127.0.0.1, as before teacher sign-in.
      return event;
    case 'jwt':
      try {
        if (!options.verifyToken) throw new UnauthorizedError('no token verifier');
        const payload = await options.verifyToken(event.headers.authorization);
        const authorizer = { jwt: { claims: flattenClaims(payload), scopes: null } };
        const requestContext = { ...event.requestContext, authorizer };
        return { ...event, requestContext } as APIGatewayProxyEventV2;
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': 'Bearer',
        });
        res.end(JSON.stringify({ message: 'Unauthorized' }));
        return undefined;
      }
    default:
      throw new Error(
        `the local gateway cannot authorize routes of kind ${String(auth)}`,
      );
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: GatewayOptions,
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = matchRoute(req.method ?? 'GET', url.pathname);
  if (!match) {
    // API Gateway's own answer to a request no route takes.
    send(res, 404, { message: 'Not Found' });
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req);
  } catch {
    send(res, 413, {
      error: 'payload_too_large',
      message: `limit is ${MAX_BODY_BYTES} bytes`,
    });
    return;
  }
  const event = await authorize(
    match.route.auth,
    toEvent(req, url, match.route.routeKey, match.params, body),
    res,
    options,
  ).catch(() => {
    // API Gateway answers a failing authorizer (e.g. JWKS unreachable) with a 500.
    send(res, 500, { message: 'Internal Server Error' });
    return undefined;
  });
  if (!event) return;
  // After the authorizer, as on AWS: a caller without a token learns nothing more.
  if (match.malformed) {
    const { name, raw } = match.malformed;
    const message = `${raw}: not a valid percent-encoding; encode the ${name} as UTF-8 (encodeURIComponent)`;
    send(res, 400, {
      error: 'invalid_request',
      message: `${name}: ${message}`,
      details: [{ field: name, message, value: raw }],
    });
    return;
  }
  try {
    const handler = options.handlers?.[match.route.id] ?? ROUTE_HANDLERS[match.route.id];
    writeResult(res, await handler(event as never, localContext(match.route.id)));
  } catch {
    // API Gateway answers a crashed integration with a bare 500.
    send(res, 500, { error: 'internal', message: 'Internal Server Error' });
  }
}

export async function startGateway(
  port: number,
  options: GatewayOptions = {},
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    // Whatever one request does, the gateway (and the stack in its process) stays up.
    handle(req, res, options).catch(() => {
      if (!res.headersSent) send(res, 500, { message: 'Internal Server Error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}` };
}
