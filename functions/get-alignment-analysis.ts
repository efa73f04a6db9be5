/** GET /analysis/alignment?school=&from=&to=: aligned versus other practice, with its interval. */
import { ForbiddenError } from '../shared/auth/errors.js';
import type { Principal } from '../shared/auth/principal.js';
import { schoolAlignment } from '../shared/analysis/index.js';
import { AlignmentQuery } from '../shared/reports/routes.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { reportHandler } from './lib/auth.js';
import { districtTimeZone, log, tableStore } from './lib/env.js';
import { json, queryParams } from './lib/http.js';

/**
 * A school's analysis is for its administrators and the district's. The
 * refusal depends on the token and the asked id only, never on stored data,
 * so a 403 here says nothing about whether the school exists.
 */
function requireSchoolAnalyst(p: Principal, schoolId: string): void {
  if (p.role === 'district_admin') return;
  if (p.role === 'school_admin' && p.schoolId === schoolId) return;
  throw new ForbiddenError(
    p.role === 'school_admin'
      ? 'a school_admin may analyse only their own school'
      : `a ${p.role} may not read the alignment analysis`,
    { role: p.role, capability: 'analysis' },
  );
}

// Aggregates only (counts, rates, effect size), no student rows: not audited.
export const handler = reportHandler(async ({ event, principal }) => {
  const { school, from, to } = queryParams(event, AlignmentQuery);
  requireSchoolAnalyst(principal, school);

  const store = tableStore();
  const report = await schoolAlignment(
    { classes: store, roster: store, evidence: store, focus: assignmentStoreFromEnv() },
    school,
    from,
    to,
    districtTimeZone(),
  );
  log.info('alignment analysed', {
    school,
    classes: report.classes,
    students: report.students,
    aligned: report.aligned.episodes,
    other: report.other.episodes,
  });
  return json(200, report);
});
