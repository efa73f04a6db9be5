/**
 * The class `bench:api` reads, from the demo generator: one class of 30
 * students over a year-long scope and sequence of 40 standards (the first
 * grade 6 and 7 standards of the catalog, one week each from September). Its
 * evidence is what ingestion maps from the programs' files (the Star test of
 * every standard, one i-Ready lesson per standard, the lab's activity),
 * written through the store; mastery states, rollups, grid pages and
 * recent-evidence summaries are then built by the rollup path `lablink
 * rollup` runs.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DateTime } from 'luxon';
import {
  buildDistrict,
  districtEvidence,
  type DemoNames,
  type DemoStudent,
  type ScopeBlock,
} from '../shared/demo/index.js';
import {
  refreshClassGrids,
  refreshRollups,
  updateStudents,
} from '../shared/rollup/index.js';
import { loadCatalog } from '../shared/standards/index.js';
import type { DynamoStore } from '../storage/dynamodb-store.js';

export const STUDENTS = 30;
export const STANDARDS = 40;
/** The Monday the class's scope, and so its evidence, starts. */
export const SCOPE_START = '2025-09-01';
const SCHOOL_DAYS_PER_WEEK = 5;

/** One standard a week, Monday to Friday, for STANDARDS weeks. */
function benchScope(): ScopeBlock[] {
  const codes = loadCatalog()
    .filter((s) => s.kind === 'standard' && ['6', '7'].includes(s.grade))
    .slice(0, STANDARDS)
    .map((s) => s.code);
  const start = DateTime.fromISO(SCOPE_START, { zone: 'utc' });
  return codes.map((standard, week) => {
    const monday = start.plus({ weeks: week });
    return {
      from: monday.toISODate() as string,
      to: monday.plus({ days: SCHOOL_DAYS_PER_WEEK - 1 }).toISODate() as string,
      standard,
      unit: `Week ${week + 1}`,
    };
  });
}

const names = JSON.parse(
  readFileSync(resolve(__dirname, '..', 'data/demo/district/names.json'), 'utf8'),
) as DemoNames;

/** The generator's district of one class (default seed, synthetic students). */
export const BENCH_DISTRICT = buildDistrict({
  names,
  scope: benchScope(),
  students: STUDENTS,
  classSize: STUDENTS,
  assistments: [],
});
const benchClass = BENCH_DISTRICT.classes[0] as (typeof BENCH_DISTRICT.classes)[number];
export const CLASS_ID = benchClass.classId;
export const TEACHER_ID = benchClass.teacherIds[0] as string;
export const studentId = (i: number) =>
  (BENCH_DISTRICT.students[i] as DemoStudent).studentId;

/** Writes the class, its evidence and everything the report routes read. */
export async function writeClass(
  store: DynamoStore,
): Promise<{ evidence: number; states: number }> {
  const schoolId = benchClass.schoolId;
  await store.putEnrollments([
    { classId: CLASS_ID, userId: TEACHER_ID, role: 'teacher', schoolId },
    ...BENCH_DISTRICT.students.map((s) => ({
      classId: CLASS_ID,
      userId: s.studentId,
      role: 'student' as const,
      schoolId,
    })),
  ]);
  let evidence = 0;
  for (const records of districtEvidence(BENCH_DISTRICT)) {
    await store.putEvidenceBatch(records);
    evidence += records.length;
  }

  const deps = { evidence: store, mastery: store, roster: store };
  const ids = BENCH_DISTRICT.students.map((s) => s.studentId);
  // As `lablink rollup` does: states, then rollups, then the grid pages.
  const updated = await updateStudents(deps, ids, { grids: false });
  await refreshRollups(deps);
  await refreshClassGrids(deps, [CLASS_ID]);
  return { evidence, states: updated.states };
}
