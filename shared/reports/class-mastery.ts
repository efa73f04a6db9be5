/**
 * The class mastery grid: students by standards, one cell each with level,
 * value and evidence count, plus the class's rollup per standard. It reads
 * the class's grid document (one query: its pages and the class revision),
 * the roster and the rollups, all at once; nothing is recomputed on the
 * request path. When the document is missing or older than the last cell
 * write, the cells themselves are read (one query of every cell), so the
 * answer is always what the cells say. Filters and paging apply to what was
 * read.
 */
import { NotFoundError } from '../errors.js';
import { VALUE_DECIMALS } from '../mastery/policy.js';
import { roundDecimal } from '../rounding.js';
import type { ClassRollup } from '../model.js';
import type { ClassStaffMember, MasteryStore, RosterStore } from '../ports.js';
import {
  cellsOfGrid,
  type ClassGridReader,
  type GridDocumentCellState,
  type StoredClassGrid,
} from './grid-document.js';
import { cursorScope, paginate } from './paging.js';
import type { ClassMasteryGrid, GridCell } from './schemas.js';
import { describeStandards } from './standards.js';

export type { ClassMasteryGrid, GridCell } from './schemas.js';

export { VALUE_DECIMALS };

export const roundValue = (value: number | undefined) =>
  value === undefined ? undefined : roundDecimal(value, VALUE_DECIMALS);

export interface GridFilters {
  /** Only these standard codes (columns appear even when nobody has evidence). */
  standards?: readonly string[];
  grades?: readonly string[];
  domains?: readonly string[];
  /**
   * Only cells whose last evidence falls in this range of dates (inclusive,
   * UTC). Cells of clockless evidence (ASSISTments) have no date, so a range
   * leaves them out.
   */
  from?: string;
  to?: string;
  cursor?: string;
  /** Students per page; `Infinity` for the whole class (a CSV without `limit`). */
  limit?: number;
}

/** A domain by its name (`Statistics and Probability`) or its code's letters (`SP`). */
function inDomain(code: string, name: string | undefined, wanted: string): boolean {
  return (
    wanted.toLowerCase() === name?.toLowerCase() ||
    wanted.toUpperCase() === code.split('.')[1]
  );
}

function keepsStandard(code: string, filters: GridFilters): boolean {
  if (filters.standards && !filters.standards.includes(code)) return false;
  if (filters.grades || filters.domains) {
    const [summary] = describeStandards([code]);
    if (filters.grades && !filters.grades.includes(summary?.grade ?? '')) return false;
    if (
      filters.domains &&
      !filters.domains.some((d) => inDomain(code, summary?.domain, d))
    )
      return false;
  }
  return true;
}

function keepsCell(cell: GridDocumentCellState, filters: GridFilters): boolean {
  if (!keepsStandard(cell.standard, filters)) return false;
  if (filters.from || filters.to) {
    const day = cell.lastEvidenceAt?.slice(0, 10);
    if (day === undefined) return false;
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
  }
  return true;
}

/** The grid of a class; the 404 of an unknown class when it has no students. */
export async function classMasteryGrid(
  deps: { mastery: MasteryStore; roster: RosterStore; grids?: ClassGridReader },
  classId: string,
  filters: GridFilters = {},
): Promise<ClassMasteryGrid> {
  const [studentIds, cells, rollups] = await Promise.all([
    deps.roster.listClassStudents(classId),
    gridCells(deps, classId),
    deps.mastery.listClassRollups(classId),
  ]);
  return assembleGrid(classId, studentIds, cells, rollups, filters);
}

/**
 * What the class grid needs, read together: storage answers it with one
 * query of the class's partition. The staff are who may read the class
 * (shared/auth/access.ts checks them before anything is answered).
 */
/** Read-only: concurrent requests may share one read (storage/shared-calls.ts). */
export interface ClassReportRead {
  readonly staff: readonly ClassStaffMember[];
  readonly studentIds: readonly string[];
  readonly grid: StoredClassGrid | undefined;
  readonly rollups: readonly ClassRollup[];
}

export interface ClassReportReader {
  readClassReport(classId: string): Promise<ClassReportRead>;
}

/**
 * The grid from a class read whose access was already checked; the cells
 * are read only when the document is missing or stale.
 */
export async function classMasteryGridOf(
  deps: { mastery: MasteryStore },
  classId: string,
  read: ClassReportRead,
  filters: GridFilters = {},
): Promise<ClassMasteryGrid> {
  const { studentIds, cells } = await classCellsOf(deps, classId, read);
  return assembleGrid(classId, studentIds, cells, read.rollups, filters);
}

/**
 * The class's students and cells from a class read whose access was already
 * checked: the grid document's cells when it is current, else the cells
 * themselves (one more query). The 404 of a class without students.
 */
export async function classCellsOf(
  deps: { mastery: MasteryStore },
  classId: string,
  read: ClassReportRead,
): Promise<{ studentIds: readonly string[]; cells: readonly GridDocumentCellState[] }> {
  if (read.studentIds.length === 0) {
    throw new NotFoundError(`class ${classId} not found`, { classId });
  }
  const cells = cellsOfGrid(read.grid) ?? (await deps.mastery.listClassMastery(classId));
  return { studentIds: read.studentIds, cells };
}

/** The document's cells when it is current, else the cells themselves. */
export async function gridCells(
  deps: { mastery: MasteryStore; grids?: ClassGridReader },
  classId: string,
): Promise<GridDocumentCellState[]> {
  const fromDocument = cellsOfGrid(await deps.grids?.getClassGrid(classId));
  return fromDocument ?? deps.mastery.listClassMastery(classId);
}

/** The grid from what was read; exported so tests can compare both sources. */
export function assembleGrid(
  classId: string,
  studentIds: readonly string[],
  cells: readonly GridDocumentCellState[],
  rollups: readonly ClassRollup[],
  filters: GridFilters,
): ClassMasteryGrid {
  if (studentIds.length === 0) {
    throw new NotFoundError(`class ${classId} not found`, { classId });
  }

  const enrolled = new Set(studentIds);
  const codes = new Set<string>(filters.standards ?? []);
  const rows = new Map<string, Record<string, GridCell>>(
    [...enrolled].sort().map((id) => [id, {}]),
  );
  for (const cell of cells) {
    // A cell can outlive an un-enrollment until the next rollup; the roster wins.
    if (!enrolled.has(cell.studentId) || !keepsCell(cell, filters)) continue;
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

  const page = paginate([...rows], ([studentId]) => studentId, {
    ...filters,
    scope: gridCursorScope(classId, filters),
  });
  const standards = [...codes].sort();
  return {
    classId,
    standards: describeStandards(standards),
    students: page.items.map(([studentId, cellsByCode]) => ({
      studentId,
      cells: cellsByCode,
    })),
    // Exactly the columns' rollups: a parent (6.RP.A.3 above 6.RP.A.3.A) is
    // rolled up under ROLLUP# too, but shows only when it is a column itself
    // (its own evidence, or asked for by `standards`).
    rollups: rollups
      .filter((r) => codes.has(r.standard))
      .map(({ classId: _c, ...r }) => ({ ...r, mean: roundValue(r.mean) })),
    nextCursor: page.nextCursor,
  };
}

/**
 * A grid cursor is good for its class and filters only; lists are sorted,
 * so the same filters in another order keep it.
 */
function gridCursorScope(classId: string, filters: GridFilters): string {
  const sorted = (values?: readonly string[]) => (values ? [...values].sort() : null);
  return cursorScope(
    'mastery',
    classId,
    sorted(filters.standards),
    sorted(filters.grades),
    sorted(filters.domains),
    filters.from ?? null,
    filters.to ?? null,
  );
}

/** One row per student, one column per standard: `level (value)`. */
export function gridCsv(grid: ClassMasteryGrid): { header: string[]; rows: string[][] } {
  const codes = grid.standards.map((s) => s.code);
  return {
    header: ['studentId', ...codes],
    rows: grid.students.map((s) => [
      s.studentId,
      ...codes.map((code) => {
        const cell = s.cells[code];
        if (!cell) return '';
        return cell.value === undefined ? cell.level : `${cell.level} (${cell.value})`;
      }),
    ]),
  };
}
