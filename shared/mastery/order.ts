/**
 * The order of evidence is the order in which the work happened, and which
 * version of a piece of evidence counts. Neither depends on file row order or
 * delivery order, except that a regrade (the same evidence id with new
 * content) replaces what arrived before it.
 */
import type { Evidence } from '../model.js';

/** The fields that place evidence in time; kept in incremental state. */
export interface OrderKey {
  /** Epoch milliseconds when the work happened; -Infinity without a clock. */
  at: number;
  sequence: number;
  uri: string;
  line: number;
  evidenceId: string;
}

export function orderKeyOf(e: Evidence): OrderKey {
  return {
    at: e.occurredAt ? Date.parse(e.occurredAt) : Number.NEGATIVE_INFINITY,
    sequence: e.sequence ?? Number.POSITIVE_INFINITY,
    uri: e.source.uri,
    line: e.source.line,
    evidenceId: e.evidenceId,
  };
}

/** Total order on keys: time, vendor sequence, source file, line, evidence id. */
export function compareOrderKeys(a: OrderKey, b: OrderKey): number {
  // Evidence without a clock (ASSISTments exports none) sorts before timed
  // evidence; within one program the vendor's sequence then orders it. Mixing
  // clockless and timed programs for one standard is therefore approximate.
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.sequence !== b.sequence) return a.sequence < b.sequence ? -1 : 1;
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.evidenceId < b.evidenceId ? -1 : a.evidenceId > b.evidenceId ? 1 : 0;
}

/** Ordering key: when the work happened, the vendor's sequence, source order, id. */
export function compareEvidence(a: Evidence, b: Evidence): number {
  return compareOrderKeys(orderKeyOf(a), orderKeyOf(b));
}

/** A new array in the order the work happened. */
export function orderEvidence(evidence: readonly Evidence[]): Evidence[] {
  // Parsing each timestamp once keeps a sort of n records at n parses, not n log n.
  const keyed = evidence.map((e) => ({ e, k: orderKeyOf(e) }));
  keyed.sort((a, b) => compareOrderKeys(a.k, b.k));
  return keyed.map((x) => x.e);
}

/**
 * Statuses that cancel an evidence id for good. A void or an exemption that
 * arrives before the score it cancels (a delayed redelivery) still wins, so
 * neither ever counts whichever order it arrives in. The cost: lifting an
 * exemption needs the program to send the work under a new evidence id.
 */
const CANCELLING = new Set<Evidence['status']>(['voided', 'exempt']);

/**
 * The version of each evidence id that counts, given every version in the
 * order it arrived: a cancelling version (voided, exempt) wins; otherwise the
 * last to arrive wins, as storage replaces by evidence id (a regrade).
 */
export function currentVersions(arrived: readonly Evidence[]): Evidence[] {
  const byId = new Map<string, Evidence>();
  for (const e of arrived) {
    const held = byId.get(e.evidenceId);
    if (held && CANCELLING.has(held.status)) continue;
    byId.set(e.evidenceId, e);
  }
  return [...byId.values()];
}

/** True when this evidence carries a score that counts. */
export function isCounted(e: Evidence): boolean {
  return e.status === 'scored' && e.score !== undefined;
}

/** The scored evidence that counts, in the order the work happened. */
export function countedEvidence(arrived: readonly Evidence[]): Evidence[] {
  return orderEvidence(currentVersions(arrived).filter(isCounted));
}
