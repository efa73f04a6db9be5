/**
 * Minutes per student, per program, per week, on one scale across vendors
 * (each profile converts its vendor's unit to minutes at ingest), with the
 * students below a weekly target flagged. Weeks start on Monday in the
 * district's time zone.
 *
 * Note: no precomputed usage exists yet, so this reads each student's
 * evidence partition (one query per student, a bounded number at a time).
 * For a class of 30 that is 30 small queries; a weekly usage item written by
 * the rollup would make it one, and is the fix when classes or histories grow.
 */
import { DateTime } from 'luxon';
import { NotFoundError } from '../errors.js';
import type { Evidence } from '../model.js';
import { roundDecimal } from '../rounding.js';
import type { EvidenceStore, RosterStore } from '../ports.js';
import { cursorScope, paginate } from './paging.js';
import type { ClassUsage } from './schemas.js';

/** Used when `LABLINK_USAGE_TARGET_MINUTES_PER_WEEK` is not set. */
export const DEFAULT_TARGET_MINUTES_PER_WEEK = 60;
/** Student evidence partitions read at once. */
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

function studentUsage(
  studentId: string,
  evidence: Evidence[],
  q: UsageQuery,
  weeks: string[],
) {
  const byWeek = new Map(weeks.map((w) => [w, new Map<string, number>()]));
  let undatedMinutes = 0;
  for (const e of evidence) {
    if (e.minutesOnTask === undefined || e.status === 'voided') continue;
    if (!e.occurredAt) {
      undatedMinutes += e.minutesOnTask;
      continue;
    }
    const at = DateTime.fromISO(e.occurredAt).setZone(q.timeZone);
    const day = at.toISODate() as string;
    if (day < q.from || day > q.to) continue;
    const programs = byWeek.get(at.startOf('week').toISODate() as string);
    programs?.set(e.programId, (programs.get(e.programId) ?? 0) + e.minutesOnTask);
  }
  // The programs this student used in the range that have their own target.
  const used = new Set([...byWeek.values()].flatMap((programs) => [...programs.keys()]));
  const targeted = Object.entries(q.programTargets ?? {})
    .filter(([programId]) => used.has(programId))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const rows = weeks.map((weekStart) => {
    const programs = byWeek.get(weekStart) ?? new Map<string, number>();
    const byProgram = Object.fromEntries(
      [...programs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, m]) => [p, round(m)]),
    );
    const minutes = round([...programs.values()].reduce((a, b) => a + b, 0));
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
    undatedMinutes: round(undatedMinutes),
    weeksBelowTarget,
    belowTarget:
      weeksBelowTarget.length > 0 || rows.some((w) => w.programsBelowTarget.length > 0),
  };
}

export async function classUsage(
  deps: { roster: RosterStore; evidence: EvidenceStore },
  classId: string,
  q: UsageQuery,
): Promise<ClassUsage> {
  const studentIds = await deps.roster.listClassStudents(classId);
  if (studentIds.length === 0) {
    throw new NotFoundError(`class ${classId} not found`, { classId });
  }

  // The range is part of what a page shows: its cursor is good for it only.
  const page = paginate([...studentIds].sort(), (id) => id, {
    ...q,
    scope: cursorScope('usage', classId, q.from, q.to),
  });
  const weeks = weekStartsOf(q);
  const students = await mapBounded(page.items, USAGE_READ_CONCURRENCY, async (id) =>
    studentUsage(id, await deps.evidence.listStudentEvidence(id), q, weeks),
  );
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
