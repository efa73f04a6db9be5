/**
 * Minutes per student, per program, per week, on one scale across vendors
 * (each profile converts its vendor's unit to minutes at ingest), with the
 * students below a weekly target flagged. Weeks start on Monday in the
 * district's time zone.
 *
 * The report reads each student's daily minutes: one small summary per
 * student (minutes per local day and program), kept by the rollup path from
 * the student's evidence whenever a run or push brings minutes. A class page
 * is then the class read and one batch read of its students' summaries; no
 * evidence is read on the request path. A student whose summary is missing
 * (not built yet), was built in another time zone, or holds minutes of an
 * expired record is read from the evidence history instead, through the same
 * arithmetic, so both give the same answer.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import type { Evidence } from '../model.js';
import { apportionDecimal, roundDecimal, withoutDoubleNoise } from '../rounding.js';
import type { EvidenceStore, RosterStore } from '../ports.js';
import { cursorScope, paginate } from './paging.js';
import type { ClassUsage } from './schemas.js';

/**
 * A student's minutes per day in the district's time zone and per program,
 * as the rollup path keeps them: what the usage report needs of the whole
 * evidence history, a few KB for a school year of daily work.
 */
export const DailyMinutes = z.object({
  /** The zone the days are in; a summary of another zone is not used. */
  timeZone: z.string(),
  /** Local date (YYYY-MM-DD) to program to minutes. */
  days: z.record(z.string(), z.record(z.string(), z.number())),
  /** Minutes of evidence without a date, per program. */
  undated: z.record(z.string(), z.number()),
  /** Epoch seconds when the first record counted here expires (retention). */
  expiresAt: z.number().optional(),
});
export type DailyMinutes = z.infer<typeof DailyMinutes>;

/** Reads students' daily minutes (storage implements it; absent: not built). */
export interface DailyMinutesReader {
  getDailyMinutes(studentIds: readonly string[]): Promise<Map<string, DailyMinutes>>;
}

/**
 * The daily minutes of a student's evidence, each record with its expiry if
 * it has one. Voided records and records without minutes count nothing.
 */
export function dailyMinutesOf(
  records: Iterable<{ evidence: Evidence; expiresAt?: number }>,
  timeZone: string,
): DailyMinutes {
  const days: Record<string, Record<string, number>> = {};
  const undated: Record<string, number> = {};
  let expiresAt: number | undefined;
  for (const { evidence: e, expiresAt: expiry } of records) {
    if (e.minutesOnTask === undefined || e.status === 'voided') continue;
    if (expiry !== undefined) expiresAt = Math.min(expiresAt ?? expiry, expiry);
    if (!e.occurredAt) {
      undated[e.programId] = (undated[e.programId] ?? 0) + e.minutesOnTask;
      continue;
    }
    const day = DateTime.fromISO(e.occurredAt).setZone(timeZone).toISODate() as string;
    const programs = (days[day] ??= {});
    programs[e.programId] = (programs[e.programId] ?? 0) + e.minutesOnTask;
  }
  return { timeZone, days, undated, ...(expiresAt === undefined ? {} : { expiresAt }) };
}

/** Whether a stored summary may answer a request in `timeZone` at `now`. */
export function dailyMinutesUsable(
  daily: DailyMinutes,
  timeZone: string,
  now = new Date(),
): boolean {
  return (
    daily.timeZone === timeZone && (daily.expiresAt ?? Infinity) > now.getTime() / 1000
  );
}

/** Used when `LABLINK_USAGE_TARGET_MINUTES_PER_WEEK` is not set. */
export const DEFAULT_TARGET_MINUTES_PER_WEEK = 60;
/** Student evidence histories read at once when their summaries cannot answer. */
export const USAGE_READ_CONCURRENCY = 8;
/** Longest range one request may ask for, in days (about a school year). */
export const MAX_USAGE_RANGE_IN_DAYS = 366;
const MINUTE_DECIMALS = 1;

const round = (minutes: number) => roundDecimal(minutes, MINUTE_DECIMALS);

export interface UsageQuery {
  from: string;
  to: string;
  timeZone: string;
  targetMinutesPerWeek: number;
  /**
   * Programs' own weekly targets. A program's target applies to a student
   * who has minutes in it over the range: a student who never used it is
   * not flagged for it (it may not be their program), while the overall
   * target still flags a week without any work.
   */
  programTargets?: Readonly<Record<string, number>>;
  cursor?: string;
  /** Students per page; `Infinity` for the whole class (a CSV without `limit`). */
  limit?: number;
}

async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

function weekStartsOf(q: UsageQuery): string[] {
  const weeks: string[] = [];
  let week = DateTime.fromISO(q.from, { zone: q.timeZone }).startOf('week');
  const end = DateTime.fromISO(q.to, { zone: q.timeZone });
  while (week <= end) {
    weeks.push(week.toISODate() as string);
    week = week.plus({ weeks: 1 });
  }
  return weeks;
}

/**
 * The Monday of a local date. Calendar arithmetic only: a date's week does
 * not depend on the zone it is in, and UTC spares luxon the zone's offsets
 * (most of a report's time when every day went through the zone).
 */
const mondays = new Map<string, string>();
function mondayOf(day: string): string {
  let monday = mondays.get(day);
  if (monday === undefined) {
    monday = DateTime.fromISO(day, { zone: 'utc' }).startOf('week').toISODate() as string;
    // A warm function sees a few hundred school days; the bound is a guard.
    if (mondays.size >= 10_000) mondays.clear();
    mondays.set(day, monday);
  }
  return monday;
}

function studentUsage(
  studentId: string,
  daily: DailyMinutes,
  q: UsageQuery,
  weeks: string[],
) {
  const byWeek = new Map(weeks.map((w) => [w, new Map<string, number>()]));
  // Days in order, so the sums are the same whichever way the days were read.
  for (const day of Object.keys(daily.days).sort()) {
    if (day < q.from || day > q.to) continue;
    const programs = byWeek.get(mondayOf(day));
    if (!programs) continue;
    for (const [programId, minutes] of Object.entries(daily.days[day] ?? {}))
      programs.set(programId, (programs.get(programId) ?? 0) + minutes);
  }
  const undatedMinutes = Object.values(daily.undated).reduce((a, b) => a + b, 0);
  // The programs this student used in the range that have their own target.
  const used = new Set([...byWeek.values()].flatMap((programs) => [...programs.keys()]));
  const targeted = Object.entries(q.programTargets ?? {})
    .filter(([programId]) => used.has(programId))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const rows = weeks.map((weekStart) => {
    const programs = byWeek.get(weekStart) ?? new Map<string, number>();
    const sorted = [...programs].sort(([a], [b]) => (a < b ? -1 : 1));
    // The programs' minutes add up to the week's as shown (apportioned, not
    // each rounded on its own), so a spreadsheet's sum matches the total.
    // Each program's week is a sum of daily doubles: rounded as the decimals it adds.
    const shown = apportionDecimal(
      sorted.map(([, m]) => withoutDoubleNoise(m)),
      MINUTE_DECIMALS,
    );
    const byProgram = Object.fromEntries(sorted.map(([p], i) => [p, shown[i] as number]));
    const minutes = round(shown.reduce((a, b) => a + b, 0));
    const programsBelowTarget = targeted
      .filter(([programId, target]) => (byProgram[programId] ?? 0) < target)
      .map(([programId]) => programId);
    return { weekStart, minutes, byProgram, programsBelowTarget };
  });
  const weeksBelowTarget = rows
    .filter((w) => w.minutes < q.targetMinutesPerWeek)
    .map((w) => w.weekStart);
  return {
    studentId,
    weeks: rows,
    totalMinutes: round(rows.reduce((a, w) => a + w.minutes, 0)),
    undatedMinutes: round(withoutDoubleNoise(undatedMinutes)),
    weeksBelowTarget,
    belowTarget:
      weeksBelowTarget.length > 0 || rows.some((w) => w.programsBelowTarget.length > 0),
  };
}

export async function classUsage(
  deps: { roster: RosterStore; evidence: EvidenceStore; daily?: DailyMinutesReader },
  classId: string,
  q: UsageQuery,
  /** The class's students, when the caller read them with the roster check. */
  classStudents?: readonly string[],
): Promise<ClassUsage> {
  const studentIds = classStudents ?? (await deps.roster.listClassStudents(classId));
  if (studentIds.length === 0) {
    throw new NotFoundError(`class ${classId} not found`, { classId });
  }

  // The range is part of what a page shows: its cursor is good for it only.
  const page = paginate([...studentIds].sort(), (id) => id, {
    ...q,
    scope: cursorScope('usage', classId, q.from, q.to),
  });
  const weeks = weekStartsOf(q);
  const stored = (await deps.daily?.getDailyMinutes(page.items)) ?? new Map();
  const now = new Date();
  const students = await mapBounded(page.items, USAGE_READ_CONCURRENCY, async (id) => {
    const daily = stored.get(id);
    return studentUsage(
      id,
      daily && dailyMinutesUsable(daily, q.timeZone, now)
        ? daily
        : dailyMinutesOf(
            (await deps.evidence.listStudentEvidence(id)).map((evidence) => ({
              evidence,
            })),
            q.timeZone,
          ),
      q,
      weeks,
    );
  });
  return {
    classId,
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    targetMinutesPerWeek: q.targetMinutesPerWeek,
    programTargets: { ...q.programTargets },
    weekStarts: weeks,
    students,
    nextCursor: page.nextCursor,
  };
}

/**
 * One row per student, program and week with minutes, the week's target
 * flag and the program's beside; a program under its own target in a week
 * without its minutes gets a row with 0.
 */
export function usageCsv(usage: ClassUsage): { header: string[]; rows: string[][] } {
  const rows = usage.students.flatMap((s) =>
    s.weeks.flatMap((w) => {
      const below = String(w.minutes < usage.targetMinutesPerWeek);
      const minutes = new Map(Object.entries(w.byProgram));
      for (const programId of w.programsBelowTarget)
        if (!minutes.has(programId)) minutes.set(programId, 0);
      const programs = [...minutes].sort(([a], [b]) => (a < b ? -1 : 1));
      return programs.length === 0
        ? [[s.studentId, w.weekStart, '', '0', String(w.minutes), below, 'false']]
        : programs.map(([program, programMinutes]) => [
            s.studentId,
            w.weekStart,
            program,
            String(programMinutes),
            String(w.minutes),
            below,
            String(w.programsBelowTarget.includes(program)),
          ]);
    }),
  );
  return {
    header: [
      'studentId',
      'weekStart',
      'programId',
      'minutes',
      'weekMinutes',
      'belowTarget',
      'programBelowTarget',
    ],
    rows,
  };
}
