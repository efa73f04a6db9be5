/** GET /classes/{classId}/groups?standards=: small groups sharing unmastered standards. */
import { requireCapability } from '../shared/auth/access.js';
import {
  classGroups,
  DEFAULT_GROUP_MAX_SIZE,
  DEFAULT_GROUP_MIN_SIZE,
} from '../shared/reports/groups.js';
import { ClassPath, GroupsQuery } from '../shared/reports/routes.js';
import { readClassFor, reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const query = queryParams(event, GroupsQuery);
  requireCapability(principal, 'groups');
  const deps = reportDeps();
  const read = await readClassFor(deps, principal, classId, 'groups');

  const groups = await classGroups(deps, classId, read, {
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
