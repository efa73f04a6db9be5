/**
 * A student's profile: mastery per standard and the most recent evidence
 * across every program. It reads the mastery states (one query) and the
 * student's recent-evidence summary (one item the rollup path keeps), at
 * once. Without a usable summary (none built yet, or an entry whose record
 * expired under the retention setting) it reads the whole evidence history,
 * which is exact but grows with years of evidence.
 */
import type { EvidenceStore, MasteryStore, RosterStore } from '../ports.js';
import type { MasteryState } from '../model.js';
import {
  entryOf,
  newestEntries,
  type RecentEvidenceEntry,
  type RecentEvidenceReader,
  type RecentEvidenceSummary,
} from './recent-evidence.js';
import { describeStudentMastery, studentMastery } from './student-mastery.js';
import type { StudentProfile } from './schemas.js';

export { RECENT_EVIDENCE_LIMIT } from './recent-evidence.js';

export interface ProfileDeps {
  mastery: MasteryStore;
  roster: RosterStore;
  evidence: EvidenceStore;
  recent?: RecentEvidenceReader;
}

/**
 * What a profile reads from the student's partition, together: storage
 * answers it with one query (mastery states sort just before the summary).
 */
/** Read-only: concurrent requests may share one read (storage/shared-calls.ts). */
export interface StudentReportRead {
  readonly mastery: readonly MasteryState[];
  readonly recent: RecentEvidenceSummary | undefined;
}

export interface StudentReportReader {
  readStudentReport(studentId: string): Promise<StudentReportRead>;
}

/** The profile from a read whose access was already checked. */
export async function studentProfileOf(
  deps: Pick<ProfileDeps, 'evidence'>,
  studentId: string,
  read: StudentReportRead,
  view: { classIds: string[]; schoolIds?: string[] },
): Promise<StudentProfile> {
  const recent = await recentEvidenceOf(deps, studentId, read.recent);
  return {
    studentId,
    classIds: view.classIds,
    standards: describeStudentMastery(studentId, [], read.mastery).standards,
    recentEvidence: recent.map(({ expiresAt: _e, ...entry }) => entry),
    demographics: view.schoolIds ? { schoolIds: view.schoolIds } : undefined,
  };
}

/**
 * Whether a recent-evidence summary can stand for the history: none of its
 * entries has outlived its record. A profile built from a usable summary is
 * a function of the read alone (the profile handler caches it on that).
 */
export function summaryUsable(summary: RecentEvidenceSummary, now = new Date()): boolean {
  const nowInSeconds = now.getTime() / 1000;
  return !summary.entries.some(
    (e) => e.expiresAt !== undefined && e.expiresAt <= nowInSeconds,
  );
}

/** The newest evidence: from the summary when it is usable, else the history. */
export async function recentEvidence(
  deps: ProfileDeps,
  studentId: string,
  now = new Date(),
): Promise<RecentEvidenceEntry[]> {
  return recentEvidenceOf(
    deps,
    studentId,
    await deps.recent?.getRecentEvidence(studentId),
    now,
  );
}

async function recentEvidenceOf(
  deps: Pick<ProfileDeps, 'evidence'>,
  studentId: string,
  summary: RecentEvidenceSummary | undefined,
  now = new Date(),
): Promise<RecentEvidenceEntry[]> {
  if (summary && summaryUsable(summary, now)) return summary.entries;
  const history = await deps.evidence.listStudentEvidence(studentId);
  return newestEntries(history.map((e) => entryOf(e))).entries;
}

export async function studentProfile(
  deps: ProfileDeps,
  studentId: string,
  view: { classIds: string[]; schoolIds?: string[]; authorized?: boolean },
): Promise<StudentProfile> {
  const [mastery, recent] = await Promise.all([
    studentMastery(deps, studentId, undefined, { authorized: view.authorized }),
    recentEvidence(deps, studentId),
  ]);
  return {
    studentId,
    classIds: view.classIds,
    standards: mastery.standards,
    recentEvidence: recent.map(({ expiresAt: _e, ...entry }) => entry),
    demographics: view.schoolIds ? { schoolIds: view.schoolIds } : undefined,
  };
}
