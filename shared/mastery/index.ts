/**
 * Mastery from evidence. The order of evidence is the order in which the work
 * happened; the result never depends on file row order or delivery order.
 */
import type { Evidence, MasteryLevel } from '../model.js';

/** Ordering key: when the work happened, the vendor's sequence, source order, id. */
export function compareEvidence(a: Evidence, b: Evidence): number {
  // Evidence without a clock (ASSISTments exports none) sorts before timed
  // evidence; within one program the vendor's sequence then orders it. Mixing
  // clockless and timed programs for one standard is therefore approximate.
  const at = a.occurredAt ? Date.parse(a.occurredAt) : -Infinity;
  const bt = b.occurredAt ? Date.parse(b.occurredAt) : -Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  const as = a.sequence ?? Number.POSITIVE_INFINITY;
  const bs = b.sequence ?? Number.POSITIVE_INFINITY;
  if (as !== bs) return as < bs ? -1 : 1;
  if (a.source.uri !== b.source.uri) return a.source.uri < b.source.uri ? -1 : 1;
  if (a.source.line !== b.source.line) return a.source.line - b.source.line;
  return a.evidenceId < b.evidenceId ? -1 : a.evidenceId > b.evidenceId ? 1 : 0;
}

/** A new array in the order the work happened. */
export function orderEvidence(evidence: readonly Evidence[]): Evidence[] {
  return [...evidence].sort(compareEvidence);
}

export interface LevelCuts {
  /** Lowest value that is `approaching`. */
  approaching: number;
  /** Lowest value that is `mastered`. */
  mastered: number;
}

export const DEFAULT_LEVEL_CUTS: LevelCuts = { approaching: 0.6, mastered: 0.8 };

export interface DecayingAveragePolicy {
  method: 'decaying_average';
  /** Weight of each new score against the running value, 0.5-0.99. */
  weight: number;
  cuts: LevelCuts;
}

export type MasteryPolicy = DecayingAveragePolicy;

export const DEFAULT_POLICY: MasteryPolicy = {
  method: 'decaying_average',
  weight: 0.65,
  cuts: DEFAULT_LEVEL_CUTS,
};

export interface MasteryResult {
  value?: number;
  level: MasteryLevel;
  /** Scored evidence that counted. */
  evidenceCount: number;
  lastEvidenceAt?: string;
}

export function levelFor(value: number | undefined, cuts: LevelCuts): MasteryLevel {
  if (value === undefined) return 'not_started';
  if (value >= cuts.mastered) return 'mastered';
  if (value >= cuts.approaching) return 'approaching';
  return 'developing';
}

/**
 * Mastery of one student on one standard from that standard's evidence.
 * Only scored evidence counts: exempt, not submitted and voided records are
 * kept in storage but never enter the value.
 */
export function computeMastery(
  evidence: readonly Evidence[],
  policy: MasteryPolicy = DEFAULT_POLICY,
): MasteryResult {
  const scored = orderEvidence(evidence).filter((e) => e.status === 'scored');
  let value: number | undefined;
  let lastEvidenceAt: string | undefined;
  for (const e of scored) {
    const score = e.score as number;
    value = value === undefined ? score : policy.weight * score + (1 - policy.weight) * value;
    if (e.occurredAt) lastEvidenceAt = e.occurredAt;
  }
  return {
    value,
    level: levelFor(value, policy.cuts),
    evidenceCount: scored.length,
    lastEvidenceAt,
  };
}
