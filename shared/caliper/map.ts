/**
 * One valid Caliper event to one pipeline item. Scores come from GradeEvent
 * (Score.scoreGiven over maxScore); other events are kept without a score,
 * with their time on task where the spec gives a duration (ToolUse and
 * Session durations, an attempt's or a response's duration). The object's id
 * is the item; the event's urn:uuid is the event id.
 */
import { Duration as LuxonDuration } from 'luxon';
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import { contentHashOf, type EventItem } from '../events/model.js';
import {
  resolveByDistrictId,
  type LearnerRef,
  type LearnerResolver,
} from '../events/identity.js';
import type { PushProgram } from '../events/programs.js';

export const CALIPER_SOURCE_URI = 'POST /ingest/caliper';

export interface CaliperMapContext {
  program: PushProgram;
  runId: string;
  resolve?: LearnerResolver;
  /** Item or learning objective id (trimmed, lower-case) to standards. */
  standardsByItem?: ReadonlyMap<string, readonly string[]>;
}

type Node = Record<string, unknown>;
const asNode = (v: unknown): Node | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const idOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : (asNode(v)?.id as string | undefined);

const minutesOf = (duration: unknown): number | undefined => {
  if (typeof duration !== 'string') return undefined;
  const d = LuxonDuration.fromISO(duration);
  return d.isValid ? d.as('minutes') : undefined;
};

/** Time on task an event states: its object's or generated entity's duration. */
function minutesOnTaskOf(event: Node): number | undefined {
  for (const key of ['object', 'generated'] as const) {
    const minutes = minutesOf(asNode(event[key])?.duration);
    if (minutes !== undefined) return minutes;
  }
  return minutesOf(asNode(event.session)?.duration);
}

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

/** Whom a graded event is about: the attempt's assignee, else the actor. */
export function learnerOf(event: Node): LearnerRef {
  const attempt = asNode(event.object) ?? {};
  return { iri: idOf(attempt.assignee) ?? idOf(event.actor) };
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
  const minutesOnTask = minutesOnTaskOf(event);
  if (event.type !== 'GradeEvent') return { ...base, kind: 'recorded', minutesOnTask };

  const attempt = asNode(event.object) ?? {};
  const score = asNode(event.generated) ?? {};
  const given = score.scoreGiven ?? score.resultScore;
  const max = score.maxScore ?? score.maxResultScore;
  if (typeof given !== 'number') return { ...base, kind: 'recorded', minutesOnTask };
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

  const who = (ctx.resolve ?? resolveByDistrictId)(learnerOf(event), ctx.program);
  if (!who.resolved)
    return {
      ...base,
      kind: 'held',
      waitingFor: who.waitingFor,
      reason: who.reason,
      payload,
    };

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
