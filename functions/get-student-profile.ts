/** GET /students/{studentId}: mastery per standard and recent evidence across programs. */
import { can, requireCapability, requireStudent } from '../shared/auth/access.js';
import { NoQuery, StudentPath } from '../shared/reports/routes.js';
import { studentProfileOf } from '../shared/reports/student-profile.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { studentId } = pathParams(event, StudentPath);
  queryParams(event, NoQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();

  // The roster check and the reads run at once: the student's enrollments
  // (their classes and schools) and their mastery with the recent-evidence
  // summary, one query each. Nothing is shaped or audited until the check
  // passed; the pending reads are marked handled so a refusal leaves none
  // unhandled.
  const enrollments = deps.roster.listStudentEnrollments(studentId);
  const reading = deps.mastery.readStudentReport(studentId);
  enrollments.catch(() => undefined);
  reading.catch(() => undefined);
  const classIds = await requireStudent(deps, principal, studentId, enrollments);
  // Lab staff tutor on mastery: the profile leaves demographics out for them.
  const schoolIds = can(principal, 'demographics')
    ? [
        ...new Set((await enrollments).flatMap((e) => (e.schoolId ? [e.schoolId] : []))),
      ].sort()
    : undefined;
  const profile = await studentProfileOf(deps, studentId, await reading, {
    classIds,
    schoolIds,
  });
  await audit({ studentId, studentCount: 1 });
  return report(event, profile);
});
