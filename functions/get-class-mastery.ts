/** GET /classes/{classId}/mastery: the class grid, students by standards (JSON or CSV). */
import { requireCapability } from '../shared/auth/access.js';
import { classMasteryGridOf, gridCsv } from '../shared/reports/class-mastery.js';
import { isGridCurrent } from '../shared/reports/grid-document.js';
import { ClassPath, GridQuery } from '../shared/reports/routes.js';
import { AnswerCache } from './lib/answer-cache.js';
import { readClassFor, reportDeps, reportHandler } from './lib/auth.js';
import {
  nextPageLink,
  pathParams,
  prepareReport,
  queryParams,
  reportResponse,
  wantsCsv,
  type PreparedReport,
} from './lib/http.js';

/**
 * The rollups' fingerprint, once per read: requests that run at once share
 * one read (storage/shared-calls.ts), so they share the serializing too.
 */
const rollupPrints = new WeakMap<object, string>();
const rollupPrint = (rollups: readonly object[]) => {
  let print = rollupPrints.get(rollups);
  if (print === undefined) {
    print = JSON.stringify(rollups);
    rollupPrints.set(rollups, print);
  }
  return print;
};

const answers = new AnswerCache<{
  prepared: PreparedReport;
  studentCount: number;
  nextCursor?: string;
}>();

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const query = queryParams(event, GridQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();

  // One query reads the class's staff, students, grid document and rollups.
  const read = await readClassFor(deps, principal, classId, 'mastery');

  const csv = wantsCsv(event, query.format);
  const filters = {
    standards: query.standards,
    grades: query.grade,
    domains: query.domain,
    from: query.from,
    to: query.to,
    cursor: query.cursor,
    // A spreadsheet user expects the whole class in the file: a CSV pages
    // only when `limit` asks it to (and then says so in a Link header).
    limit: csv && query.limit === undefined ? Number.POSITIVE_INFINITY : query.limit,
  };
  const build = async () => {
    const grid = await classMasteryGridOf(deps, classId, read, filters);
    return {
      studentCount: grid.students.length,
      nextCursor: grid.nextCursor,
      prepared: csv
        ? prepareReport(grid, {
            csv: { ...gridCsv(grid), filename: `class-${classId}-mastery.csv` },
          })
        : prepareReport(grid),
    };
  };
  // A current document makes the answer a function of what was just read;
  // a stale one sends the report to the cells, which are not cached.
  const answer = isGridCurrent(read.grid)
    ? await answers.get(
        JSON.stringify([classId, csv, filters]),
        [
          ...read.grid.pages,
          read.grid.revision,
          read.studentIds.join('\n'),
          rollupPrint(read.rollups),
        ],
        build,
      )
    : await build();
  await audit({ classId, studentCount: answer.studentCount });
  return reportResponse(
    event,
    answer.prepared,
    csv ? nextPageLink(event, answer.nextCursor) : {},
  );
});
