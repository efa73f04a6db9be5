/** GET /assignments/{assignmentId}: status (pending, sent, acknowledged, failed with the reason). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { NotFoundError } from '../shared/errors.js';
import { Id } from '../shared/model.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ assignmentId: Id });

async function getAssignment(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { assignmentId } = pathParams(event, Params);
  const assignment = await assignmentStoreFromEnv().getAssignment(assignmentId);
  if (!assignment)
    throw new NotFoundError(`no assignment ${assignmentId}`, { assignmentId });
  return json(200, assignment);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getAssignment).use(
  jsonErrors(),
);
