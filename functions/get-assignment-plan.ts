/** GET /classes/{classId}/assignments/plan?week=2025-W12: the week's aligned plan. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { Id } from '../shared/model.js';
import { planClassWeek } from '../shared/planning/index.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { districtTimeZone, log, tableStore } from './lib/env.js';
import {
  json,
  jsonErrors,
  pathParams,
  queryParams,
  type HttpResult,
} from './lib/http.js';

const Params = z.object({ classId: Id });
const Query = z.object({ week: z.string().min(1, 'give an ISO week like 2025-W12') });

async function getPlan(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { classId } = pathParams(event, Params);
  const { week } = queryParams(event, Query);
  const store = tableStore();
  const deps = {
    mastery: store,
    roster: store,
    evidence: store,
    focus: assignmentStoreFromEnv(),
  };
  const plan = await planClassWeek(deps, classId, week, districtTimeZone());
  const items = plan.students.reduce((n, s) => n + s.items.length, 0);
  log.info('plan built', { classId, week, students: plan.students.length, items });
  return json(200, plan);
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getPlan).use(
  jsonErrors(),
);
