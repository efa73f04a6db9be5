/**
 * Serves the built teacher page (web/dist) on 127.0.0.1 the way CloudFront
 * does on AWS: the same security headers, hashed assets cached for a year and
 * index.html never, `/config.json` with the sign-in settings, and the API's
 * paths forwarded to the local gateway, so the page calls its own origin in
 * both places and the API needs no CORS.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import {
  API_PATH_PATTERNS,
  contentSecurityPolicy,
  SECURITY_HEADERS,
} from '../../web/security-headers.js';

export const WEB_DIST = resolve(__dirname, '../../web/dist');
/** Hashed assets never change under their name. */
export const ASSET_MAX_AGE_IN_SECONDS = 365 * 24 * 60 * 60;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

export interface WebServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port?: number;
  /** The local gateway the API paths go to. */
  apiUrl: string;
  /** The local issuer, the page's sign-in service. */
  issuerUrl: string;
  /** The OAuth2 client id the issuer knows (its audience). */
  clientId: string;
  /** @default WEB_DIST */
  root?: string;
}

export interface WebServer {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

const isApiPath = (path: string) =>
  API_PATH_PATTERNS.some((p) =>
    p.endsWith('/*') ? path.startsWith(p.slice(0, -1)) : path === p,
  );

function forward(req: IncomingMessage, res: ServerResponse, apiUrl: string): void {
  const target = new URL(req.url ?? '/', apiUrl);
  const upstream = request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: 'bad_gateway', message: 'the local API did not answer' }),
    );
  });
  req.pipe(upstream);
}

async function serveFile(
  res: ServerResponse,
  root: string,
  path: string,
  headers: Record<string, string>,
) {
  const wanted = path === '/' ? '/index.html' : path;
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(wanted);
  } catch {
    // A malformed escape names no file: the same 404 as any unknown path.
  }
  const file = decoded === undefined ? undefined : normalize(join(root, decoded));
  const info = file?.startsWith(root + sep)
    ? await stat(file).catch(() => undefined)
    : undefined;
  if (!file || !info?.isFile()) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  const hashed = wanted.startsWith('/assets/');
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    'cache-control': hashed
      ? `public, max-age=${ASSET_MAX_AGE_IN_SECONDS}, immutable`
      : 'no-cache',
  });
  createReadStream(file).pipe(res);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = resolve(options.root ?? WEB_DIST);
  const issuerOrigin = new URL(options.issuerUrl).origin;
  const headers = {
    ...SECURITY_HEADERS,
    'content-security-policy': contentSecurityPolicy(issuerOrigin, false),
  };
  const config = JSON.stringify({
    authUrl: issuerOrigin,
    clientId: options.clientId,
    apiUrl: '',
  });

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (isApiPath(path)) return forward(req, res, options.apiUrl);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' });
      res.end();
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/json',
        'cache-control': 'no-cache',
      });
      res.end(config);
      return;
    }
    serveFile(res, root, path, headers).catch(() => {
      // One request's failure never takes the page (and the stack) down.
      if (!res.headersSent) res.writeHead(500, headers);
      res.end();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
