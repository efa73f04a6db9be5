/**
 * The OpenAPI 3.1 document of the report API, generated from the same zod
 * schemas that validate requests (`shared/reports/routes.ts`) and shape
 * responses (`shared/reports/schemas.ts`).
 */
import type { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import {
  ClassGroups,
  ClassMasteryGrid,
  ClassStandard,
  ClassUsage,
  ErrorBody,
  Health,
  MyClasses,
  StudentMastery,
  StudentProfile,
} from '../reports/schemas.js';
import {
  ClassPath,
  ClassStandardPath,
  FormatQuery,
  GridQuery,
  GroupsQuery,
  PagingQuery,
  StudentMasteryQuery,
  StudentPath,
  UsageQuery,
} from '../reports/routes.js';

export const API_VERSION = '1.0.0';

const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

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
        ? 'CSV with `format=csv` or `Accept: text/csv`; cells are neutralized.'
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
      '400': error('Bad input; `details` names the field.'),
      '401': error('No valid bearer token.'),
      '403': error('The role may never do this.'),
      '404': error('Unknown, or not visible to the caller (the same answer on purpose).'),
    },
  };
}

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
    },
  });
}
