/**
 * The local HTTP gateway: turns requests into API Gateway HTTP API (payload
 * format 2.0) events for the same handlers the CDK stack deploys, and their
 * results back into responses, the way API Gateway does (repeated query
 * parameters joined with commas, lower-cased headers, path parameters decoded).
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
import { ROUTES } from '../routes.js';
import { localContext, ROUTE_HANDLERS } from './handlers.js';

/** API Gateway's payload limit for HTTP APIs. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface CompiledRoute {
  id: (typeof ROUTES)[number]['id'];
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
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] as string);
    });
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
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = name in query ? `${query[name]},${value}` : value;
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

async function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const match = matchRoute(req.method ?? 'GET', url.pathname);
  if (!match) {
    send(res, 404, {
      error: 'not_found',
      message: `no route ${req.method} ${url.pathname}`,
    });
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
  const event = toEvent(req, url, match.route.routeKey, match.params, body);
  try {
    const handler = ROUTE_HANDLERS[match.route.id];
    writeResult(res, await handler(event as never, localContext(match.route.id)));
  } catch {
    // API Gateway answers a crashed integration with a bare 500.
    send(res, 500, { error: 'internal', message: 'Internal Server Error' });
  }
}

export async function startGateway(
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${bound}` };
}
