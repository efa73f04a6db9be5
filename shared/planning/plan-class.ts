/**
 * Gathers what a week's plan needs from storage and plans it. Reading each
 * student's evidence (one query per student) gives the programs the student
 * uses and the items ingestion has seen; for a class of 30 that is 30 small
 * queries, the same cost as the usage report.
 */
import { extendFromEvidence, loadContentCatalog } from '../catalog-content/index.js';
import { parseIsoWeek, type FocusStore } from '../focus/index.js';
import { NotFoundError } from '../errors.js';
import type { Evidence } from '../model.js';
import type { EvidenceStore, MasteryStore, RosterStore } from '../ports.js';
import { planWeek, type WeekPlan } from './plan.js';

export interface PlanDeps {
  mastery: MasteryStore;
  roster: RosterStore;
  evidence: EvidenceStore;
  focus: FocusStore;
}

/** The plan of `classId` for ISO week `week`, in the district's time zone. */
export async function planClassWeek(
  deps: PlanDeps,
  classId: string,
  week: string,
  zone: string,
): Promise<WeekPlan> {
  const isoWeek = parseIsoWeek(week, zone);
  const students = await deps.roster.listClassStudents(classId);
  if (students.length === 0) {
    throw new NotFoundError(`class ${classId} has no students`, { classId });
  }
  const [focus, cells] = await Promise.all([
    deps.focus.getFocus(classId),
    deps.mastery.listClassMastery(classId),
  ]);

  const evidence: Evidence[] = [];
  const studentPrograms = new Map<string, Set<string>>();
  for (const studentId of students) {
    const own = await deps.evidence.listStudentEvidence(studentId);
    studentPrograms.set(studentId, new Set(own.map((e) => e.programId)));
    evidence.push(...own);
  }

  return planWeek({
    classId,
    week: isoWeek,
    focus,
    cells,
    students,
    studentPrograms,
    catalog: extendFromEvidence(loadContentCatalog(), evidence),
  });
}
