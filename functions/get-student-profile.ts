/** GET /students/{studentId}: mastery per standard and recent evidence across programs. */
import { requireCapability, requireStudent } from '../shared/auth/access.js';
import { NoQuery, StudentPath } from '../shared/reports/routes.js';
import {
  studentProfileOf,
  summaryUsable,
  type StudentReportRead,
} from '../shared/reports/student-profile.js';
import { AnswerCache } from './lib/answer-cache.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import {
  pathParams,
  prepareReport,
  queryParams,
  reportResponse,
  type PreparedReport,
} from './lib/http.js';

/**
 * The read's fingerprint, once per read: requests that run at once share
 * one read (storage/shared-calls.ts), so they share the serializing too.
 */
const readPrints = new WeakMap<StudentReportRead, string>();
const readPrint = (read: StudentReportRead) => {
  let print = readPrints.get(read);
  if (print === undefined) {
    print = JSON.stringify(read);
    readPrints.set(read, print);
  }
  return print;
};

const answers = new AnswerCache<PreparedReport>();

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { studentId } = pathParams(event, StudentPath);
  queryParams(event, NoQuery);
  requireCapability(principal, 'mastery');
  const deps = reportDeps();

  // The roster check and the reads run at once: the student's enrollments
  // (their classes and schools) and their mastery with the recent-evidence
  // summary, one query each. Nothing is shaped or audited until the check
  // passed; the pending reads are marked handled so a refusal leaves none
  // unhandled.
  const enrollments = deps.roster.listStudentEnrollments(studentId);
  const reading = deps.mastery.readStudentReport(studentId);
  enrollments.catch(() => undefined);
  reading.catch(() => undefined);
  const access = await requireStudent(deps, principal, studentId, 'mastery', enrollments);
  const classIds = access.classIds;
  // Lab staff tutor on mastery: the profile leaves demographics out for them,
  // as it does for a teacher who meets this student only in a lab they tutor.
  const schoolIds = access.can('demographics')
    ? [
        ...new Set((await enrollments).flatMap((e) => (e.schoolId ? [e.schoolId] : []))),
      ].sort()
    : undefined;
  const read = await reading;
  const build = async () =>
    prepareReport(await studentProfileOf(deps, studentId, read, { classIds, schoolIds }));
  // With a usable summary the answer is a function of the read and the
  // view; without one the profile reads the history, which is not cached.
  const answer =
    read.recent && summaryUsable(read.recent)
      ? await answers.get(
          JSON.stringify([studentId, classIds, schoolIds]),
          [readPrint(read)],
          build,
        )
      : await build();
  await audit({ studentId, studentCount: 1 });
  return reportResponse(event, answer);
});
