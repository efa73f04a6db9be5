import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { acceptsGzip, gzipEtagOf } from '../../../functions/lib/compression.js';
import { prepareReport, reportResponse } from '../../../functions/lib/http.js';

const request = (headers: Record<string, string>) =>
  ({ headers }) as unknown as APIGatewayProxyEventV2;

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['x-gzip', true],
    ['*', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['*, gzip;q=0', false],
    ['*;q=0', false],
    ['deflate, br', false],
    ['identity', false],
    ['gzip;q=bogus', false],
  ])('reads Accept-Encoding %j as %s', (header, expected) => {
    expect(acceptsGzip(request({ 'accept-encoding': header }))).toBe(expected);
  });

  it('sends plain text to a client that names no encoding', () => {
    expect(acceptsGzip(request({}))).toBe(false);
  });
});

describe('reportResponse', () => {
  const body = { rows: Array.from({ length: 200 }, (_, i) => ({ studentId: `s${i}` })) };

  it('gzips a report for a client that accepts it, under its own ETag', () => {
    const prepared = prepareReport(body);

    const res = reportResponse(request({ 'accept-encoding': 'gzip' }), prepared);

    expect(res.statusCode).toBe(200);
    expect(res.isBase64Encoded).toBe(true);
    expect(res.headers?.['content-encoding']).toBe('gzip');
    expect(res.headers?.etag).toBe(gzipEtagOf(prepared.etag));
    expect(res.headers?.vary).toBe('accept, accept-encoding, authorization');
    expect(gunzipSync(Buffer.from(res.body as string, 'base64')).toString('utf8')).toBe(
      JSON.stringify(body),
    );
  });

  it('compresses a prepared report once for every request that reuses it', () => {
    const prepared = prepareReport(body);

    const first = reportResponse(request({ 'accept-encoding': 'gzip' }), prepared);
    const second = reportResponse(request({ 'accept-encoding': 'gzip' }), prepared);

    expect(prepared.gzipBase64).toBe(first.body);
    expect(second.body).toBe(first.body);
  });

  it('sends plain text without Accept-Encoding, under the identity ETag', () => {
    const prepared = prepareReport(body);

    const res = reportResponse(request({}), prepared);

    expect(res.headers?.['content-encoding']).toBeUndefined();
    expect(res.isBase64Encoded).toBeUndefined();
    expect(res.headers?.etag).toBe(prepared.etag);
    expect(res.body).toBe(JSON.stringify(body));
  });

  it('leaves a body under 1 KiB uncompressed', () => {
    const prepared = prepareReport({ classes: ['C1'] });

    const res = reportResponse(request({ 'accept-encoding': 'gzip' }), prepared);

    expect(res.headers?.['content-encoding']).toBeUndefined();
    expect(res.body).toBe('{"classes":["C1"]}');
  });

  it.each([
    ['the identity tag', (etag: string) => etag],
    ['the gzip tag', gzipEtagOf],
    ['a weak form of the gzip tag', (etag: string) => `W/${gzipEtagOf(etag)}`],
  ])('answers If-None-Match with %s with a 304', (_, tagOf) => {
    const prepared = prepareReport(body);

    const res = reportResponse(
      request({ 'accept-encoding': 'gzip', 'if-none-match': tagOf(prepared.etag) }),
      prepared,
    );

    expect(res.statusCode).toBe(304);
    expect(res.body).toBeUndefined();
  });

  it('answers a tag of other bytes with the report', () => {
    const prepared = prepareReport(body);

    const res = reportResponse(
      request({ 'if-none-match': gzipEtagOf(prepareReport({ other: 1 }).etag) }),
      prepared,
    );

    expect(res.statusCode).toBe(200);
  });
});
