/** GET /analysis/alignment?school=&from=&to=: aligned versus other practice, with its interval. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { schoolAlignment } from '../shared/analysis/index.js';
import { Id } from '../shared/model.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { districtTimeZone, log, tableStore } from './lib/env.js';
import { json, jsonErrors, queryParams, type HttpResult } from './lib/http.js';

const Query = z.object({ school: Id, from: z.string(), to: z.string() });

async function getAlignment(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { school, from, to } = queryParams(event, Query);
  const store = tableStore();
  const report = await schoolAlignment(
    { classes: store, roster: store, evidence: store, focus: assignmentStoreFromEnv() },
    school,
    from,
    to,
    districtTimeZone(),
  );
  log.info('alignment analysed', {
    school,
    classes: report.classes,
    students: report.students,
    aligned: report.aligned.episodes,
    other: report.other.episodes,
  });
  return json(200, report);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getAlignment).use(
  jsonErrors(),
);
