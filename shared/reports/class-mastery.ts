/**
 * The class mastery grid: students by standards, one cell each with level,
 * value and evidence count, plus the class's rollup per standard. It reads the
 * precomputed grid cells (one query) and rollups (one query); nothing is
 * recomputed on the request path.
 */
import { NotFoundError } from '../errors.js';
import type { ClassRollup, MasteryLevel } from '../model.js';
import type { MasteryStore, RosterStore } from '../ports.js';
import { describeStandards, type StandardSummary } from './standards.js';

export interface GridCell {
  level: MasteryLevel;
  value?: number;
  evidenceCount: number;
}

export interface ClassMasteryGrid {
  classId: string;
  standards: StandardSummary[];
  students: { studentId: string; cells: Record<string, GridCell> }[];
  rollups: Omit<ClassRollup, 'classId'>[];
}

/** Values are reported with this many decimals; more is false precision. */
export const VALUE_DECIMALS = 3;

export const roundValue = (value: number | undefined) =>
  value === undefined ? undefined : Number(value.toFixed(VALUE_DECIMALS));

export async function classMasteryGrid(
  deps: { mastery: MasteryStore; roster: RosterStore },
  classId: string,
): Promise<ClassMasteryGrid> {
  const [studentIds, cells, rollups] = await Promise.all([
    deps.roster.listClassStudents(classId),
    deps.mastery.listClassMastery(classId),
    deps.mastery.listClassRollups(classId),
  ]);
  if (studentIds.length === 0) {
    throw new NotFoundError(`class ${classId} not found`, { classId });
  }

  const enrolled = new Set(studentIds);
  const codes = new Set<string>();
  const rows = new Map<string, Record<string, GridCell>>(
    [...studentIds].sort().map((id) => [id, {}]),
  );
  for (const cell of cells) {
    // A cell can outlive an un-enrollment until the next rollup; the roster wins.
    if (!enrolled.has(cell.studentId)) continue;
    codes.add(cell.standard);
    const row = rows.get(cell.studentId);
    if (row) {
      row[cell.standard] = {
        level: cell.level,
        value: roundValue(cell.value),
        evidenceCount: cell.evidenceCount,
      };
    }
  }

  return {
    classId,
    standards: describeStandards([...codes].sort()),
    students: [...rows].map(([studentId, cellsByCode]) => ({
      studentId,
      cells: cellsByCode,
    })),
    rollups: rollups.map(({ classId: _c, ...r }) => ({ ...r, mean: roundValue(r.mean) })),
  };
}
