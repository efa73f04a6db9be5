/**
 * Focus plans: the standards a class is teaching over date ranges. Teachers
 * enter them (or a school year's scope and sequence is imported); planning
 * aligns online work to them and the alignment analysis reads them back.
 */
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { Id } from '../model.js';
import { normalizeStandardCode } from '../standards/index.js';

/** A calendar date (`2025-03-17`), in the district's own time zone. */
export const CalendarDate = z.iso.date();

/** A school year never needs more rows than this; bigger input is a mistake. */
export const MAX_FOCUS_ENTRIES = 2000;

export const FocusEntry = z
  .object({
    standards: z.array(z.string().min(1)).min(1, 'name at least one standard'),
    from: CalendarDate,
    to: CalendarDate,
    /** The unit or lesson the teacher calls it, shown back in plans. */
    unit: z.string().max(200).optional(),
  })
  .refine((e) => e.from <= e.to, { message: 'must not be before from', path: ['to'] });
export type FocusEntry = z.infer<typeof FocusEntry>;

/** The body of `PUT /classes/{id}/focus`. */
export const FocusInput = z.object({
  entries: z.array(FocusEntry).max(MAX_FOCUS_ENTRIES),
});
export type FocusInput = z.infer<typeof FocusInput>;

export const FocusPlan = FocusInput.extend({
  classId: Id,
  updatedAt: z.iso.datetime({ offset: true }),
});
export type FocusPlan = z.infer<typeof FocusPlan>;

/** Where focus plans are kept (storage/assignment-store.ts on DynamoDB). */
export interface FocusStore {
  putFocus(plan: FocusPlan): Promise<void>;
  getFocus(classId: string): Promise<FocusPlan | undefined>;
}

export interface UnknownStandard {
  field: string;
  value: string;
  reason: string;
  suggestion?: string;
}

/**
 * The entries with every standard as its catalog code. Unknown codes are all
 * reported at once, each with its field and a suggestion when there is one,
 * so a teacher fixes a whole plan in one round.
 */
export function normalizeFocus(input: FocusInput): FocusInput {
  const unknown: UnknownStandard[] = [];
  const entries = input.entries.map((entry, i) => ({
    ...entry,
    standards: entry.standards.map((raw, j) => {
      const result = normalizeStandardCode(raw);
      if (result.ok) return result.code;
      unknown.push({
        field: `entries.${i}.standards.${j}`,
        value: raw,
        reason: result.reason,
        ...(result.suggestion ? { suggestion: result.suggestion } : {}),
      });
      return raw;
    }),
  }));
  if (unknown.length > 0) {
    const listed = unknown
      .map(
        (u) =>
          `${u.field} "${u.value}"${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ''}`,
      )
      .join(', ');
    throw InvalidInputError.of(
      unknown.map(({ field, reason, ...context }) => ({
        field,
        message: reason,
        ...context,
      })),
      `unknown standards: ${listed}`,
    );
  }
  return { entries };
}

/** Saves a class's focus plan, replacing the one before. */
export async function putClassFocus(
  store: FocusStore,
  classId: string,
  input: unknown,
  now: Date = new Date(),
): Promise<FocusPlan> {
  const parsed = normalizeFocus(FocusInput.parse(input));
  const plan: FocusPlan = { classId, ...parsed, updatedAt: now.toISOString() };
  await store.putFocus(plan);
  return plan;
}

/** Focus standards active on any day between `from` and `to` (inclusive). */
export function focusBetween(
  plan: FocusPlan | undefined,
  from: string,
  to: string,
): { standard: string; entry: FocusEntry }[] {
  const found = new Map<string, FocusEntry>();
  for (const entry of plan?.entries ?? []) {
    if (entry.to < from || entry.from > to) continue;
    for (const standard of entry.standards)
      if (!found.has(standard)) found.set(standard, entry);
  }
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([standard, entry]) => ({ standard, entry }));
}

/** Whether the class was teaching `standard` on `date` (a calendar date). */
export function taughtOn(plan: FocusPlan | undefined, standard: string, date: string) {
  return (plan?.entries ?? []).some(
    (e) => e.from <= date && date <= e.to && e.standards.includes(standard),
  );
}
