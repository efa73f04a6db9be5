/** PUT /classes/{classId}/focus: the standards the class teaches, by date range. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { requireCapability, requireClass } from '../shared/auth/access.js';
import type { Principal } from '../shared/auth/principal.js';
import { InvalidInputError } from '../shared/errors.js';
import { putClassFocus } from '../shared/focus/index.js';
import { ClassPath, NoQuery } from '../shared/reports/routes.js';
import { assignmentStoreFromEnv } from '../storage/assignment-store.js';
import { reportDeps, reportHandler } from './lib/auth.js';
import { log } from './lib/env.js';
import { json, pathParams, queryParams } from './lib/http.js';

/**
 * A 403 for a role that may never plan, whatever the class (lab staff read
 * focus and plans; shared/auth/access.ts says who plans and why).
 */
export const requirePlanner = (p: Principal): void => requireCapability(p, 'planning');

/** The request body as JSON; malformed JSON is a 400, not a 500. */
export function jsonBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
): unknown {
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('body: not JSON', { field: 'body' }, { cause: error });
  }
}

// Standards and dates only, no student data: not audited.
export const handler = reportHandler(async ({ event, principal }) => {
  const { classId } = pathParams(event, ClassPath);
  queryParams(event, NoQuery);
  requirePlanner(principal);
  await requireClass(reportDeps(), principal, classId, 'planning');

  const plan = await putClassFocus(assignmentStoreFromEnv(), classId, jsonBody(event));
  log.info('focus plan saved', { classId, entries: plan.entries.length });
  return json(200, plan);
});
