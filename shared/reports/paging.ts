/**
 * Cursor pagination over a sorted list. The cursor is the last key of the
 * page, opaque to callers (base64url JSON), so a page stays correct when
 * items are added or removed between requests.
 */
import { InvalidInputError } from '../errors.js';
import { DEFAULT_PAGE_SIZE } from './query.js';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ after: lastKey })).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (parsed as { after?: unknown }).after;
    if (typeof after === 'string') return after;
  } catch {
    // fall through to the 400 below
  }
  throw new InvalidInputError('cursor: not a cursor this API issued', {
    field: 'cursor',
  });
}

/** The page after the cursor's key; `items` must be sorted by `keyOf`. */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  options: { cursor?: string; limit?: number },
): Page<T> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const start = after === undefined ? 0 : items.findIndex((i) => keyOf(i) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextCursor:
      rest.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : undefined,
  };
}
