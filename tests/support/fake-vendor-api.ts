/**
 * A vendor API on 127.0.0.1 for pull tests: records filtered by an
 * `updated_since` parameter and sorted by change time, paged by page number,
 * cursor or Link header, answering chosen requests with 429 (Retry-After) or
 * 503, and able to die (reset every connection) until revived. Every request
 * is logged with its arrival time, so tests assert what the client did.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type PageStyle = 'page' | 'cursor' | 'link';

export interface FakeVendorOptions {
  style: PageStyle;
  pageSize: number;
  /** Required in the `X-Api-Key` header when set. */
  apiKey?: string;
  /** Field holding each record's change time. @default 'updated_at' */
  updatedField?: string;
  /** Wraps the records in `{ [recordsField]: [...] }`. @default - the body is the array */
  recordsField?: string;
  /** Answers by 1-based request number: 429 (with retryAfterSeconds) or a 5xx. */
  failures?: Record<number, { status: number; retryAfterSeconds?: number }>;
}

export interface LoggedRequest {
  n: number;
  atMs: number;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface FakeVendorApi {
  url: string;
  records: Record<string, unknown>[];
  requests: LoggedRequest[];
  /** Resets every connection (now and until revive), as a crashed vendor does. */
  die(): void;
  revive(): void;
  /** Dies right after serving this many more successful pages. */
  dieAfterPages(pages: number): void;
  stop(): Promise<void>;
}

export async function startFakeVendorApi(
  options: FakeVendorOptions,
  records: Record<string, unknown>[] = [],
): Promise<FakeVendorApi> {
  const updated = options.updatedField ?? 'updated_at';
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let dead = false;
  let pagesBeforeDeath: number | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const n = requests.length + 1;
    const entry: LoggedRequest = {
      n,
      atMs: Date.now(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    requests.push(entry);
    if (dead) {
      req.socket.destroy();
      return;
    }
    const send = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const failure = options.failures?.[n];
    if (failure) {
      const retry: Record<string, string> =
        failure.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(failure.retryAfterSeconds) };
      return send(failure.status, { error: 'try later' }, retry);
    }
    if (options.apiKey && req.headers['x-api-key'] !== options.apiKey) {
      return send(401, { error: 'bad key' });
    }

    const since = url.searchParams.get('updated_since');
    const matching = api.records
      .filter((r) => since === null || String(r[updated]) >= since)
      .sort((a, b) => String(a[updated]).localeCompare(String(b[updated])));
    const size = Number(url.searchParams.get('per_page') ?? options.pageSize);
    const offset =
      options.style === 'page'
        ? (Number(url.searchParams.get('page') ?? '1') - 1) * size
        : Number(url.searchParams.get('cursor') ?? url.searchParams.get('offset') ?? '0');
    const slice = matching.slice(offset, offset + size);
    const more = offset + size < matching.length;
    const headers: Record<string, string> = {};
    let body: unknown = options.recordsField ? { [options.recordsField]: slice } : slice;
    if (options.style === 'cursor') {
      body = { data: slice, next_cursor: more ? String(offset + size) : null };
    }
    if (options.style === 'link' && more) {
      const next = new URL(url.toString());
      next.searchParams.set('offset', String(offset + size));
      headers.link = `<${next.pathname}${next.search}>; rel="next"`;
    }
    send(200, body, headers);
    if (pagesBeforeDeath !== undefined && --pagesBeforeDeath <= 0) {
      pagesBeforeDeath = undefined;
      dead = true;
    }
  };

  const server: Server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeVendorApi = {
    url: `http://127.0.0.1:${port}`,
    records,
    requests,
    die() {
      dead = true;
      for (const socket of sockets) socket.destroy();
    },
    revive() {
      dead = false;
    },
    dieAfterPages(pages) {
      pagesBeforeDeath = pages;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
