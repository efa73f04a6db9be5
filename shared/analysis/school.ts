/**
 * The alignment report for one school's classes over a period: reads the
 * class registry, rosters, focus plans and each student's evidence (one
 * query per student; a school of 600 students is 600 queries, acceptable for
 * a report a principal runs now and then, not for a dashboard).
 */
import type { FocusPlan, FocusStore } from '../focus/index.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { EvidenceStore, RosterStore } from '../ports.js';
import { CalendarDate } from '../focus/index.js';
import { analyzeAlignment, type AlignmentReport } from './alignment.js';

export interface AlignmentDeps {
  classes: { listClassSchools(): Promise<Map<string, string | undefined>> };
  roster: RosterStore;
  evidence: EvidenceStore;
  focus: FocusStore;
}

export async function schoolAlignment(
  deps: AlignmentDeps,
  schoolId: string,
  from: string,
  to: string,
  zone: string,
): Promise<AlignmentReport & { schoolId: string; classes: number; students: number }> {
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!CalendarDate.safeParse(value).success) {
      throw new InvalidInputError(`${field}: must be a date as YYYY-MM-DD`, {
        field,
        value,
      });
    }
  }
  if (from > to)
    throw new InvalidInputError('to: must not be before from', { field: 'to' });

  const classIds = [...(await deps.classes.listClassSchools())]
    .filter(([, school]) => school === schoolId)
    .map(([classId]) => classId)
    .sort();
  if (classIds.length === 0)
    throw new NotFoundError(`school ${schoolId} has no classes`, { schoolId });

  const plansOf = new Map<string, FocusPlan[]>();
  const evidence = [];
  for (const classId of classIds) {
    const plan = await deps.focus.getFocus(classId);
    for (const studentId of await deps.roster.listClassStudents(classId)) {
      if (!plansOf.has(studentId)) {
        plansOf.set(studentId, []);
        evidence.push(...(await deps.evidence.listStudentEvidence(studentId)));
      }
      if (plan) plansOf.get(studentId)?.push(plan);
    }
  }
  const report = analyzeAlignment(evidence, (s) => plansOf.get(s) ?? [], {
    from,
    to,
    zone,
  });
  return { schoolId, classes: classIds.length, students: plansOf.size, ...report };
}
