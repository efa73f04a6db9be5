/** POST /classes/{classId}/assignments: approves a week's plan (or items of it) and queues them. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { requireClass } from '../shared/auth/access.js';
import { approvePlan } from '../shared/assignments/index.js';
import { ClassPath, NoQuery } from '../shared/reports/routes.js';
import {
  assignmentStoreFromEnv,
  SqsAssignmentQueue,
} from '../storage/assignment-store.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { districtTimeZone, log } from './lib/env.js';
import { json, pathParams, queryParams } from './lib/http.js';
import { jsonBody, requirePlanner } from './put-class-focus.js';

/** Set by the stack (and the local stack) to the assignment queue's URL. */
export const QUEUE_URL_ENV = 'LABLINK_ASSIGNMENT_QUEUE_URL';

let sqs: SQSClient | undefined;

// The answer carries counts per assignment, no student ids: not audited.
export const handler = reportHandler(async ({ event, principal }) => {
  const { classId } = pathParams(event, ClassPath);
  queryParams(event, NoQuery);
  requirePlanner(principal);
  const deps = reportDeps();
  await requireClass(deps, principal, classId, 'planning');

  const queueUrl = process.env[QUEUE_URL_ENV];
  if (!queueUrl) throw new Error(`environment variable ${QUEUE_URL_ENV} is not set`);
  sqs ??= new SQSClient({});
  const assignments = assignmentStoreFromEnv();
  const result = await approvePlan(
    {
      ...deps,
      focus: assignments,
      assignments,
      queue: new SqsAssignmentQueue(sqs, queueUrl),
    },
    classId,
    jsonBody(event),
    districtTimeZone(),
  );
  log.info('plan approved', {
    classId,
    week: result.week,
    assignments: result.assignments.length,
    queued: result.queued,
  });
  return json(202, result);
});
