/**
 * The order the demo district arrives in, and what each step must report,
 * computed from the simulated terms (not by reading the written files back):
 * the integration test and `npm start` compare the stack's runs with it.
 */
import { DEMO_PROGRAMS, type DemoDistrict } from './model.js';
import { messEligible } from './files.js';
import { simulateTerms, UNMAPPED_DIAGNOSTIC_STANDARD } from './simulate.js';

/** Statements per push request (the endpoint takes at most 1,000). */
export const STATEMENTS_PER_REQUEST = 1000;

export const DEMO_FILES = {
  roster: 'district-roster.zip',
  mapping: 'iready-mapping.csv',
  lessons: 'iready-lessons-fall-2025.csv',
  diagnostic: 'star-standards-fall-2025.csv',
  /** One push request per line (JSON Lines), so a large district streams. */
  statements: 'district-lrs-statements.jsonl',
  lateMapping: 'iready-mapping-late.csv',
  rosterDelta: 'district-roster-delta.zip',
  resent: 'iready-lessons-fall-2025-resent.csv',
  correction: 'iready-lessons-fall-2025-corrections.csv',
  dayFirst: 'iready-lessons-2025-11-dayfirst.csv',
  focus: 'scope-and-sequence-by-class.csv',
} as const;

/**
 * The demo district's own profile and crosswalk (data/demo/district/, named
 * by its district.yaml): the day-first variant of i-Ready lessons and the
 * lesson names' standards.
 */
export const DEMO_DISTRICT_FILES = {
  dayFirstProfile: 'iready-lessons-day-first',
  lessonsCrosswalk: 'demo-iready-lessons-ccss',
} as const;

/**
 * Where the day-first file is dropped: under the i-Ready lessons program, in
 * the folder of the variant profile that reads its dates.
 */
export const DAY_FIRST_FOLDER = `${DEMO_PROGRAMS.lessons}/${DEMO_DISTRICT_FILES.dayFirstProfile}`;

/** The counts one run must report; absent counts are zero. */
export interface ExpectedRun {
  parsed: number;
  accepted: number;
  replaced?: number;
  duplicates?: number;
  rejected?: number;
  held?: number;
}

export interface ExpectedDistrict {
  students: number;
  classes: number;
  teachers: number;
  schools: number;
  runs: {
    roster: ExpectedRun;
    rosterDelta: ExpectedRun;
    assistments: ExpectedRun;
    lessons: ExpectedRun;
    diagnostic: ExpectedRun;
    statements: ExpectedRun;
    lessonsReleased: ExpectedRun;
    diagnosticReleased: ExpectedRun;
    resent: ExpectedRun;
    correction: ExpectedRun;
    dayFirst: ExpectedRun;
  };
  unmappedSkills: Record<string, string[]>;
  /** Evidence each program ends with once everything is released. */
  evidence: Record<string, number>;
}

/** What the district's runs must report, step by step. */
export function expectedDistrict(
  district: DemoDistrict,
  assistmentsResponses: number,
): ExpectedDistrict {
  let lessons = 0;
  let lessonsHeld = 0;
  let diagnostic = 0;
  let diagnosticHeld = 0;
  let statements = 0;
  let correctable = 0;
  let dayFirst = 0;
  for (const term of simulateTerms(district)) {
    const id = term.student.studentId;
    const unmapped = district.unmappedLessonStudents.has(id);
    lessons += term.lessons.length;
    if (unmapped) lessonsHeld += term.lessons.length;
    diagnostic += term.diagnostic.length;
    if (district.rosterGapStudents.has(id)) diagnosticHeld += term.diagnostic.length;
    statements += term.events.length;
    if (messEligible(district, id)) {
      correctable += term.lessons.length;
      if (term.dayFirstLesson) dayFirst += 1;
    }
  }
  // orgs (district and schools), the school year, courses, classes, users, enrollments.
  const rosterRows =
    1 +
    district.schools.length * 2 +
    1 +
    district.classes.length +
    district.teachers.length +
    district.students.length +
    district.classes.reduce((n, c) => n + c.teacherIds.length, 0) +
    district.students.reduce((n, s) => n + s.classIds.length, 0);
  const corrected = Math.min(district.correctedLessons, correctable);
  const readDayFirst = Math.min(district.dayFirstLessons, dayFirst);

  return {
    students: district.students.length,
    classes: district.classes.length,
    teachers: district.teachers.length,
    schools: district.schools.length,
    runs: {
      roster: { parsed: rosterRows, accepted: rosterRows },
      rosterDelta: {
        parsed: district.rosterGapStudents.size,
        accepted: district.rosterGapStudents.size,
      },
      assistments: { parsed: assistmentsResponses, accepted: assistmentsResponses },
      lessons: { parsed: lessons, accepted: lessons - lessonsHeld, held: lessonsHeld },
      diagnostic: {
        parsed: diagnostic,
        accepted: diagnostic - diagnosticHeld,
        held: diagnosticHeld,
      },
      statements: { parsed: statements, accepted: statements },
      lessonsReleased: { parsed: lessonsHeld, accepted: lessonsHeld },
      diagnosticReleased: { parsed: diagnosticHeld, accepted: diagnosticHeld },
      resent: { parsed: lessons, accepted: 0, duplicates: lessons },
      correction: { parsed: corrected, accepted: corrected, replaced: corrected },
      dayFirst: { parsed: readDayFirst, accepted: readDayFirst },
    },
    unmappedSkills: { [DEMO_PROGRAMS.diagnostic]: [UNMAPPED_DIAGNOSTIC_STANDARD] },
    evidence: {
      [DEMO_PROGRAMS.assistments]: assistmentsResponses,
      [DEMO_PROGRAMS.lessons]: lessons + readDayFirst,
      [DEMO_PROGRAMS.diagnostic]: diagnostic,
      [DEMO_PROGRAMS.events]: statements,
    },
  };
}

/** ASSISTments skills and the standards their crosswalk gives them. */
const ASSISTMENTS_STANDARDS: Readonly<Record<string, string>> = {
  'Box and Whisker': '6.SP.B.4',
  Table: '6.RP.A.3.A',
};

export interface Showcase {
  studentId: string;
  classId: string;
  teacherId: string;
  standard: string;
  /** Programs with evidence on that standard for that student, sorted. */
  programs: string[];
}

/**
 * A student whose grid cell combines the most programs: real ASSISTments
 * responses, the Star test, i-Ready lessons (through the district's
 * crosswalk) and the lab's statements on one standard.
 */
export function showcaseStudent(district: DemoDistrict): Showcase | undefined {
  for (const term of simulateTerms(district)) {
    const s = term.student;
    if (district.rosterGapStudents.has(s.studentId)) continue;
    for (const skill of s.assistmentsSkills) {
      const standard = ASSISTMENTS_STANDARDS[skill];
      if (!standard || !term.events.some((e) => e.standard === standard)) continue;
      if (!term.lessons.some((l) => l.standard === standard)) continue;
      const cls = district.classes.find((c) => c.classId === s.classIds[0]);
      if (!cls || s.classIds.length !== 1) continue;
      return {
        studentId: s.studentId,
        classId: cls.classId,
        teacherId: cls.teacherIds[0] as string,
        standard,
        programs: [
          DEMO_PROGRAMS.assistments,
          DEMO_PROGRAMS.events,
          DEMO_PROGRAMS.diagnostic,
          DEMO_PROGRAMS.lessons,
        ].sort(),
      };
    }
  }
  return undefined;
}
