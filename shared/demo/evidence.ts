/**
 * A simulated term as the evidence Lablink holds once each program's file is
 * mapped, with the lessons' standards as a district crosswalk would give them
 * (no builtin crosswalk maps i-Ready lesson names): what the benchmarks and
 * the alignment analysis read when they need records, not files. Ids are the
 * Lablink student ids; date-only observations sit at noon UTC.
 */
import type { Evidence } from '../model.js';
import { DEMO_PROGRAMS, type DemoDistrict } from './model.js';
import {
  DIAGNOSTIC_ITEMS,
  EVENT_ITEMS,
  LESSON_ITEMS,
  simulateTerms,
  type StudentTerm,
} from './simulate.js';

const atNoon = (date: string) => `${date}T12:00:00Z`;

/** One student's evidence in the order the work happened: Star, lessons, the lab. */
export function termEvidence(term: StudentTerm): Evidence[] {
  const studentId = term.student.studentId;
  const classId = term.student.classIds[0];
  const out: Evidence[] = [];
  const push = (
    programId: string,
    itemId: string,
    standard: string,
    score: number,
    occurredAt: string,
    minutesOnTask?: number,
  ) => {
    const n = out.length;
    out.push({
      evidenceId: `demo-${programId}-${studentId}-${n}`,
      studentId,
      programId,
      itemId,
      standards: [standard],
      status: 'scored',
      score,
      occurredAt,
      sequence: n,
      ...(minutesOnTask === undefined ? {} : { minutesOnTask }),
      weight: 1,
      ...(classId ? { classId } : {}),
      source: { kind: 'push', uri: 'lablink:demo', line: n + 1, runId: 'demo' },
      contentHash: `${studentId}:${n}:${score}`,
    });
  };
  for (const d of term.diagnostic) {
    if (!d.standard) continue; // the unmapped standard reaches no evidence standard
    const correct = Math.round((d.percent / 100) * DIAGNOSTIC_ITEMS);
    push(
      DEMO_PROGRAMS.diagnostic,
      d.vendorStandard,
      d.standard,
      correct / DIAGNOSTIC_ITEMS,
      atNoon(d.date),
    );
  }
  for (const l of term.lessons) {
    const correct = Math.round((l.score / 100) * LESSON_ITEMS);
    push(
      DEMO_PROGRAMS.lessons,
      `lesson:${l.standard}`,
      l.standard,
      correct / LESSON_ITEMS,
      atNoon(l.date),
      l.minutes,
    );
  }
  for (const e of term.events) {
    push(
      DEMO_PROGRAMS.events,
      `lab:${e.standard}:${e.n + 1}`,
      e.standard,
      e.correct / EVENT_ITEMS,
      e.timestamp,
      e.minutes,
    );
  }
  return out;
}

/** Every student's evidence, one student at a time (lazily, like simulateTerms). */
export function* districtEvidence(district: DemoDistrict): Generator<Evidence[]> {
  for (const term of simulateTerms(district)) yield termEvidence(term);
}
