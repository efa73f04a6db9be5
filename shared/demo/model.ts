/**
 * The demo district's shape and the generator's options. One generator serves
 * `npm start` (the small default district), the benchmarks (100,000 students)
 * and the alignment analysis (a planted effect): all from a seed and a size.
 */

/** The programs the demo district's files and events belong to. */
export const DEMO_PROGRAMS = {
  assistments: 'assistments',
  lessons: 'iready-lessons',
  diagnostic: 'star-standards',
  events: 'district-lrs',
} as const;

/** The xAPI account home page whose names are district student ids. */
export const DISTRICT_SIS_HOME_PAGE = 'https://sis.example-district.org';
/** The context extension the `district-lrs` program reads standards from. */
export const STANDARD_EXTENSION = 'https://example.org/xapi/ext/standard';

export const DEFAULT_SEED = 20250902;
/** Students per synthetic class when the district grows past the real classes. */
export const SYNTHETIC_CLASS_SIZE = 25;
/** Synthetic classes per synthetic school. */
export const SYNTHETIC_CLASSES_PER_SCHOOL = 20;

/** One response of the real ASSISTments file: only what the district needs. */
export interface AssistmentsResponse {
  userId: string;
  classId: string;
  teacherId: string;
  schoolId: string;
  skill: string;
  correct: number;
}

/** One block of the district's scope and sequence (inclusive dates). */
export interface ScopeBlock {
  from: string;
  to: string;
  standard: string;
  unit: string;
}

export interface DemoNames {
  district: { sourcedId: string; name: string };
  schoolNames: readonly string[];
  givenNames: readonly string[];
  familyNames: readonly string[];
}

export interface DemoOptions {
  seed?: number;
  /**
   * Students in all. The real ASSISTments students always take part; more
   * are added in synthetic classes. @default the ASSISTments students
   */
  students?: number;
  /** The real responses the district is built around; none for a synthetic district. */
  assistments?: readonly AssistmentsResponse[];
  scope: readonly ScopeBlock[];
  names: DemoNames;
  /**
   * How much faster a student learns from practice on the standard the class
   * is teaching that day: 1 plants no effect, 2 doubles the learn rate.
   * @default 1
   */
  alignedLearnMultiplier?: number;
  /**
   * i-Ready lessons in each standard's unit, on distinct school days of one
   * block of the scope and sequence (at most the block's school days). The
   * small default keeps `npm start` quick; the alignment analysis needs
   * several opportunities per standard (8 gives it a clear signal).
   * @default 1
   */
  lessonsPerStandard?: number;
  /** Students per synthetic class. @default SYNTHETIC_CLASS_SIZE */
  classSize?: number;
  /** i-Ready students missing from the first mapping file. @default 3 */
  unmappedLessonStudents?: number;
  /** Students whose SIS id the first roster bundle lacks. @default 2 */
  rosterGapStudents?: number;
  /** Rows of the late correction file. @default 10 */
  correctedLessons?: number;
  /** Rows of the day-first file. @default 12 */
  dayFirstLessons?: number;
}

export interface School {
  schoolId: string;
  name: string;
}

export interface DemoClass {
  classId: string;
  schoolId: string;
  teacherIds: string[];
  title: string;
}

export interface DemoStudent {
  /** The Lablink id: the roster sourcedId (the ASSISTments user_id when real). */
  studentId: string;
  /** The SIS id (`identifier`): Star's student id. */
  sisId: string;
  /** The i-Ready id, known to Lablink only through the mapping table. */
  ireadyId: string;
  classIds: string[];
  schoolIds: string[];
  givenName: string;
  familyName: string;
  /** ASSISTments skills the student answered (real students only). */
  assistmentsSkills: string[];
  /** Logit of the student's ability, from their real responses when they have some. */
  ability: number;
  /** Position in the district, for deterministic per-student randomness. */
  index: number;
}

export interface DemoTeacher {
  teacherId: string;
  schoolIds: string[];
  givenName: string;
  familyName: string;
}

export interface DemoDistrict {
  seed: number;
  alignedLearnMultiplier: number;
  lessonsPerStandard: number;
  names: DemoNames;
  scope: readonly ScopeBlock[];
  /** The standards the programs practise and test: the scope's, in the order first taught. */
  standards: readonly string[];
  schools: School[];
  classes: DemoClass[];
  teachers: DemoTeacher[];
  students: DemoStudent[];
  /** Students left out of the first i-Ready mapping file (released by the late one). */
  unmappedLessonStudents: ReadonlySet<string>;
  /** Students without a SIS id in the first roster (released by the roster delta). */
  rosterGapStudents: ReadonlySet<string>;
  correctedLessons: number;
  dayFirstLessons: number;
}
