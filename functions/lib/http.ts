/**
 * What every HTTP handler shares: JSON responses, and errors shaped as
 * `{ error, message, details }`. Bad input is a 400 naming the field, never a
 * 500; unexpected errors become a generic 500 without internals.
 */
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  Context,
} from 'aws-lambda';
import type { MiddlewareObj } from '@middy/core';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '../../shared/auth/errors.js';
import {
  InvalidInputError,
  LablinkError,
  NotFoundError,
  type FieldIssue,
} from '../../shared/errors.js';
import { fieldIssueOf } from '../../shared/zod-issues.js';
import { toCsv } from '../../shared/reports/csv.js';
import {
  acceptsGzip,
  gzipBase64,
  gzipEtagOf,
  MIN_COMPRESSED_BYTES,
} from './compression.js';
import { logger } from './env.js';

export type HttpResult = Exclude<APIGatewayProxyResultV2, string>;

export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/**
 * The issues of an InvalidInputError: the ones it carries, or one for its
 * `details.field` (the rest of `details` is context). Its message usually
 * starts with the field's name, which the issue does not repeat.
 */
function inputIssues(error: InvalidInputError): FieldIssue[] {
  const { issues, field, message: _m, ...context } = error.details;
  if (Array.isArray(issues)) return issues as FieldIssue[];
  const name = typeof field === 'string' ? field : 'request';
  const prefix = `${name}: `;
  const message = error.message.startsWith(prefix)
    ? error.message.slice(prefix.length)
    : error.message;
  return [{ field: name, message, ...context }];
}

/**
 * A 400's `details` is always a list of field issues, whichever check found
 * them, so a client reads one shape on every route.
 */
function invalidRequest(message: string, details: FieldIssue[]): HttpResult {
  return json(400, { error: 'invalid_request', message, details });
}

export function errorBody(error: unknown): HttpResult {
  if (error instanceof z.ZodError) {
    const issues = error.issues.map(fieldIssueOf);
    return invalidRequest(
      issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      issues,
    );
  }
  if (error instanceof InvalidInputError) {
    return invalidRequest(error.message, inputIssues(error));
  }
  if (error instanceof UnauthorizedError) {
    const result = json(401, {
      error: 'unauthorized',
      message: error.message,
      details: error.details,
    });
    return { ...result, headers: { ...result.headers, 'www-authenticate': 'Bearer' } };
  }
  if (error instanceof ForbiddenError) {
    return json(403, {
      error: 'forbidden',
      message: error.message,
      details: error.details,
    });
  }
  if (error instanceof NotFoundError) {
    return json(404, {
      error: 'not_found',
      message: error.message,
      details: error.details,
    });
  }
  const known = error instanceof LablinkError;
  logger.error('request failed', { error: (error as Error).message, known });
  return json(500, { error: 'internal', message: 'internal error', details: {} });
}

/** Turns any thrown error into the JSON error shape. */
export const jsonErrors = <
  TEvent = APIGatewayProxyEventV2,
  TContext extends Context = Context,
>(): MiddlewareObj<TEvent, HttpResult, Error, TContext> => ({
  onError: async (request) => {
    request.response = errorBody(request.error);
  },
});

/** Path parameters validated by a zod schema; failures become 400s. */
export function pathParams<T extends z.ZodType>(
  event: APIGatewayProxyEventV2,
  schema: T,
): z.infer<T> {
  return schema.parse(event.pathParameters ?? {});
}

/**
 * Query parameters validated by a zod schema; failures become 400s naming
 * the field. A parameter the schema does not name is refused rather than
 * ignored: a misspelt filter (`grades=6`) would otherwise answer the whole,
 * unfiltered report as if it were the filtered one. Nothing needs to be
 * tolerated: API Gateway's HTTP API adds no query parameters of its own,
 * and browsers add none to a fetch.
 */
export function queryParams<T extends z.ZodObject>(
  event: APIGatewayProxyEventV2,
  schema: T,
): z.infer<T> {
  const query = event.queryStringParameters ?? {};
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw InvalidInputError.of(
      unknown.sort().map((name) => ({
        field: name,
        message: 'unknown query parameter',
        accepted: known,
      })),
    );
  }
  return schema.parse(query);
}

/**
 * Reports hold student data: a browser may keep a copy for this user only
 * and must revalidate it (cheap with the ETag), never a shared cache.
 */
const REPORT_CACHE_CONTROL = 'private, no-cache';

/** A strong ETag from the body's bytes. */
export const etagOf = (body: string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;

/**
 * `If-None-Match` names the identity or the gzip tag of the same bytes (a
 * browser sends back the one it was given): either means the copy is current.
 */
function notModified(event: APIGatewayProxyEventV2, etag: string): boolean {
  const header = event.headers?.['if-none-match'];
  if (!header) return false;
  const current = [etag, gzipEtagOf(etag), '*'];
  return header.split(',').some((t) => current.includes(t.trim().replace(/^W\//, '')));
}

/** JSON, or CSV when `format=csv` or the Accept header prefers text/csv. */
export function wantsCsv(
  event: APIGatewayProxyEventV2,
  format?: 'json' | 'csv',
): boolean {
  if (format) return format === 'csv';
  const accept = event.headers?.accept ?? '';
  return /\btext\/csv\b/.test(accept) && !/\bapplication\/json\b/.test(accept);
}

/** A report's bytes and their ETag, ready to answer any request for them. */
export interface PreparedReport {
  text: string;
  etag: string;
  /** Set for a CSV answer: the file name a browser saves it under. */
  csvFilename?: string;
  /**
   * The text gzipped and base64-encoded, made by the first request that
   * accepts gzip and kept with the report, so a cached answer is
   * compressed once.
   */
  gzipBase64?: string;
}

/** Serializes a report once: JSON, or CSV with its cells neutralized. */
export function prepareReport(
  body: unknown,
  options: { csv?: { header: string[]; rows: string[][]; filename: string } } = {},
): PreparedReport {
  const csv = options.csv;
  const text = csv ? toCsv(csv.header, csv.rows) : JSON.stringify(body);
  return { text, etag: etagOf(text), csvFilename: csv?.filename };
}

/**
 * The URL of the next page of this request: the same path and parameters,
 * `cursor` replaced. Absolute, from the host and scheme the caller used
 * (API Gateway passes them as `Host` and `X-Forwarded-Proto`).
 */
export function nextPageUrl(event: APIGatewayProxyEventV2, cursor: string): string {
  const params = new URLSearchParams(event.rawQueryString ?? '');
  params.delete('cursor');
  params.append('cursor', cursor);
  const scheme = event.headers?.['x-forwarded-proto'] ?? 'https';
  const host = event.headers?.host ?? event.requestContext.domainName;
  return `${scheme}://${host}${event.rawPath}?${params.toString()}`;
}

/**
 * `Link: <next page>; rel="next"` on a CSV page when there is one: a CSV has
 * no room for `nextCursor`, so this is how a paged file says that more rows
 * exist. The link names `format=csv` even when `Accept` chose CSV, so the
 * next page is a CSV whatever the client following it sends.
 */
export function nextPageLink(
  event: APIGatewayProxyEventV2,
  cursor: string | undefined,
): Record<string, string> {
  if (cursor === undefined) return {};
  const query = new URLSearchParams(event.rawQueryString ?? '');
  if (!query.has('format')) query.set('format', 'csv');
  const asCsv = { ...event, rawQueryString: query.toString() };
  return { link: `<${nextPageUrl(asCsv, cursor)}>; rel="next"` };
}

/**
 * The response for a prepared report: `If-None-Match` with the same tag
 * gets a 304 and no body. `extraHeaders` (a `link`) go on either answer.
 */
export function reportResponse(
  event: APIGatewayProxyEventV2,
  prepared: PreparedReport,
  extraHeaders: Record<string, string> = {},
): HttpResult {
  const gzip = prepared.text.length >= MIN_COMPRESSED_BYTES && acceptsGzip(event);
  const headers: Record<string, string> = {
    etag: gzip ? gzipEtagOf(prepared.etag) : prepared.etag,
    'cache-control': REPORT_CACHE_CONTROL,
    vary: 'accept, accept-encoding, authorization',
    ...extraHeaders,
  };
  if (notModified(event, prepared.etag)) return { statusCode: 304, headers };
  const type: Record<string, string> =
    prepared.csvFilename !== undefined
      ? {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${prepared.csvFilename}"`,
        }
      : { 'content-type': 'application/json; charset=utf-8' };
  if (!gzip)
    return { statusCode: 200, headers: { ...headers, ...type }, body: prepared.text };
  prepared.gzipBase64 ??= gzipBase64(prepared.text);
  return {
    statusCode: 200,
    headers: { ...headers, ...type, 'content-encoding': 'gzip' },
    body: prepared.gzipBase64,
    isBase64Encoded: true,
  };
}

/**
 * A report response with an ETag. `csv` is given for reports a teacher may
 * open in a spreadsheet; its cells are neutralized.
 */
export function report(
  event: APIGatewayProxyEventV2,
  body: unknown,
  options: {
    csv?: { header: string[]; rows: string[][]; filename: string };
    headers?: Record<string, string>;
  } = {},
): HttpResult {
  return reportResponse(event, prepareReport(body, options), options.headers);
}
