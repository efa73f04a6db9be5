/**
 * One standard across a class: who has mastered it, who is close, who is
 * still working on it and who has no evidence yet. From the class read the
 * grid shares (the grid document's cells when it is current, else the
 * cells: the precomputed copies of each student's state).
 */
import type { MasteryStore } from '../ports.js';
import { classCellsOf, roundValue, type ClassReportRead } from './class-mastery.js';
import type { ClassStandard } from './schemas.js';
import { describeStandards } from './standards.js';

export async function classStandard(
  deps: { mastery: MasteryStore },
  classId: string,
  read: ClassReportRead,
  code: string,
): Promise<ClassStandard> {
  const { studentIds, cells } = await classCellsOf(deps, classId, read);

  const enrolled = new Set(studentIds);
  const byStudent = new Map(
    cells
      .filter((c) => c.standard === code && enrolled.has(c.studentId))
      .map((c) => [c.studentId, c]),
  );
  const report: ClassStandard = {
    classId,
    standard: describeStandards([code])[0] ?? { code },
    mastered: [],
    close: [],
    working: [],
    noEvidence: [],
  };
  for (const studentId of [...enrolled].sort()) {
    const cell = byStudent.get(studentId);
    if (!cell || cell.evidenceCount === 0) {
      report.noEvidence.push({ studentId });
      continue;
    }
    const entry = {
      studentId,
      level: cell.level,
      value: roundValue(cell.value),
      evidenceCount: cell.evidenceCount,
    };
    if (cell.level === 'mastered') report.mastered.push(entry);
    else if (cell.level === 'approaching') report.close.push(entry);
    else report.working.push(entry);
  }
  return report;
}

/** One row per student: where they stand on the standard. */
export function classStandardCsv(report: ClassStandard): {
  header: string[];
  rows: string[][];
} {
  const row = (
    group: string,
    s: { studentId: string; level?: string; value?: number; evidenceCount?: number },
  ) => [
    s.studentId,
    group,
    s.level ?? '',
    s.value === undefined ? '' : String(s.value),
    String(s.evidenceCount ?? 0),
  ];
  return {
    header: ['studentId', 'group', 'level', 'value', 'evidenceCount'],
    rows: [
      ...report.mastered.map((s) => row('mastered', s)),
      ...report.close.map((s) => row('close', s)),
      ...report.working.map((s) => row('working', s)),
      ...report.noEvidence.map((s) => row('no_evidence', s)),
    ],
  };
}
