/**
 * A student's profile: mastery per standard and the most recent evidence
 * across every program. Two queries of the student's partition: the mastery
 * states (precomputed) and the evidence.
 *
 * Note: the evidence query reads the student's whole evidence partition and
 * keeps the newest items, because evidence is keyed by id, not by time. It
 * grows with years of evidence; a time-ordered sort key (or a capped
 * "recent" copy written at ingest) is the fix when profiles get slow.
 */
import type { Evidence } from '../model.js';
import type { EvidenceStore, MasteryStore, RosterStore } from '../ports.js';
import { studentMastery } from './student-mastery.js';
import type { StudentProfile } from './schemas.js';

/** Evidence items a profile shows, newest first. */
export const RECENT_EVIDENCE_LIMIT = 20;

/** Newest first: by time, then the vendor's sequence; clockless evidence last. */
function newestFirst(a: Evidence, b: Evidence): number {
  const at = (e: Evidence) => e.occurredAt ?? '';
  if (at(a) !== at(b)) return at(a) < at(b) ? 1 : -1;
  const seq = (e: Evidence) => e.sequence ?? -Infinity;
  if (seq(a) !== seq(b)) return seq(b) - seq(a);
  return a.evidenceId < b.evidenceId ? -1 : 1;
}

export async function studentProfile(
  deps: { mastery: MasteryStore; roster: RosterStore; evidence: EvidenceStore },
  studentId: string,
  view: { classIds: string[]; schoolIds?: string[] },
): Promise<StudentProfile> {
  const [mastery, evidence] = await Promise.all([
    studentMastery(deps, studentId),
    deps.evidence.listStudentEvidence(studentId),
  ]);
  const recent = [...evidence].sort(newestFirst).slice(0, RECENT_EVIDENCE_LIMIT);
  return {
    studentId,
    classIds: view.classIds,
    standards: mastery.standards,
    recentEvidence: recent.map((e) => ({
      evidenceId: e.evidenceId,
      programId: e.programId,
      itemId: e.itemId,
      standards: e.standards,
      status: e.status,
      score: e.score,
      occurredAt: e.occurredAt,
      sequence: e.sequence,
      minutesOnTask: e.minutesOnTask,
    })),
    demographics: view.schoolIds ? { schoolIds: view.schoolIds } : undefined,
  };
}
