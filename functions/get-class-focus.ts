/** GET /classes/{classId}/focus: the class's focus plan. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { NotFoundError } from '../shared/errors.js';
import { Id } from '../shared/model.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ classId: Id });

async function getFocus(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { classId } = pathParams(event, Params);
  const plan = await assignmentStoreFromEnv().getFocus(classId);
  if (!plan)
    throw new NotFoundError(`class ${classId} has no focus plan yet`, { classId });
  return json(200, plan);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getFocus).use(
  jsonErrors(),
);
