/**
 * The HTTP routes, one list for the CDK stack and the local gateway. `auth`
 * says who may call:
 * - `jwt`: a teacher, lab staff or admin token, verified by API Gateway's JWT
 *   authorizer (the Cognito user pool of `infra/auth.ts`) or, locally, by the
 *   gateway against the local issuer; the handler authorizes by roster.
 * - `iam`: SigV4-signed callers (services and operators): the ingest runs
 *   routes, read by district data staff with AWS credentials. A route moves
 *   to `jwt` by switching its kind and reading the caller with
 *   `functions/lib/auth.ts`.
 * - `none`: only for routes that read no data.
 * - `vendorKey`: a vendor pushing events; no authorizer, the handler checks the
 *   hashed key of the `x-lablink-key` header (shared/events/vendor-keys.ts).
 * A new kind is added here and wired
 * in `authorizerFor` of the stack and `authorize` of the local gateway, which
 * refuse kinds they do not know.
 */
export type RouteAuth = 'none' | 'iam' | 'jwt' | 'vendorKey';

export interface RouteSpec {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path template, `{name}` for a parameter. */
  path: string;
  /** Handler module, relative to the repository root. */
  entry: string;
  auth: RouteAuth;
  /**
   * What the route's function may do with the table; the CDK stack grants
   * exactly this. `readAndAudit` reads and may put audit items only (keys
   * under `AUDIT#`). An open route (`auth: 'none'`) must be `none`.
   */
  tableAccess: 'none' | 'read' | 'readAndAudit' | 'readWrite';
  /**
   * What the route's function may do with the ingest bucket: `runOutputs`
   * is `s3:GetObject` on `runs/*` (rejects files) only; `writeRunOutputs` is
   * `s3:PutObject` there only (a push run's rejects file).
   * @default 'none'
   */
  bucketAccess?: 'none' | 'runOutputs' | 'writeRunOutputs';
}

export const ROUTES = [
  {
    id: 'GetHealth',
    method: 'GET',
    path: '/health',
    entry: 'functions/get-health.ts',
    auth: 'none',
    tableAccess: 'none',
  },
  {
    id: 'GetOpenApi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/get-openapi.ts',
    auth: 'none',
    tableAccess: 'none',
  },
  {
    id: 'GetMeClasses',
    method: 'GET',
    path: '/me/classes',
    entry: 'functions/get-me-classes.ts',
    auth: 'jwt',
    tableAccess: 'read',
  },
  {
    id: 'GetClassMastery',
    method: 'GET',
    path: '/classes/{classId}/mastery',
    entry: 'functions/get-class-mastery.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetClassStandard',
    method: 'GET',
    path: '/classes/{classId}/standards/{code}',
    entry: 'functions/get-class-standard.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetClassUsage',
    method: 'GET',
    path: '/classes/{classId}/usage',
    entry: 'functions/get-class-usage.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetClassGroups',
    method: 'GET',
    path: '/classes/{classId}/groups',
    entry: 'functions/get-class-groups.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetStudentProfile',
    method: 'GET',
    path: '/students/{studentId}',
    entry: 'functions/get-student-profile.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetStudentMastery',
    method: 'GET',
    path: '/students/{studentId}/mastery',
    entry: 'functions/get-student-mastery.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetStudentStandard',
    method: 'GET',
    path: '/students/{studentId}/standards/{code}',
    entry: 'functions/get-student-standard.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'PostIngestCaliper',
    method: 'POST',
    path: '/ingest/caliper',
    entry: 'functions/post-ingest-caliper.ts',
    auth: 'vendorKey',
    tableAccess: 'readWrite',
    bucketAccess: 'writeRunOutputs',
  },
  {
    id: 'PostIngestXapi',
    method: 'POST',
    path: '/ingest/xapi/statements',
    entry: 'functions/post-ingest-xapi.ts',
    auth: 'vendorKey',
    tableAccess: 'readWrite',
    bucketAccess: 'writeRunOutputs',
  },
  {
    id: 'GetIngestRuns',
    method: 'GET',
    path: '/ingest/runs',
    entry: 'functions/get-ingest-runs.ts',
    // District data staff with AWS credentials, not teachers: no JWT role
    // fits them yet (docs/api.md).
    auth: 'iam',
    tableAccess: 'read',
  },
  {
    id: 'GetRunRejects',
    method: 'GET',
    path: '/ingest/runs/{runId}/rejects',
    entry: 'functions/get-run-rejects.ts',
    auth: 'iam',
    tableAccess: 'read',
    bucketAccess: 'runOutputs',
  },
  {
    id: 'PutClassFocus',
    method: 'PUT',
    path: '/classes/{classId}/focus',
    entry: 'functions/put-class-focus.ts',
    auth: 'jwt',
    tableAccess: 'readWrite',
  },
  {
    id: 'GetClassFocus',
    method: 'GET',
    path: '/classes/{classId}/focus',
    entry: 'functions/get-class-focus.ts',
    auth: 'jwt',
    tableAccess: 'read',
  },
  {
    id: 'GetAssignmentPlan',
    method: 'GET',
    path: '/classes/{classId}/assignments/plan',
    entry: 'functions/get-assignment-plan.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'PostAssignments',
    method: 'POST',
    path: '/classes/{classId}/assignments',
    entry: 'functions/post-assignments.ts',
    auth: 'jwt',
    tableAccess: 'readWrite',
  },
  {
    id: 'GetAssignment',
    method: 'GET',
    path: '/assignments/{assignmentId}',
    entry: 'functions/get-assignment.ts',
    auth: 'jwt',
    tableAccess: 'readAndAudit',
  },
  {
    id: 'GetAlignmentAnalysis',
    method: 'GET',
    path: '/analysis/alignment',
    entry: 'functions/get-alignment-analysis.ts',
    auth: 'jwt',
    tableAccess: 'read',
  },
] as const satisfies readonly RouteSpec[];

export type RouteId = (typeof ROUTES)[number]['id'];
