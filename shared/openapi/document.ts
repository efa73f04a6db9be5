/**
 * The OpenAPI 3.1 document of the report API, generated from the same zod
 * schemas that validate requests (`shared/reports/routes.ts`) and shape
 * responses (`shared/reports/schemas.ts`).
 */
import type { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { ApprovalInput } from '../assignments/approve.js';
import { Assignment } from '../assignments/model.js';
import { FocusInput, FocusPlan } from '../focus/focus.js';
import {
  ClassGroups,
  ClassMasteryGrid,
  ClassStandard,
  ClassUsage,
  ErrorBody,
  Health,
  UnauthorizedBody,
  InvalidRequestBody,
  MyClasses,
  StudentMastery,
  StudentProfile,
} from '../reports/schemas.js';
import {
  AlignmentQuery,
  AssignmentPath,
  ClassPath,
  ClassStandardPath,
  FormatQuery,
  GridQuery,
  GroupsQuery,
  PagingQuery,
  PlanQuery,
  StudentMasteryQuery,
  StudentPath,
  StudentStandardPath,
  UsageQuery,
} from '../reports/routes.js';

export const API_VERSION = '1.0.0';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

/** Answered by API Gateway's JWT authorizer (locally, the gateway), before the handler. */
const unauthorized = {
  description:
    "No valid bearer token: answered by the authorizer with API Gateway's own body, " +
    'before any handler runs.',
  content: { 'application/json': { schema: UnauthorizedBody } },
};

const invalid = {
  description:
    'Bad input: `details` lists each issue, naming its field (an unknown query ' +
    'parameter is one).',
  content: { 'application/json': { schema: InvalidRequestBody } },
};

const CSV = { 'text/csv': { schema: { type: 'string' as const } } };

/** A teacher route: bearer token, ETag, and the errors every such route returns. */
function report(
  summary: string,
  schema: z.ZodType,
  request: ZodOpenApiOperationObject['requestParams'],
  options: { csv?: boolean; audited?: boolean } = {},
): ZodOpenApiOperationObject {
  return {
    summary,
    description:
      (options.audited === false ? '' : 'Each call is written to the audit trail. ') +
      (options.csv
        ? 'CSV with `format=csv` or `Accept: text/csv`; cells are neutralized. A CSV ' +
          'holds every student unless `limit` is given; then a `Link: <...>; rel="next"` ' +
          'header points to the next page when there is one.'
        : ''),
    security: [{ cognito: [] }],
    requestParams: request,
    responses: {
      '200': {
        description: 'The report; `ETag` header set.',
        content: {
          'application/json': { schema },
          ...(options.csv ? CSV : {}),
        },
      },
      '304': { description: 'Not modified (`If-None-Match` matched the ETag).' },
      '400': invalid,
      '401': unauthorized,
      '403': error('The role may never do this.'),
      '404': error('Unknown, or not visible to the caller (the same answer on purpose).'),
    },
  };
}

/**
 * A teacher route of the planning and assignment work: bearer token, JSON,
 * no ETag. `schema` is left out where the response type is still a
 * TypeScript interface (plans, explanations, the alignment report): a second
 * definition here could drift from it, so those answers are described in
 * words until their modules define zod schemas.
 */
function action(
  summary: string,
  request: ZodOpenApiOperationObject['requestParams'],
  options: {
    schema?: z.ZodType;
    body?: z.ZodType;
    status?: '200' | '202';
    audited?: boolean;
    roles?: string;
  } = {},
): ZodOpenApiOperationObject {
  return {
    summary,
    description:
      (options.audited ? 'Each call is written to the audit trail. ' : '') +
      (options.roles ?? ''),
    security: [{ cognito: [] }],
    requestParams: request,
    ...(options.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: options.body } },
          },
        }
      : {}),
    responses: {
      [options.status ?? '200']: {
        description: summary,
        content: {
          'application/json': { schema: options.schema ?? { type: 'object' as const } },
        },
      },
      '400': invalid,
      '401': unauthorized,
      '403': error('The role may never do this.'),
      '404': error('Unknown, or not visible to the caller (the same answer on purpose).'),
    },
  };
}

const PLANNERS =
  'Teachers of the class, its school admin and district admins; not lab staff.';

export function openApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Lablink report API',
      version: API_VERSION,
      description:
        'Student mastery for teachers, lab staff and administrators. A repeated query ' +
        'parameter arrives joined with commas (as API Gateway does); list parameters ' +
        'accept both forms.',
    },
    components: {
      securitySchemes: {
        cognito: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A Cognito ID token (locally: one from the local issuer).',
        },
      },
    },
    paths: {
      '/health': {
        get: {
          summary: 'The API answers.',
          responses: {
            '200': {
              description: 'Up.',
              content: { 'application/json': { schema: Health } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document.',
          responses: { '200': { description: 'OpenAPI 3.1.' } },
        },
      },
      '/me/classes': {
        get: report(
          "The caller's classes.",
          MyClasses,
          { query: PagingQuery },
          { audited: false },
        ),
      },
      '/classes/{classId}/mastery': {
        get: report(
          'Students by standards: level, value and evidence count per cell.',
          ClassMasteryGrid,
          { path: ClassPath, query: GridQuery },
          { csv: true },
        ),
      },
      '/classes/{classId}/standards/{code}': {
        get: report(
          'Who has mastered a standard, who is close, who has no evidence.',
          ClassStandard,
          { path: ClassStandardPath, query: FormatQuery },
          { csv: true },
        ),
      },
      '/classes/{classId}/usage': {
        get: report(
          'Minutes per student, program and week; students below the target flagged.',
          ClassUsage,
          { path: ClassPath, query: UsageQuery },
          { csv: true },
        ),
      },
      '/classes/{classId}/groups': {
        get: report(
          'Small groups of students sharing unmastered standards.',
          ClassGroups,
          { path: ClassPath, query: GroupsQuery },
        ),
      },
      '/students/{studentId}': {
        get: report(
          'A student profile: mastery per standard and recent evidence.',
          StudentProfile,
          { path: StudentPath },
        ),
      },
      '/students/{studentId}/mastery': {
        get: report("A student's mastery per standard.", StudentMastery, {
          path: StudentPath,
          query: StudentMasteryQuery,
        }),
      },
      '/students/{studentId}/standards/{code}': {
        get: action(
          "A student's mastery on one standard, with its evidence in order.",
          { path: StudentStandardPath },
          { audited: true },
        ),
      },
      '/classes/{classId}/focus': {
        get: action(
          "The class's focus plan.",
          { path: ClassPath },
          { schema: FocusPlan },
        ),
        put: action(
          'Sets the standards the class teaches, by date range.',
          { path: ClassPath },
          { schema: FocusPlan, body: FocusInput, roles: PLANNERS },
        ),
      },
      '/classes/{classId}/assignments/plan': {
        get: action(
          "The week's plan: aligned content per student, each item with its reason.",
          { path: ClassPath, query: PlanQuery },
          { audited: true },
        ),
      },
      '/classes/{classId}/assignments': {
        post: action(
          'Approves a week plan (or items of it) and queues its assignments.',
          { path: ClassPath },
          { body: ApprovalInput, status: '202', roles: PLANNERS },
        ),
      },
      '/assignments/{assignmentId}': {
        get: action(
          "An assignment's push status.",
          { path: AssignmentPath },
          { schema: Assignment, audited: true },
        ),
      },
      '/analysis/alignment': {
        get: action(
          'Aligned against other practice: days and opportunities to mastery, effect size.',
          { query: AlignmentQuery },
          {
            roles: "The school's admins and district admins; any other caller gets 403.",
          },
        ),
      },
    },
  });
}
