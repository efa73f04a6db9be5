/**
 * The contract between the stack and the code it runs: environment variable
 * names, object key prefixes and the limits each function gets (the table
 * lives in `table-design.ts`, the routes in `routes.ts`). Plain data with no
 * CDK import, so the local stack can share it.
 */

/** Environment variables every Lablink function receives. */
export const HANDLER_ENV = {
  /** Name of the single DynamoDB table. */
  table: 'LABLINK_TABLE',
  /** Name of the ingest bucket (vendor exports in, run reports out). */
  bucket: 'LABLINK_BUCKET',
  /** IANA time zone of the district; set only when the stack is given one. */
  timeZone: 'LABLINK_TIME_ZONE',
} as const;

/** Powertools reads its service name from this variable. */
export const POWERTOOLS_SERVICE_NAME = 'lablink';

// Where districts drop exports (`incoming/<programId>/<file>`) and where runs
// write their outputs: one definition, the handlers' own.
export { INCOMING_PREFIX, RUNS_PREFIX } from '../shared/programs.js';

/** Limits of one kind of function, in the units their names say. */
export interface FunctionLimits {
  readonly memoryInMiB: number;
  readonly timeoutInSeconds: number;
}

/**
 * One ingest run streams a whole vendor export, so it gets Lambda's longest
 * timeout; memory also buys CPU for CSV parsing.
 */
export const INGEST_LIMITS: FunctionLimits = {
  memoryInMiB: 1024,
  timeoutInSeconds: 15 * 60,
};

/** The hourly rollup reads every class grid; it must end well before the next run. */
export const ROLLUP_LIMITS: FunctionLimits = {
  memoryInMiB: 512,
  timeoutInSeconds: 10 * 60,
};

/** Report reads are one query each; API Gateway gives up after 30 s anyway. */
export const REPORT_LIMITS: FunctionLimits = { memoryInMiB: 512, timeoutInSeconds: 10 };

/**
 * Concurrent ingest runs. Each run writes at full speed, so this bounds the
 * write rate the table sees when a district drops many files at once.
 */
export const INGEST_RESERVED_CONCURRENCY = 10;

/** One rollup at a time: a slow run and the next scheduled one never overlap. */
export const ROLLUP_RESERVED_CONCURRENCY = 1;

/** Lambda's own retries of a failed asynchronous (S3 or schedule) invocation. */
export const ASYNC_RETRY_ATTEMPTS = 2;

/** A rollup event older than this is dropped: the next scheduled run covers it. */
export const ROLLUP_MAX_EVENT_AGE_IN_SECONDS = 60 * 60;

/**
 * One release of held files at a time: two would read the same held file
 * at once (harmless, since writes are idempotent, but twice the work).
 */
export const RELEASE_HELD_RESERVED_CONCURRENCY = 1;

/** A release event older than this is dropped: the next scheduled one covers it. */
export const RELEASE_HELD_MAX_EVENT_AGE_IN_SECONDS = 60 * 60;

/** Failed ingest events wait this long in the failure queue (SQS maximum). */
export const INGEST_FAILURE_RETENTION_IN_DAYS = 14;

/** Older versions of an ingest object are kept this long after being replaced. */
export const NONCURRENT_VERSION_EXPIRATION_IN_DAYS = 90;

/** Multipart uploads never completed are cleaned up after this long. */
export const INCOMPLETE_UPLOAD_EXPIRATION_IN_DAYS = 7;

/** S3 server access logs of the ingest bucket are kept this long. */
export const ACCESS_LOG_EXPIRATION_IN_DAYS = 365;

/** Steady-state request rate of the HTTP API's default stage, requests per second. */
export const API_THROTTLE_RATE_PER_SECOND = 50;

/** Burst of the HTTP API's default stage, requests. */
export const API_THROTTLE_BURST_REQUESTS = 100;

/** Default of the `LOG_LEVEL` Powertools reads. */
export const DEFAULT_LOG_LEVEL = 'INFO';

/**
 * One JSON line per API request. The route key is logged instead of the path
 * so student and class ids stay out of access logs; the caller's IAM identity
 * is logged so every read of student data can be attributed.
 */
export const API_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  caller: '$context.identity.userArn',
  sourceIp: '$context.identity.sourceIp',
  error: '$context.error.message',
} as const;
