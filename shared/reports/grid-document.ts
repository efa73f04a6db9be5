/**
 * The class grid as a compact document: every grid cell of a class in one
 * item (or a few pages for big classes), so the class report reads one query
 * instead of a thousand cells. The rollup path builds it from the cells
 * whenever they change; a class's revision (a count of its cell writes) tells
 * a reader whether the document still says what the cells say.
 */
import { z } from 'zod';
import { MasteryLevel, type MasteryState } from '../model.js';

/**
 * A page stays under DynamoDB's 400 KB item limit with room for its keys:
 * about 6,000 cells (150 students by 40 standards) fit in one page.
 */
export const MAX_GRID_PAGE_BYTES = 300_000;

/** One cell: [standard index, level, value or null, evidence count, last evidence or null]. */
const GridDocumentCell = z.tuple([
  z.number().int().nonnegative(),
  MasteryLevel,
  z.number().min(0).max(1).nullable(),
  z.number().int().nonnegative(),
  z.string().nullable(),
]);

export const ClassGridPage = z.object({
  classId: z.string(),
  page: z.number().int().nonnegative(),
  pages: z.number().int().positive(),
  /** The class revision read before the cells this page was built from. */
  revision: z.number().int().nonnegative(),
  builtAt: z.string(),
  /** Codes the cells point at by index. */
  standards: z.array(z.string()),
  /** Per student (sorted): their cells. Students without cells are not listed. */
  rows: z.array(z.tuple([z.string(), z.array(GridDocumentCell)])),
});
export type ClassGridPage = z.infer<typeof ClassGridPage>;

/** What a reader gets back: the pages and the class's current revision. */
export interface StoredClassGrid {
  revision: number;
  pages: ClassGridPage[];
}

/** Reads a class's grid document (one query); storage implements it. */
export interface ClassGridReader {
  getClassGrid(classId: string): Promise<StoredClassGrid | undefined>;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The pages of a class's grid from its cells, each under `MAX_GRID_PAGE_BYTES`. */
export function buildGridPages(
  classId: string,
  cells: readonly MasteryState[],
  revision: number,
  builtAt: string,
): ClassGridPage[] {
  const byStudent = new Map<string, MasteryState[]>();
  for (const cell of cells)
    byStudent.set(cell.studentId, [...(byStudent.get(cell.studentId) ?? []), cell]);

  const chunks: [string, MasteryState[]][][] = [[]];
  let bytes = 0;
  for (const row of [...byStudent].sort(([a], [b]) => byString(a, b))) {
    // An estimate per cell, generous so a page never crosses the limit.
    const rowBytes = 64 + row[1].length * (64 + row[0].length);
    const current = chunks[chunks.length - 1] as [string, MasteryState[]][];
    if (current.length > 0 && bytes + rowBytes > MAX_GRID_PAGE_BYTES) {
      chunks.push([row]);
      bytes = rowBytes;
    } else {
      current.push(row);
      bytes += rowBytes;
    }
  }

  return chunks.map((rows, page) => {
    const standards = [...new Set(rows.flatMap(([, c]) => c.map((s) => s.standard)))];
    standards.sort(byString);
    const index = new Map(standards.map((code, i) => [code, i]));
    return {
      classId,
      page,
      pages: chunks.length,
      revision,
      builtAt,
      standards,
      rows: rows.map(([studentId, own]) => [
        studentId,
        [...own]
          .sort((a, b) => byString(a.standard, b.standard))
          .map((c) => [
            index.get(c.standard) as number,
            c.level,
            c.value ?? null,
            c.evidenceCount,
            c.lastEvidenceAt ?? null,
          ]),
      ]),
    };
  });
}

/**
 * Whether a grid document says what the cells say: every page present, all
 * of one build, built at the class's current revision.
 */
export function isGridCurrent(
  stored: StoredClassGrid | undefined,
): stored is StoredClassGrid {
  const first = stored?.pages[0];
  if (!stored || !first || first.revision !== stored.revision) return false;
  return (
    stored.pages.length === first.pages &&
    stored.pages.every((p, i) => p.page === i && p.revision === first.revision)
  );
}

/**
 * The cells a grid document holds, or undefined when it cannot be trusted:
 * missing or partial pages, pages of two builds, or built before the last
 * cell write (the caller then reads the cells themselves).
 */
export function cellsOfGrid(
  stored: StoredClassGrid | undefined,
): GridDocumentCellState[] | undefined {
  if (!isGridCurrent(stored)) return undefined;
  const pages = stored.pages;

  const out: GridDocumentCellState[] = [];
  for (const page of pages)
    for (const [studentId, cells] of page.rows)
      for (const [i, level, value, evidenceCount, lastEvidenceAt] of cells)
        out.push({
          studentId,
          standard: page.standards[i] as string,
          level,
          value: value ?? undefined,
          evidenceCount,
          lastEvidenceAt: lastEvidenceAt ?? undefined,
        });
  return out;
}

/** The part of a mastery state the grid shows and filters by. */
export type GridDocumentCellState = Pick<
  MasteryState,
  'studentId' | 'standard' | 'level' | 'value' | 'evidenceCount' | 'lastEvidenceAt'
>;
