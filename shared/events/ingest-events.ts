/**
 * The push pipeline: one request of mapped events becomes a run, event
 * records, evidence and held records. Every parsed event ends accepted,
 * duplicate, rejected or held (or unwritten, in a failed run), and the
 * counts add up. A run that throws once claimed ends `failed`, never
 * `running`.
 *
 * Ids are idempotent: an event id seen before with the same content is a
 * duplicate (its evidence is written again, which is a no-op or repairs an
 * interrupted request); with other content it is a conflict, never an
 * overwrite. Voids win whichever arrives first: a void of a stored event
 * writes the voided version of its evidence, and a void recorded before its
 * target makes the target arrive voided.
 */
import { LablinkError } from '../errors.js';
import { deterministicId } from '../ids.js';
import { maskEmails, type Log } from '../log.js';
import {
  countsAddUp,
  emptyCounts,
  type Evidence,
  type HeldRecord,
  type IngestRun,
  type RunCounts,
} from '../model.js';
import type {
  EvidenceStore,
  HeldStore,
  MasteryStore,
  ObjectStore,
  RosterStore,
  RunStore,
} from '../ports.js';
import type { IdentityStore } from '../identity/ports.js';
import type { MatchRate } from '../identity/match-rate.js';
import { updateStudents } from '../rollup/index.js';
import {
  heldEventPayload,
  type EventFormat,
  type EventItem,
  type EventRecord,
  type EventRecordStore,
} from './model.js';
import {
  conflictRecord,
  positionOf,
  reasonsOf,
  refusedBatch,
  writeRunRejects,
  type RejectedRecord,
} from './rejects.js';

export interface EventDeps {
  evidence: EvidenceStore;
  mastery: MasteryStore;
  roster: RosterStore;
  runs: RunStore;
  held: HeldStore;
  events: EventRecordStore;
  /** Mapping tables and the roster index; without it only district ids resolve. */
  identity?: IdentityStore;
  log: Log;
  now?: () => Date;
  /** With both, a run's rejected records are also written to its rejects CSV. */
  objects?: ObjectStore;
  bucket?: string;
}

export interface EventRequest {
  programId: string;
  format: EventFormat;
  /** The request's own id (API Gateway's), which names the run. */
  requestId: string;
  sourceUri: string;
  /** Events rejected before mapping (invalid, or a repeated id), with their reasons. */
  rejected: readonly RejectedRecord[];
  items: readonly EventItem[];
  /** xAPI: a conflicting id refuses the whole request, storing nothing. */
  atomic: boolean;
  /** Identical repeats inside the request, dropped before mapping (duplicates). */
  repeats?: readonly Pick<EventItem, 'index' | 'eventId'>[];
  /**
   * How the items' learners matched (counted while they were mapped, see
   * countingResolver), recorded on the run as a file run's is. A request
   * refused whole records none: none of its events reached a student.
   */
  matchRate?: MatchRate;
}

export interface Conflict {
  index: number;
  eventId: string;
}

export interface EventResult {
  run: IngestRun;
  conflicts: Conflict[];
  /** What the run rejected (the lines of its rejects CSV), in request order. */
  rejected: RejectedRecord[];
}

/** The run reason of an event whose id is stored with other content. */
const STORED_CONFLICT_REASON = 'event id already stored with other content (conflict)';

const PROFILE_OF: Record<EventFormat, string> = {
  xapi: 'xapi-statements',
  caliper: 'caliper-1.2',
};

/**
 * Records a run whose request was refused whole (invalid or conflicting):
 * every record of it rejected, each with its reason in the rejects CSV.
 */
export async function recordRefusedRun(
  deps: Pick<EventDeps, 'runs' | 'now' | 'log' | 'objects' | 'bucket'>,
  request: Pick<EventRequest, 'programId' | 'format' | 'requestId'>,
  records: readonly RejectedRecord[],
): Promise<IngestRun> {
  const runId = runIdOf(request);
  await claim(deps, request);
  const parsed = records.length;
  const counts = { ...emptyCounts(), parsed, rejected: parsed };
  const rejectReasons = reasonsOf(records);
  try {
    return await deps.runs.finishRun(runId, {
      status: 'completed',
      counts,
      rejectReasons,
      rejectsKey: await writeRunRejects(deps, runId, records),
      unmappedSkills: [],
    });
  } catch (error) {
    return failRun(deps, runId, { counts, rejectReasons, unstoredHeld: 0 }, error);
  }
}

/**
 * Ends a run of events (a push, a held release or a review): refused if its
 * counts do not add up; failed, with the fix, when records were left
 * unwritten, since a retry completes it (writes are idempotent).
 */
export async function finishEventRun(
  deps: Pick<EventDeps, 'runs'>,
  runId: string,
  end: {
    counts: RunCounts;
    rejectReasons: Record<string, number>;
    matchRate?: MatchRate;
    rejectsKey?: string;
    /** What went unwritten and how to finish it, after the count. */
    unwrittenFix: string;
  },
): Promise<IngestRun> {
  const { counts, unwrittenFix, ...rest } = end;
  if (!countsAddUp(counts))
    throw new LablinkError('run counts do not add up', { runId, counts });
  return deps.runs.finishRun(runId, {
    ...rest,
    status: counts.unwritten > 0 ? 'failed' : 'completed',
    counts,
    unmappedSkills: [],
    error: counts.unwritten > 0 ? `${counts.unwritten} ${unwrittenFix}` : undefined,
  });
}

const runIdOf = (r: Pick<EventRequest, 'format' | 'requestId'>) =>
  deterministicId('push', r.format, r.requestId);

async function claim(
  deps: Pick<EventDeps, 'runs' | 'now'>,
  r: Pick<EventRequest, 'programId' | 'format' | 'requestId'>,
) {
  return deps.runs.claimRun({
    runId: runIdOf(r),
    source: { bucket: 'push', key: `${r.format}/${r.requestId}` },
    programId: r.programId,
    profileId: PROFILE_OF[r.format],
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
}

/** What a push run has established so far, to end it with if it throws. */
interface RunProgress {
  counts: RunCounts;
  rejectReasons: Record<string, number>;
  /** Held records counted but not stored yet: not held if the run stops now. */
  unstoredHeld: number;
}

/**
 * Ends a claimed push run that threw (a write the SDK gave up on, a bug) as
 * `failed` with the error's message, instead of leaving it `running`, where
 * no alarm on failed runs sees it. What the run established is kept; every
 * record it had not finished counts as unwritten, so the counts add up and
 * the vendor's resend (a new request, so a new run) counts each record once:
 * what was written before the failure is a duplicate then. The reason is
 * read by operators, so anything shaped like an e-mail is masked (our own
 * messages carry ids only; a driver's might not).
 */
async function failRun(
  deps: Pick<EventDeps, 'runs' | 'log'>,
  runId: string,
  progress: RunProgress,
  error: unknown,
): Promise<IngestRun> {
  const message = maskEmails(error instanceof Error ? error.message : String(error));
  const counts = {
    ...progress.counts,
    held: progress.counts.held - progress.unstoredHeld,
  };
  const settled =
    counts.accepted +
    counts.duplicates +
    counts.rejected +
    counts.held +
    counts.unwritten;
  counts.unwritten += Math.max(0, counts.parsed - settled);
  deps.log.error('push run failed', { runId, error: message, ...counts });
  try {
    return await deps.runs.finishRun(runId, {
      status: 'failed',
      counts,
      rejectReasons: progress.rejectReasons,
      unmappedSkills: [],
      error: `${message}; send the request again`,
    });
  } catch (finishing) {
    // The table refuses this write too: the run stays `running`, and the
    // caller gets the original error (a 500, so the vendor retries).
    deps.log.error('failed push run could not be recorded', {
      runId,
      error: maskEmails((finishing as Error).message),
    });
    throw error;
  }
}

export async function ingestEvents(
  deps: EventDeps,
  request: EventRequest,
): Promise<EventResult> {
  const runId = runIdOf(request);
  const claimed = await claim(deps, request);
  if (claimed.outcome === 'already_completed')
    return { run: claimed.run, conflicts: [], rejected: [] };

  const progress: RunProgress = {
    counts: emptyCounts(),
    rejectReasons: {},
    unstoredHeld: 0,
  };
  try {
    return await runRequest(deps, request, runId, progress);
  } catch (error) {
    const run = await failRun(deps, runId, progress, error);
    return { run, conflicts: [], rejected: [] };
  }
}

/** A claimed push run, from its items to its end; `progress` is kept current. */
async function runRequest(
  deps: EventDeps,
  request: EventRequest,
  runId: string,
  progress: RunProgress,
): Promise<EventResult> {
  const { programId, format, items } = request;
  const { counts, rejectReasons } = progress;
  const repeats = request.repeats ?? [];
  counts.parsed = items.length + request.rejected.length + repeats.length;
  counts.duplicates = repeats.length;
  counts.rejected = request.rejected.length;
  Object.assign(rejectReasons, reasonsOf(request.rejected));

  if (request.atomic) {
    const refused = await storedConflicts(deps, request);
    if (refused.length > 0) return refuseBatch(deps, request, runId, progress, refused);
  }

  const step = await applyEventItems(deps, { programId, format, runId, items }, counts);
  for (const [reason, n] of Object.entries(step.rejectReasons))
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + n;
  const rejected = [
    ...request.rejected,
    ...step.conflicts.map((c) =>
      conflictRecord(positionOf(c.index), c.eventId, STORED_CONFLICT_REASON),
    ),
  ].sort((a, b) => a.line - b.line);
  const held: HeldRecord[] = step.held.map((item) => ({
    programId,
    heldId: deterministicId(programId, format, item.eventId),
    waitingFor: item.waitingFor,
    reason: item.reason,
    runId,
    source: { uri: request.sourceUri, line: positionOf(item.index) },
    payload: heldEventPayload(format, item.payload),
    heldAt: step.recordedAt,
  }));
  progress.unstoredHeld = held.length;
  if (held.length > 0) await deps.held.putHeld(held);
  progress.unstoredHeld = 0;

  const mastery = await updateStudents(deps, step.touched);
  const run = await finishEventRun(deps, runId, {
    counts,
    rejectReasons,
    matchRate: request.matchRate,
    rejectsKey: await writeRunRejects(deps, runId, rejected),
    unwrittenFix: 'evidence records were not written; send the request again',
  });
  deps.log.info('push run finished', {
    runId,
    format,
    programId,
    ...counts,
    ...mastery,
    matched: request.matchRate?.matched,
  });
  return { run, conflicts: step.conflicts, rejected };
}

/**
 * Ends the run of an xAPI batch refused for ids stored with other content:
 * those statements (and their identical repeats) are the conflicts, every
 * other one is refused with its batch, nothing is stored.
 */
async function refuseBatch(
  deps: EventDeps,
  request: EventRequest,
  runId: string,
  progress: RunProgress,
  conflicts: Conflict[],
): Promise<EventResult> {
  const conflicting = new Set(conflicts.map((c) => c.eventId));
  const statements = [...request.items, ...(request.repeats ?? [])];
  const blame = 'statement id already stored with other content (conflict)';
  const rejected = [
    ...request.rejected,
    ...refusedBatch(
      statements.map((i) => ({ line: positionOf(i.index), value: i.eventId })),
      statements
        .filter((i) => conflicting.has(i.eventId))
        .map((i) => conflictRecord(positionOf(i.index), i.eventId, blame)),
      blame,
    ),
  ].sort((a, b) => a.line - b.line);
  progress.counts.rejected = progress.counts.parsed;
  progress.counts.duplicates = 0;
  progress.rejectReasons = reasonsOf(rejected);
  const run = await deps.runs.finishRun(runId, {
    status: 'completed',
    counts: progress.counts,
    rejectReasons: progress.rejectReasons,
    rejectsKey: await writeRunRejects(deps, runId, rejected),
    unmappedSkills: [],
  });
  return { run, conflicts, rejected };
}

/** Items whose id is stored with other content (an atomic request stores none). */
async function storedConflicts(
  deps: EventDeps,
  request: EventRequest,
): Promise<Conflict[]> {
  const { programId, format, items } = request;
  const stored = await deps.events.getEventRecords(
    programId,
    format,
    items.map((i) => i.eventId),
  );
  return items
    .filter((i) => {
      const before = stored.get(i.eventId);
      return before !== undefined && before.contentHash !== i.contentHash;
    })
    .map((i) => ({ index: i.index, eventId: i.eventId }));
}

export interface ItemsToApply {
  programId: string;
  format: EventFormat;
  /** The run that records new event records (a push run or a release run). */
  runId: string;
  items: readonly EventItem[];
}

export interface AppliedItems {
  /** Ids stored earlier with other content: rejected, never overwritten. */
  conflicts: Conflict[];
  rejectReasons: Record<string, number>;
  /** Items that must (still) wait, for the caller to store or keep. */
  held: Extract<EventItem, { kind: 'held' }>[];
  /** Event ids whose evidence could not be written (send or release again). */
  unwritten: Set<string>;
  /** Students whose evidence changed, for the mastery update. */
  touched: Set<string>;
  recordedAt: string;
}

/**
 * The pipeline's core, shared by pushes and releases of held events: checks
 * each item's id against its record (replay or conflict), creates the record,
 * applies voids and writes evidence, adding to `counts`. A record created
 * while its event was held is linked to its student once it resolves, so a
 * later void still finds the evidence.
 */
export async function applyEventItems(
  deps: EventDeps,
  input: ItemsToApply,
  counts: RunCounts,
): Promise<AppliedItems> {
  const { programId, format, runId, items } = input;
  const result: AppliedItems = {
    conflicts: [],
    rejectReasons: {},
    held: [],
    unwritten: new Set(),
    touched: new Set(),
    recordedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  const conflict = (item: EventItem) => {
    const reason = STORED_CONFLICT_REASON;
    counts.rejected += 1;
    result.rejectReasons[reason] = (result.rejectReasons[reason] ?? 0) + 1;
    result.conflicts.push({ index: item.index, eventId: item.eventId });
  };

  const voidTargets = items.flatMap((i) => (i.kind === 'void' ? [i.targetId] : []));
  const stored = await deps.events.getEventRecords(programId, format, [
    ...items.map((i) => i.eventId),
    ...voidTargets,
  ]);
  const voided =
    format === 'xapi'
      ? await deps.events.getVoidedIds(
          programId,
          items.map((i) => i.eventId),
        )
      : new Set<string>();
  for (const target of voidTargets) voided.add(target);

  const evidence: Evidence[] = [];
  const evidenceEventIds: string[] = [];
  const fresh = new Set<string>();
  for (const item of items) {
    const before = stored.get(item.eventId);
    if (before && before.contentHash !== item.contentHash) {
      conflict(item);
      continue;
    }
    const record: EventRecord = {
      programId,
      format,
      eventId: item.eventId,
      contentHash: item.contentHash,
      runId,
      recordedAt: result.recordedAt,
      ...(item.kind === 'evidence'
        ? { studentId: item.evidence.studentId, evidenceId: item.evidence.evidenceId }
        : {}),
      ...(item.kind === 'recorded' && item.minutesOnTask !== undefined
        ? { minutesOnTask: item.minutesOnTask }
        : {}),
    };
    const created = before ? before : await deps.events.putEventRecord(record);
    if (created !== 'created' && created.contentHash !== item.contentHash) {
      // Another request stored this id a moment ago with other content.
      conflict(item);
      continue;
    }
    if (created === 'created') {
      fresh.add(item.eventId);
      stored.set(item.eventId, record);
    } else if (item.kind === 'evidence' && created.studentId === undefined) {
      await deps.events.linkStudent(record);
      stored.set(item.eventId, { ...created, ...record, runId: created.runId });
    }
    switch (item.kind) {
      case 'evidence': {
        const e = voided.has(item.eventId)
          ? { ...item.evidence, status: 'voided' as const, score: undefined }
          : item.evidence;
        evidence.push(e);
        evidenceEventIds.push(item.eventId);
        continue;
      }
      case 'held':
        // A record already linked to evidence was decided (a release or a
        // review): a resend is a duplicate, not a new wait for the same thing.
        if (before?.evidenceId !== undefined) {
          counts.duplicates += 1;
          continue;
        }
        counts.held += 1;
        result.held.push(item);
        continue;
      case 'void':
        await deps.events.putVoid(programId, item.targetId, item.eventId);
        await voidStored(deps, stored.get(item.targetId), item, result.touched);
      // falls through: the voiding statement itself is kept like any other
      case 'recorded':
        if (fresh.has(item.eventId)) counts.accepted += 1;
        else counts.duplicates += 1;
    }
  }

  const outcomes = await deps.evidence.putEvidenceBatch(evidence);
  outcomes.forEach((outcome, i) => {
    const e = evidence[i] as Evidence;
    if (outcome === 'accepted' || outcome === 'replaced') {
      counts.accepted += 1;
      if (outcome === 'replaced') counts.replaced += 1;
      result.touched.add(e.studentId);
    } else if (outcome === 'unwritten') {
      counts.unwritten += 1;
      result.unwritten.add(evidenceEventIds[i] as string);
    } else counts.duplicates += 1;
  });
  return result;
}

/** Writes the voided version of a stored event's evidence, if it has any. */
async function voidStored(
  deps: EventDeps,
  target: EventRecord | undefined,
  voiding: EventItem,
  touched: Set<string>,
): Promise<void> {
  if (!target?.studentId || !target.evidenceId) return;
  const all = await deps.evidence.listStudentEvidence(target.studentId);
  const current = all.find((e) => e.evidenceId === target.evidenceId);
  if (!current || current.status === 'voided') return;
  const { score: _score, ...rest } = current;
  await deps.evidence.putEvidenceBatch([
    { ...rest, status: 'voided', contentHash: `voided:${voiding.contentHash}` },
  ]);
  touched.add(target.studentId);
}
