/**
 * Cursor pagination over a sorted list. The cursor is the last key of the
 * page, opaque to callers (base64url JSON), so a page stays correct when
 * items are added or removed between requests. It also carries a tag of
 * what it pages (the report, its class and filters): a cursor is refused
 * anywhere else, where its key would silently skip rows of another list.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors.js';
import { DEFAULT_PAGE_SIZE } from './query.js';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Characters of the scope tag a cursor keeps: enough to tell lists apart. */
const SCOPE_TAG_LENGTH = 16;

/**
 * What a cursor pages, as a short tag: the report's name and whatever
 * decides its rows (class id, filters). Arrays are compared as given, so a
 * caller sorts a set-like filter first.
 */
export function cursorScope(...parts: readonly unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('base64url')
    .slice(0, SCOPE_TAG_LENGTH);
}

export function encodeCursor(lastKey: string, scope: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey, scope })).toString('base64url');
}

const notOurs = () =>
  new InvalidInputError('cursor: not a cursor this API issued', { field: 'cursor' });

/** The cursor's key; a 400 on `cursor` when it was made for another list. */
export function decodeCursor(cursor: string, scope: string): string {
  let parsed: { after?: unknown; scope?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      after?: unknown;
      scope?: unknown;
    };
  } catch {
    throw notOurs();
  }
  if (typeof parsed?.after !== 'string') throw notOurs();
  if (parsed.scope !== scope) {
    throw new InvalidInputError(
      'cursor: made for another class or other filters; ' +
        'send the filters it came with, or leave it out for the first page',
      { field: 'cursor' },
    );
  }
  return parsed.after;
}

/** The page after the cursor's key; `items` must be sorted by `keyOf`. */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { cursor?: string; limit?: number; scope: string },
): Page<T> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after =
    options.cursor === undefined
      ? undefined
      : decodeCursor(options.cursor, options.scope);
  const start = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor:
      rest.length > limit && last !== undefined
        ? encodeCursor(keyOf(last), options.scope)
        : undefined,
  };
}
