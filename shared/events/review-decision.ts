/**
 * A reviewer's decision about one pushed event held for review: a score that
 * made no sense (`score-review`) or an event that named no learner
 * (`learner-review`). Planning a decision is pure: it checks the decision
 * against the held record and maps the event again by the same code as a
 * push (mapStatement, mapCaliperEvent) with what the reviewer stated, so the
 * evidence is what the push would have made had the event said so itself.
 */
import { z } from 'zod';
import { LablinkError } from '../errors.js';
import { Id, type HeldRecord } from '../model.js';
import { learnerOf as caliperLearnerOf, mapCaliperEvent } from '../caliper/map.js';
import { Statement } from '../xapi/schema.js';
import { learnerOf as statementLearnerOf, mapStatement } from '../xapi/map.js';
import { LEARNER_REVIEW, type LearnerRef, type LearnerResolver } from './identity.js';
import { parseHeldEvent, type EventFormat, type EventItem } from './model.js';
import type { PushProgram } from './programs.js';
import type { ReviewedScore } from './usage.js';

/** What a score that fails the semantic checks waits for (xapi/semantics.ts). */
export const SCORE_REVIEW = 'score-review';

/** The waits a reviewer's decision ends; student waits end by mapping or roster. */
export const REVIEW_WAITS: readonly string[] = [SCORE_REVIEW, LEARNER_REVIEW];

export const ReviewAction = z.discriminatedUnion('kind', [
  /** The record ends rejected with the reviewer's reason. */
  z.object({
    kind: z.literal('reject'),
    reason: z
      .string()
      .trim()
      .min(1, 'give the reason, e.g. --reject "points, not a percent"'),
  }),
  /**
   * The reviewer states the score. `studentId` also names the learner when
   * the event's own identifier does not resolve.
   */
  z.object({
    kind: z.literal('score'),
    score: z.number().min(0).max(1),
    studentId: Id.optional(),
  }),
  /** Keep only the event's time on task (usage evidence), dropping its score. */
  z.object({ kind: z.literal('usage'), studentId: Id.optional() }),
  /** The reviewer names the student of an event that named no learner. */
  z.object({ kind: z.literal('student'), studentId: Id }),
]);
export type ReviewAction = z.infer<typeof ReviewAction>;

export const ReviewDecision = z.object({
  programId: Id,
  heldId: Id,
  action: ReviewAction,
  /** Who decided: an id the caller gives (a staff id), never a name or e-mail. */
  reviewedBy: Id,
});
export type ReviewDecision = z.infer<typeof ReviewDecision>;

/** A decision Lablink will not apply; nothing was changed. */
export class ReviewRefusedError extends LablinkError {}

/** The decision in the words evidence provenance and run reasons keep. */
export function decisionText(action: ReviewAction): string {
  switch (action.kind) {
    case 'reject':
      return 'reject';
    case 'score':
      return (
        `score ${action.score}` + (action.studentId ? ` student ${action.studentId}` : '')
      );
    case 'usage':
      return 'usage' + (action.studentId ? ` student ${action.studentId}` : '');
    case 'student':
      return `student ${action.studentId}`;
  }
}

/** The decisions, checked one by one, or a refusal naming the field and the fix. */
export function parseDecisions(input: readonly unknown[]): ReviewDecision[] {
  return input.map((value, i) => {
    const parsed = ReviewDecision.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new ReviewRefusedError(
      `decision ${i + 1}: ${field}: ${issue?.message ?? 'invalid'}` +
        (field === 'action.score' ? ' (a fraction from 0 to 1, e.g. 0.8)' : ''),
      { index: i, field },
    );
  });
}

const refuse = (record: HeldRecord, message: string) =>
  new ReviewRefusedError(`held record ${record.heldId}: ${message}`, {
    programId: record.programId,
    heldId: record.heldId,
    waitingFor: record.waitingFor,
  });

/** Which decisions end which wait. */
function checkFits(record: HeldRecord, action: ReviewAction): void {
  if (action.kind === 'reject') return;
  if (record.waitingFor === SCORE_REVIEW && action.kind === 'student') {
    throw refuse(
      record,
      'waits for score-review; decide --score <0..1>, --usage or --reject ' +
        '(--student may come with --score or --usage)',
    );
  }
  if (record.waitingFor === LEARNER_REVIEW && action.kind !== 'student') {
    throw refuse(
      record,
      'waits for learner-review; name the student with --student <id> or --reject',
    );
  }
}

/** A held event as the map reads it again. */
export interface HeldEvent {
  record: HeldRecord;
  format: EventFormat;
  event: Record<string, unknown> | Statement;
  /** Whom the event names (never a display name), looked up before mapping. */
  learner: LearnerRef;
}

/** The held record's event, or a refusal when its payload no longer parses. */
export function heldEventOf(record: HeldRecord): HeldEvent {
  const held = parseHeldEvent(record.payload);
  if (!held) throw refuse(record, 'is not a pushed event; only events are reviewed');
  if (held.format === 'caliper') {
    const event = held.event as Record<string, unknown>;
    return { record, format: 'caliper', event, learner: caliperLearnerOf(event) };
  }
  const statement = Statement.safeParse(held.event);
  if (!statement.success)
    throw refuse(record, 'its statement no longer passes the xAPI schema; --reject it');
  const event = statement.data;
  return { record, format: 'xapi', event, learner: statementLearnerOf(event) };
}

/** A resolver that answers the reviewer's student for any learner. */
export const reviewerResolver =
  (studentId: string): LearnerResolver =>
  () => ({ resolved: true, studentId, matchedBy: 'review' });

/**
 * The pipeline item a non-reject decision makes of a held event, mapped by
 * the push's own code. Refuses, changing nothing, when the decision does not
 * fit the wait or does not make evidence (usage without a duration, a
 * learner that still does not resolve).
 */
export function planReviewItem(
  held: HeldEvent,
  action: Exclude<ReviewAction, { kind: 'reject' }>,
  ctx: {
    program: PushProgram;
    resolve: LearnerResolver;
    standards?: ReadonlyMap<string, readonly string[]>;
  },
): Extract<EventItem, { kind: 'evidence' }> {
  const { record } = held;
  checkFits(record, action);
  const reviewedScore: ReviewedScore | undefined =
    action.kind === 'score'
      ? action.score
      : action.kind === 'usage'
        ? 'usage'
        : undefined;
  const index = (record.source.line ?? 1) - 1;
  const base = { program: ctx.program, runId: record.runId, resolve: ctx.resolve };
  const item =
    held.format === 'xapi'
      ? mapStatement(held.event as Statement, index, {
          ...base,
          standardsByActivity: ctx.standards,
          reviewedScore,
        })
      : mapCaliperEvent(held.event as Record<string, unknown>, index, {
          ...base,
          standardsByItem: ctx.standards,
          reviewedScore,
        });

  if (item.kind === 'evidence') return item;
  if (item.kind === 'held' && item.waitingFor !== SCORE_REVIEW) {
    throw refuse(
      record,
      `its learner does not resolve (${item.reason}); ` +
        'name the student with --student <id> beside the decision',
    );
  }
  if (action.kind === 'usage')
    throw refuse(record, 'the event states no time on task; decide --score or --reject');
  throw refuse(record, `the decision makes no evidence (${item.kind}); --reject it`);
}
