/**
 * One valid Caliper event to one pipeline item. Scores come from GradeEvent
 * (Score.scoreGiven over maxScore); other events that state a time on task
 * (an attempt's or a response's duration, a session's, a ToolUse
 * MinutesOnTask measure) become usage evidence; the rest are kept as event
 * records only. The object's id
 * is the item; the event's urn:uuid is the event id.
 */
import { Duration as LuxonDuration } from 'luxon';
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import { contentHashOf, type EventItem } from '../events/model.js';
import { type LearnerRef, type LearnerResolver } from '../events/identity.js';
import type { PushProgram } from '../events/programs.js';
import {
  studentOrHeld,
  usageItem,
  type ItemBase,
  type ReviewedScore,
} from '../events/usage.js';

export const CALIPER_SOURCE_URI = 'POST /ingest/caliper';

export interface CaliperMapContext {
  program: PushProgram;
  runId: string;
  resolve?: LearnerResolver;
  /** Item or learning objective id (trimmed, lower-case) to standards. */
  standardsByItem?: ReadonlyMap<string, readonly string[]>;
  /** A reviewer's score (scoreGiven over a maxScore of 1), or `usage` (none). */
  reviewedScore?: ReviewedScore;
}

type Node = Record<string, unknown>;
const asNode = (v: unknown): Node | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const idOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : (asNode(v)?.id as string | undefined);

const minutesOf = (duration: unknown): number | undefined => {
  if (typeof duration !== 'string') return undefined;
  const d = LuxonDuration.fromISO(duration);
  const minutes = d.isValid ? d.as('minutes') : Number.NaN;
  return Number.isFinite(minutes) && minutes >= 0 ? minutes : undefined;
};

/** A media object's `duration` is its length at normal speed, not time on task. */
const MEDIA_TYPE = /(Media|Video|Audio)Object$/;
const MINUTES_ON_TASK_METRIC = 'MinutesOnTask';

/**
 * Time on task an event states: its object's or generated entity's duration
 * (an attempt, a response, a timed-out session), the session's duration, or
 * a ToolUse `MinutesOnTask` aggregate measure.
 */
function minutesOnTaskOf(event: Node): number | undefined {
  for (const key of ['object', 'generated'] as const) {
    const node = asNode(event[key]);
    if (typeof node?.type === 'string' && MEDIA_TYPE.test(node.type)) continue;
    const minutes = minutesOf(node?.duration);
    if (minutes !== undefined) return minutes;
  }
  const session = minutesOf(asNode(event.session)?.duration);
  if (session !== undefined) return session;
  const items = asNode(event.generated)?.items;
  for (const item of Array.isArray(items) ? items : []) {
    const measure = asNode(item);
    const value = measure?.metricValue;
    if (
      measure?.metric === MINUTES_ON_TASK_METRIC &&
      typeof value === 'number' &&
      value >= 0
    )
      return value;
  }
  return undefined;
}

/**
 * Whether an event can make evidence (a grade, or a duration for usage), so
 * a push looks its learner up before mapping.
 */
export const caliperEventMakesEvidence = (event: Node): boolean =>
  event.type === 'GradeEvent' || minutesOnTaskOf(event) !== undefined;

function standardsOf(
  ctx: CaliperMapContext,
  ids: readonly (string | undefined)[],
): string[] {
  const codes = new Set<string>();
  for (const id of ids) {
    if (!id) continue;
    for (const code of ctx.standardsByItem?.get(id.trim().toLowerCase()) ?? [])
      codes.add(code);
  }
  return [...codes].sort();
}

/**
 * Whom an event is about: the attempt's assignee, else a person actor, else
 * the session's user (a session that timed out is acted on by the software),
 * else the actor as sent.
 */
export function learnerOf(event: Node): LearnerRef {
  const object = asNode(event.object) ?? {};
  const actor = asNode(event.actor);
  const personActor =
    actor === undefined || actor.type === 'Person' ? idOf(event.actor) : undefined;
  const sessionUser =
    object.type === 'Session' ? idOf(object.user) : idOf(asNode(event.session)?.user);
  return {
    iri: idOf(object.assignee) ?? personActor ?? sessionUser ?? idOf(event.actor),
  };
}

/**
 * An event without a usable score: usage evidence when it states a time on
 * task (shared/events/usage.ts), else only its event record.
 */
function usageOf(event: Node, ctx: CaliperMapContext, base: ItemBase): EventItem {
  return usageItem(
    'caliper',
    base,
    {
      learner: learnerOf(event),
      itemId: idOf(event.object) ?? base.eventId,
      occurredAt: new Date(String(event.eventTime)).toISOString(),
      minutesOnTask: minutesOnTaskOf(event),
      payload: () => JSON.stringify(event),
    },
    { ...ctx, sourceUri: CALIPER_SOURCE_URI },
  );
}

/** Maps one event that `validateEvent` accepted. */
export function mapCaliperEvent(
  event: Node,
  index: number,
  ctx: CaliperMapContext,
): EventItem {
  const eventId = String(event.id).toLowerCase();
  const contentHash = contentHashOf(event);
  const base = { index, eventId, contentHash };
  if (event.type !== 'GradeEvent' || ctx.reviewedScore === 'usage')
    return usageOf(event, ctx, base);
  const minutesOnTask = minutesOnTaskOf(event);

  const attempt = asNode(event.object) ?? {};
  const score = asNode(event.generated) ?? {};
  const reviewed = ctx.reviewedScore;
  const given = reviewed ?? score.scoreGiven ?? score.resultScore;
  const max = reviewed === undefined ? (score.maxScore ?? score.maxResultScore) : 1;
  if (typeof given !== 'number') return usageOf(event, ctx, base);
  const payload = JSON.stringify(event);
  if (typeof max !== 'number' || max <= 0 || given < 0 || given > max) {
    return {
      ...base,
      kind: 'held',
      waitingFor: 'score-review',
      reason: 'score needs scoreGiven within [0, maxScore] and a maxScore above 0',
      payload,
    };
  }

  const who = studentOrHeld(
    ctx.resolve,
    learnerOf(event),
    ctx.program,
    base,
    () => payload,
  );
  if ('held' in who) return who.held;

  const assignable = asNode(attempt.assignable);
  const itemId = idOf(attempt.assignable) ?? idOf(event.object) ?? eventId;
  const objectives = Array.isArray(assignable?.learningObjectives)
    ? assignable.learningObjectives.map(idOf)
    : [];
  const programId = ctx.program.programId;
  const evidence: Evidence = {
    evidenceId: deterministicId(programId, 'caliper', eventId),
    studentId: who.studentId,
    programId,
    itemId,
    vendorSkill: itemId,
    standards: standardsOf(ctx, [itemId, ...objectives]),
    status: 'scored',
    score: given / max,
    occurredAt: new Date(String(event.eventTime)).toISOString(),
    sequence: typeof attempt.count === 'number' ? attempt.count : undefined,
    minutesOnTask,
    weight: 1,
    source: { kind: 'push', uri: CALIPER_SOURCE_URI, line: index + 1, runId: ctx.runId },
    contentHash,
  };
  return { ...base, kind: 'evidence', evidence };
}
