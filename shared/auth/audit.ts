/**
 * The audit trail of student-level reads: who read what, when. Items expire
 * after the district's retention setting; they hold ids only, never names.
 */
import { z } from 'zod';
import { IsoInstant } from '../model.js';
import { actorId, Role, type Principal } from './principal.js';
import type { AuditStore } from './ports.js';

/** Used when `LABLINK_AUDIT_RETENTION_DAYS` is not set. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 365;
const SECONDS_PER_DAY = 24 * 60 * 60;

export const AuditEntry = z.object({
  actorId: z.string(),
  role: Role,
  /** The token subject, kept so a Cognito user can be traced after a roster change. */
  sub: z.string(),
  /** The route key, e.g. `GET /classes/{classId}/mastery`. */
  action: z.string(),
  classId: z.string().optional(),
  studentId: z.string().optional(),
  /** How many students' data the response carried. */
  studentCount: z.number().int().nonnegative(),
  requestId: z.string(),
  at: IsoInstant,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditedRead {
  action: string;
  requestId: string;
  classId?: string;
  studentId?: string;
  studentCount: number;
}

/** Retention in days from the setting, or a 500-class error when it is not a positive integer. */
export function auditRetentionDays(setting: string | undefined): number {
  if (setting === undefined || setting === '') return DEFAULT_AUDIT_RETENTION_DAYS;
  const days = Number(setting);
  if (!Number.isInteger(days) || days <= 0) {
    throw new Error(
      `LABLINK_AUDIT_RETENTION_DAYS must be a positive integer, not ${setting}`,
    );
  }
  return days;
}

/** Records one read of student-level data by a caller. */
export async function auditRead(
  store: AuditStore,
  principal: Principal,
  read: AuditedRead,
  retentionDays: number,
  now = new Date(),
): Promise<AuditEntry> {
  const entry = AuditEntry.parse({
    actorId: actorId(principal),
    role: principal.role,
    sub: principal.sub,
    ...read,
    at: now.toISOString(),
  });
  const expiresAt = Math.floor(now.getTime() / 1000) + retentionDays * SECONDS_PER_DAY;
  await store.putAudit(entry, expiresAt);
  return entry;
}
