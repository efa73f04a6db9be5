/**
 * What authorization and the audit trail need from storage beyond the
 * roster port: which school a class or student belongs to, and a place to
 * write audit items. Implemented in `storage/access-store.ts`.
 */
import type { AuditEntry } from './audit.js';

export interface DirectoryStore {
  /** The school of a class, from the class registry; undefined when unknown. */
  classSchool(classId: string): Promise<string | undefined>;
  /** Every class of a school in the class registry. */
  listSchoolClasses(schoolId: string): Promise<string[]>;
  /** The schools of a student's enrollments (the student side carries them). */
  studentSchools(studentId: string): Promise<string[]>;
}

export interface AuditStore {
  /** One item per read; expires `retentionDays` after it was written. */
  putAudit(entry: AuditEntry, expiresAtEpochSeconds: number): Promise<void>;
}
