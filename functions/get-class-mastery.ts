/** GET /classes/{classId}/mastery: the class grid, students by standards. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { Id } from '../shared/model.js';
import { classMasteryGrid } from '../shared/reports/class-mastery.js';
import { tableStore } from './lib/env.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ classId: Id });

async function getClassMastery(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { classId } = pathParams(event, Params);
  const store = tableStore();
  return json(200, await classMasteryGrid({ mastery: store, roster: store }, classId));
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getClassMastery).use(
  jsonErrors(),
);
