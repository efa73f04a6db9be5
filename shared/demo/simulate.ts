/**
 * Each student's term, simulated with knowledge tracing: a hidden known or
 * unknown state per standard, drawn from the student's ability (their real
 * ASSISTments responses when they have some), answered with guess and slip,
 * learned after practice. Every program observes the same hidden states, so
 * a student strong in one program tends to be strong in the others.
 */
import { DateTime } from 'luxon';
import type { Random } from '../analysis/random.js';
import { randomFor } from './district.js';
import type { DemoDistrict, DemoStudent, ScopeBlock } from './model.js';

/** The standards the demo programs practise and test (grade 6 math). */
export const DEMO_STANDARDS = [
  '6.RP.A.1',
  '6.RP.A.2',
  '6.RP.A.3.A',
  '6.SP.B.4',
  '6.SP.B.5',
];
/** Logit difficulty of each standard, in DEMO_STANDARDS order. */
const DIFFICULTY = [-0.4, 0, 0.3, 0.1, 0.5];
export const GUESS = 0.2;
export const SLIP = 0.1;
export const LEARN = 0.12;
/** Share of practice on the standard the class teaches that day. */
const ON_PLAN_SHARE = 0.7;

export const LESSON_ITEMS = 10;
export const DIAGNOSTIC_ITEMS = 4;
export const EVENT_ITEMS = 5;
/** One statement each keeps the push to one request for the small district. */
export const STATEMENTS_PER_STUDENT = 1;
/** A standard the diagnostic reports but no crosswalk maps: the unknown skill. */
export const UNMAPPED_DIAGNOSTIC_STANDARD = 'CCSS.Math.Content.6.NS.C.6';

export const LESSON_NAMES: Readonly<Record<string, string>> = {
  '6.RP.A.1': 'Understand Ratio Concepts',
  '6.RP.A.2': 'Understand Unit Rate',
  '6.RP.A.3.A': 'Use Tables of Equivalent Ratios',
  '6.SP.B.4': 'Display Data in Box Plots',
  '6.SP.B.5': 'Summarize Data Sets',
};

const ZONE = { zone: 'utc' } as const;
const DIAGNOSTIC_START = DateTime.fromISO('2025-09-08', ZONE);
const LESSONS_START = DateTime.fromISO('2025-09-15', ZONE);
const LESSON_DAYS = 40;
const EVENTS_START = DateTime.fromISO('2025-11-03', ZONE);
const EVENT_DAYS = 19;
/** Day-first lessons fall after the 12th, so no row could be misread as month-first. */
const DAY_FIRST_START = DateTime.fromISO('2025-11-13', ZONE);

export interface LessonObservation {
  standard: string;
  date: string;
  score: number;
  minutes: number;
}

export interface DiagnosticObservation {
  /** The vendor's code: `CCSS.Math.Content.<code>`. */
  vendorStandard: string;
  standard?: string;
  date: string;
  percent: number;
}

export interface EventObservation {
  standard: string;
  timestamp: string;
  correct: number;
  minutes: number;
  n: number;
}

export interface StudentTerm {
  student: DemoStudent;
  diagnostic: DiagnosticObservation[];
  lessons: LessonObservation[];
  events: EventObservation[];
  /** A lesson exported later by a day-first account (present only for some students). */
  dayFirstLesson?: LessonObservation;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The focus standard of the scope and sequence on `date`, if any. */
export function focusOn(scope: readonly ScopeBlock[], date: string): string | undefined {
  return scope.find((b) => b.from <= date && date <= b.to)?.standard;
}

/** A school day on or after `day`: weekends move to Monday. */
function schoolDay(day: DateTime): DateTime {
  const weekday = day.weekday;
  return weekday >= 6 ? day.plus({ days: 8 - weekday }) : day;
}

function distinctDays(r: Random, start: DateTime, span: number, count: number): string[] {
  const days = new Set<string>();
  while (days.size < count) {
    days.add(
      schoolDay(start.plus({ days: Math.floor(r() * span) })).toISODate() as string,
    );
  }
  return [...days].sort();
}

const answered = (r: Random, known: boolean, items: number) => {
  let correct = 0;
  for (let i = 0; i < items; i += 1) {
    if (r() < (known ? 1 - SLIP : GUESS)) correct += 1;
  }
  return correct;
};

/** One student's term; pure in (district, student). */
export function simulateStudent(
  district: DemoDistrict,
  student: DemoStudent,
): StudentTerm {
  const r = randomFor(district.seed, `term:${student.studentId}`);
  const known = DEMO_STANDARDS.map(
    (_, k) => r() < sigmoid(student.ability - (DIFFICULTY[k] as number) - 0.5),
  );
  const practise = (date: string): number => {
    const onPlan = focusOn(district.scope, date);
    const k =
      onPlan !== undefined && r() < ON_PLAN_SHARE
        ? DEMO_STANDARDS.indexOf(onPlan)
        : Math.floor(r() * DEMO_STANDARDS.length);
    return k < 0 ? 0 : k;
  };
  const learn = (k: number, date: string) => {
    const aligned = focusOn(district.scope, date) === DEMO_STANDARDS[k];
    const rate = Math.min(1, LEARN * (aligned ? district.alignedLearnMultiplier : 1));
    if (!known[k] && r() < rate) known[k] = true;
  };

  const testDay = DIAGNOSTIC_START.plus({
    days: student.index % 5,
  }).toISODate() as string;
  const diagnostic: DiagnosticObservation[] = DEMO_STANDARDS.map((standard, k) => ({
    vendorStandard: `CCSS.Math.Content.${standard}`,
    standard,
    date: testDay,
    percent: Math.round(
      (100 * answered(r, known[k] as boolean, DIAGNOSTIC_ITEMS)) / DIAGNOSTIC_ITEMS,
    ),
  }));
  const numberSense = answered(r, r() < sigmoid(student.ability), DIAGNOSTIC_ITEMS);
  diagnostic.push({
    vendorStandard: UNMAPPED_DIAGNOSTIC_STANDARD,
    date: testDay,
    percent: Math.round((100 * numberSense) / DIAGNOSTIC_ITEMS),
  });

  const lessonCount = 3 + Math.floor(r() * 3);
  const lessons = distinctDays(r, LESSONS_START, LESSON_DAYS, lessonCount).map((date) => {
    const k = practise(date);
    const score = Math.round(
      (100 * answered(r, known[k] as boolean, LESSON_ITEMS)) / LESSON_ITEMS,
    );
    const minutes = 12 + Math.floor(r() * 29);
    learn(k, date);
    return { standard: DEMO_STANDARDS[k] as string, date, score, minutes };
  });

  const events = distinctDays(r, EVENTS_START, EVENT_DAYS, STATEMENTS_PER_STUDENT).map(
    (date, n) => {
      const k = practise(date);
      const correct = answered(r, known[k] as boolean, EVENT_ITEMS);
      const minutes = 5 + Math.floor(r() * 16);
      learn(k, date);
      const hour = 13 + Math.floor(r() * 3);
      return {
        standard: DEMO_STANDARDS[k] as string,
        timestamp: `${date}T${hour}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`,
        correct,
        minutes,
        n,
      };
    },
  );

  const day = schoolDay(DAY_FIRST_START.plus({ days: Math.floor(r() * 12) }));
  const k = practise(day.toISODate() as string);
  const dayFirstLesson = {
    standard: DEMO_STANDARDS[k] as string,
    date: (day.day <= 12 ? day.plus({ days: 2 }) : day).toISODate() as string,
    score: Math.round(
      (100 * answered(r, known[k] as boolean, LESSON_ITEMS)) / LESSON_ITEMS,
    ),
    minutes: 12 + Math.floor(r() * 29),
  };
  return { student, diagnostic, lessons, events, dayFirstLesson };
}

/** Every student's term, lazily: a 100,000-student district never sits in memory twice. */
export function* simulateTerms(district: DemoDistrict): Generator<StudentTerm> {
  for (const student of district.students) yield simulateStudent(district, student);
}
