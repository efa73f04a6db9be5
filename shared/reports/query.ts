/**
 * Query parameters of the report routes, validated by zod (a failure is a
 * 400 naming the parameter). API Gateway joins a repeated parameter with
 * commas (`?standards=A&standards=B` arrives as `A,B`), and so does the local
 * gateway; list parameters therefore accept both forms and split on commas,
 * which is exact because standard codes, grades and domains never contain
 * one. A single-valued parameter that arrives with a comma was repeated and
 * is refused rather than guessed.
 */
import { z } from 'zod';
import { normalizeStandardCode } from '../standards/index.js';

/** Most items one list parameter may carry. */
export const MAX_LIST_ITEMS = 50;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

const REPEATED = 'give one value (the parameter was repeated or contains a comma)';

export const single = () =>
  z
    .string()
    .min(1)
    .refine((s) => !s.includes(','), REPEATED);

/** A comma-separated (or repeated) list of non-empty items. */
export const list = (description: string) =>
  z
    .string()
    .meta({ description: `${description}; comma-separated or repeated.` })
    .transform((s) => s.split(',').map((item) => item.trim()))
    .pipe(
      z
        .array(z.string().min(1, 'an item is empty'))
        .max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} items`),
    );

/** A list of standard codes, each normalized to the catalog's code. */
export const standardList = () =>
  list('Standard codes, e.g. 6.SP.B.4').transform((codes, ctx) =>
    codes.flatMap((raw) => {
      const result = normalizeStandardCode(raw);
      if (result.ok) return [result.code];
      const hint = result.suggestion ? `; did you mean ${result.suggestion}?` : '';
      ctx.addIssue({ code: 'custom', message: `${raw}: ${result.reason}${hint}` });
      return [];
    }),
  );

export const isoDate = () => single().pipe(z.iso.date('must be a date as YYYY-MM-DD'));

export const Paging = {
  limit: single()
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_PAGE_SIZE))
    .optional()
    .meta({
      description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
    }),
  cursor: single()
    .optional()
    .meta({ description: 'From `nextCursor` of the previous page.' }),
};

/** `format=csv` or `format=json`; otherwise the Accept header decides. */
export const Format = single()
  .pipe(z.enum(['json', 'csv']))
  .optional();

/** Refuses a range whose end is before its start, naming `to`. */
export function checkRange(
  range: { from?: string; to?: string },
  ctx: z.RefinementCtx,
): void {
  if (range.from && range.to && range.to < range.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}
