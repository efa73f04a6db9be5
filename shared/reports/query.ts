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
import {
  catalogDomain,
  catalogDomainLetters,
  catalogGrade,
  catalogGrades,
} from './standards.js';

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

/** Domains a refusal names as examples; `details` lists every one. */
const DOMAIN_EXAMPLES = ['RP', 'SP', 'NS', 'EE'];

/** Grades of the standards catalog, in its spelling (`k` is `K`). */
export const gradeList = () =>
  list('Grades of the standards catalog, e.g. 6 or K').transform((raws, ctx) =>
    raws.flatMap((raw) => {
      const grade = catalogGrade(raw);
      if (grade) return [grade];
      const allowed = catalogGrades();
      ctx.addIssue({
        code: 'custom',
        message: `${raw}: not a grade of the standards catalog; one of ${allowed.join(', ')}`,
        params: { value: raw, allowed },
      });
      return [];
    }),
  );

/** Domains of the standards catalog, by code letters or name, in its spelling. */
export const domainList = () =>
  list(
    'Domains by code letters (SP, RP) or name; a name containing a comma must be given by letters',
  ).transform((raws, ctx) =>
    raws.flatMap((raw) => {
      const domain = catalogDomain(raw);
      if (domain) return [domain];
      ctx.addIssue({
        code: 'custom',
        message:
          `${raw}: not a domain of the standards catalog; give its code letters ` +
          `(e.g. ${DOMAIN_EXAMPLES.join(', ')}) or its name`,
        params: { value: raw, allowed: catalogDomainLetters() },
      });
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

const isDate = (value: unknown) => z.iso.date().safeParse(value).success;

/**
 * Refuses a range whose end is before its start, naming `to`. Only between
 * two dates: zod runs this refinement even when a field failed, and an end
 * compared with a start that is not a date would blame a good `to`.
 */
export function checkRange(
  range: { from?: string; to?: string },
  ctx: z.RefinementCtx,
): void {
  if (
    isDate(range.from) &&
    isDate(range.to) &&
    (range.to as string) < (range.from as string)
  ) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}
