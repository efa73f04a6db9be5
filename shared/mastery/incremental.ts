/**
 * Keeping a student-standard state current as evidence streams in. Evidence
 * in order costs O(1); evidence that is late, or that replaces or cancels an
 * earlier version, recomputes that one student and standard from its history.
 */
import type { Evidence } from '../model.js';
import { initialState, update, type MethodState } from './methods.js';
import { compareOrderKeys, countedEvidence, isCounted, orderKeyOf } from './order.js';
import type { MasteryPolicy } from './policy.js';

/** The state from every version of a standard's evidence, in arrival order. */
export function recompute(
  policy: MasteryPolicy,
  arrived: readonly Evidence[],
): MethodState {
  let state = initialState(policy);
  for (const e of countedEvidence(arrived)) state = update(state, e);
  return state;
}

/** Why `applyEvidence` did what it did; `late` and `replaces` recomputed. */
export type ApplyReason = 'in_order' | 'late' | 'replaces' | 'not_counted';

export interface Applied<S extends MethodState> {
  state: S;
  reason: ApplyReason;
  recomputed: boolean;
}

/**
 * Applies one new piece of evidence to a student-standard state.
 *
 * `history` holds every version of this student-standard's evidence that
 * arrived before `evidence`, in arrival order (the caller appends `evidence`
 * afterwards). Finding an earlier version of the same evidence id scans the
 * history, O(n) in that one student-standard's evidence (tens of records).
 *
 * @example
 * const { state } = applyEvidence(state, storedForStandard, incoming);
 */
export function applyEvidence<S extends MethodState>(
  state: S,
  history: readonly Evidence[],
  evidence: Evidence,
): Applied<S> {
  if (history.some((e) => e.evidenceId === evidence.evidenceId)) {
    // A regrade, a void or an exemption of evidence already seen.
    const next = recompute(state.policy, [...history, evidence]) as S;
    return { state: next, reason: 'replaces', recomputed: true };
  }
  if (!isCounted(evidence)) {
    // Kept in history by the caller so that it cancels its target if that
    // arrives later; on its own it changes nothing.
    return { state, reason: 'not_counted', recomputed: false };
  }
  if (state.lastKey && compareOrderKeys(orderKeyOf(evidence), state.lastKey) < 0) {
    const next = recompute(state.policy, [...history, evidence]) as S;
    return { state: next, reason: 'late', recomputed: true };
  }
  return { state: update(state, evidence), reason: 'in_order', recomputed: false };
}
