/** GET /students/{studentId}/mastery[?standard=code]: a student's mastery. */
import { requireCapability, requireStudent } from '../shared/auth/access.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { StudentMasteryQuery, StudentPath } from '../shared/reports/routes.js';
import { studentMastery } from '../shared/reports/student-mastery.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { studentId } = pathParams(event, StudentPath);
  const { standard } = queryParams(event, StudentMasteryQuery);
  const code =
    standard === undefined ? undefined : requireStandardCode(standard, 'standard');
  requireCapability(principal, 'mastery');
  const deps = reportDeps();

  // The roster check and the read run at once; nothing is answered or
  // audited until the check has passed (a refusal rejects the whole wait).
  const [{ classIds }, mastery] = await Promise.all([
    requireStudent(deps, principal, studentId, 'mastery'),
    // The check answers the 404 of an unknown student and gives the classes.
    studentMastery(deps, studentId, code, { authorized: true }),
  ]);
  await audit({ studentId, studentCount: 1 });
  // Only the classes the caller shares with the student.
  return report(event, { ...mastery, classIds });
});
