/**
 * A student's newest evidence, kept as one capped summary item by the rollup
 * path, so the profile reads one item instead of the whole evidence history.
 */
import { z } from 'zod';
import type { Evidence } from '../model.js';
import { RecentEvidence } from './schemas.js';

/** Evidence items a profile shows, newest first. */
export const RECENT_EVIDENCE_LIMIT = 20;

/** A summary entry: what the profile shows, with its record's expiry if any. */
export const RecentEvidenceEntry = RecentEvidence.extend({
  /** Epoch seconds after which the evidence record is gone (retention). */
  expiresAt: z.number().optional(),
});
export type RecentEvidenceEntry = z.infer<typeof RecentEvidenceEntry>;

export const RecentEvidenceSummary = z.object({
  studentId: z.string(),
  /** Newest first, at most `RECENT_EVIDENCE_LIMIT`. */
  entries: z.array(RecentEvidenceEntry),
  /** True when the student has more evidence than the summary keeps. */
  truncated: z.boolean(),
  /** Bumped by each write; a write expecting another revision lost a race. */
  revision: z.number().int().nonnegative(),
});
export type RecentEvidenceSummary = z.infer<typeof RecentEvidenceSummary>;

/** Reads a student's summary (one GetItem); storage implements it. */
export interface RecentEvidenceReader {
  getRecentEvidence(studentId: string): Promise<RecentEvidenceSummary | undefined>;
}

type Ordered = Pick<Evidence, 'occurredAt' | 'sequence' | 'evidenceId'>;

/** Newest first: by time, then the vendor's sequence; clockless evidence last. */
export function newestFirst(a: Ordered, b: Ordered): number {
  const at = (e: Ordered) => e.occurredAt ?? '';
  if (at(a) !== at(b)) return at(a) < at(b) ? 1 : -1;
  const seq = (e: Ordered) => e.sequence ?? -Infinity;
  if (seq(a) !== seq(b)) return seq(b) - seq(a);
  return a.evidenceId < b.evidenceId ? -1 : 1;
}

/** What the profile shows of one evidence record. */
export const entryOf = (e: Evidence, expiresAt?: number): RecentEvidenceEntry => ({
  evidenceId: e.evidenceId,
  programId: e.programId,
  itemId: e.itemId,
  standards: e.standards,
  status: e.status,
  score: e.score,
  occurredAt: e.occurredAt,
  sequence: e.sequence,
  minutesOnTask: e.minutesOnTask,
  ...(expiresAt === undefined ? {} : { expiresAt }),
});

/** The newest entries of a complete set, and whether some were left out. */
export function newestEntries(entries: readonly RecentEvidenceEntry[]): {
  entries: RecentEvidenceEntry[];
  truncated: boolean;
} {
  const sorted = [...entries].sort(newestFirst);
  return {
    entries: sorted.slice(0, RECENT_EVIDENCE_LIMIT),
    truncated: sorted.length > RECENT_EVIDENCE_LIMIT,
  };
}

/**
 * The summary after a run wrote `incoming`, or undefined when it cannot be
 * merged and must be rebuilt from the history: a new version of evidence the
 * summary holds may now sort below evidence it already dropped.
 */
export function mergeRecent(
  summary: RecentEvidenceSummary,
  incoming: readonly RecentEvidenceEntry[],
): { entries: RecentEvidenceEntry[]; truncated: boolean } | undefined {
  const held = new Set(summary.entries.map((e) => e.evidenceId));
  if (incoming.some((e) => held.has(e.evidenceId))) return undefined;
  const merged = newestEntries([...summary.entries, ...incoming]);
  return { ...merged, truncated: summary.truncated || merged.truncated };
}
