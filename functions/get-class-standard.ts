/** GET /classes/{classId}/standards/{code}: mastered, close, working, no evidence. */
import { requireCapability } from '../shared/auth/access.js';
import { classStandard, classStandardCsv } from '../shared/reports/class-standard.js';
import { ClassStandardPath, FormatQuery } from '../shared/reports/routes.js';
import { readClassFor, reportDeps, reportHandler } from './lib/auth.js';
import { pathParams, queryParams, report, wantsCsv } from './lib/http.js';

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId, code } = pathParams(event, ClassStandardPath);
  const { format } = queryParams(event, FormatQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();
  const read = await readClassFor(deps, principal, classId, 'mastery');

  const result = await classStandard(deps, classId, read, code);
  const { mastered, close, working, noEvidence } = result;
  await audit({
    classId,
    studentCount: mastered.length + close.length + working.length + noEvidence.length,
  });
  return wantsCsv(event, format)
    ? report(event, result, {
        csv: { ...classStandardCsv(result), filename: `class-${classId}-${code}.csv` },
      })
    : report(event, result);
});
