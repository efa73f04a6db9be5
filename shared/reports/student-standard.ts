/**
 * Why a student stands where they do on one standard: the state, the policy
 * behind it, and every piece of evidence on the standard in the order the
 * work happened, with each score's share in the current value.
 */
import { NotFoundError } from '../errors.js';
import { explainMastery, orderEvidence, type MasteryPolicy } from '../mastery/index.js';
import type { EvidenceStatus, MasteryLevel } from '../model.js';
import type { RosterStore } from '../ports.js';
import type { MasteryLedger } from '../rollup/ports.js';
import { roundValue } from './class-mastery.js';
import { describeStandards, type StandardSummary } from './standards.js';

export interface ExplainedEvidence {
  evidenceId: string;
  programId: string;
  itemId: string;
  occurredAt?: string;
  sequence?: number;
  score?: number;
  status: EvidenceStatus;
  /** False for exempt, voided and not submitted evidence. */
  counted: boolean;
  /** Share in the value (see docs/mastery.md); 0 when not counted, null for bkt. */
  weight: number | null;
  /** bkt only: P(known) after this evidence. */
  pKnownAfter?: number;
}

export interface StudentStandard {
  studentId: string;
  standard: StandardSummary;
  level: MasteryLevel;
  value?: number;
  evidenceCount: number;
  method: string;
  policy?: Record<string, unknown>;
  policyFrom?: string;
  fitted: boolean;
  computedAt: string;
  /** `average` with a prior: the prior's share in the value. */
  priorWeight?: number;
  evidence: ExplainedEvidence[];
}

/** @throws NotFoundError when the student or their state on the standard is unknown. */
export async function explainStudentStandard(
  deps: { mastery: MasteryLedger; roster: RosterStore },
  studentId: string,
  code: string,
): Promise<StudentStandard> {
  const [state, classIds] = await Promise.all([
    deps.mastery.getStoredMasteryOne(studentId, code),
    deps.roster.listStudentClasses(studentId),
  ]);
  if (!state) {
    const known = classIds.length > 0;
    throw new NotFoundError(
      known
        ? `student ${studentId} has no mastery on ${code}`
        : `student ${studentId} not found`,
      { studentId, standard: code },
    );
  }

  const evidence = orderEvidence(
    await deps.mastery.listStandardEvidence(studentId, code),
  );
  const policy = state.policy as MasteryPolicy | undefined;
  const explained = policy ? explainMastery(evidence, policy) : { shares: [] };
  const shares = new Map(explained.shares.map((s) => [s.evidenceId, s]));
  return {
    studentId,
    standard: describeStandards([code])[0] as StandardSummary,
    level: state.level,
    // Rounded as every route reports a value; the weights stay exact shares,
    // so the sum of weight times score is the value before rounding.
    value: roundValue(state.value),
    evidenceCount: state.evidenceCount,
    method: state.method,
    policy: state.policy,
    policyFrom: state.policyFrom,
    fitted: state.fitted,
    computedAt: state.computedAt,
    priorWeight: explained.priorWeight,
    evidence: evidence.map((e) => {
      const share = shares.get(e.evidenceId);
      return {
        evidenceId: e.evidenceId,
        programId: e.programId,
        itemId: e.itemId,
        occurredAt: e.occurredAt,
        sequence: e.sequence,
        score: e.score,
        status: e.status,
        counted: share !== undefined,
        weight: share ? share.weight : policy?.method === 'bkt' ? null : 0,
        pKnownAfter: share?.pKnownAfter,
      };
    }),
  };
}
