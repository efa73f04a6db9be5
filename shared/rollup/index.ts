/**
 * Keeps mastery states and rollups current. Ingestion calls `updateStudents`
 * with its run id after each run: the run's evidence is applied incrementally
 * and the rollups of the domains it touched are refreshed. `lablink rollup`
 * recomputes every student and rollup; the scheduled rollup refreshes rollups.
 * Each of them also keeps the report documents current (documents.ts): the
 * grid pages of the classes whose cells changed and each student's
 * recent-evidence summary.
 */
import { BoundedPool } from '../ingest/bounded-pool.js';
import type { Evidence } from '../model.js';
import {
  refreshClassGrids,
  refreshDailyMinutes,
  refreshRecentEvidence,
} from './documents.js';
import { refreshRollups } from './groups.js';
import {
  ledgerOf,
  loadPolicySource,
  updateStudent,
  type RollupDeps,
} from './students.js';

export {
  ancestorsOf,
  refreshRollups,
  rootOf,
  summarize,
  type RollupGroup,
} from './groups.js';
export { fitMastery, type FitSummary } from './fit.js';
export {
  GRID_CONCURRENCY,
  refreshClassGrids,
  refreshDailyMinutes,
  refreshRecentEvidence,
} from './documents.js';
export {
  ledgerOf,
  loadPolicySource,
  updateStudent,
  type RollupDeps,
  type StudentUpdate,
} from './students.js';
export * from './ports.js';

/** Students updated at once; each is a few queries plus one write per standard. */
export const STUDENT_CONCURRENCY = 16;

export interface UpdateOptions {
  /** Apply only the evidence this run wrote; without it, recompute each student. */
  runId?: string;
  /** The evidence each student's run wrote, when the caller holds it. */
  evidence?: ReadonlyMap<string, readonly Evidence[]>;
  /**
   * Rebuild the grid documents of the students' classes afterwards (default
   * true); `recomputeAll` leaves it to the full rollup refresh that follows.
   */
  grids?: boolean;
  /**
   * Recompute the class, school and district rollups of the standards
   * written (default true), for a push or a review as for a file's run, so a
   * grid's summary never disagrees with its cells; `recomputeAll` refreshes
   * every rollup itself afterwards.
   */
  rollups?: boolean;
}

export interface UpdateSummary {
  students: number;
  states: number;
  /** Student-standards recomputed from their evidence (late, regrade, void). */
  recomputed: number;
  /** Evidence already applied (a redelivery), skipped. */
  alreadyApplied: number;
  rollups: number;
}

/**
 * Updates the students given, a bounded number at a time. With a run id (or
 * the run's evidence) the update is incremental and the rollups of the
 * domains it touched are refreshed; without, every standard of each student
 * is recomputed and rollups are left to the caller.
 */
export async function updateStudents(
  deps: RollupDeps,
  studentIds: Iterable<string>,
  options: UpdateOptions = {},
): Promise<UpdateSummary> {
  const ledger = ledgerOf(deps);
  const source = await loadPolicySource(deps);
  const incremental = options.runId !== undefined || options.evidence !== undefined;
  const pool = new BoundedPool(STUDENT_CONCURRENCY);
  const summary = {
    students: 0,
    states: 0,
    recomputed: 0,
    alreadyApplied: 0,
    rollups: 0,
  };
  const standards = new Set<string>();
  const classIds = new Set<string>();
  const errors: unknown[] = [];
  for (const studentId of studentIds) {
    await pool.submit(async () => {
      try {
        let touched = options.evidence?.get(studentId);
        if (!touched && options.runId !== undefined)
          touched = await ledger.listRunEvidence(studentId, options.runId);
        const done = await updateStudent(deps, source, studentId, touched ?? undefined);
        await refreshRecentEvidence(deps, studentId, touched ?? undefined);
        await refreshDailyMinutes(
          deps,
          studentId,
          touched ?? undefined,
          done.corrected > 0,
        );
        for (const c of done.classIds) classIds.add(c);
        summary.students += 1;
        summary.states += done.standards.length;
        summary.recomputed += incremental ? done.recomputed.length : 0;
        summary.alreadyApplied += done.alreadyApplied;
        for (const s of done.standards) standards.add(s);
      } catch (error) {
        errors.push(error);
      }
    });
  }
  await pool.drain();
  if (errors.length > 0) throw errors[0];
  if (options.rollups !== false && (incremental || standards.size > 0))
    summary.rollups = (await refreshRollups(deps, { standards })).rollups;
  // After the rollups: the grid pages are what the class report reads.
  if (options.grids !== false) await refreshClassGrids(deps, classIds);
  return summary;
}

/** Every student and rollup from the stored evidence: what `lablink rollup` does. */
export async function recomputeAll(
  deps: RollupDeps,
): Promise<UpdateSummary & { classes: number }> {
  const students = new Set<string>();
  for (const classId of await deps.roster.listClasses())
    for (const s of await deps.roster.listClassStudents(classId)) students.add(s);
  const updated = await updateStudents(deps, students, { grids: false, rollups: false });
  const rolled = await refreshRollups(deps);
  return { ...updated, rollups: rolled.rollups, classes: rolled.classes };
}
