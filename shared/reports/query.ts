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
const EMPTY = 'is empty: give a value or leave the parameter out';

export const single = () =>
  z
    .string()
    // Each stops the checks after it: an empty or repeated value has nothing else to say.
    .min(1, { message: EMPTY, abort: true })
    .refine((s) => !s.includes(','), { message: REPEATED, abort: true });

/** A comma-separated (or repeated) list of non-empty items. */
export const list = (description: string) =>
  z
    .string()
    .meta({ description: `${description}; comma-separated or repeated.` })
    .min(1, { message: EMPTY, abort: true })
    .transform((s) => s.split(',').map((item) => item.trim()))
    .pipe(
      z
        .array(z.string())
        .max(MAX_LIST_ITEMS, `at most ${MAX_LIST_ITEMS} items`)
        .superRefine((items, ctx) => {
          // One issue for the parameter, not one per empty item.
          const empty = items.flatMap((item, i) => (item ? [] : [i + 1]));
          if (empty.length === 0) return;
          ctx.addIssue({
            code: 'custom',
            message:
              `${empty.length === 1 ? 'item' : 'items'} ${empty.join(', ')} of ${items.length} ` +
              `${empty.length === 1 ? 'is' : 'are'} empty: ` +
              'remove the extra comma, or the repeated parameter without a value',
            input: items,
          });
        }),
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

const isDate = (value: unknown) => z.iso.date().safeParse(value).success;

/**
 * Dates a report range may name. zod's ISO date takes any four-digit year,
 * and year 0000 becomes a negative year in the week arithmetic (a week
 * starting -000001-12-27); no program's evidence is that old or that far
 * ahead, and a dashboard's "all time" fits between these.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2999-12-31';

export const isoDate = () =>
  single()
    .meta({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
    .superRefine((d, ctx) => {
      // One message per value: the bounds are checked only on a real date.
      if (!isDate(d)) {
        ctx.addIssue({
          code: 'custom',
          message: /^\d{4}-\d{2}-\d{2}$/.test(d)
            ? 'not a day of the calendar: give a real date as YYYY-MM-DD'
            : 'must be a date as YYYY-MM-DD',
          params: { value: d },
        });
      } else if (d < EARLIEST_DATE || d > LATEST_DATE) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a date from ${EARLIEST_DATE} to ${LATEST_DATE}`,
          params: { value: d },
        });
      }
    });

/** A page size from 1 to `max`, one message for every way it can be wrong. */
export const pageSize = (max: number) => {
  const rule = `must be a whole number from 1 to ${max}`;
  // Digits only: Number() would also take ' 5', '0x5', '+5' and '1e2'.
  return single()
    .regex(/^[0-9]+$/, { message: rule, abort: true })
    .transform(Number)
    .pipe(z.number(rule).int(rule).min(1, rule).max(max, rule));
};

export const Paging = {
  limit: pageSize(MAX_PAGE_SIZE)
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
  .meta({ enum: ['json', 'csv'] })
  .pipe(z.enum(['json', 'csv']))
  .optional();

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
