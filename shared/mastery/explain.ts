/**
 * Why a value is what it is: the share each piece of scored evidence has in
 * the current value, so a teacher can see which work moved it.
 */
import type { Evidence } from '../model.js';
import { bktStep } from './bkt.js';
import { countedEvidence } from './order.js';
import type { MasteryPolicy } from './policy.js';

export interface EvidenceShare {
  evidenceId: string;
  /**
   * Share of this score in the value, in [0,1]; the shares of a linear method
   * add up to 1 (less the prior's share for `average` with a prior). Null for
   * bkt, whose value is not a weighted sum of scores.
   */
  weight: number | null;
  /** bkt only: P(known) at the next opportunity after this evidence. */
  pKnownAfter?: number;
}

export interface Explanation {
  /** Scored evidence that counts, in the order the work happened. */
  shares: EvidenceShare[];
  /** `average` with a prior: the prior's share in the value. */
  priorWeight?: number;
}

/**
 * The share of each counted score in the value `policy` gives. Evidence that
 * does not count (exempt, voided, not submitted, replaced) has no share.
 */
export function explainMastery(
  evidence: readonly Evidence[],
  policy: MasteryPolicy,
): Explanation {
  const counted = countedEvidence(evidence);
  const scores = counted.map((e) => e.score as number);
  const ids = counted.map((e) => e.evidenceId);
  const n = counted.length;
  const shares = (weights: number[]) =>
    ids.map((evidenceId, i) => ({ evidenceId, weight: weights[i] as number }));
  if (n === 0) return { shares: [] };

  switch (policy.method) {
    case 'latest':
      return { shares: shares(scores.map((_, i) => (i === n - 1 ? 1 : 0))) };
    case 'highest': {
      // The first score to reach the best one is the one that set the value.
      const best = scores.indexOf(Math.max(...scores));
      return { shares: shares(scores.map((_, i) => (i === best ? 1 : 0))) };
    }
    case 'decaying_average': {
      // d1 = x1, dk = w xk + (1-w) dk-1: score k keeps w (1-w)^(n-k); the first
      // has no earlier value to blend with, so it keeps (1-w)^(n-1).
      const w = policy.weight;
      return {
        shares: shares(scores.map((_, i) => (i === 0 ? 1 : w) * (1 - w) ** (n - 1 - i))),
      };
    }
    case 'average': {
      const raw = counted.map((e, i) => (e.weight ?? 1) * policy.decay ** (n - 1 - i));
      const prior = (policy.prior?.strength ?? 0) * policy.decay ** n;
      const total = raw.reduce((a, b) => a + b, 0) + prior;
      const result: Explanation = { shares: shares(raw.map((r) => r / total)) };
      if (policy.prior) result.priorWeight = prior / total;
      return result;
    }
    case 'weighted_latest': {
      if (n === 1) return { shares: shares([1]) };
      const earlier = counted.slice(0, -1).reduce((a, e) => a + (e.weight ?? 1), 0);
      const w = policy.weight;
      return {
        shares: shares(
          counted.map((e, i) =>
            i === n - 1 ? w : ((1 - w) * (e.weight ?? 1)) / earlier,
          ),
        ),
      };
    }
    case 'n_mastery': {
      const q = (x: number) => x >= policy.threshold;
      const total = counted.reduce((a, e, i) => a + (q(scores[i]!) ? e.weight : 0), 0);
      return {
        shares: shares(counted.map((e, i) => (q(scores[i]!) ? e.weight / total : 0))),
      };
    }
    case 'bkt': {
      let p = policy.params.prior;
      return {
        shares: ids.map((evidenceId, i) => {
          p = bktStep(policy.params, p, scores[i] as number);
          return { evidenceId, weight: null, pKnownAfter: p };
        }),
      };
    }
  }
}
