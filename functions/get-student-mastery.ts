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
  const classIds = await requireStudent(deps, principal, studentId);

  const mastery = await studentMastery(deps, studentId, code);
  await audit({ studentId, studentCount: 1 });
  // Only the classes the caller shares with the student.
  return report(event, { ...mastery, classIds });
});
