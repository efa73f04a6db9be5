/** POST /ingest/xapi/statements: a vendor's xAPI statements (one or a batch). */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { pushXapiStatements } from '../shared/events/push.js';
import { log } from './lib/env.js';
import { jsonErrors, type HttpResult } from './lib/http.js';
import { answer, authenticate, bodyOf, pushDeps } from './push-deps.js';

async function postIngestXapi(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const deps = pushDeps(log);
  const auth = await authenticate(event, deps.keys);
  if ('response' in auth) return auth.response;
  const result = await pushXapiStatements(deps, {
    programId: auth.programId,
    requestId: event.requestContext.requestId,
    body: bodyOf(event),
  });
  return answer(result);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(postIngestXapi).use(
  jsonErrors(),
);
