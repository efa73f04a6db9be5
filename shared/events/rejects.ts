/**
 * The records a push rejects, as a file run's are: one line each of the
 * run's rejects CSV (`runs/<runId>/rejects.csv`, the columns of
 * shared/ingest/rejects-file.ts), which `GET /ingest/runs/{runId}/rejects`
 * serves. A push's `line` is the record's number in its request, from 1 (a
 * file's is its line in the file); `value` is the statement's or event's id
 * (as sent, or as the pipeline reads it once mapped: an xAPI id lower-case,
 * or derived from the content when none was sent), never a learner's name
 * or e-mail.
 */
import { RejectsFile, type Reject } from '../ingest/rejects-file.js';
import type { ObjectStore } from '../ports.js';
import { RUNS_PREFIX } from '../programs.js';

export interface RejectedRecord extends Reject {
  /** The reason the run counts it under (its `rejectReasons` key). */
  runReason: string;
}

/** Where rejects files go; without both, a run records its reasons only. */
export interface RejectsTarget {
  objects?: ObjectStore;
  bucket?: string;
}

/**
 * Where a statement or data item sits in its request, as people count and
 * as held records and file rejects number lines: the first is 1. Field paths
 * inside one (`context.contextActivities.parent.0.id`) stay JSON paths.
 */
export const positionOf = (index: number) => index + 1;

/** The id a statement or event was sent with, if it has one. */
export const sentId = (raw: unknown): string => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : '';
};

/** A record whose id is stored with other content. */
export function conflictRecord(
  line: number,
  eventId: string,
  runReason: string,
): RejectedRecord {
  return {
    line,
    field: 'id',
    value: eventId,
    reason: `id ${eventId} is already stored with other content (conflict)`,
    fix: 'send new content under a new id; the stored version sent again is a duplicate',
    runReason,
  };
}

/**
 * Every record of an xAPI batch refused whole: those at fault as given, and
 * each other one refused with its batch (a batch is stored whole or not at
 * all), its reason saying so rather than that it was at fault.
 */
export function refusedBatch(
  batch: readonly { line: number; value: string }[],
  atFault: readonly RejectedRecord[],
  blame: string,
): RejectedRecord[] {
  const fault = new Map(atFault.map((r) => [r.line, r]));
  const reason = `refused with its batch (${blame})`;
  const fix = 'send the batch again once fixed';
  return batch.map(
    ({ line, value }) =>
      fault.get(line) ?? {
        line,
        field: 'statement',
        value,
        reason,
        fix,
        runReason: `${reason}; ${fix}`,
      },
  );
}

/** The run's reject reasons: how many records each counts. */
export function reasonsOf(records: readonly RejectedRecord[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const r of records) reasons[r.runReason] = (reasons[r.runReason] ?? 0) + 1;
  return reasons;
}

/** Writes the run's rejects CSV, in request order; its key, or none without rejects. */
export async function writeRunRejects(
  target: RejectsTarget,
  runId: string,
  records: readonly RejectedRecord[],
): Promise<string | undefined> {
  if (records.length === 0 || !target.objects || !target.bucket) return undefined;
  const file = await RejectsFile.create();
  try {
    for (const { runReason: _counted, ...reject } of [...records].sort(
      (a, b) => a.line - b.line,
    ))
      await file.add(reject);
    await file.close();
    const key = `${RUNS_PREFIX}${runId}/rejects.csv`;
    await target.objects.putFile(target.bucket, key, file.path, 'text/csv');
    return key;
  } finally {
    await file.remove();
  }
}
