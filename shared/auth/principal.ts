/**
 * Who is calling, read from the claims of a verified token. API Gateway's JWT
 * authorizer (and the local gateway, which copies it) puts the claims in
 * `requestContext.authorizer.jwt.claims`, every value a string: an array
 * claim such as `cognito:groups` arrives as `"[teacher lab_staff]"`.
 */
import { z } from 'zod';
import { Id } from '../model.js';
import { ForbiddenError, UnauthorizedError } from './errors.js';

/** Least privileged first: a user in several role groups gets the first one. */
export const ROLES = ['lab_staff', 'teacher', 'school_admin', 'district_admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Claim names, as Cognito issues them in ID tokens. */
export const CLAIMS = {
  role: 'custom:role',
  groups: 'cognito:groups',
  userId: 'custom:lablink_user_id',
  schoolId: 'custom:school_id',
} as const;

export const Principal = z.discriminatedUnion('role', [
  z.object({ role: z.literal('teacher'), sub: z.string(), userId: Id }),
  z.object({ role: z.literal('lab_staff'), sub: z.string(), userId: Id }),
  z.object({ role: z.literal('school_admin'), sub: z.string(), schoolId: Id }),
  z.object({ role: z.literal('district_admin'), sub: z.string() }),
]);
export type Principal = z.infer<typeof Principal>;

export type Claims = Record<string, unknown>;

/** `"[a b]"` (API Gateway), `["a","b"]` (jose) or `"a"` to a list. */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || value === '') return [];
  const inner = /^\[(.*)\]$/.exec(value)?.[1] ?? value;
  return inner.split(/[\s,]+/).filter(Boolean);
}

function roleOf(claims: Claims): Role | undefined {
  const explicit = Role.safeParse(claims[CLAIMS.role]);
  if (explicit.success) return explicit.data;
  const groups = new Set(claimList(claims[CLAIMS.groups]));
  return ROLES.find((role) => groups.has(role));
}

/**
 * The caller of a request, or a 401 when there are no verified claims and a
 * 403 when the token is valid but carries no role or roster id to act on.
 */
export function principalFromClaims(claims: Claims | undefined): Principal {
  if (!claims || typeof claims.sub !== 'string') {
    throw new UnauthorizedError('a valid bearer token is required');
  }
  const role = roleOf(claims);
  if (!role) {
    throw new ForbiddenError('the token carries no Lablink role', {
      claims: [CLAIMS.role, CLAIMS.groups],
    });
  }
  const parsed = Principal.safeParse({
    role,
    sub: claims.sub,
    userId: claims[CLAIMS.userId],
    schoolId: claims[CLAIMS.schoolId],
  });
  if (!parsed.success) {
    const claim = role === 'school_admin' ? CLAIMS.schoolId : CLAIMS.userId;
    throw new ForbiddenError(`a ${role} token must carry ${claim}`, { claim });
  }
  return parsed.data;
}

/** The id audit items and logs attribute a read to: never a name or e-mail. */
export const actorId = (p: Principal) =>
  'userId' in p ? p.userId : `${p.role}:${p.sub}`;
