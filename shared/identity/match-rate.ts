/**
 * How many records of a run matched a student, by which kind of id, and why
 * the others did not: the district's view of how well a program's ids line
 * up with the roster.
 */
import type { Resolution } from './resolver.js';

export interface MatchRate {
  records: number;
  matched: number;
  /** Matched records by kind of id (`mapping`, `sourcedId`, `identifier`...). */
  byKind: Record<string, number>;
  /**
   * Unmatched records by why: `no_match`, `ambiguous`, or (a pushed event)
   * `no_identifier`, an event that names no learner identifier at all.
   */
  unmatched: Record<string, number>;
  /** Distinct vendor ids that did not match, up to a limit, for the fix. */
  unmatchedIds: string[];
}

/** Unmatched ids listed per run; the counts are always complete. */
export const MAX_UNMATCHED_IDS_LISTED = 50;

export const emptyMatchRate = (): MatchRate => ({
  records: 0,
  matched: 0,
  byKind: {},
  unmatched: {},
  unmatchedIds: [],
});

/** What a match rate counts of a resolution: a file's, or a pushed event's. */
export type MatchOutcome =
  | Pick<Extract<Resolution, { ok: true }>, 'ok' | 'matchedBy'>
  | { ok: false; why: string };

/**
 * Counts one record's resolution. `vendorId` is undefined for a record that
 * names no id, which is counted but cannot be listed.
 */
export function countMatch(
  rate: MatchRate,
  vendorId: string | undefined,
  r: MatchOutcome,
): void {
  rate.records += 1;
  if (r.ok) {
    rate.matched += 1;
    rate.byKind[r.matchedBy] = (rate.byKind[r.matchedBy] ?? 0) + 1;
    return;
  }
  rate.unmatched[r.why] = (rate.unmatched[r.why] ?? 0) + 1;
  const listed = rate.unmatchedIds;
  if (
    vendorId !== undefined &&
    listed.length < MAX_UNMATCHED_IDS_LISTED &&
    !listed.includes(vendorId)
  ) {
    listed.push(vendorId);
  }
}
