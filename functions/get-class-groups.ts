/** GET /classes/{classId}/groups?standards=: small groups sharing unmastered standards. */
import { requireCapability, requireClass } from '../shared/auth/access.js';
import {
  classGroups,
  DEFAULT_GROUP_MAX_SIZE,
  DEFAULT_GROUP_MIN_SIZE,
} from '../shared/reports/groups.js';
import { ClassPath, GroupsQuery } from '../shared/reports/routes.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const query = queryParams(event, GroupsQuery);
  requireCapability(principal, 'groups');
  const deps = reportDeps();
  await requireClass(deps, principal, classId);

  const groups = await classGroups(deps, classId, {
    standards: query.standards,
    minSize: query.minSize ?? DEFAULT_GROUP_MIN_SIZE,
    maxSize: query.maxSize ?? DEFAULT_GROUP_MAX_SIZE,
  });
  await audit({
    classId,
    studentCount:
      groups.groups.reduce((n, g) => n + g.studentIds.length, 0) +
      groups.ungrouped.length,
  });
  return report(event, groups);
});
