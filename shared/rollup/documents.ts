/**
 * Keeps the report documents current from what the rollup wrote: a class's
 * grid pages from its cells, a student's recent-evidence summary and daily
 * minutes from the evidence a run wrote. Stores without documents skip this; the reports then
 * read the cells and the history.
 */
import { BoundedPool } from '../ingest/bounded-pool.js';
import type { Evidence } from '../model.js';
import { buildGridPages } from '../reports/grid-document.js';
import { entryOf, mergeRecent } from '../reports/recent-evidence.js';
import {
  isReportDocumentWriter,
  type AppliedEvidence,
  type ReportDocumentWriter,
} from './ports.js';
import { ledgerOf, type RollupDeps } from './students.js';

/** Classes rebuilt at once; each is one query of its cells and a write or two. */
export const GRID_CONCURRENCY = 8;

const writerOf = (deps: RollupDeps): ReportDocumentWriter | undefined =>
  isReportDocumentWriter(deps.mastery) ? deps.mastery : undefined;

/**
 * Rebuilds the grid pages of the classes given from their cells. The class
 * revision is read before the cells, so pages never claim a newer state than
 * they hold; a build that lost to a newer one is dropped.
 */
export async function refreshClassGrids(
  deps: RollupDeps,
  classIds: Iterable<string>,
): Promise<{ grids: number }> {
  const writer = writerOf(deps);
  if (!writer) return { grids: 0 };
  const ledger = ledgerOf(deps);
  const pool = new BoundedPool(GRID_CONCURRENCY);
  const errors: unknown[] = [];
  let grids = 0;
  for (const classId of new Set(classIds)) {
    await pool.submit(async () => {
      try {
        const revision = await writer.getClassGridRevision(classId);
        const cells = await ledger.listClassCells(classId);
        const builtAt = (deps.now?.() ?? new Date()).toISOString();
        const pages = buildGridPages(classId, cells, revision, builtAt);
        if (await writer.putClassGrid(classId, pages)) grids += 1;
      } catch (error) {
        errors.push(error);
      }
    });
  }
  await pool.drain();
  if (errors.length > 0) throw errors[0];
  return { grids };
}

/** Most merge attempts before a contended summary is rebuilt from the history. */
const MAX_MERGE_ATTEMPTS = 3;

/**
 * Brings a student's recent-evidence summary up to date with the evidence a
 * run wrote (`touched`), or rebuilds it from the whole history when there is
 * none yet, when no run is given, or when a new version of evidence it holds
 * arrived (a regrade may sort below evidence the summary already dropped).
 */
export async function refreshRecentEvidence(
  deps: RollupDeps,
  studentId: string,
  touched?: readonly Evidence[],
): Promise<void> {
  const writer = writerOf(deps);
  if (!writer) return;
  if (touched?.length === 0) return;
  for (let attempt = 0; touched && attempt < MAX_MERGE_ATTEMPTS; attempt += 1) {
    const summary = await writer.getRecentEvidence(studentId, true);
    if (!summary) break;
    const held = new Map(summary.entries.map((e) => [e.evidenceId, e]));
    // A redelivered record is the entry already held: nothing to merge.
    const incoming = touched
      .map((e) => entryOf(e))
      .filter((e) => !sameEntry(held.get(e.evidenceId), e));
    if (incoming.length === 0) return;
    const merged = mergeRecent(summary, incoming);
    if (!merged) break;
    if (await writer.putRecentEvidence(studentId, merged, summary.revision)) return;
  }
  await writer.rebuildRecentEvidence(studentId);
}

/** What a run's daily-minutes refresh needs to know besides the run's evidence. */
export interface DailyMinutesMerge {
  /**
   * The applied-evidence markers of the run's records with minutes, read
   * before the student's update wrote this run's: a record with one was
   * counted before (a correction, or this run re-driven after a failure).
   */
  prior: readonly AppliedEvidence[];
}

/** Records the daily minutes count, or whose void must be counted out. */
const carriesMinutes = (e: Evidence) =>
  e.minutesOnTask !== undefined || e.status === 'voided';

/**
 * The markers `refreshDailyMinutes` needs, read before the student's update
 * writes this run's (shared/rollup/index.ts); undefined without a run's
 * evidence or when none of it carries minutes.
 */
export async function priorOfDailyMinutes(
  deps: RollupDeps,
  studentId: string,
  touched?: readonly Evidence[],
): Promise<DailyMinutesMerge | undefined> {
  if (!touched || !writerOf(deps)) return undefined;
  const ids = touched.filter(carriesMinutes).map((e) => e.evidenceId);
  if (ids.length === 0) return undefined;
  return { prior: await ledgerOf(deps).getApplied(studentId, ids) };
}

/**
 * Keeps a student's daily minutes (shared/reports/usage.ts) in step with
 * what a run wrote. A run whose records with minutes are all new to the
 * student adds them to the stored days: one read and one write, never the
 * history, which would cost the whole evidence partition per student and
 * run. Anything else rebuilds from the history: a full update (no run
 * given: pushes, releases, reviews, `lablink rollup`), a correction or void
 * of a record counted before (its old minutes must come out), a re-driven
 * run (its records may already be counted), no stored days yet, or lost
 * races. A run of scores without minutes leaves them as they are.
 *
 * Known gap: a correction that drops a record's minutes altogether (resent
 * without the column, rather than with 0) carries no minutes, so it keeps
 * the old minutes until the student's next rebuild (a correction with
 * minutes, a push, or `lablink rollup`).
 */
export async function refreshDailyMinutes(
  deps: RollupDeps,
  studentId: string,
  touched?: readonly Evidence[],
  merge?: DailyMinutesMerge,
): Promise<void> {
  const writer = writerOf(deps);
  if (!writer) return;
  if (!touched) return writer.rebuildDailyMinutes(studentId);
  const records = touched.filter(carriesMinutes);
  if (records.length === 0) return;
  const allNew =
    merge !== undefined &&
    merge.prior.length === 0 &&
    records.every((e) => e.status !== 'voided');
  if (allNew && (await writer.mergeDailyMinutes(studentId, records))) return;
  await writer.rebuildDailyMinutes(studentId);
}

function sameEntry(
  held: ReturnType<typeof entryOf> | undefined,
  incoming: ReturnType<typeof entryOf>,
): boolean {
  if (!held) return false;
  const { expiresAt: _e, ...rest } = held;
  return JSON.stringify(rest) === JSON.stringify(incoming);
}
