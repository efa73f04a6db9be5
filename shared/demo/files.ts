/**
 * The programs' exports, each in the layout of its builtin profile, written
 * line by line from the simulated terms: i-Ready lessons (month-first dates,
 * the vendor's own student ids), Star standards (the SIS id) and the xAPI
 * statements of the district's lab (the district student id).
 */
import { createHash } from 'node:crypto';
import { csvLine } from './csv.js';
import {
  DEMO_PROGRAMS,
  DISTRICT_SIS_HOME_PAGE,
  STANDARD_EXTENSION,
  type DemoDistrict,
} from './model.js';
import {
  EVENT_ITEMS,
  LESSON_NAMES,
  simulateTerms,
  type LessonObservation,
} from './simulate.js';

export const LESSON_HEADER = [
  'Student ID',
  'Subject',
  'Lesson ID',
  'Lesson Name',
  'Score',
  'Passed or Not Passed',
  'Completion Date',
  'Total Time on Lesson (min)',
];
export const DIAGNOSTIC_HEADER = [
  'StudentIdentifier',
  'AssessmentID',
  'CompletedDate',
  'DomainName',
  'StandardName',
  'StandardPercentMastery',
  'StandardMasteryLevel',
];
/** i-Ready passes a lesson at this score (percent). */
export const LESSON_PASS_PERCENT = 67;

const DOMAINS: Readonly<Record<string, string>> = {
  RP: 'Ratios and Proportional Relationships',
  SP: 'Statistics and Probability',
  NS: 'The Number System',
};

const monthFirst = (iso: string) =>
  `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const dayFirst = (iso: string) =>
  `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
export const lessonId = (standard: string) =>
  `M6-${standard.slice(2).replace(/\./g, '-')}`;

function lessonRow(ireadyId: string, l: LessonObservation, date: string) {
  return csvLine([
    ireadyId,
    'Math',
    lessonId(l.standard),
    LESSON_NAMES[l.standard] as string,
    l.score,
    l.score >= LESSON_PASS_PERCENT ? 'Passed' : 'Not Passed',
    date,
    l.minutes,
  ]);
}

/** The fall lesson export, month-first as i-Ready writes it. */
export function* lessonFile(district: DemoDistrict): Generator<string> {
  yield csvLine(LESSON_HEADER);
  for (const term of simulateTerms(district)) {
    for (const l of term.lessons)
      yield lessonRow(term.student.ireadyId, l, monthFirst(l.date));
  }
}

/** Whose lessons the late correction and the day-first file carry. */
export const messEligible = (district: DemoDistrict, studentId: string) =>
  !district.unmappedLessonStudents.has(studentId) &&
  !district.rosterGapStudents.has(studentId);

/** The vendor's correction: the first lessons rescored, same lesson and date. */
export function* correctionFile(district: DemoDistrict): Generator<string> {
  yield csvLine(LESSON_HEADER);
  let left = district.correctedLessons;
  for (const term of simulateTerms(district)) {
    if (left === 0) return;
    if (!messEligible(district, term.student.studentId)) continue;
    for (const l of term.lessons) {
      if (left === 0) continue;
      const score = l.score >= 50 ? l.score - 20 : l.score + 20;
      yield lessonRow(term.student.ireadyId, { ...l, score }, monthFirst(l.date));
      left -= 1;
    }
  }
}

/**
 * November lessons from an account set to day-first dates: the builtin
 * profile reads month-first, so the district reads this file with its own
 * variant (data/demo/district/iready-lessons-day-first.json).
 */
export function* dayFirstFile(district: DemoDistrict): Generator<string> {
  yield csvLine(LESSON_HEADER);
  let left = district.dayFirstLessons;
  for (const term of simulateTerms(district)) {
    if (left === 0) return;
    if (!messEligible(district, term.student.studentId) || !term.dayFirstLesson) continue;
    const l = term.dayFirstLesson;
    yield lessonRow(term.student.ireadyId, l, dayFirst(l.date));
    left -= 1;
  }
}

const masteryLevel = (percent: number) =>
  percent >= 75 ? 'Mastery' : percent >= 50 ? 'Near Mastery' : 'Below Mastery';

/** The fall Star Math test, one row per student and standard. */
export function* diagnosticFile(district: DemoDistrict): Generator<string> {
  yield csvLine(DIAGNOSTIC_HEADER);
  for (const term of simulateTerms(district)) {
    for (const d of term.diagnostic) {
      const domain = DOMAINS[d.vendorStandard.split('.')[4] as string] ?? '';
      yield csvLine([
        term.student.sisId,
        `SM-2025F-${term.student.index + 1}`,
        d.date,
        domain,
        d.vendorStandard,
        d.percent,
        masteryLevel(d.percent),
      ]);
    }
  }
}

/** A UUID derived from the seed and the student's statement number. */
function statementId(seed: number, studentId: string, n: number): string {
  const h = createHash('sha256').update(`${seed}|${studentId}|${n}`).digest('hex');
  const variant = ((parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The lab's xAPI statements, in batches the push endpoint takes. */
export function* statementBatches(
  district: DemoDistrict,
  batchSize: number,
): Generator<unknown[]> {
  let batch: unknown[] = [];
  for (const term of simulateTerms(district)) {
    for (const e of term.events) {
      batch.push({
        id: statementId(district.seed, term.student.studentId, e.n),
        actor: {
          objectType: 'Agent',
          account: { homePage: DISTRICT_SIS_HOME_PAGE, name: term.student.studentId },
        },
        verb: {
          id: 'http://adlnet.gov/expapi/verbs/completed',
          display: { 'en-US': 'completed' },
        },
        object: {
          objectType: 'Activity',
          id: `https://lab.example-district.org/activities/${e.standard}/${e.n + 1}`,
        },
        result: {
          score: {
            raw: e.correct,
            min: 0,
            max: EVENT_ITEMS,
            scaled: e.correct / EVENT_ITEMS,
          },
          completion: true,
          duration: `PT${e.minutes}M`,
        },
        context: { extensions: { [STANDARD_EXTENSION]: e.standard } },
        timestamp: e.timestamp,
      });
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The i-Ready mapping table; `late` lists only the students the first one missed. */
export function mappingFile(district: DemoDistrict, late: boolean): string {
  const rows = district.students.filter(
    (s) => district.unmappedLessonStudents.has(s.studentId) === late,
  );
  return (
    csvLine(['program', 'vendorStudentId', 'studentId']) +
    rows.map((s) => csvLine([DEMO_PROGRAMS.lessons, s.ireadyId, s.studentId])).join('')
  );
}

/** The scope and sequence expanded to every class, as `lablink focus import` reads it. */
export function focusFile(district: DemoDistrict): string {
  const lines = [csvLine(['classId', 'standard', 'from', 'to', 'unit'])];
  for (const c of district.classes) {
    for (const b of district.scope)
      lines.push(csvLine([c.classId, b.standard, b.from, b.to, b.unit]));
  }
  return lines.join('');
}
