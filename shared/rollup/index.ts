/**
 * Keeps mastery states and class rollups current. Ingestion calls
 * `updateStudents` for the students a run touched; the scheduled rollup and
 * `lablink rollup` call `rollupClasses` to refresh class distributions.
 */
import { computeMastery, DEFAULT_POLICY, type MasteryPolicy } from '../mastery/index.js';
import type { ClassRollup, Evidence, MasteryLevel, MasteryState } from '../model.js';
import type { MasteryStore, RosterStore, EvidenceStore } from '../ports.js';
import { BoundedPool } from '../ingest/bounded-pool.js';

export interface RollupDeps {
  evidence: EvidenceStore;
  mastery: MasteryStore;
  roster: RosterStore;
  policy?: MasteryPolicy;
  now?: () => Date;
}

/** Students recomputed at once; each is a query plus one write per standard. */
export const STUDENT_CONCURRENCY = 16;

/** Recomputes every standard of one student from all of their evidence. */
export async function updateStudent(
  deps: RollupDeps,
  studentId: string,
): Promise<number> {
  const policy = deps.policy ?? DEFAULT_POLICY;
  const computedAt = (deps.now?.() ?? new Date()).toISOString();
  const [evidence, classIds] = await Promise.all([
    deps.evidence.listStudentEvidence(studentId),
    deps.roster.listStudentClasses(studentId),
  ]);

  const byStandard = new Map<string, Evidence[]>();
  for (const e of evidence) {
    for (const standard of e.standards) {
      const list = byStandard.get(standard) ?? [];
      list.push(e);
      byStandard.set(standard, list);
    }
  }

  const states: MasteryState[] = [];
  for (const [standard, list] of byStandard) {
    const result = computeMastery(list, policy);
    states.push({
      studentId,
      standard,
      method: policy.method,
      value: result.value,
      level: result.level,
      evidenceCount: result.evidenceCount,
      lastEvidenceAt: result.lastEvidenceAt,
      computedAt,
    });
  }
  await deps.mastery.putMastery(states, classIds);
  return states.length;
}

/** Recomputes the students given, a bounded number at a time. */
export async function updateStudents(
  deps: RollupDeps,
  studentIds: Iterable<string>,
): Promise<{ students: number; states: number }> {
  const pool = new BoundedPool(STUDENT_CONCURRENCY);
  let students = 0;
  let states = 0;
  const errors: unknown[] = [];
  for (const studentId of studentIds) {
    await pool.submit(async () => {
      try {
        states += await updateStudent(deps, studentId);
        students += 1;
      } catch (error) {
        errors.push(error);
      }
    });
  }
  await pool.drain();
  if (errors.length > 0) throw errors[0];
  return { students, states };
}

const LEVELS: readonly MasteryLevel[] = [
  'not_started',
  'developing',
  'approaching',
  'mastered',
];

/**
 * A class's distribution per standard from its grid cells. Students with no
 * evidence on a standard count as not started, so every standard's levels
 * add up to the class size.
 */
export function summarizeClass(
  classId: string,
  studentIds: readonly string[],
  cells: readonly MasteryState[],
  computedAt: string,
): ClassRollup[] {
  const enrolled = new Set(studentIds);
  const byStandard = new Map<string, MasteryState[]>();
  for (const cell of cells) {
    if (!enrolled.has(cell.studentId)) continue;
    const list = byStandard.get(cell.standard) ?? [];
    list.push(cell);
    byStandard.set(cell.standard, list);
  }

  return [...byStandard.keys()].sort().map((standard) => {
    const list = byStandard.get(standard) ?? [];
    const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<
      MasteryLevel,
      number
    >;
    for (const cell of list) levels[cell.level] += 1;
    levels.not_started += enrolled.size - list.length;
    const values = list.flatMap((c) => (c.value === undefined ? [] : [c.value]));
    const mean = values.length
      ? values.reduce((a, b) => a + b, 0) / values.length
      : undefined;
    return { classId, standard, studentCount: enrolled.size, levels, mean, computedAt };
  });
}

/** Refreshes the rollups of the classes given (all classes when omitted). */
export async function rollupClasses(
  deps: RollupDeps,
  classIds?: readonly string[],
): Promise<{ classes: number; rollups: number }> {
  const ids = classIds ?? (await deps.roster.listClasses());
  const computedAt = (deps.now?.() ?? new Date()).toISOString();
  let rollups = 0;
  for (const classId of ids) {
    const [students, cells] = await Promise.all([
      deps.roster.listClassStudents(classId),
      deps.mastery.listClassMastery(classId),
    ]);
    for (const rollup of summarizeClass(classId, students, cells, computedAt)) {
      await deps.mastery.putRollup(rollup);
      rollups += 1;
    }
  }
  return { classes: ids.length, rollups };
}
