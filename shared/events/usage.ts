/**
 * What both event formats do with a learner and a time on task: resolve the
 * learner or hold the event until a mapping or roster names them, and turn a
 * score-less event that states its duration into usage evidence.
 */
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import {
  resolveByDistrictId,
  type LearnerRef,
  type LearnerResolver,
} from './identity.js';
import type { EventFormat, EventItem } from './model.js';
import type { PushProgram } from './programs.js';

/**
 * What a reviewer decided about a score held for review: the fraction on
 * [0,1] that replaces the event's score, or `usage` (keep only its time on
 * task). The maps read it in place of the event's own score.
 */
export type ReviewedScore = number | 'usage';

export interface ItemBase {
  index: number;
  eventId: string;
  contentHash: string;
}

/** The student of an event, or the held item that waits for them. */
export function studentOrHeld(
  resolve: LearnerResolver | undefined,
  learner: LearnerRef,
  program: PushProgram,
  base: ItemBase,
  payload: () => string,
): { studentId: string } | { held: EventItem } {
  const who = (resolve ?? resolveByDistrictId)(learner, program);
  if (who.resolved) return { studentId: who.studentId };
  return {
    held: {
      ...base,
      kind: 'held',
      waitingFor: who.waitingFor,
      reason: who.reason,
      payload: payload(),
    },
  };
}

/**
 * A score-less event's item: usage evidence (minutes, no score) when it
 * states a time on task, else only its event record.
 */
export function usageItem(
  format: EventFormat,
  base: ItemBase,
  event: {
    learner: LearnerRef;
    itemId: string;
    occurredAt: string | undefined;
    minutesOnTask: number | undefined;
    payload: () => string;
  },
  ctx: {
    resolve?: LearnerResolver;
    program: PushProgram;
    runId: string;
    sourceUri: string;
  },
): EventItem {
  if (event.minutesOnTask === undefined) return { ...base, kind: 'recorded' };
  const who = studentOrHeld(ctx.resolve, event.learner, ctx.program, base, event.payload);
  if ('held' in who) return who.held;
  const programId = ctx.program.programId;
  const evidence: Evidence = {
    evidenceId: deterministicId(programId, format, base.eventId),
    studentId: who.studentId,
    programId,
    itemId: event.itemId,
    // Usage never counts toward mastery, so it names no standard.
    standards: [],
    status: 'usage',
    occurredAt: event.occurredAt,
    minutesOnTask: event.minutesOnTask,
    weight: 1,
    source: { kind: 'push', uri: ctx.sourceUri, line: base.index + 1, runId: ctx.runId },
    contentHash: base.contentHash,
  };
  return { ...base, kind: 'evidence', evidence };
}
