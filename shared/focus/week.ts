/**
 * ISO weeks (`2025-W12`): Monday to Sunday in the district's time zone. Plans
 * are per week because vendor budgets (minutes per week) are.
 */
import { DateTime } from 'luxon';
import { InvalidInputError } from '../errors.js';

const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  week: string;
  /** Monday, as a calendar date. */
  from: string;
  /** Sunday, as a calendar date. */
  to: string;
  /** Friday of the week at 23:59 in `zone`, with its offset: the default due date. */
  dueAt: string;
}

export function parseIsoWeek(week: string, zone: string, field = 'week'): IsoWeek {
  const m = ISO_WEEK.exec(week);
  const monday = m
    ? DateTime.fromObject(
        { weekYear: Number(m[1]), weekNumber: Number(m[2]), weekday: 1 },
        { zone },
      )
    : undefined;
  if (!monday?.isValid || monday.toISOWeekDate()?.slice(0, 8) !== week) {
    throw new InvalidInputError(`${field}: "${week}" is not an ISO week like 2025-W12`, {
      field,
      value: week,
    });
  }
  const friday = monday.plus({ days: 4 }).set({ hour: 23, minute: 59 });
  return {
    week,
    from: monday.toISODate() as string,
    to: monday.plus({ days: 6 }).toISODate() as string,
    dueAt: friday.toISO({ suppressMilliseconds: true }) as string,
  };
}

/** The ISO week containing `date` (a calendar date or an instant). */
export function isoWeekOf(date: string, zone: string): string {
  return DateTime.fromISO(date, { zone }).toFormat("kkkk-'W'WW");
}
