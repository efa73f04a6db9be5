/**
 * Applies reviewers' decisions about held pushed events, so a record held
 * for review ends like every other input record: rejected with a reason, or
 * evidence written through the pipeline's core (applyEventItems) with its
 * voids and idempotency. Each batch of decisions is a run
 * (`lablink-review/<program>/<id>`, profile `held-review`) whose counts add
 * up. A batch is checked whole before anything is written: one refused
 * decision refuses the batch, naming its heldId, and changes nothing.
 */
import { deterministicId } from '../ids.js';
import { emptyMatchRate } from '../identity/match-rate.js';
import { RejectsFile } from '../ingest/rejects-file.js';
import { emptyCounts, type Evidence, type HeldRecord, type IngestRun } from '../model.js';
import type { ObjectStore } from '../ports.js';
import { RUNS_PREFIX } from '../programs.js';
import { updateStudents } from '../rollup/index.js';
import {
  countingResolver,
  createLearnerResolver,
  type LearnerResolver,
} from './identity.js';
import { applyEventItems, finishEventRun, type EventDeps } from './ingest-events.js';
import { contentHashOf, type EventFormat, type EventItem } from './model.js';
import { BUILTIN_PUSH_PROGRAMS, findPushProgram, type PushProgram } from './programs.js';
import { crosswalkIndex } from './push.js';
import {
  decisionText,
  heldEventOf,
  parseDecisions,
  planReviewItem,
  REVIEW_WAITS,
  reviewerResolver,
  ReviewRefusedError,
  type ReviewDecision,
} from './review-decision.js';

/** The bucket name recorded in review runs: they read no object. */
export const REVIEW_SOURCE_BUCKET = 'lablink-review';

export interface ReviewDeps extends EventDeps {
  /** With both, rejected records are also written to the run's rejects CSV. */
  objects?: ObjectStore;
  bucket?: string;
}

export interface ReviewOutcome {
  heldId: string;
  decision: string;
  /** The evidence the decision made; absent for a reject. */
  evidenceId?: string;
  studentId?: string;
}

export interface ReviewResult {
  run: IngestRun;
  outcomes: ReviewOutcome[];
}

interface Planned {
  decision: ReviewDecision;
  record: HeldRecord;
  format?: EventFormat;
  item?: Extract<EventItem, { kind: 'evidence' }>;
}

/** Held records of a program that wait for a review, by heldId. */
async function heldForReview(deps: ReviewDeps, programId: string) {
  const all = await deps.held.listHeld(programId);
  return new Map(
    all.filter((h) => REVIEW_WAITS.includes(h.waitingFor)).map((h) => [h.heldId, h]),
  );
}

/**
 * Refuses an id that is not a student enrolled in a class of the roster. The
 * identity index alone does not prove it (a teacher an earlier release
 * indexed, when a 1.2 delta without roles.csv indexed a user whatever their
 * role, stays in it until a bundle names them again), and a reviewer's typo
 * that names a teacher must not put a student's evidence on them.
 */
async function requireStudent(deps: ReviewDeps, studentId: string): Promise<void> {
  if ((await deps.roster.listStudentClasses(studentId)).length > 0) return;
  throw new ReviewRefusedError(
    `"${studentId}" is not a student enrolled in any class of the roster; ` +
      'give the Lablink student id (the roster sourcedId of a student) or import the roster first',
    { studentId },
  );
}

/**
 * `--student` names the learner of an event whose own learner does not
 * resolve; it never overrides one that does, which would move a student's
 * evidence to another.
 */
function refuseOverride(
  resolver: LearnerResolver,
  event: ReturnType<typeof heldEventOf>,
  program: PushProgram,
  heldId: string,
) {
  const own = resolver(event.learner, program);
  if (own.resolved) {
    throw new ReviewRefusedError(
      `held record ${heldId}: its learner resolves to student ${own.studentId} already; ` +
        'decide without --student',
      { heldId },
    );
  }
}

/**
 * Applies one batch of decisions of one program as a review run.
 *
 * @example
 *   await applyReviews(deps, [{ programId: 'district-lrs', heldId,
 *     action: { kind: 'score', score: 0.8 }, reviewedBy: 'staff-17' }]);
 */
export async function applyReviews(
  deps: ReviewDeps,
  input: readonly unknown[],
  programs = BUILTIN_PUSH_PROGRAMS,
): Promise<ReviewResult> {
  const decisions = parseDecisions(input);
  const programId = decisions[0]?.programId;
  if (programId === undefined) throw new ReviewRefusedError('no decision to apply');
  if (decisions.some((d) => d.programId !== programId))
    throw new ReviewRefusedError('one batch of decisions is of one program');
  const program = findPushProgram(programId, programs);
  const matchRate = emptyMatchRate();
  const planned = await plan(deps, decisions, program, matchRate);

  const reviewedAt = (deps.now?.() ?? new Date()).toISOString();
  const batchId = deterministicId(
    'review',
    programId,
    ...planned.flatMap((p) => [
      p.record.heldId,
      p.record.heldAt,
      decisionText(p.decision.action),
    ]),
  );
  const runId = deterministicId('review-run', programId, batchId);
  await claimForReview(deps, planned, runId, reviewedAt);
  const claim = await deps.runs.claimRun({
    runId,
    source: { bucket: REVIEW_SOURCE_BUCKET, key: `${programId}/${batchId}` },
    programId,
    profileId: 'held-review',
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt: reviewedAt,
  });
  if (claim.outcome === 'already_completed')
    throw new ReviewRefusedError(`these decisions were applied in run ${runId}`, {
      runId,
    });

  const counts = emptyCounts();
  counts.parsed = planned.length;
  const rejectReasons: Record<string, number> = {};
  const done: HeldRecord[] = [];
  const touched = new Set<string>();
  const unwritten = new Set<string>();

  const rejects = planned.filter((p) => p.decision.action.kind === 'reject');
  for (const p of rejects) {
    const reason = `rejected in review: ${(p.decision.action as { reason: string }).reason}`;
    counts.rejected += 1;
    rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
    done.push(p.record);
  }
  const rejectsKey = await writeRejects(deps, runId, rejects);

  for (const format of ['xapi', 'caliper'] as const) {
    const mine = planned.filter((p) => p.format === format && p.item);
    if (mine.length === 0) continue;
    const items = mine.map((p) => withReview(p, runId, reviewedAt));
    const step = await applyEventItems(deps, { programId, format, runId, items }, counts);
    for (const [reason, n] of Object.entries(step.rejectReasons))
      rejectReasons[reason] = (rejectReasons[reason] ?? 0) + n;
    step.touched.forEach((s) => touched.add(s));
    step.unwritten.forEach((e) => unwritten.add(e));
    // Only written records leave the held store; unwritten ones wait for a retry.
    mine.forEach((p, i) => {
      if (!step.unwritten.has((items[i] as EventItem).eventId)) done.push(p.record);
    });
  }

  await deps.held.deleteHeld(done);
  // What stays held (left unwritten) is open to any reviewer again.
  const left = planned.filter((p) => !done.includes(p.record)).map((p) => p.record);
  if (left.length > 0) await deps.held.releaseHeldClaims(left, runId);
  await updateStudents(deps, touched);
  const run = await finishEventRun(deps, runId, {
    counts,
    rejectReasons,
    rejectsKey,
    matchRate: matchRate.records > 0 ? matchRate : undefined,
    unwrittenFix: 'reviewed records were not written; apply the decisions again',
  });
  deps.log.info('held review applied', {
    runId,
    programId,
    reviewedBy: [...new Set(decisions.map((d) => d.reviewedBy))],
    ...counts,
  });
  return { run, outcomes: planned.map(outcomeOf) };
}

/**
 * How long a review run's claim on a held record keeps other reviews out: a
 * run that died after claiming gives its records back after this.
 */
export const REVIEW_CLAIM_MS = 15 * 60 * 1000;

/**
 * Claims the planned records for this run before anything is written, so two
 * reviewers deciding one record at once cannot both write evidence: the
 * second is refused, naming the run that decides it. The same decisions
 * applied again are the same run and claim again. On a refusal this run's
 * own claims are given back, and nothing was written.
 */
async function claimForReview(
  deps: ReviewDeps,
  planned: readonly Planned[],
  runId: string,
  claimedAt: string,
): Promise<void> {
  const records = planned.map((p) => p.record);
  const staleBefore = new Date(Date.parse(claimedAt) - REVIEW_CLAIM_MS).toISOString();
  const refused = await deps.held.claimHeldForReview(
    records,
    runId,
    claimedAt,
    staleBefore,
  );
  if (refused.length === 0) return;
  await deps.held.releaseHeldClaims(records, runId);
  throw new ReviewRefusedError(
    refused
      .map((r) =>
        r.claimedBy
          ? `held record ${r.heldId} is being decided by review run ${r.claimedBy}; ` +
            'when it ends, `lablink held list` shows whether it is still held'
          : `held record ${r.heldId} was decided by another review since this one read it`,
      )
      .join('; '),
    { heldIds: refused.map((r) => r.heldId) },
  );
}

/** Checks every decision and maps its event; throws before anything is written. */
async function plan(
  deps: ReviewDeps,
  decisions: readonly ReviewDecision[],
  program: ReturnType<typeof findPushProgram>,
  matchRate: ReturnType<typeof emptyMatchRate>,
): Promise<Planned[]> {
  const held = await heldForReview(deps, program.programId);
  const seen = new Set<string>();
  const out: Planned[] = [];
  const standards = crosswalkIndex(program);
  for (const decision of decisions) {
    if (seen.has(decision.heldId))
      throw new ReviewRefusedError(
        `held record ${decision.heldId} has two decisions in one batch; keep one`,
        { heldId: decision.heldId },
      );
    seen.add(decision.heldId);
    const record = held.get(decision.heldId);
    if (!record) {
      throw new ReviewRefusedError(
        `held record ${decision.heldId} of program ${program.programId} is not held ` +
          'for review (decided already, or unknown); `lablink held list` shows what is',
        { programId: program.programId, heldId: decision.heldId },
      );
    }
    const { action } = decision;
    if (action.kind === 'reject') {
      out.push({ decision, record });
      continue;
    }
    const event = heldEventOf(record);
    const own = await createLearnerResolver(deps.identity, program, [event.learner]);
    if (action.studentId !== undefined) {
      refuseOverride(own, event, program, decision.heldId);
      await requireStudent(deps, action.studentId);
    }
    const resolve = countingResolver(
      action.studentId !== undefined ? reviewerResolver(action.studentId) : own,
      matchRate,
    );
    const item = planReviewItem(event, action, { program, resolve, standards });
    out.push({ decision, record, format: event.format, item });
  }
  return out;
}

/** The planned item with the reviewer's provenance on its evidence. */
function withReview(p: Planned, runId: string, reviewedAt: string): EventItem {
  const item = p.item as Extract<EventItem, { kind: 'evidence' }>;
  const decision = decisionText(p.decision.action);
  const evidence: Evidence = {
    ...item.evidence,
    review: {
      reviewedBy: p.decision.reviewedBy,
      reviewedAt,
      runId,
      decision,
      heldReason: p.record.reason,
    },
    // The event's content and the decision: another decision is a correction.
    contentHash: contentHashOf({ event: item.contentHash, decision }),
  };
  return { ...item, evidence };
}

function outcomeOf(p: Planned): ReviewOutcome {
  return {
    heldId: p.record.heldId,
    decision: decisionText(p.decision.action),
    ...(p.item
      ? { evidenceId: p.item.evidence.evidenceId, studentId: p.item.evidence.studentId }
      : {}),
  };
}

/** Rejected records as the run's rejects CSV, when an object store is given. */
async function writeRejects(
  deps: ReviewDeps,
  runId: string,
  rejects: readonly Planned[],
): Promise<string | undefined> {
  if (rejects.length === 0 || !deps.objects || !deps.bucket) return undefined;
  const file = await RejectsFile.create();
  try {
    for (const p of rejects) {
      await file.add({
        line: p.record.source.line ?? 1,
        field: p.record.waitingFor,
        value: p.record.heldId,
        reason: `${(p.decision.action as { reason: string }).reason} (by ${p.decision.reviewedBy})`,
        fix: '',
      });
    }
    await file.close();
    const key = `${RUNS_PREFIX}${runId}/rejects.csv`;
    await deps.objects.putFile(deps.bucket, key, file.path, 'text/csv');
    return key;
  } finally {
    await file.remove();
  }
}
