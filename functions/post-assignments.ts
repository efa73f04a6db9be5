/** POST /classes/{classId}/assignments: approves a week's plan (or items of it) and queues them. */
import middy from '@middy/core';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { approvePlan } from '../shared/assignments/index.js';
import { Id } from '../shared/model.js';
import {
  assignmentStoreFromEnv,
  SqsAssignmentQueue,
} from '../storage/assignment-store.js';
import { districtTimeZone, log, tableStore } from './lib/env.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';
import { jsonBody } from './put-class-focus.js';

/** Set by the stack (and the local stack) to the assignment queue's URL. */
export const QUEUE_URL_ENV = 'LABLINK_ASSIGNMENT_QUEUE_URL';

const Params = z.object({ classId: Id });
let sqs: SQSClient | undefined;

async function postAssignments(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { classId } = pathParams(event, Params);
  const queueUrl = process.env[QUEUE_URL_ENV];
  if (!queueUrl) throw new Error(`environment variable ${QUEUE_URL_ENV} is not set`);
  sqs ??= new SQSClient({});
  const store = tableStore();
  const assignments = assignmentStoreFromEnv();
  const result = await approvePlan(
    {
      mastery: store,
      roster: store,
      evidence: store,
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
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(postAssignments).use(
  jsonErrors(),
);
