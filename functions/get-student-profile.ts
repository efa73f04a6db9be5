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

  // The roster check and the reads run at once; the profile is shaped and
  // audited only after the check passed (a refusal rejects the whole wait).
  // Lab staff tutor on mastery: the profile leaves demographics out for them.
  const [classIds, schoolIds, profile] = await Promise.all([
    requireStudent(deps, principal, studentId),
    can(principal, 'demographics')
      ? deps.directory.studentSchools(studentId).then((ids) => ids.sort())
      : undefined,
    // The check answers the 404 of an unknown student and gives the classes.
    studentProfile({ ...deps, recent: deps.mastery }, studentId, {
      classIds: [],
      authorized: true,
    }),
  ]);
  await audit({ studentId, studentCount: 1 });
  return report(event, {
    ...profile,
    classIds,
    demographics: schoolIds ? { schoolIds } : undefined,
  });
});
