/**
 * One valid xAPI statement to one pipeline item: evidence when it carries a
 * usable score about a resolved student (or usage evidence when it has no
 * score but a duration), a held record when the student is not resolved or
 * the score is not trustworthy, a void, or a statement kept without
 * evidence (no score, no duration). Statement ids are the event ids; a statement without one
 * gets an id from its content, so resending it is still a replay.
 */
import { Duration as LuxonDuration } from 'luxon';
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import { normalizeStandardCode } from '../standards/index.js';
import { contentHashOf, type EventItem } from '../events/model.js';
import { type LearnerRef, type LearnerResolver } from '../events/identity.js';
import type { PushProgram } from '../events/programs.js';
import {
  studentOrHeld,
  usageItem,
  type ItemBase,
  type ReviewedScore,
} from '../events/usage.js';
import type { Statement } from './schema.js';
import { fractionOf, scoreProblems } from './semantics.js';

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
export const XAPI_SOURCE_URI = 'POST /ingest/xapi/statements';

export interface XapiMapContext {
  program: PushProgram;
  runId: string;
  resolve?: LearnerResolver;
  /** Activity id (trimmed, lower-case) to standards, from the program's crosswalk. */
  standardsByActivity?: ReadonlyMap<string, readonly string[]>;
  /**
   * A reviewer's score for a statement held for score review: a fraction
   * that replaces `result.score`, or `usage` to read it as having none.
   */
  reviewedScore?: ReviewedScore;
}

/** The id of a statement: its own, or one derived from its content. */
export function statementIdOf(statement: Statement): string {
  if (statement.id) return statement.id.toLowerCase();
  const h = contentHashOf(statement);
  const hex = Buffer.from(h, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Standard codes named in the program's context extensions, normalized when known. */
function standardsOf(
  statement: Statement,
  ctx: XapiMapContext,
  activityId: string,
): string[] {
  const codes = new Set<string>();
  const ext = statement.context?.extensions ?? {};
  for (const key of ctx.program.standardExtensions) {
    const value = ext[key];
    for (const raw of Array.isArray(value) ? value : [value]) {
      if (typeof raw !== 'string' || raw.trim() === '') continue;
      const result = normalizeStandardCode(raw.trim());
      // A code of another framework is kept as sent, never dropped or guessed.
      codes.add(result.ok ? result.code : raw.trim());
    }
  }
  for (const code of ctx.standardsByActivity?.get(activityId.trim().toLowerCase()) ?? [])
    codes.add(code);
  return [...codes].sort();
}

/** The identifiers of the statement's actor (never its display name). */
export function learnerOf(statement: Statement): LearnerRef {
  const { account, mbox, mbox_sha1sum, openid } = statement.actor;
  return { account, mbox, mbox_sha1sum, openid };
}

const instantOf = (timestamp: string) =>
  new Date(
    /[zZ]|[+-]\d\d:?\d\d$/.test(timestamp) ? timestamp : `${timestamp}Z`,
  ).toISOString();

/** `result.duration` in minutes; undefined when absent or not a valid ISO duration. */
function minutesOnTaskOf(statement: Statement): number | undefined {
  const text = statement.result?.duration;
  if (!text) return undefined;
  const minutes = LuxonDuration.fromISO(text).as('minutes');
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined;
}

/**
 * Whether a statement can make evidence (a score, or a duration for usage),
 * so a push looks its learner up before mapping.
 */
export const statementMakesEvidence = (statement: Statement): boolean =>
  statement.result?.score !== undefined || minutesOnTaskOf(statement) !== undefined;

/**
 * A statement without a usable score: usage evidence when it states a time
 * on task (shared/events/usage.ts), else only its event record.
 */
function usageOf(
  statement: Statement,
  ctx: XapiMapContext,
  base: ItemBase,
  minutesOnTask: number | undefined,
  payload: string,
): EventItem {
  const object = statement.object as { id?: string };
  return usageItem(
    'xapi',
    base,
    {
      learner: learnerOf(statement),
      itemId: object.id ?? statement.verb.id,
      occurredAt: statement.timestamp ? instantOf(statement.timestamp) : undefined,
      minutesOnTask,
      payload: () => payload,
    },
    { ...ctx, sourceUri: XAPI_SOURCE_URI },
  );
}

export function mapStatement(
  statement: Statement,
  index: number,
  ctx: XapiMapContext,
): EventItem {
  const eventId = statementIdOf(statement);
  const contentHash = contentHashOf(statement);
  const base = { index, eventId, contentHash };
  const object = statement.object as { objectType?: string; id?: string };

  if (
    statement.verb.id === VOIDED_VERB &&
    object.objectType === 'StatementRef' &&
    object.id
  ) {
    return { ...base, kind: 'void', targetId: object.id.toLowerCase() };
  }
  const score =
    ctx.reviewedScore === undefined
      ? statement.result?.score
      : ctx.reviewedScore === 'usage'
        ? undefined
        : { scaled: ctx.reviewedScore };
  const minutesOnTask = minutesOnTaskOf(statement);
  const isActivity = object.objectType === undefined || object.objectType === 'Activity';
  const payload = JSON.stringify(statement);
  if (!score || !isActivity || !object.id) {
    return usageOf(statement, ctx, base, minutesOnTask, payload);
  }

  const problems = scoreProblems(score);
  if (problems.length > 0) {
    return {
      ...base,
      kind: 'held',
      waitingFor: 'score-review',
      reason: problems.join('; '),
      payload,
    };
  }
  const fraction = fractionOf(score);
  if (fraction === undefined)
    return usageOf(statement, ctx, base, minutesOnTask, payload);

  const who = studentOrHeld(
    ctx.resolve,
    learnerOf(statement),
    ctx.program,
    base,
    () => payload,
  );
  if ('held' in who) return who.held;

  const programId = ctx.program.programId;
  const evidence: Evidence = {
    evidenceId: deterministicId(programId, 'xapi', eventId),
    studentId: who.studentId,
    programId,
    itemId: object.id,
    vendorSkill: object.id,
    standards: standardsOf(statement, ctx, object.id),
    status: 'scored',
    score: fraction,
    occurredAt: statement.timestamp ? instantOf(statement.timestamp) : undefined,
    minutesOnTask,
    weight: 1,
    source: { kind: 'push', uri: XAPI_SOURCE_URI, line: index + 1, runId: ctx.runId },
    contentHash,
  };
  return { ...base, kind: 'evidence', evidence };
}
