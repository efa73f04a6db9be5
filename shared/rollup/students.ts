/**
 * Keeps each student's mastery per standard current. After a run only the
 * evidence that run wrote is applied: in order it is one O(1) update of the
 * stored incremental state; late evidence, a regrade or a void of evidence
 * already applied, or a changed policy recomputes that one student and
 * standard from its evidence. Without a run the student is recomputed whole
 * (`lablink rollup`); both paths give the same states.
 */
import { ConfigError } from '../errors.js';
import {
  compareOrderKeys,
  countedEvidence,
  fromStoredState,
  initialState,
  loadMasteryPolicyConfig,
  orderEvidence,
  orderKeyOf,
  policyFor,
  recompute,
  resultOf,
  samePolicy,
  toStoredState,
  update,
  type MasteryPolicy,
  type MasteryPolicyConfig,
  type MethodState,
  type PolicyInUse,
  type PolicySource,
} from '../mastery/index.js';
import { isCounted } from '../mastery/order.js';
import type { Evidence } from '../model.js';
import type { EvidenceStore, MasteryStore, RosterStore } from '../ports.js';
import {
  isMasteryLedger,
  type AppliedEvidence,
  type MasteryLedger,
  type StoredMastery,
} from './ports.js';

export interface RollupDeps {
  evidence: EvidenceStore;
  /** Must also implement `MasteryLedger` (DynamoStore does). */
  mastery: MasteryStore;
  roster: RosterStore;
  /** One policy for every standard; otherwise `policies`. */
  policy?: MasteryPolicy;
  /** The district configuration; `loadMasteryPolicyConfig()` when absent. */
  policies?: MasteryPolicyConfig;
  now?: () => Date;
}

/** What one student's update did, for logs and tests. */
export interface StudentUpdate {
  /** Standards whose state was written. */
  standards: string[];
  /** Of those, the ones recomputed from their evidence. */
  recomputed: string[];
  /** Touched evidence skipped because that version was already applied. */
  alreadyApplied: number;
  /** Touched evidence that was a new version of a record already applied (a correction). */
  corrected: number;
  /** The student's classes, whose grid cells were written. */
  classIds: string[];
}

export function ledgerOf(deps: RollupDeps): MasteryLedger {
  if (isMasteryLedger(deps.mastery)) return deps.mastery;
  throw new ConfigError(
    'the mastery store keeps no incremental states; use storage/dynamodb-store.ts',
  );
}

/** The configuration and the stored sound BKT fits, read once per call. */
export async function loadPolicySource(deps: RollupDeps): Promise<PolicySource> {
  const config: MasteryPolicyConfig = deps.policy
    ? { district: deps.policy, subjects: {}, standards: {} }
    : (deps.policies ?? loadMasteryPolicyConfig());
  const fits = await ledgerOf(deps).listBktFits();
  return {
    config,
    fits: new Map(fits.filter((f) => f.fitted).map((f) => [f.standard, f.params])),
  };
}

function toStored(
  studentId: string,
  standard: string,
  state: MethodState,
  inUse: PolicyInUse,
  programs: Iterable<string>,
  computedAt: string,
): StoredMastery {
  const result = resultOf(state);
  return {
    studentId,
    standard,
    method: result.method,
    value: result.value,
    level: result.level,
    evidenceCount: result.evidenceCount,
    lastEvidenceAt: result.lastEvidenceAt,
    computedAt,
    policy: state.policy as unknown as Record<string, unknown>,
    policyFrom: inUse.from,
    fitted: inUse.fitted,
    incremental: toStoredState(state),
    programs: [...new Set(programs)].sort(),
  };
}

const appliedOf = (e: Evidence): AppliedEvidence => ({
  evidenceId: e.evidenceId,
  contentHash: e.contentHash,
  standards: e.standards,
});

/** A standard's state from its stored evidence. */
function fromEvidence(
  studentId: string,
  standard: string,
  evidence: readonly Evidence[],
  inUse: PolicyInUse,
  computedAt: string,
): StoredMastery {
  const state = recompute(inUse.policy, evidence);
  const programs = countedEvidence(evidence).map((e) => e.programId);
  return toStored(studentId, standard, state, inUse, programs, computedAt);
}

/**
 * New evidence applied in order to a stored state, or undefined when it
 * cannot be: the policy changed, or some evidence sorts at or before the last
 * applied one (late, or applied before under a marker that was never written).
 */
function applyInOrder(
  stored: StoredMastery | undefined,
  inUse: PolicyInUse,
  incoming: readonly Evidence[],
): { state: MethodState; programs: Set<string> } | undefined {
  const policy = stored?.policy as MasteryPolicy | undefined;
  if (stored && (!policy || !stored.incremental)) return undefined;
  if (policy && !samePolicy(policy, inUse.policy)) return undefined;
  let state = stored?.incremental
    ? fromStoredState(inUse.policy, stored.incremental)
    : initialState(inUse.policy);
  const programs = new Set(stored?.programs ?? []);
  for (const e of orderEvidence(incoming)) {
    if (!isCounted(e)) continue;
    if (state.lastKey && compareOrderKeys(orderKeyOf(e), state.lastKey) <= 0) return;
    state = update(state, e);
    programs.add(e.programId);
  }
  return { state, programs };
}

/**
 * Updates one student. `touched` is the evidence a run wrote for them; when
 * absent every standard is recomputed from all of their evidence.
 */
export async function updateStudent(
  deps: RollupDeps,
  source: PolicySource,
  studentId: string,
  touched?: readonly Evidence[],
): Promise<StudentUpdate> {
  const ledger = ledgerOf(deps);
  const computedAt = (deps.now?.() ?? new Date()).toISOString();
  const classIds = await deps.roster.listStudentClasses(studentId);

  if (!touched) {
    const evidence = await deps.evidence.listStudentEvidence(studentId);
    const byStandard = new Map<string, Evidence[]>();
    for (const e of evidence)
      for (const s of e.standards) byStandard.set(s, [...(byStandard.get(s) ?? []), e]);
    const states = [...byStandard].map(([standard, list]) =>
      fromEvidence(studentId, standard, list, policyFor(source, standard), computedAt),
    );
    await ledger.putStoredMastery(states, classIds);
    await ledger.putApplied(studentId, evidence.map(appliedOf));
    const standards = [...byStandard.keys()];
    return {
      standards,
      recomputed: standards,
      alreadyApplied: 0,
      corrected: 0,
      classIds,
    };
  }

  const stored = await ledger.getStoredMastery(studentId);
  // Markers are written after states, so a student without states has none:
  // their first run (most students of a first file) skips that read.
  const applied = stored.length
    ? await ledger.getApplied(
        studentId,
        touched.map((e) => e.evidenceId),
      )
    : [];
  const states = new Map(stored.map((s) => [s.standard, s]));
  const appliedById = new Map(applied.map((a) => [a.evidenceId, a]));
  const toRecompute = new Set<string>();
  const pending = new Map<string, Evidence[]>();
  const fresh: Evidence[] = [];
  let corrected = 0;
  for (const e of touched) {
    const before = appliedById.get(e.evidenceId);
    if (before?.contentHash === e.contentHash) continue; // redelivered
    fresh.push(e);
    // A new version of applied evidence: its old and new standards both change.
    if (before) {
      corrected += 1;
      for (const s of [...before.standards, ...e.standards]) toRecompute.add(s);
    } else for (const s of e.standards) pending.set(s, [...(pending.get(s) ?? []), e]);
  }

  const written: StoredMastery[] = [];
  for (const [standard, incoming] of pending) {
    if (toRecompute.has(standard)) continue;
    const inUse = policyFor(source, standard);
    const next = applyInOrder(states.get(standard), inUse, incoming);
    if (!next) toRecompute.add(standard);
    else
      written.push(
        toStored(studentId, standard, next.state, inUse, next.programs, computedAt),
      );
  }
  for (const standard of toRecompute) {
    const evidence = await ledger.listStandardEvidence(studentId, standard);
    const inUse = policyFor(source, standard);
    written.push(fromEvidence(studentId, standard, evidence, inUse, computedAt));
  }

  // States first, markers after: if the markers are lost, the evidence looks
  // new next time, sorts at or before the last applied key and recomputes.
  await ledger.putStoredMastery(written, classIds);
  await ledger.putApplied(studentId, fresh.map(appliedOf));
  return {
    standards: written.map((s) => s.standard),
    recomputed: [...toRecompute],
    alreadyApplied: touched.length - fresh.length,
    corrected,
    classIds,
  };
}
