/**
 * Rollups by class, school, program and district, per standard and per
 * parent standard (cluster, domain), computed exactly from the grid cells.
 *
 * Parent rule: a student's value on a cluster or domain is the mean of their
 * values on the standards under it (any depth) that have one; their level is
 * the lowest level among those standards that have evidence, so a cluster is
 * mastered only when every assessed standard in it is. Standards without
 * evidence do not count against it. See docs/mastery.md.
 */
import type { MasteryLevel, Standard } from '../model.js';
import { loadCatalog } from '../standards/index.js';
import { refreshClassGrids } from './documents.js';
import type { GroupRollup, RollupCell, RollupScope } from './ports.js';
import { ledgerOf, type RollupDeps } from './students.js';

const LEVELS: readonly MasteryLevel[] = [
  'not_started',
  'developing',
  'approaching',
  'mastered',
];
/** Lowest first, for the parent rule; not started is no evidence. */
const RANK: Record<MasteryLevel, number> = {
  not_started: 3,
  developing: 0,
  approaching: 1,
  mastered: 2,
};

let catalog: Map<string, Standard> | undefined;
const standardOf = (code: string) =>
  (catalog ??= new Map(loadCatalog().map((s) => [s.code, s]))).get(code);

/** The catalog's parents of a code, nearest first; none for unknown codes. */
export function ancestorsOf(code: string): Standard[] {
  const out: Standard[] = [];
  for (let p = standardOf(code)?.parent; p; p = standardOf(p)?.parent) {
    const parent = standardOf(p);
    if (!parent || out.includes(parent)) break;
    out.push(parent);
  }
  return out;
}

/** The top ancestor (a domain) or the code itself: rollups refresh per root. */
export const rootOf = (code: string) => ancestorsOf(code).at(-1)?.code ?? code;

export interface RollupGroup {
  scope: RollupScope;
  scopeId: string;
  /** Class and school: enrolled students, who count as not started without evidence. */
  enrolled?: number;
  /** At most one cell per student and standard. */
  cells: readonly RollupCell[];
}

function distribution(
  group: RollupGroup,
  standard: string,
  kind: GroupRollup['kind'],
  perStudent: readonly { level: MasteryLevel; value?: number }[],
  computedAt: string,
): GroupRollup {
  const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<
    MasteryLevel,
    number
  >;
  for (const s of perStudent) levels[s.level] += 1;
  const studentCount = group.enrolled ?? perStudent.length;
  levels.not_started += studentCount - perStudent.length;
  const values = perStudent.flatMap((s) => (s.value === undefined ? [] : [s.value]));
  const mean = values.length
    ? values.reduce((a, b) => a + b, 0) / values.length
    : undefined;
  const { scope, scopeId } = group;
  return { scope, scopeId, standard, kind, studentCount, levels, mean, computedAt };
}

/** One group's rollups: each standard with cells, then each parent above them. */
export function summarize(group: RollupGroup, computedAt: string): GroupRollup[] {
  const byStandard = new Map<string, RollupCell[]>();
  // parent code -> student -> that student's cells under the parent
  const byParent = new Map<string, Map<string, RollupCell[]>>();
  for (const cell of group.cells) {
    byStandard.set(cell.standard, [...(byStandard.get(cell.standard) ?? []), cell]);
    for (const parent of ancestorsOf(cell.standard)) {
      const students = byParent.get(parent.code) ?? new Map<string, RollupCell[]>();
      byParent.set(parent.code, students);
      students.set(cell.studentId, [...(students.get(cell.studentId) ?? []), cell]);
    }
  }

  const out: GroupRollup[] = [];
  for (const standard of [...byStandard.keys()].sort())
    out.push(
      distribution(group, standard, 'standard', byStandard.get(standard)!, computedAt),
    );
  for (const code of [...byParent.keys()].sort()) {
    // Evidence mapped to the parent code itself is rolled up as a standard.
    if (byStandard.has(code)) continue;
    const perStudent = [...byParent.get(code)!.values()].map(parentOf);
    const kind = standardOf(code)?.kind ?? 'cluster';
    out.push(distribution(group, code, kind, perStudent, computedAt));
  }
  return out;
}

/** One student's value and level on a parent from their cells under it. */
function parentOf(cells: readonly RollupCell[]): { level: MasteryLevel; value?: number } {
  const values = cells.flatMap((c) => (c.value === undefined ? [] : [c.value]));
  const level = cells
    .map((c) => c.level)
    .reduce((low, l) => (RANK[l] < RANK[low] ? l : low), 'not_started' as MasteryLevel);
  const value = values.length
    ? values.reduce((a, b) => a + b, 0) / values.length
    : undefined;
  return { level, value };
}

type Accumulator = { cells: Map<string, RollupCell>; students: Set<string> };

function add(
  groups: Map<string, Accumulator>,
  key: string,
  cell?: RollupCell,
  student?: string,
) {
  const acc = groups.get(key) ?? { cells: new Map(), students: new Set() };
  groups.set(key, acc);
  if (cell) acc.cells.set(`${cell.studentId}\u0000${cell.standard}`, cell);
  if (student) acc.students.add(student);
}

/**
 * Recomputes rollups from the grid cells: everything, or only the domains
 * (catalog roots) of the standards given, which is what an ingest run changed.
 * Schools and the district hold their affected cells in memory while they are
 * summed (a student-standard once per group, whatever their classes).
 */
export async function refreshRollups(
  deps: RollupDeps,
  options: { standards?: Iterable<string> } = {},
): Promise<{ classes: number; rollups: number }> {
  const ledger = ledgerOf(deps);
  const computedAt = (deps.now?.() ?? new Date()).toISOString();
  const roots = options.standards
    ? new Set([...options.standards].map(rootOf))
    : undefined;
  if (roots?.size === 0) return { classes: 0, rollups: 0 };
  const classSchools = await ledger.listClassSchools();
  const schools = new Map<string, Accumulator>();
  const programs = new Map<string, Accumulator>();
  const district = new Map<string, Accumulator>();
  let rollups = 0;

  for (const [classId, schoolId] of classSchools) {
    const students = await deps.roster.listClassStudents(classId);
    const enrolled = new Set(students);
    const cells: RollupCell[] = [];
    for (const prefix of roots ?? ['']) {
      for (const cell of await ledger.listClassCells(classId, prefix)) {
        if (!enrolled.has(cell.studentId)) continue; // left the class
        if (roots && !roots.has(rootOf(cell.standard))) continue;
        cells.push(cell);
      }
    }
    const group = {
      scope: 'class' as const,
      scopeId: classId,
      enrolled: enrolled.size,
      cells,
    };
    const own = summarize(group, computedAt);
    await ledger.putGroupRollups(own);
    rollups += own.length;

    for (const s of students) if (schoolId) add(schools, schoolId, undefined, s);
    for (const cell of cells) {
      if (schoolId) add(schools, schoolId, cell);
      add(district, 'district', cell);
      for (const p of cell.programs ?? []) add(programs, p, cell);
    }
  }

  const scopes: [RollupScope, Map<string, Accumulator>][] = [
    ['school', schools],
    ['program', programs],
    ['district', district],
  ];
  for (const [scope, groups] of scopes) {
    for (const [scopeId, acc] of groups) {
      const enrolled = scope === 'school' ? acc.students.size : undefined;
      const group = { scope, scopeId, enrolled, cells: [...acc.cells.values()] };
      const summary = summarize(group, computedAt);
      await ledger.putGroupRollups(summary);
      rollups += summary.length;
    }
  }
  // A full refresh (scheduled, `lablink rollup`) also rebuilds every grid
  // document; after a run, updateStudents rebuilds the touched classes'.
  if (!roots) await refreshClassGrids(deps, classSchools.keys());
  return { classes: classSchools.size, rollups };
}
