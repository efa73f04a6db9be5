/**
 * The authentication step every teacher-facing handler shares. API Gateway's
 * JWT authorizer (or the local gateway doing the same) has verified the token
 * and put its claims in `requestContext.authorizer.jwt.claims`; this reads the
 * caller from them and never looks at the Authorization header itself.
 */
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { requireClass, type Capability } from '../../shared/auth/access.js';
import { auditRead, type AuditedRead } from '../../shared/auth/audit.js';
import type { ClassReportRead } from '../../shared/reports/class-mastery.js';
import {
  actorId,
  principalFromClaims,
  type Principal,
} from '../../shared/auth/principal.js';
import { accessStore, auditRetention, logger, tableStore } from './env.js';
import { jsonErrors, type HttpResult } from './http.js';

export type AuthorizedEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type AuthorizedContext = Context & { principal: Principal };

/** Reads the caller before the handler runs: 401 without claims, 403 without a role. */
export const authenticate = (): MiddlewareObj<
  AuthorizedEvent,
  HttpResult,
  Error,
  AuthorizedContext
> => ({
  before: async (request) => {
    const claims = request.event.requestContext?.authorizer?.jwt?.claims;
    request.context.principal = principalFromClaims(claims);
  },
});

export interface ReportRequest {
  event: AuthorizedEvent;
  principal: Principal;
  /** Records the read of student-level data in the audit trail and the log. */
  audit(read: Omit<AuditedRead, 'action' | 'requestId'>): Promise<void>;
}

/** Stores and access checks every report handler passes to the domain. */
export const reportDeps = () => {
  const store = tableStore();
  return { roster: store, mastery: store, evidence: store, directory: accessStore() };
};

/** A teacher-facing report handler: authenticated, audited, errors as JSON. */
export function reportHandler(fn: (request: ReportRequest) => Promise<HttpResult>) {
  return middy<AuthorizedEvent, HttpResult, Error, AuthorizedContext>(
    async (event: AuthorizedEvent, context: AuthorizedContext) =>
      fn({
        event,
        principal: context.principal,
        audit: async (read) => {
          const entry = await auditRead(
            accessStore(),
            context.principal,
            {
              ...read,
              action: event.routeKey,
              requestId: event.requestContext.requestId,
            },
            auditRetention(),
          );
          // Ids and counts only: never a name or an e-mail.
          logger.info('student data read', {
            actorId: actorId(context.principal),
            role: entry.role,
            action: entry.action,
            classId: entry.classId,
            studentId: entry.studentId,
            studentCount: entry.studentCount,
          });
        },
      }),
  )
    .use(jsonErrors<AuthorizedEvent, AuthorizedContext>())
    .use(authenticate());
}

/**
 * A class report's one read, after the roster check: the class partition
 * from `GRID#` on (staff, students, grid document, rollups), strongly
 * consistent and shared by the requests that run at once
 * (storage/report-documents.ts). The staff it read decide access before
 * anything is answered or audited, so a teacher removed a moment ago is
 * refused; an unknown class and one that is not the caller's are the same 404.
 */
export async function readClassFor(
  deps: ReturnType<typeof reportDeps>,
  principal: Principal,
  classId: string,
  capability: Capability,
): Promise<ClassReportRead> {
  const reading = deps.mastery.readClassReport(classId);
  // Awaited below; a refusal that comes first must not leave it unhandled.
  reading.catch(() => undefined);
  await requireClass(
    deps,
    principal,
    classId,
    capability,
    reading.then((r) => r.staff),
  );
  return reading;
}
