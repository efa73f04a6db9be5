/**
 * gzip for report answers. API Gateway's HTTP API does not compress what a
 * Lambda returns, and a class grid is about 90 KB of JSON: a teacher's
 * browser on school Wi-Fi, or a dashboard pulling every class, gets it in a
 * tenth of the bytes when the function compresses it. The local gateway
 * passes the same base64 body and `content-encoding` header through, as API
 * Gateway does.
 */
import { constants, gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * Bodies shorter than this go as they are: gzip's framing and the base64
 * round trip through the gateway cost more than they would save.
 */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * The fastest level: a report answer is compressed on the request path
 * whenever it is not cached, and level 1 already shrinks report JSON about
 * eightfold where the default level gains a few percent more for three times
 * the CPU.
 */
const GZIP_LEVEL = constants.Z_BEST_SPEED;

/**
 * Whether the request's `Accept-Encoding` admits gzip (RFC 9110 12.5.3):
 * `gzip` or `x-gzip`, or `*` unless gzip is named with q=0. A header that
 * is absent admits only the identity encoding here: clients that send
 * nothing (curl, scripts) get plain text, as they expect.
 */
export function acceptsGzip(event: Pick<APIGatewayProxyEventV2, 'headers'>): boolean {
  const header = event.headers?.['accept-encoding'];
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = qualityOf(params);
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Math.max(gzip ?? 0, q);
    else if (coding === '*') any = q;
  }
  return (gzip ?? any ?? 0) > 0;
}

function qualityOf(params: string[]): number {
  for (const param of params) {
    const [name, value] = param.trim().split('=');
    if (name === 'q') {
      const q = Number(value);
      return Number.isFinite(q) ? q : 0;
    }
  }
  return 1;
}

/** The body gzipped and base64-encoded, as a Lambda returns binary to API Gateway. */
export function gzipBase64(text: string): string {
  return gzipSync(Buffer.from(text, 'utf8'), { level: GZIP_LEVEL }).toString('base64');
}

/**
 * The ETag of the gzip representation: strong ETags name one representation
 * (RFC 9110 8.8.3), so the compressed bytes get their own, derived from the
 * identity tag so either can be revalidated.
 */
export const gzipEtagOf = (etag: string) => `${etag.slice(0, -1)}-gzip"`;
