/** GET /students/{studentId}/standards/{code}: a student's mastery on one standard, explained. */
import { requireCapability, requireStudent } from '../shared/auth/access.js';
import { NoQuery, StudentStandardPath } from '../shared/reports/routes.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { explainStudentStandard } from '../shared/reports/student-standard.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { json, pathParams, queryParams } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { studentId, code } = pathParams(event, StudentStandardPath);
  queryParams(event, NoQuery);
  const standard = requireStandardCode(decodeURIComponent(code), 'code');
  requireCapability(principal, 'mastery');
  const deps = reportDeps();
  await requireStudent(deps, principal, studentId, 'mastery');

  const explained = await explainStudentStandard(deps, studentId, standard);
  await audit({ studentId, studentCount: 1 });
  return json(200, explained);
});
