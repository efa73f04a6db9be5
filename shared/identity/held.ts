/**
 * Evidence whose student is not resolved yet is held, whole, with what it
 * waits for (`student:<program>:<vendorId>`), and re-processed when a mapping
 * or a roster that names the student arrives. Held is never dropped.
 */
import type { Evidence, HeldRecord } from '../model.js';
import type { HeldStore } from '../ports.js';
import { studentWaitingFor } from './resolver.js';

/** The enrollment a mapped row implies, kept so a released record enrolls too. */
export interface HeldEnrollment {
  classId: string;
  studentId: string;
  teacherId?: string;
  schoolId?: string;
}

/** What a held record of an unresolved student carries as its payload. */
export interface HeldEvidencePayload {
  kind: 'evidence';
  evidence: Evidence;
  enrollment?: HeldEnrollment;
}

export function heldEvidence(
  evidence: Evidence,
  enrollment: HeldEnrollment | undefined,
  reason: string,
  heldAt: string,
): HeldRecord {
  const payload: HeldEvidencePayload = { kind: 'evidence', evidence, enrollment };
  return {
    programId: evidence.programId,
    heldId: evidence.evidenceId,
    waitingFor: studentWaitingFor(evidence.programId, evidence.studentId),
    reason,
    runId: evidence.source.runId,
    source: { uri: evidence.source.uri, line: evidence.source.line },
    payload: JSON.stringify(payload),
    heldAt,
  };
}

export function parseHeldEvidence(record: HeldRecord): HeldEvidencePayload | undefined {
  try {
    const payload = JSON.parse(record.payload) as Partial<HeldEvidencePayload>;
    return payload.kind === 'evidence' && payload.evidence
      ? (payload as HeldEvidencePayload)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Held records per write: one BatchWriteItem. */
export const HELD_BATCH = 25;

/** Buffers held records of a run and writes them in batches. */
export class HeldBuffer {
  private buffer: HeldRecord[] = [];

  constructor(private readonly store: HeldStore | undefined) {}

  async add(record: HeldRecord): Promise<void> {
    this.buffer.push(record);
    if (this.buffer.length >= HELD_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.buffer.splice(0);
    if (batch.length === 0) return;
    if (!this.store) throw new Error('records must be held but no held store was given');
    await this.store.putHeld(batch);
  }
}
