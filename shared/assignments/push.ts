/**
 * Delivers one queued assignment to its program's connector and records the
 * outcome. Retryable failures are retried here with backoff and jitter, then
 * thrown so the queue redelivers the message; at the queue's receive limit
 * the assignment is marked failed and the message goes to the dead-letter
 * queue. A failure no retry can fix is recorded and not thrown, so it is
 * never redelivered.
 */
import type { Log } from '../log.js';
import { isRetryable } from './errors.js';
import type { Assignment, AssignmentStore, Connector } from './model.js';
import { withRetries, type RetryOptions } from './retry.js';

/** Deliveries of one message before SQS moves it to the dead-letter queue. */
export const MAX_RECEIVES = 5;

export interface PushDeps {
  store: AssignmentStore;
  /** Throws VendorRejectedError when the program has no usable connector. */
  connectorFor(programId: string): Connector;
  log: Log;
  retry?: RetryOptions;
  now?: () => Date;
}

/**
 * Pushes `assignmentId` once more; `receiveCount` is the queue's count of
 * deliveries of this message (1 the first time). Safe to repeat: connectors
 * find what an earlier attempt created.
 */
export async function pushAssignment(
  deps: PushDeps,
  assignmentId: string,
  receiveCount: number,
): Promise<Assignment | undefined> {
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const assignment = await deps.store.getAssignment(assignmentId);
  if (!assignment) {
    deps.log.warn('assignment to push not found', { assignmentId });
    return undefined;
  }

  try {
    const connector = deps.connectorFor(assignment.programId);
    const delivery = await withRetries(() => connector.deliver(assignment), {
      ...deps.retry,
      onRetry: (attempt) => deps.log.info('retrying push', { assignmentId, attempt }),
    });
    deps.log.info('assignment pushed', {
      assignmentId,
      programId: assignment.programId,
      change: delivery.change,
      receiveCount,
    });
    return await deps.store.recordAttempt(assignmentId, {
      status: delivery.status,
      vendorAssignmentId: delivery.vendorAssignmentId,
      at: now(),
    });
  } catch (error) {
    const reason = (error as Error).message;
    if (!isRetryable(error)) {
      deps.log.error('assignment failed for good', { assignmentId, receiveCount });
      return deps.store.recordAttempt(assignmentId, {
        status: 'failed',
        reason,
        at: now(),
      });
    }
    const last = receiveCount >= MAX_RECEIVES;
    await deps.store.recordAttempt(assignmentId, {
      status: last ? 'failed' : 'pending',
      reason: last
        ? `${reason}; gave up after ${receiveCount} deliveries (dead-letter queue)`
        : `${reason}; will retry`,
      at: now(),
    });
    deps.log.warn('push attempt failed', { assignmentId, receiveCount, last });
    throw error;
  }
}
