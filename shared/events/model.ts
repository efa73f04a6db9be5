/**
 * What the event pipeline works on: each pushed statement or event mapped to
 * one item, whatever its format, and the record kept per event id so a
 * replay is recognised and a conflicting reuse of an id is refused.
 */
import { createHash } from 'node:crypto';
import type { Evidence } from '../model.js';

export type EventFormat = 'xapi' | 'caliper';

interface ItemBase {
  /** Position in the request (0-based), for error messages. */
  index: number;
  eventId: string;
  /** Hash of the event's canonical JSON: tells a replay from a conflict. */
  contentHash: string;
}

export type EventItem = ItemBase &
  (
    | { kind: 'evidence'; evidence: Evidence }
    /** Valid and kept, but carries no score (a view, a launch, a session...). */
    | { kind: 'recorded'; minutesOnTask?: number }
    /** An xAPI voiding statement. */
    | { kind: 'void'; targetId: string }
    | { kind: 'held'; waitingFor: string; reason: string; payload: string }
  );

export interface EventRecord {
  programId: string;
  format: EventFormat;
  eventId: string;
  contentHash: string;
  studentId?: string;
  evidenceId?: string;
  minutesOnTask?: number;
  runId: string;
  recordedAt: string;
}

/** Storage of event records and of voids that arrived before their target. */
export interface EventRecordStore {
  getEventRecords(
    programId: string,
    format: EventFormat,
    eventIds: readonly string[],
  ): Promise<Map<string, EventRecord>>;
  /** Creates the record unless one exists; returns the existing one if so. */
  putEventRecord(record: EventRecord): Promise<'created' | EventRecord>;
  /**
   * Sets the student and evidence of a record created while its event was
   * held (same id and content), so a later void finds the evidence.
   */
  linkStudent(record: EventRecord): Promise<void>;
  /** Target ids (of those given) that a voiding statement has named. */
  getVoidedIds(programId: string, targetIds: readonly string[]): Promise<Set<string>>;
  putVoid(programId: string, targetId: string, voidingId: string): Promise<void>;
}

/** JSON with keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHashOf = (value: unknown) =>
  createHash('sha256').update(canonicalJson(value)).digest('base64url');

/**
 * What a held pushed event carries: the event as received, with its format,
 * so a release maps it again through the same code as a push.
 */
export interface HeldEventPayload {
  kind: 'event';
  format: EventFormat;
  event: unknown;
}

/** The held payload of an event whose JSON text is `eventJson`. */
export const heldEventPayload = (format: EventFormat, eventJson: string): string =>
  `{"kind":"event","format":${JSON.stringify(format)},"event":${eventJson}}`;

export function parseHeldEvent(payload: string): HeldEventPayload | undefined {
  try {
    const value = JSON.parse(payload) as Partial<HeldEventPayload>;
    return value.kind === 'event' &&
      (value.format === 'xapi' || value.format === 'caliper') &&
      value.event !== undefined
      ? (value as HeldEventPayload)
      : undefined;
  } catch {
    return undefined;
  }
}
