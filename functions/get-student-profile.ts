/** GET /students/{studentId}: mastery per standard and recent evidence across programs. */
import { can, requireCapability, requireStudent } from '../shared/auth/access.js';
import { StudentPath } from '../shared/reports/routes.js';
import { studentProfile } from '../shared/reports/student-profile.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { studentId } = pathParams(event, StudentPath);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();
  const classIds = await requireStudent(deps, principal, studentId);

  // Lab staff tutor on mastery: the profile leaves demographics out for them.
  const schoolIds = can(principal, 'demographics')
    ? (await deps.directory.studentSchools(studentId)).sort()
    : undefined;
  const profile = await studentProfile(deps, studentId, { classIds, schoolIds });
  await audit({ studentId, studentCount: 1 });
  return report(event, profile);
});
