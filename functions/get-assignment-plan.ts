/** GET /classes/{classId}/assignments/plan?week=2025-W12: the week's aligned plan. */
import { requireCapability, requireClass } from '../shared/auth/access.js';
import { planClassWeek } from '../shared/planning/index.js';
import { ClassPath, PlanQuery } from '../shared/reports/routes.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { districtTimeZone, log } from './lib/env.js';
import { json, pathParams, queryParams } from './lib/http.js';

// Lab staff may read plans: the work is done in their lab, and a plan holds
// mastery-driven items only (no usage, no demographics).
export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const { week } = queryParams(event, PlanQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();
  await requireClass(deps, principal, classId, 'mastery');

  const plan = await planClassWeek(
    { ...deps, focus: assignmentStoreFromEnv() },
    classId,
    week,
    districtTimeZone(),
  );
  const items = plan.students.reduce((n, s) => n + s.items.length, 0);
  await audit({ classId, studentCount: plan.students.length });
  log.info('plan built', { classId, week, students: plan.students.length, items });
  return json(200, plan);
});
