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
import { isReportDocumentWriter, type ReportDocumentWriter } from './ports.js';
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

/**
 * Rebuilds a student's daily minutes (shared/reports/usage.ts) when what a
 * run wrote carries minutes, voids a record, or corrects one already applied
 * (`corrected`: a vendor may resend a record without its minutes column,
 * which takes its minutes away though the new version carries none), or on
 * a full update (no run given). A run of new scores alone leaves them as
 * they are: usage-only records and scored records with time both carry
 * `minutesOnTask`.
 *
 * Always from the whole history, at the price of one more read of the
 * student's evidence partition per run with minutes or corrections (as the
 * run's own evidence read already costs, docs/scaling.md). Adding a run's
 * minutes to the kept days instead was built and taken out: a rebuild
 * running beside the run (another run's correction, `lablink rollup`) could
 * read the run's records from the history before the run added them again,
 * counting them twice. Doing it safely needs, per student, the records the
 * run wrote as new and a rebuild counter read before its first write.
 */
export async function refreshDailyMinutes(
  deps: RollupDeps,
  studentId: string,
  touched?: readonly Evidence[],
  corrected = false,
): Promise<void> {
  const writer = writerOf(deps);
  if (!writer) return;
  if (
    touched &&
    !corrected &&
    !touched.some((e) => e.minutesOnTask !== undefined || e.status === 'voided')
  )
    return;
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
