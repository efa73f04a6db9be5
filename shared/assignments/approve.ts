/**
 * Approving a plan, or part of it: the plan is derived again (it is
 * deterministic), the selected items become assignments grouped per program
 * and content (one vendor assignment for all the class's students who get
 * it), stored as pending and queued.
 */
import { z } from 'zod';
import { deterministicId } from '../ids.js';
import { InvalidInputError } from '../errors.js';
import { Id } from '../model.js';
import {
  planClassWeek,
  type PlanDeps,
  type PlanItem,
  type WeekPlan,
} from '../planning/index.js';
import type { Assignment, AssignmentQueue, AssignmentStore } from './model.js';

/** The body of `POST /classes/{id}/assignments`; no `items` approves the whole plan. */
export const ApprovalInput = z.object({
  week: z.string(),
  items: z
    .array(z.object({ studentId: Id, programId: Id, contentId: Id }))
    .min(1)
    .optional(),
});
export type ApprovalInput = z.infer<typeof ApprovalInput>;

export const assignmentIdFor = (
  classId: string,
  week: string,
  programId: string,
  contentId: string,
) => `asg-${deterministicId(classId, week, programId, contentId)}`;

type Selected = PlanItem & { studentId: string };

function select(plan: WeekPlan, wanted: ApprovalInput['items']): Selected[] {
  const all = plan.students.flatMap((s) =>
    s.items.map((i) => ({ ...i, studentId: s.studentId })),
  );
  if (!wanted) return all;
  const key = (i: { studentId: string; programId: string; contentId: string }) =>
    `${i.studentId}|${i.programId}|${i.contentId}`;
  const byKey = new Map(all.map((i) => [key(i), i]));
  const missing = wanted.filter((w) => !byKey.has(key(w)));
  if (missing.length > 0) {
    throw new InvalidInputError(
      `${missing.length} approved items are not in the ${plan.week} plan`,
      {
        field: 'items',
        missing,
      },
    );
  }
  return wanted.map((w) => byKey.get(key(w)) as Selected);
}

/** The assignments for the selected plan items, sorted by id. */
export function assignmentsFromPlan(
  plan: WeekPlan,
  wanted: ApprovalInput['items'],
  now: string,
): Assignment[] {
  const groups = new Map<string, Assignment>();
  for (const item of select(plan, wanted)) {
    const id = assignmentIdFor(plan.classId, plan.week, item.programId, item.contentId);
    const group = groups.get(id) ?? {
      assignmentId: id,
      classId: plan.classId,
      programId: item.programId,
      contentId: item.contentId,
      title: item.title,
      standards: item.standards,
      studentIds: [],
      week: plan.week,
      dueAt: plan.dueAt,
      status: 'pending' as const,
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    if (!group.studentIds.includes(item.studentId)) group.studentIds.push(item.studentId);
    groups.set(id, group);
  }
  return [...groups.values()]
    .map((a) => ({ ...a, studentIds: [...a.studentIds].sort() }))
    .sort((a, b) => (a.assignmentId < b.assignmentId ? -1 : 1));
}

export interface ApproveDeps extends PlanDeps {
  assignments: AssignmentStore;
  queue: AssignmentQueue;
}

/** Stores and queues the approved assignments; approving again queues what is not done. */
export async function approvePlan(
  deps: ApproveDeps,
  classId: string,
  body: unknown,
  zone: string,
  now: Date = new Date(),
) {
  const input = ApprovalInput.parse(body);
  const plan = await planClassWeek(deps, classId, input.week, zone);
  const wanted = assignmentsFromPlan(plan, input.items, now.toISOString());
  const stored = [];
  for (const assignment of wanted)
    stored.push(await deps.assignments.createAssignment(assignment));
  const toQueue = stored
    .filter((s) => s.assignment.status !== 'acknowledged')
    .map((s) => s.assignment.assignmentId);
  await deps.queue.enqueue(toQueue);
  return {
    classId,
    week: plan.week,
    queued: toQueue.length,
    assignments: stored.map(({ created, assignment: a }) => ({
      assignmentId: a.assignmentId,
      programId: a.programId,
      contentId: a.contentId,
      studentCount: a.studentIds.length,
      dueAt: a.dueAt,
      status: a.status,
      created,
    })),
  };
}
