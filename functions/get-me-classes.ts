/** GET /me/classes: the caller's classes, from the roster. */
import { requireCapability } from '../shared/auth/access.js';
import { myClasses } from '../shared/reports/me-classes.js';
import { PagingQuery } from '../shared/reports/routes.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { queryParams, report } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal }) => {
  const paging = queryParams(event, PagingQuery);
  requireCapability(principal, 'classes');
  // Class ids and counts only, no student-level data: not audited.
  return report(event, await myClasses(reportDeps(), principal, paging));
});
