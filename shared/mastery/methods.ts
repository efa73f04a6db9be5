/**
 * The state each method keeps for one student and standard, and the constant
 * time update that applies one more piece of evidence to it. Evidence must be
 * applied in the order the work happened; `incremental.ts` handles evidence
 * that arrives late.
 */
import type { Evidence, MasteryLevel } from '../model.js';
import { bktStep } from './bkt.js';
import { orderKeyOf, type OrderKey } from './order.js';
import { levelFor, type MasteryPolicy } from './policy.js';

type PolicyOf<M extends MasteryPolicy['method']> = Extract<MasteryPolicy, { method: M }>;

interface StateBase<M extends MasteryPolicy['method']> {
  method: M;
  policy: PolicyOf<M>;
  /** Scored evidence applied so far. */
  count: number;
  /** Where the last applied evidence sits in time; later evidence goes after it. */
  lastKey?: OrderKey;
  lastEvidenceAt?: string;
}

export interface LatestState extends StateBase<'latest'> {
  value?: number;
}
export interface HighestState extends StateBase<'highest'> {
  value?: number;
}
export interface AverageState extends StateBase<'average'> {
  weightSum: number;
  weightedSum: number;
}
export interface WeightedLatestState extends StateBase<'weighted_latest'> {
  latest?: number;
  /** Evidence weights and weighted scores of everything before the latest. */
  earlierWeightSum: number;
  earlierWeightedSum: number;
  latestWeight: number;
}
export interface DecayingAverageState extends StateBase<'decaying_average'> {
  value?: number;
}
export interface NMasteryState extends StateBase<'n_mastery'> {
  /** Scores at or above the threshold, and their weights. */
  qualifying: number;
  weightSum: number;
  weightedSum: number;
}
export interface BktState extends StateBase<'bkt'> {
  /** P(known) at the next opportunity. */
  pKnown: number;
}

/** What one method keeps for one student and standard. */
export type MethodState =
  | LatestState
  | HighestState
  | AverageState
  | WeightedLatestState
  | DecayingAverageState
  | NMasteryState
  | BktState;

export interface MasteryResult {
  /** In [0,1]; absent when no scored evidence counts yet. */
  value?: number;
  level: MasteryLevel;
  /** Scored evidence that counted. */
  evidenceCount: number;
  lastEvidenceAt?: string;
  method: MasteryPolicy['method'];
  /** n_mastery only: scores at or above the threshold, and how many are needed. */
  qualifying?: { count: number; required: number };
}

/** The state before any evidence. */
export function initialState(policy: MasteryPolicy): MethodState {
  const base = { count: 0 };
  switch (policy.method) {
    case 'latest':
      return { ...base, method: policy.method, policy };
    case 'highest':
      return { ...base, method: policy.method, policy };
    case 'average': {
      // The prior enters as pseudo-evidence, so the update stays one line.
      const strength = policy.prior?.strength ?? 0;
      const weightedSum = strength * (policy.prior?.value ?? 0);
      return { ...base, method: policy.method, policy, weightSum: strength, weightedSum };
    }
    case 'weighted_latest':
      return {
        ...base,
        method: policy.method,
        policy,
        earlierWeightSum: 0,
        earlierWeightedSum: 0,
        latestWeight: 0,
      };
    case 'decaying_average':
      return { ...base, method: policy.method, policy };
    case 'n_mastery':
      return {
        ...base,
        method: policy.method,
        policy,
        qualifying: 0,
        weightSum: 0,
        weightedSum: 0,
      };
    case 'bkt':
      return { ...base, method: policy.method, policy, pKnown: policy.params.prior };
  }
}

/**
 * The state after one more piece of evidence, in O(1). Evidence that does not
 * count (exempt, not submitted, voided) leaves the state as it is. The caller
 * applies evidence in order; see `applyEvidence` for evidence that is late.
 */
export function update<S extends MethodState>(state: S, evidence: Evidence): S {
  if (evidence.status !== 'scored' || evidence.score === undefined) return state;
  const next = advance(state, evidence.score, evidence.weight ?? 1);
  next.count = state.count + 1;
  next.lastKey = orderKeyOf(evidence);
  next.lastEvidenceAt = evidence.occurredAt ?? state.lastEvidenceAt;
  return next as S;
}

function advance(state: MethodState, x: number, w: number): MethodState {
  switch (state.method) {
    case 'latest':
      return { ...state, value: x };
    case 'highest':
      return {
        ...state,
        value: state.value === undefined ? x : Math.max(state.value, x),
      };
    case 'average': {
      const d = state.policy.decay;
      return {
        ...state,
        weightSum: d * state.weightSum + w,
        weightedSum: d * state.weightedSum + w * x,
      };
    }
    case 'weighted_latest':
      // The previous latest joins the earlier mean; the new score becomes latest.
      return state.latest === undefined
        ? { ...state, latest: x, latestWeight: w }
        : {
            ...state,
            earlierWeightSum: state.earlierWeightSum + state.latestWeight,
            earlierWeightedSum:
              state.earlierWeightedSum + state.latestWeight * state.latest,
            latest: x,
            latestWeight: w,
          };
    case 'decaying_average': {
      const k = state.policy.weight;
      return {
        ...state,
        value: state.value === undefined ? x : k * x + (1 - k) * state.value,
      };
    }
    case 'n_mastery':
      if (x < state.policy.threshold) return { ...state };
      return {
        ...state,
        qualifying: state.qualifying + 1,
        weightSum: state.weightSum + w,
        weightedSum: state.weightedSum + w * x,
      };
    case 'bkt':
      return { ...state, pKnown: bktStep(state.policy.params, state.pKnown, x) };
  }
}

/** The value of a state; undefined while nothing counts. */
export function valueOf(state: MethodState): number | undefined {
  if (state.count === 0) return undefined;
  switch (state.method) {
    case 'latest':
    case 'highest':
    case 'decaying_average':
      return state.value;
    case 'average':
      return state.weightedSum / state.weightSum;
    case 'weighted_latest': {
      const latest = state.latest as number;
      if (state.earlierWeightSum === 0) return latest;
      const earlier = state.earlierWeightedSum / state.earlierWeightSum;
      return state.policy.weight * latest + (1 - state.policy.weight) * earlier;
    }
    case 'n_mastery':
      // Too few qualifying scores is "not mastered yet", never a zero.
      return state.qualifying === 0 ? undefined : state.weightedSum / state.weightSum;
    case 'bkt':
      return state.pKnown;
  }
}

/** Value, level and evidence count of a state. */
export function resultOf(state: MethodState): MasteryResult {
  const value = valueOf(state);
  const result: MasteryResult = {
    value,
    level: levelFor(value, state.policy.cuts),
    evidenceCount: state.count,
    lastEvidenceAt: state.lastEvidenceAt,
    method: state.method,
  };
  if (state.method !== 'n_mastery') return result;

  const required = state.policy.count;
  result.qualifying = { count: state.qualifying, required };
  result.level = nMasteryLevel(state, value);
  return result;
}

function nMasteryLevel(state: NMasteryState, value: number | undefined): MasteryLevel {
  if (state.count === 0) return 'not_started';
  if (state.qualifying >= state.policy.count) return 'mastered';
  if (value === undefined) return 'developing';
  // Qualifying scores sit at or above the threshold; until there are enough
  // of them the standard is at most approaching.
  const level = levelFor(value, state.policy.cuts);
  return level === 'mastered' ? 'approaching' : level;
}
