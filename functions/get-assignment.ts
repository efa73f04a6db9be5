/** GET /assignments/{assignmentId}: status (pending, sent, acknowledged, failed with the reason). */
import { requireCapability, requireClass } from '../shared/auth/access.js';
import { NotFoundError } from '../shared/errors.js';
import { AssignmentPath, NoQuery } from '../shared/reports/routes.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { json, pathParams, queryParams } from './lib/http.js';

const assignmentNotFound = (assignmentId: string) =>
  new NotFoundError(`no assignment ${assignmentId}`, { assignmentId });

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { assignmentId } = pathParams(event, AssignmentPath);
  queryParams(event, NoQuery);
  requireCapability(principal, 'mastery');
  const assignment = await assignmentStoreFromEnv().getAssignment(assignmentId);
  if (!assignment) throw assignmentNotFound(assignmentId);

  // The class's own 404 would name the class: answer as for an unknown assignment.
  await requireClass(reportDeps(), principal, assignment.classId, 'mastery').catch(
    (error) => {
      throw error instanceof NotFoundError ? assignmentNotFound(assignmentId) : error;
    },
  );
  await audit({
    classId: assignment.classId,
    studentCount: assignment.studentIds.length,
  });
  return json(200, assignment);
});
