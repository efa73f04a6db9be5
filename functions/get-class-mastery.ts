/** GET /classes/{classId}/mastery: the class grid, students by standards (JSON or CSV). */
import { requireCapability, requireClass } from '../shared/auth/access.js';
import { classMasteryGrid, gridCsv } from '../shared/reports/class-mastery.js';
import { ClassPath, GridQuery } from '../shared/reports/routes.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report, wantsCsv } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const query = queryParams(event, GridQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();

  // The roster check and the reads run at once; nothing is answered or
  // audited until the check has passed (a refusal rejects the whole wait).
  const [, grid] = await Promise.all([
    requireClass(deps, principal, classId),
    classMasteryGrid({ ...deps, grids: deps.mastery }, classId, {
      standards: query.standards,
      grades: query.grade,
      domains: query.domain,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
      limit: query.limit,
    }),
  ]);
  await audit({ classId, studentCount: grid.students.length });
  return wantsCsv(event, query.format)
    ? report(event, grid, {
        csv: { ...gridCsv(grid), filename: `class-${classId}-mastery.csv` },
      })
    : report(event, grid);
});
