/** GET /students/{studentId}/mastery[?standard=code]: a student's mastery. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { Id } from '../shared/model.js';
import { studentMastery } from '../shared/reports/student-mastery.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { tableStore } from './lib/env.js';
import { json, jsonErrors, pathParams, type HttpResult } from './lib/http.js';

const Params = z.object({ studentId: Id });
const Query = z.object({
  // API Gateway joins a repeated parameter with commas; one standard only here.
  standard: z
    .string()
    .refine(
      (s) => !s.includes(','),
      'give one standard code (the parameter was repeated)',
    )
    .optional(),
});

async function getStudentMastery(event: APIGatewayProxyEventV2): Promise<HttpResult> {
  const { studentId } = pathParams(event, Params);
  const { standard } = Query.parse(event.queryStringParameters ?? {});
  const code =
    standard === undefined ? undefined : requireStandardCode(standard, 'standard');
  const store = tableStore();
  return json(
    200,
    await studentMastery({ mastery: store, roster: store }, studentId, code),
  );
}

export const handler = middy<APIGatewayProxyEventV2, HttpResult>(getStudentMastery).use(
  jsonErrors(),
);
