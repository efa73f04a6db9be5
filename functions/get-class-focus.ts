/** GET /classes/{classId}/focus: the class's focus plan. */
import { requireCapability, requireClass } from '../shared/auth/access.js';
import { NotFoundError } from '../shared/errors.js';
import { ClassPath, NoQuery } from '../shared/reports/routes.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { json, pathParams, queryParams } from './lib/http.js';

// Standards and dates only, no student data: not audited.
export const handler = reportHandler(async ({ event, principal }) => {
  const { classId } = pathParams(event, ClassPath);
  queryParams(event, NoQuery);
  requireCapability(principal, 'classes');
  await requireClass(reportDeps(), principal, classId, 'classes');

  const plan = await assignmentStoreFromEnv().getFocus(classId);
  if (!plan)
    throw new NotFoundError(`class ${classId} has no focus plan yet`, { classId });
  return json(200, plan);
});
