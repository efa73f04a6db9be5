/**
 * The demo district: the real ASSISTments schools, classes, teachers and
 * students (their ids kept, so the real responses keep their owners), grown
 * with synthetic classes to the size asked for, and fictional names.
 */
import { parse } from 'csv-parse/sync';
import { seededRandom, type Random } from '../analysis/random.js';
import { InvalidInputError } from '../errors.js';
import {
  DEFAULT_SEED,
  SYNTHETIC_CLASS_SIZE,
  SYNTHETIC_CLASSES_PER_SCHOOL,
  type AssistmentsResponse,
  type DemoClass,
  type DemoDistrict,
  type DemoOptions,
  type DemoStudent,
  type DemoTeacher,
  type ScopeBlock,
} from './model.js';

/** Abilities stay within this many logits, so no student is certain either way. */
const MAX_ABILITY_LOGIT = 3;
/** A school block has at most this many school days; more lessons cannot fit in one. */
const MAX_LESSONS_PER_STANDARD = 25;

/** The columns of the real ASSISTments export the district is built from. */
export function parseAssistmentsResponses(text: string): AssistmentsResponse[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => ({
    userId: r.user_id as string,
    classId: r.student_class_id as string,
    teacherId: r.teacher_id as string,
    schoolId: r.school_id as string,
    skill: r.skill_name as string,
    correct: Number(r.correct),
  }));
}

/** `from,to,standard,unit` rows of data/demo/district/scope-and-sequence.csv. */
export function parseScopeBlocks(text: string): ScopeBlock[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true });
  return (rows as Record<string, string>[]).map((r) => ({
    from: r.from as string,
    to: r.to as string,
    standard: r.standard as string,
    unit: r.unit ?? '',
  }));
}

/** A random stream of its own per key, so one student's story never shifts another's. */
export function randomFor(seed: number, key: string): Random {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < key.length; i += 1) {
    h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  }
  return seededRandom(h >>> 0);
}

export function normal(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const clamp = (x: number) => Math.max(-MAX_ABILITY_LOGIT, Math.min(MAX_ABILITY_LOGIT, x));
const mostFrequent = (counts: Map<string, number>) =>
  [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] as string;
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function increment<K>(map: Map<K, Map<string, number>>, key: K, value: string) {
  const inner = map.get(key) ?? new Map<string, number>();
  inner.set(value, (inner.get(value) ?? 0) + 1);
  map.set(key, inner);
}

/** The scope's standards in the order the district first teaches them. */
export const standardsOf = (scope: readonly ScopeBlock[]) => [
  ...new Set(scope.map((b) => b.standard)),
];

function wholeNumber(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidInputError(
      `${field}: ${value} is not a whole number from 1 to ${max}, e.g. 8`,
      { field },
    );
  }
  return value;
}

/** Builds the district; pure: the same options give the same district. */
export function buildDistrict(options: DemoOptions): DemoDistrict {
  const seed = options.seed ?? DEFAULT_SEED;
  const classSize = wholeNumber(
    'classSize',
    options.classSize ?? SYNTHETIC_CLASS_SIZE,
    Number.MAX_SAFE_INTEGER,
  );
  const lessonsPerStandard = wholeNumber(
    'lessonsPerStandard',
    options.lessonsPerStandard ?? 1,
    MAX_LESSONS_PER_STANDARD,
  );
  const responses = options.assistments ?? [];
  const names = options.names;
  const pick = (list: readonly string[], r: Random) =>
    list[Math.floor(r() * list.length)] as string;

  // Real classes keep their ids; a class the file shows in two schools sits
  // in the one most of its responses come from.
  const classSchools = new Map<string, Map<string, number>>();
  const classTeachers = new Map<string, Set<string>>();
  const studentClasses = new Map<string, Set<string>>();
  const tally = new Map<string, { n: number; correct: number }>();
  const skills = new Map<string, Set<string>>();
  for (const r of responses) {
    skills.set(r.userId, (skills.get(r.userId) ?? new Set()).add(r.skill));
    increment(classSchools, r.classId, r.schoolId);
    classTeachers.set(
      r.classId,
      (classTeachers.get(r.classId) ?? new Set()).add(r.teacherId),
    );
    studentClasses.set(
      r.userId,
      (studentClasses.get(r.userId) ?? new Set()).add(r.classId),
    );
    const t = tally.get(r.userId) ?? { n: 0, correct: 0 };
    t.n += 1;
    t.correct += r.correct;
    tally.set(r.userId, t);
  }
  const classes: DemoClass[] = [...classSchools.keys()].sort(byId).map((classId) => ({
    classId,
    schoolId: mostFrequent(classSchools.get(classId) as Map<string, number>),
    teacherIds: [...(classTeachers.get(classId) as Set<string>)].sort(byId),
    title: `Grade 6 Math ${classId}`,
  }));

  const realIds = [...studentClasses.keys()].sort(byId);
  const total = Math.max(options.students ?? realIds.length, realIds.length);
  const students: DemoStudent[] = realIds.map((studentId, index) => {
    const t = tally.get(studentId) as { n: number; correct: number };
    const classIds = [...(studentClasses.get(studentId) as Set<string>)].sort(byId);
    const ability = Math.log((t.correct + 1) / (t.n - t.correct + 1));
    const s = student(studentId, index, classIds, ability);
    s.assistmentsSkills = [...(skills.get(studentId) as Set<string>)].sort(byId);
    return s;
  });

  // Synthetic classes fill the district to the size asked for.
  for (let index = realIds.length; index < total; index += 1) {
    const n = index - realIds.length;
    const classNumber = Math.floor(n / classSize);
    const classId = `demo-class-${classNumber + 1}`;
    if (n % classSize === 0) {
      const school = `demo-school-${Math.floor(classNumber / SYNTHETIC_CLASSES_PER_SCHOOL) + 1}`;
      classes.push({
        classId,
        schoolId: school,
        teacherIds: [`demo-teacher-${classNumber + 1}`],
        title: `Grade 6 Math ${classId}`,
      });
    }
    const ability = normal(randomFor(seed, `ability:${index}`));
    students.push(
      student(`demo-${String(n + 1).padStart(6, '0')}`, index, [classId], ability),
    );
  }

  function student(
    studentId: string,
    index: number,
    classIds: string[],
    ability: number,
  ): DemoStudent {
    const r = randomFor(seed, `names:${studentId}`);
    return {
      studentId,
      sisId: `S${String(100000 + index)}`,
      ireadyId: `IR-${String(700000 + index * 7)}`,
      classIds,
      schoolIds: [],
      assistmentsSkills: [],
      givenName: pick(names.givenNames, r),
      familyName: pick(names.familyNames, r),
      ability: clamp(ability),
      index,
    };
  }

  const schoolOf = new Map(classes.map((c) => [c.classId, c.schoolId]));
  for (const s of students) {
    s.schoolIds = [...new Set(s.classIds.map((c) => schoolOf.get(c) as string))].sort(
      byId,
    );
  }
  const teacherSchools = new Map<string, Set<string>>();
  for (const c of classes) {
    for (const t of c.teacherIds) {
      teacherSchools.set(t, (teacherSchools.get(t) ?? new Set()).add(c.schoolId));
    }
  }
  const teachers: DemoTeacher[] = [...teacherSchools.keys()]
    .sort(byId)
    .map((teacherId) => {
      const r = randomFor(seed, `names:${teacherId}`);
      return {
        teacherId,
        schoolIds: [...(teacherSchools.get(teacherId) as Set<string>)].sort(byId),
        givenName: pick(names.givenNames, r),
        familyName: pick(names.familyNames, r),
      };
    });
  const schoolIds = [...new Set(classes.map((c) => c.schoolId))].sort(byId);
  const schools = schoolIds.map((schoolId, i) => ({
    schoolId,
    name: `${names.schoolNames[i % names.schoolNames.length]} Middle School${
      i >= names.schoolNames.length
        ? ` ${Math.floor(i / names.schoolNames.length) + 1}`
        : ''
    }`,
  }));

  const unmapped = chooseStudents(
    students,
    seed,
    'unmapped-lessons',
    options.unmappedLessonStudents ?? 3,
  );
  return {
    seed,
    alignedLearnMultiplier: options.alignedLearnMultiplier ?? 1,
    lessonsPerStandard,
    names,
    scope: options.scope,
    standards: standardsOf(options.scope),
    schools,
    classes,
    teachers,
    students,
    unmappedLessonStudents: unmapped,
    rosterGapStudents: chooseStudents(
      students,
      seed,
      'roster-gap',
      options.rosterGapStudents ?? 2,
      unmapped,
    ),
    correctedLessons: options.correctedLessons ?? 10,
    dayFirstLessons: options.dayFirstLessons ?? 12,
  };
}

/** A few students picked by the seed, each mess touching different students. */
function chooseStudents(
  students: readonly DemoStudent[],
  seed: number,
  why: string,
  count: number,
  exclude: ReadonlySet<string> = new Set(),
): ReadonlySet<string> {
  const r = randomFor(seed, why);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, students.length - exclude.size)) {
    const id = (students[Math.floor(r() * students.length)] as DemoStudent).studentId;
    if (!exclude.has(id)) chosen.add(id);
  }
  return chosen;
}
