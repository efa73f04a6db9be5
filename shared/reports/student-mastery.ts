/** A student's mastery on every standard with evidence, and their classes. */
import { NotFoundError } from '../errors.js';
import type { MasteryState } from '../model.js';
import type { MasteryStore, RosterStore } from '../ports.js';
import { roundValue } from './class-mastery.js';
import type { StandardSummary, StudentMastery } from './schemas.js';
import { describeStandards } from './standards.js';

export type { StudentMastery } from './schemas.js';

export async function studentMastery(
  deps: { mastery: MasteryStore; roster: RosterStore },
  studentId: string,
  standard?: string,
  options: { authorized?: boolean } = {},
): Promise<StudentMastery> {
  // A caller whose roster check already found the student's classes needs
  // neither them again nor the 404 of an unknown student (one query fewer).
  const [classIds, states] = await Promise.all([
    options.authorized ? [] : deps.roster.listStudentClasses(studentId),
    deps.mastery.listStudentMastery(studentId),
  ]);
  if (!options.authorized && classIds.length === 0 && states.length === 0) {
    throw new NotFoundError(`student ${studentId} not found`, { studentId });
  }

  return describeStudentMastery(studentId, classIds, states, standard);
}

/** The answer from states already read. */
export function describeStudentMastery(
  studentId: string,
  classIds: readonly string[],
  states: readonly MasteryState[],
  standard?: string,
): StudentMastery {
  const selected = states
    .filter((s) => standard === undefined || s.standard === standard)
    .sort((a, b) => (a.standard < b.standard ? -1 : a.standard > b.standard ? 1 : 0));
  const described = describeStandards(selected.map((s) => s.standard));
  return {
    studentId,
    classIds: [...classIds].sort(),
    standards: selected.map((s, i) => ({
      ...(described[i] as StandardSummary),
      level: s.level,
      value: roundValue(s.value),
      evidenceCount: s.evidenceCount,
      method: s.method,
      lastEvidenceAt: s.lastEvidenceAt,
    })),
  };
}
