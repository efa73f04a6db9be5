/**
 * Pages of a sweep. Whatever the vendor's style, the position of the next
 * page is one URL, so the pull state can store it and a run that stopped
 * resumes by fetching exactly that URL.
 */
import { InvalidInputError } from '../errors.js';
import { readPath, type PullConnector } from './connector.js';

export interface Page {
  /** The vendor's records of this page, as parsed JSON objects. */
  records: Record<string, unknown>[];
  /** Where the next page is; undefined when this was the last one. */
  nextUrl: string | undefined;
}

/** The first page of a sweep of records changed at or after `since`. */
export function firstPageUrl(
  connector: PullConnector,
  since: string | undefined,
): string {
  const url = new URL(
    connector.resource.replace(/^\//, ''),
    withSlash(connector.baseUrl),
  );
  if (since !== undefined) {
    const { param, template } = connector.incremental;
    url.searchParams.set(param, template.replace('{since}', since));
  }
  const p = connector.pagination;
  if (p.style === 'page') {
    url.searchParams.set(p.pageParam, '1');
    url.searchParams.set(p.sizeParam, String(p.pageSize));
  }
  return url.toString();
}

/** Reads one response into its records and the next page's URL. */
export function readPage(
  connector: PullConnector,
  url: string,
  body: string,
  headers: Headers,
): Page {
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      `${redactQuery(url)}: the body is not JSON`,
      {},
      { cause: error },
    );
  }
  const list = connector.recordsField ? readPath(json, connector.recordsField) : json;
  if (!Array.isArray(list)) {
    throw new InvalidInputError(
      `${redactQuery(url)}: no record array at "${connector.recordsField ?? '(body)'}"; ` +
        'set recordsField to the path of the records in the body',
      { recordsField: connector.recordsField },
    );
  }
  const records = list.filter(
    (r): r is Record<string, unknown> =>
      r !== null && typeof r === 'object' && !Array.isArray(r),
  );
  return { records, nextUrl: nextUrl(connector, url, json, headers, list.length) };
}

function nextUrl(
  connector: PullConnector,
  url: string,
  json: unknown,
  headers: Headers,
  count: number,
): string | undefined {
  const p = connector.pagination;
  if (p.style === 'page') {
    // A short page is the last one: saves asking for an empty page.
    if (count < p.pageSize) return undefined;
    const next = new URL(url);
    const page = Number(next.searchParams.get(p.pageParam) ?? '1');
    next.searchParams.set(p.pageParam, String(page + 1));
    return next.toString();
  }
  if (p.style === 'cursor') {
    const cursor = readPath(json, p.nextCursorField);
    if (cursor === undefined || cursor === null || cursor === '') return undefined;
    const next = new URL(url);
    next.searchParams.set(p.cursorParam, String(cursor));
    return next.toString();
  }
  const link = parseLinkNext(headers.get('link'));
  return link === undefined ? undefined : new URL(link, url).toString();
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function parseLinkNext(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel="?([^";]*\s)?next(\s[^";]*)?"?/i.test(match[2] ?? '')) {
      return match[1];
    }
  }
  return undefined;
}

const withSlash = (base: string) => (base.endsWith('/') ? base : `${base}/`);

function redactQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
