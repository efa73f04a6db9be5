/** An in-memory assignment store with the DynamoDB store's rules, for unit tests. */
import type {
  Assignment,
  AssignmentStore,
  AttemptRecord,
} from '../../../shared/assignments/index.js';

export class MemoryAssignmentStore implements AssignmentStore {
  readonly items = new Map<string, Assignment>();

  async createAssignment(assignment: Assignment) {
    const stored = this.items.get(assignment.assignmentId);
    if (stored) return { created: false, assignment: stored };
    this.items.set(assignment.assignmentId, assignment);
    return { created: true, assignment };
  }

  async getAssignment(id: string) {
    return this.items.get(id);
  }

  async recordAttempt(id: string, attempt: AttemptRecord) {
    const a = this.items.get(id) as Assignment;
    if (a.status === 'acknowledged' && attempt.status !== 'acknowledged') return a;
    const next: Assignment = {
      ...a,
      status: attempt.status,
      updatedAt: attempt.at,
      attempts: a.attempts + 1,
      ...(attempt.vendorAssignmentId
        ? { vendorAssignmentId: attempt.vendorAssignmentId }
        : {}),
    };
    if (attempt.reason) next.reason = attempt.reason;
    else delete next.reason;
    this.items.set(id, next);
    return next;
  }
}
