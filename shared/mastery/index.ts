/**
 * Mastery from evidence. The order of evidence is the order in which the work
 * happened; the result never depends on file row order or delivery order.
 * See docs/mastery.md for the methods, their parameters and the rules.
 */
import type { Evidence } from '../model.js';
import { recompute } from './incremental.js';
import { resultOf, type MasteryResult } from './methods.js';
import { DEFAULT_POLICY, type MasteryPolicy } from './policy.js';

export {
  compareEvidence,
  compareOrderKeys,
  countedEvidence,
  currentVersions,
  orderEvidence,
  orderKeyOf,
  type OrderKey,
} from './order.js';
export {
  BktParamsSchema,
  DEFAULT_BKT_PARAMS,
  DEFAULT_BKT_THRESHOLD,
  DEFAULT_LEVEL_CUTS,
  DEFAULT_N_MASTERY_COUNT,
  DEFAULT_POLICY,
  DEFAULT_RECENT_WEIGHT,
  LevelCutsSchema,
  MASTERY_METHODS,
  MasteryPolicySchema,
  levelFor,
  parseMasteryPolicy,
  type BktParams,
  type BktPolicy,
  type AveragePolicy,
  type DecayingAveragePolicy,
  type LevelCuts,
  type MasteryMethod,
  type MasteryPolicy,
  type MasteryPolicyInput,
  type NMasteryPolicy,
  type WeightedLatestPolicy,
} from './policy.js';
export {
  initialState,
  resultOf,
  update,
  valueOf,
  type MasteryResult,
  type MethodState,
} from './methods.js';
export {
  applyEvidence,
  recompute,
  type Applied,
  type ApplyReason,
} from './incremental.js';
export { bktPosterior, bktPredictCorrect, bktStep, bktTransition } from './bkt.js';
export {
  fitBkt,
  fitBktByStandard,
  sequencesByStandard,
  type BktFit,
  type BktFitOptions,
} from './bkt-fit.js';
export {
  MasteryPolicyConfigSchema,
  parseMasteryPolicyConfig,
  resolvePolicy,
  type MasteryPolicyConfig,
  type ResolvedPolicy,
} from './resolver.js';
export {
  MASTERY_POLICY_ENV,
  loadMasteryPolicyConfig,
  policyFor,
  samePolicy,
  subjectOf,
  type PolicyInUse,
  type PolicySource,
} from './config.js';
export { StoredMethodState, fromStoredState, toStoredState } from './stored.js';
export { explainMastery, type EvidenceShare, type Explanation } from './explain.js';

/**
 * Mastery of one student on one standard from that standard's evidence, every
 * version in the order it arrived. Only scored evidence counts: exempt, not
 * submitted and voided records are kept in storage but never enter the value.
 */
export function computeMastery(
  evidence: readonly Evidence[],
  policy: MasteryPolicy = DEFAULT_POLICY,
): MasteryResult {
  return resultOf(recompute(policy, evidence));
}
