/**
 * Fits BKT per standard from the district's own evidence and stores each fit
 * with its data counts; a bkt policy then uses a standard's sound fit.
 */
import { fitBkt, orderEvidence, type BktFitOptions } from '../mastery/index.js';
import { isCounted } from '../mastery/order.js';
import type { StoredBktFit } from './ports.js';
import { ledgerOf, type RollupDeps } from './students.js';

export interface FitSummary {
  standards: number;
  fitted: number;
  fits: StoredBktFit[];
}

/**
 * Reads every enrolled student's evidence one student at a time, keeping only
 * their score sequences per standard, then fits each standard with the guards
 * of `fitBkt` (too little data or a degenerate fit keeps the defaults).
 */
export async function fitMastery(
  deps: RollupDeps,
  options: BktFitOptions = {},
): Promise<FitSummary> {
  const students = new Set<string>();
  for (const classId of await deps.roster.listClasses())
    for (const s of await deps.roster.listClassStudents(classId)) students.add(s);

  const sequences = new Map<string, number[][]>();
  for (const studentId of students) {
    const evidence = await deps.evidence.listStudentEvidence(studentId);
    const own = new Map<string, number[]>();
    for (const e of orderEvidence(evidence.filter(isCounted)))
      for (const s of e.standards) own.set(s, [...(own.get(s) ?? []), e.score as number]);
    for (const [s, seq] of own) sequences.set(s, [...(sequences.get(s) ?? []), seq]);
  }

  const fittedAt = (deps.now?.() ?? new Date()).toISOString();
  const fits: StoredBktFit[] = [...sequences.keys()].sort().map((standard) => {
    const fit = fitBkt(sequences.get(standard)!, options);
    return {
      standard,
      params: fit.params,
      fitted: fit.fitted,
      reason: fit.reason,
      responses: fit.responses,
      sequences: fit.sequences,
      logLikelihood: fit.logLikelihood,
      fittedAt,
    };
  });
  await ledgerOf(deps).putBktFits(fits);
  return { standards: fits.length, fitted: fits.filter((f) => f.fitted).length, fits };
}
