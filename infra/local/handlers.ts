/** The same handler modules the CDK stack deploys, by route and role. */
import type { Context } from 'aws-lambda';
import { handler as getHealth } from '../../functions/get-health.js';
import { handler as getClassMastery } from '../../functions/get-class-mastery.js';
import { handler as getStudentMastery } from '../../functions/get-student-mastery.js';
import { handler as ingestS3Object } from '../../functions/ingest-s3-object.js';
import { handler as rollupMastery } from '../../functions/rollup-mastery.js';
import type { RouteId } from '../routes.js';

// Handlers are middy functions (event, context) => Promise<result>.
export type LocalHandler = (event: never, context: Context) => Promise<unknown>;

export const ROUTE_HANDLERS: Record<RouteId, LocalHandler> = {
  GetHealth: getHealth as unknown as LocalHandler,
  GetClassMastery: getClassMastery as unknown as LocalHandler,
  GetStudentMastery: getStudentMastery as unknown as LocalHandler,
};

export const INGEST_HANDLER = ingestS3Object as unknown as LocalHandler;

/** Scheduled handlers by the schedule names of infra/schedules.ts. */
export const SCHEDULED_HANDLERS: Record<string, LocalHandler> = {
  rollupMastery: rollupMastery as unknown as LocalHandler,
};

let invocation = 0;

/** A Lambda context good enough for middy and Powertools. */
export function localContext(functionName: string): Context {
  invocation += 1;
  const requestId = `local-${process.pid}-${invocation}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: requestId,
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
