/**
 * Each student's term, simulated with knowledge tracing: a hidden known or
 * unknown state per standard, drawn from the student's ability (their real
 * ASSISTments responses when they have some), answered with guess and slip,
 * learned after practice. Every program observes the same hidden states, so
 * a student strong in one program tends to be strong in the others.
 *
 * The i-Ready term follows the scope and sequence: one unit per standard,
 * its lessons on school days of one block of the scope. About half of a
 * student's units sit in a block where the class teaches that standard (the
 * teacher aligned them); the others sit where the program's own path puts
 * them, in a block teaching something else. Work happens in date order, so
 * the Star test sees the state of its day, whatever came before it.
 */
import { DateTime } from 'luxon';
import type { Random } from '../analysis/random.js';
import { randomFor } from './district.js';
import type { DemoDistrict, DemoStudent, ScopeBlock } from './model.js';

/** The standards of the default scope and sequence (grade 6 math). */
export const DEMO_STANDARDS = [
  '6.RP.A.1',
  '6.RP.A.2',
  '6.RP.A.3.A',
  '6.SP.B.4',
  '6.SP.B.5',
];
/** Logit difficulty of the demo standards; others draw theirs from the seed. */
const DIFFICULTY: Readonly<Record<string, number>> = {
  '6.RP.A.1': -0.4,
  '6.RP.A.2': 0,
  '6.RP.A.3.A': 0.3,
  '6.SP.B.4': 0.1,
  '6.SP.B.5': 0.5,
};
/** Width (logits) of the uniform difficulty of a standard DIFFICULTY does not list. */
const OTHER_DIFFICULTY_SPREAD = 1;
export const GUESS = 0.2;
export const SLIP = 0.1;
/**
 * P(learn) per practice session: a lesson of 10 items (about 0.035 an item).
 * High enough that a unit of 10 lessons brings most students to mastery, which
 * the alignment analysis needs (shared/analysis/demo-district.ts).
 */
export const LEARN = 0.3;
/** Share of the lab's activities on the standard the class teaches that day. */
const ON_PLAN_SHARE = 0.7;
/** Share of a student's lesson units placed where the class teaches their standard. */
export const ALIGNED_UNIT_SHARE = 0.5;

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

/** The i-Ready lesson name of a standard; a scope beyond the demo's gets a made-up one. */
export const lessonName = (standard: string) =>
  LESSON_NAMES[standard] ?? `Practice ${standard}`;

const ZONE = { zone: 'utc' } as const;
const DIAGNOSTIC_START = DateTime.fromISO('2025-09-08', ZONE);
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
  /** A lesson exported later by a day-first account (only some are written). */
  dayFirstLesson?: LessonObservation;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The focus standard of the scope and sequence on `date`, if any. */
export function focusOn(scope: readonly ScopeBlock[], date: string): string | undefined {
  return scope.find((b) => b.from <= date && date <= b.to)?.standard;
}

function difficultyOf(seed: number, standard: string): number {
  const listed = DIFFICULTY[standard];
  if (listed !== undefined) return listed;
  return (randomFor(seed, `difficulty:${standard}`)() - 0.5) * OTHER_DIFFICULTY_SPREAD;
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

/** Weekdays of each block, computed once (luxon per student would dominate a large district). */
const weekdayCache = new Map<string, readonly string[]>();

function weekdaysOf(block: ScopeBlock): readonly string[] {
  const key = `${block.from}/${block.to}`;
  let days = weekdayCache.get(key);
  if (!days) {
    const list: string[] = [];
    const last = DateTime.fromISO(block.to, ZONE);
    for (let d = DateTime.fromISO(block.from, ZONE); d <= last; d = d.plus({ days: 1 })) {
      if (d.weekday <= 5) list.push(d.toISODate() as string);
    }
    weekdayCache.set(key, (days = list));
  }
  return days;
}

/** `count` distinct weekdays of a block (all of them when it has fewer), sorted. */
function lessonDays(r: Random, block: ScopeBlock, count: number): string[] {
  const days = [...weekdaysOf(block)];
  const n = Math.min(count, days.length);
  for (let i = 0; i < n; i += 1) {
    const j = i + Math.floor(r() * (days.length - i));
    [days[i], days[j]] = [days[j] as string, days[i] as string];
  }
  return days.slice(0, n).sort();
}

/**
 * The scope block of each standard's unit. Aligned units take a block that
 * teaches their standard (blocks teach one standard, so they never collide);
 * the others take a free block teaching something else, or share one when
 * none is free.
 */
function unitBlocks(
  r: Random,
  scope: readonly ScopeBlock[],
  standards: readonly string[],
) {
  const blockOf: number[] = [];
  const used = new Set<number>();
  const elsewhere: number[] = [];
  standards.forEach((standard, k) => {
    const taught = scope.flatMap((b, i) => (b.standard === standard ? [i] : []));
    if (taught.length > 0 && r() < ALIGNED_UNIT_SHARE) {
      const i = taught[Math.floor(r() * taught.length)] as number;
      blockOf[k] = i;
      used.add(i);
    } else elsewhere.push(k);
  });
  for (const k of elsewhere) {
    const other = scope.flatMap((b, i) => (b.standard !== standards[k] ? [i] : []));
    const free = other.filter((i) => !used.has(i));
    const choices =
      free.length > 0 ? free : other.length > 0 ? other : scope.map((_, i) => i);
    const i = choices[Math.floor(r() * choices.length)] as number;
    blockOf[k] = i;
    used.add(i);
  }
  return blockOf;
}

const answered = (r: Random, known: boolean, items: number) => {
  let correct = 0;
  for (let i = 0; i < items; i += 1) {
    if (r() < (known ? 1 - SLIP : GUESS)) correct += 1;
  }
  return correct;
};

/** One piece of the term; on the same day the test comes first, then lessons, then the lab. */
interface Step {
  date: string;
  kind: 'diagnostic' | 'lesson' | 'event' | 'dayFirst';
  /** Index of the standard in the district's standards (the test covers all). */
  k: number;
}
const KIND_ORDER = { diagnostic: 0, lesson: 1, event: 2, dayFirst: 3 } as const;
const byDate = (a: Step, b: Step) =>
  (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
  KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
  a.k - b.k;

/** One student's term; pure in (district, student). */
export function simulateStudent(
  district: DemoDistrict,
  student: DemoStudent,
): StudentTerm {
  const r = randomFor(district.seed, `term:${student.studentId}`);
  const { scope, standards } = district;
  const known = standards.map(
    (standard) =>
      r() < sigmoid(student.ability - difficultyOf(district.seed, standard) - 0.5),
  );
  const practise = (date: string): number => {
    const onPlan = focusOn(scope, date);
    const k =
      onPlan !== undefined && r() < ON_PLAN_SHARE
        ? standards.indexOf(onPlan)
        : Math.floor(r() * standards.length);
    return k < 0 ? 0 : k;
  };
  const learn = (k: number, date: string) => {
    const aligned = focusOn(scope, date) === standards[k];
    const rate = Math.min(1, LEARN * (aligned ? district.alignedLearnMultiplier : 1));
    if (!known[k] && r() < rate) known[k] = true;
  };

  // The calendar first (every draw that places work), then the term in date order.
  const steps: Step[] = [];
  const testDay = DIAGNOSTIC_START.plus({
    days: student.index % 5,
  }).toISODate() as string;
  steps.push({ date: testDay, kind: 'diagnostic', k: -1 });
  unitBlocks(r, scope, standards).forEach((block, k) => {
    const days = lessonDays(r, scope[block] as ScopeBlock, district.lessonsPerStandard);
    for (const date of days) steps.push({ date, kind: 'lesson', k });
  });
  for (const date of distinctDays(r, EVENTS_START, EVENT_DAYS, STATEMENTS_PER_STUDENT))
    steps.push({ date, kind: 'event', k: practise(date) });
  const late = schoolDay(DAY_FIRST_START.plus({ days: Math.floor(r() * 12) }));
  steps.push({
    // After the 12th, so no day-first row could be read as month-first.
    date: (late.day <= 12 ? late.plus({ days: 2 }) : late).toISODate() as string,
    kind: 'dayFirst',
    k: practise(late.toISODate() as string),
  });
  steps.sort(byDate);

  const term: StudentTerm = { student, diagnostic: [], lessons: [], events: [] };
  for (const { date, kind, k } of steps) {
    const standard = standards[k] as string;
    if (kind === 'diagnostic') {
      term.diagnostic = diagnosticOf(r, standards, known, student.ability, date);
    } else if (kind === 'lesson' || kind === 'dayFirst') {
      const score = Math.round(
        (100 * answered(r, known[k] as boolean, LESSON_ITEMS)) / LESSON_ITEMS,
      );
      const lesson = { standard, date, score, minutes: 12 + Math.floor(r() * 29) };
      // The day-first export is read (or rejected) apart: it teaches nothing here.
      if (kind === 'dayFirst') term.dayFirstLesson = lesson;
      else {
        term.lessons.push(lesson);
        learn(k, date);
      }
    } else {
      const correct = answered(r, known[k] as boolean, EVENT_ITEMS);
      const minutes = 5 + Math.floor(r() * 16);
      learn(k, date);
      const hour = 13 + Math.floor(r() * 3);
      term.events.push({
        standard,
        timestamp: `${date}T${hour}:${String(Math.floor(r() * 60)).padStart(2, '0')}:00.000Z`,
        correct,
        minutes,
        n: term.events.length,
      });
    }
  }
  return term;
}

/** The Star test of every standard on one day, plus the standard no crosswalk maps. */
function diagnosticOf(
  r: Random,
  standards: readonly string[],
  known: readonly boolean[],
  ability: number,
  date: string,
): DiagnosticObservation[] {
  const percent = (correct: number) => Math.round((100 * correct) / DIAGNOSTIC_ITEMS);
  const diagnostic: DiagnosticObservation[] = standards.map((standard, k) => ({
    vendorStandard: `CCSS.Math.Content.${standard}`,
    standard,
    date,
    percent: percent(answered(r, known[k] as boolean, DIAGNOSTIC_ITEMS)),
  }));
  const numberSense = answered(r, r() < sigmoid(ability), DIAGNOSTIC_ITEMS);
  diagnostic.push({
    vendorStandard: UNMAPPED_DIAGNOSTIC_STANDARD,
    date,
    percent: percent(numberSense),
  });
  return diagnostic;
}

/** Every student's term, lazily: a 100,000-student district never sits in memory twice. */
export function* simulateTerms(district: DemoDistrict): Generator<StudentTerm> {
  for (const student of district.students) yield simulateStudent(district, student);
}
