/** GET /students/{studentId}/standards/{code}: a student's mastery on one standard, explained. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { Id } from '../shared/model.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { explainStudentStandard } from '../shared/reports/student-standard.js';
import { tableStore } from './lib/env.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ studentId: Id, code: z.string().min(1) });

async function getStudentStandard(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { studentId, code } = pathParams(event, Params);
  const standard = requireStandardCode(decodeURIComponent(code), 'code');
  const store = tableStore();
  return json(
    200,
    await explainStudentStandard({ mastery: store, roster: store }, studentId, standard),
  );
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getStudentStandard).use(
  jsonErrors(),
);
