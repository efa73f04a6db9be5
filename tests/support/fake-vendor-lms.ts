/**
 * A fake vendor LMS on 127.0.0.1 speaking the HTTP connector's protocol. It
 * checks signatures, honours idempotency keys, and can be told to time out
 * (hold the response), lose the response (close the socket) after acting,
 * or answer 429 or 500 before acting.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'timeout' | 'lose' | 429 | 500;
type Method = 'GET' | 'POST' | 'PUT';

export interface VendorRecord {
  id: string;
  externalRef: string;
  dueAt: string;
  title: string;
  [field: string]: unknown;
}

export interface FakeVendor {
  url: string;
  secret: string;
  assignments: Map<string, VendorRecord>;
  /** Faults to apply to the next requests of each method, in order. */
  faults: Record<Method, Fault[]>;
  requests: { method: string; path: string; fault?: Fault }[];
  byExternalRef(ref: string): VendorRecord[];
  stop(): Promise<void>;
}

/** How long a "timeout" holds the response before dropping the socket. */
const HOLD_MS = 5_000;

export async function startFakeVendor(
  firstId = 77,
  secret = 'vendor-secret',
): Promise<FakeVendor> {
  const assignments = new Map<string, VendorRecord>();
  const byKey = new Map<string, string>();
  const faults: FakeVendor['faults'] = { GET: [], POST: [], PUT: [] };
  const requests: FakeVendor['requests'] = [];
  let next = firstId;
  const held = new Set<ServerResponse>();

  const signed = (req: IncomingMessage, body: string) => {
    const ts = String(req.headers['x-lablink-timestamp'] ?? '');
    const mac = createHmac('sha256', secret)
      .update(`${ts}.${req.method}.${req.url}.${body}`)
      .digest('hex');
    const given = Buffer.from(String(req.headers['x-lablink-signature'] ?? ''));
    const wanted = Buffer.from(`sha256=${mac}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  };

  const act = (req: IncomingMessage, body: string): [number, unknown] => {
    const url = new URL(req.url ?? '/', 'http://vendor');
    if (req.method === 'GET' && url.pathname === '/v1/assignments') {
      const ref = url.searchParams.get('externalRef');
      return [
        200,
        { items: [...assignments.values()].filter((a) => a.externalRef === ref) },
      ];
    }
    if (req.method === 'POST' && url.pathname === '/v1/assignments') {
      const key = String(req.headers['idempotency-key'] ?? '');
      const known = key ? byKey.get(key) : undefined;
      if (known) return [200, assignments.get(known)];
      const record = { ...JSON.parse(body), id: `V-${next++}` } as VendorRecord;
      assignments.set(record.id, record);
      if (key) byKey.set(key, record.id);
      return [201, record];
    }
    const put = /^\/v1\/assignments\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'PUT' && put) {
      const id = decodeURIComponent(put[1] as string);
      if (!assignments.has(id)) return [404, { error: 'not found' }];
      assignments.set(id, { ...JSON.parse(body), id });
      return [200, assignments.get(id)];
    }
    return [404, { error: 'no route' }];
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const fault = faults[req.method as Method]?.shift();
    requests.push({ method: req.method ?? '', path: req.url ?? '', fault });
    if (!signed(req, body)) {
      res.writeHead(401).end(JSON.stringify({ error: 'bad signature' }));
      return;
    }
    if (fault === 429 || fault === 500) {
      res
        .writeHead(fault, { 'content-type': 'application/json' })
        .end('{"error":"busy"}');
      return;
    }
    const [status, result] = act(req, body);
    if (fault === 'lose') {
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') {
      held.add(res);
      setTimeout(() => {
        held.delete(res);
        req.socket.destroy();
      }, HOLD_MS).unref();
      return;
    }
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    assignments,
    faults,
    requests,
    byExternalRef: (ref) =>
      [...assignments.values()].filter((a) => a.externalRef === ref),
    async stop() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
