/**
 * Assignments: approved plan items on their way to a vendor program. The
 * assignment id is deterministic (class, week, program, content), so
 * approving the same plan twice makes the same assignments, and it is our
 * external reference at the vendor, which is what keeps a retry or a
 * re-run from creating a second assignment there.
 */
import { z } from 'zod';
import { Id, IsoInstant } from '../model.js';

export const AssignmentStatus = z.enum(['pending', 'sent', 'acknowledged', 'failed']);
export type AssignmentStatus = z.infer<typeof AssignmentStatus>;

export const Assignment = z.object({
  /** Our external reference at the vendor (`asg-...`). */
  assignmentId: Id,
  classId: Id,
  programId: Id,
  contentId: Id,
  title: z.string().min(1),
  standards: z.array(z.string().min(1)),
  studentIds: z.array(Id),
  week: z.string().optional(),
  /**
   * Kept as text with its offset (`2025-03-21T23:59:00-05:00`): converting
   * to UTC and back would lose the school's local offset the vendor shows.
   */
  dueAt: IsoInstant,
  status: AssignmentStatus,
  /** The vendor's own id once it acknowledged (`V-77`). */
  vendorAssignmentId: z.string().optional(),
  /** Why the last attempt failed, or why the assignment is failed. */
  reason: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type Assignment = z.infer<typeof Assignment>;

/** The message on the assignment queue: the id only; the store holds the rest. */
export const PushMessage = z.object({ assignmentId: Id });
export type PushMessage = z.infer<typeof PushMessage>;

/** What a connector did with an assignment. */
export interface Delivery {
  status: 'sent' | 'acknowledged';
  vendorAssignmentId?: string;
  /** created, updated, unchanged (already there as sent) or dropped (a file). */
  change: 'created' | 'updated' | 'unchanged' | 'dropped';
}

/** Sends an assignment to one program. Must be safe to call again for the same one. */
export interface Connector {
  deliver(assignment: Assignment): Promise<Delivery>;
}

/** A status change after an attempt. */
export interface AttemptRecord {
  status: AssignmentStatus;
  reason?: string;
  vendorAssignmentId?: string;
  at: string;
}

export interface AssignmentStore {
  /** Creates it as pending unless it exists; returns the stored one either way. */
  createAssignment(
    assignment: Assignment,
  ): Promise<{ created: boolean; assignment: Assignment }>;
  getAssignment(assignmentId: string): Promise<Assignment | undefined>;
  /**
   * Records an attempt. An acknowledged assignment never goes back to an
   * earlier status (a late failure of a duplicate message must not hide it).
   */
  recordAttempt(assignmentId: string, attempt: AttemptRecord): Promise<Assignment>;
}

export interface AssignmentQueue {
  enqueue(assignmentIds: readonly string[]): Promise<void>;
}
