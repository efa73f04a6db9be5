/**
 * The HTTP routes, one list for the CDK stack and the local gateway. `auth`
 * says who may call: `iam` until the teacher sign-in (JWT) lands; `none` only
 * for routes that read no student data.
 */
export interface RouteSpec {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path template, `{name}` for a parameter. */
  path: string;
  /** Handler module, relative to the repository root. */
  entry: string;
  auth: 'none' | 'iam';
  /**
   * What the route's function may do with the table; the CDK stack grants
   * exactly this. An open route (`auth: 'none'`) must be `none`.
   */
  tableAccess: 'none' | 'read' | 'readWrite';
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
    id: 'GetClassMastery',
    method: 'GET',
    path: '/classes/{classId}/mastery',
    entry: 'functions/get-class-mastery.ts',
    auth: 'iam',
    tableAccess: 'read',
  },
  {
    id: 'GetStudentMastery',
    method: 'GET',
    path: '/students/{studentId}/mastery',
    entry: 'functions/get-student-mastery.ts',
    auth: 'iam',
    tableAccess: 'read',
  },
] as const satisfies readonly RouteSpec[];

export type RouteId = (typeof ROUTES)[number]['id'];
