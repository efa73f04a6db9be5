/** The same handler modules the CDK stack deploys, by route and role. */
import type { Context } from 'aws-lambda';
import { handler as getHealth } from '../../functions/get-health.js';
import { handler as getOpenApi } from '../../functions/get-openapi.js';
import { handler as getMeClasses } from '../../functions/get-me-classes.js';
import { handler as getClassMastery } from '../../functions/get-class-mastery.js';
import { handler as getClassStandard } from '../../functions/get-class-standard.js';
import { handler as getClassUsage } from '../../functions/get-class-usage.js';
import { handler as getClassGroups } from '../../functions/get-class-groups.js';
import { handler as getStudentProfile } from '../../functions/get-student-profile.js';
import { handler as getStudentMastery } from '../../functions/get-student-mastery.js';
import { handler as getStudentStandard } from '../../functions/get-student-standard.js';
import { handler as ingestS3Object } from '../../functions/ingest-s3-object.js';
import { handler as rollupMastery } from '../../functions/rollup-mastery.js';
import { handler as releaseHeldFiles } from '../../functions/release-held-files.js';
import { handler as pullConnector } from '../../functions/pull-connector.js';
import { handler as postIngestCaliper } from '../../functions/post-ingest-caliper.js';
import { handler as postIngestXapi } from '../../functions/post-ingest-xapi.js';
import { handler as getIngestRuns } from '../../functions/get-ingest-runs.js';
import { handler as getRunRejects } from '../../functions/get-run-rejects.js';
import { handler as putClassFocus } from '../../functions/put-class-focus.js';
import { handler as getClassFocus } from '../../functions/get-class-focus.js';
import { handler as getAssignmentPlan } from '../../functions/get-assignment-plan.js';
import { handler as postAssignments } from '../../functions/post-assignments.js';
import { handler as getAssignment } from '../../functions/get-assignment.js';
import { handler as getAlignmentAnalysis } from '../../functions/get-alignment-analysis.js';
import { handler as pushAssignment } from '../../functions/push-assignment.js';
import type { RouteId } from '../routes.js';

// Handlers are middy functions (event, context) => Promise<result>.
export type LocalHandler = (event: never, context: Context) => Promise<unknown>;

export const ROUTE_HANDLERS: Record<RouteId, LocalHandler> = {
  GetHealth: getHealth as unknown as LocalHandler,
  GetOpenApi: getOpenApi as unknown as LocalHandler,
  GetMeClasses: getMeClasses as unknown as LocalHandler,
  GetClassMastery: getClassMastery as unknown as LocalHandler,
  GetClassStandard: getClassStandard as unknown as LocalHandler,
  GetClassUsage: getClassUsage as unknown as LocalHandler,
  GetClassGroups: getClassGroups as unknown as LocalHandler,
  GetStudentProfile: getStudentProfile as unknown as LocalHandler,
  GetStudentMastery: getStudentMastery as unknown as LocalHandler,
  GetStudentStandard: getStudentStandard as unknown as LocalHandler,
  PostIngestCaliper: postIngestCaliper as unknown as LocalHandler,
  PostIngestXapi: postIngestXapi as unknown as LocalHandler,
  GetIngestRuns: getIngestRuns as unknown as LocalHandler,
  GetRunRejects: getRunRejects as unknown as LocalHandler,
  PutClassFocus: putClassFocus as unknown as LocalHandler,
  GetClassFocus: getClassFocus as unknown as LocalHandler,
  GetAssignmentPlan: getAssignmentPlan as unknown as LocalHandler,
  PostAssignments: postAssignments as unknown as LocalHandler,
  GetAssignment: getAssignment as unknown as LocalHandler,
  GetAlignmentAnalysis: getAlignmentAnalysis as unknown as LocalHandler,
};

export const INGEST_HANDLER = ingestS3Object as unknown as LocalHandler;

/** The assignment queue's consumer (infra/local/queue.ts delivers to it). */
export const PUSH_HANDLER = pushAssignment as unknown as LocalHandler;

/** Scheduled handlers by the schedule names of infra/schedules.ts. */
export const SCHEDULED_HANDLERS: Record<string, LocalHandler> = {
  rollupMastery: rollupMastery as unknown as LocalHandler,
  releaseHeldFiles: releaseHeldFiles as unknown as LocalHandler,
};

/** Pull runs; each connector's schedule passes its configuration as the rule input does. */
export const PULL_HANDLER = pullConnector as unknown as LocalHandler;

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
