/** GET /openapi.json: the API's description. Reads no data, so it stays open. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { openApiDocument } from '../shared/openapi/document.js';
import { jsonErrors, report, type HttpResult } from './lib/http.js';

// Built once per container: the document depends only on the code.
let document: ReturnType<typeof openApiDocument> | undefined;

async function getOpenApi(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  document ??= openApiDocument();
  return report(event, document);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getOpenApi).use(
  jsonErrors(),
);
