/** GET /health: the API answers. It reads no data, so it can stay open. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { json, jsonErrors, type HttpResult } from './lib/http.js';
import { SERVICE_NAME } from './lib/env.js';

async function getHealth(): Promise<HttpResult> {
  return json(200, { status: 'ok', service: SERVICE_NAME });
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getHealth).use(
  jsonErrors(),
);
