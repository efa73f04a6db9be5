/** PUT /classes/{classId}/focus: the standards the class teaches, by date range. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { InvalidInputError } from '../shared/errors.js';
import { putClassFocus } from '../shared/focus/index.js';
import { Id } from '../shared/model.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { log } from './lib/env.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ classId: Id });

/** The request body as JSON; malformed JSON is a 400, not a 500. */
export function jsonBody(event: APIGatewayProxyEventV2): unknown {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('body: not JSON', { field: 'body' }, { cause: error });
  }
}

async function putFocus(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { classId } = pathParams(event, Params);
  const plan = await putClassFocus(assignmentStoreFromEnv(), classId, jsonBody(event));
  log.info('focus plan saved', { classId, entries: plan.entries.length });
  return json(200, plan);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(putFocus).use(
  jsonErrors(),
);
