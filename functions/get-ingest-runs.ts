/** GET /ingest/runs[?limit=&cursor=]: the latest runs, newest first, with their counts. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { DEFAULT_RUNS_PAGE, MAX_RUNS_PAGE } from '../shared/identity/runs-report.js';
import { pageSize, single } from '../shared/reports/query.js';
import { tableStore } from './lib/env.js';
import { json, jsonErrors, queryParams, type HttpResult } from './lib/http.js';

const Query = z.object({
  limit: pageSize(MAX_RUNS_PAGE).default(DEFAULT_RUNS_PAGE),
  cursor: single().optional(),
});

async function getIngestRuns(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { limit, cursor } = queryParams(event, Query);
  return json(200, await tableStore().listRunsPage(limit, cursor));
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getIngestRuns).use(
  jsonErrors(),
);
