/**
 * Storage the identity and roster steps need, owned by the domain; the
 * DynamoDB implementation is storage/identity-store.ts.
 */
import type { Enrollment } from '../model.js';

/**
 * The kinds of id a vendor file can carry for a student. `lablink` means the
 * file's id already is the Lablink student id (the ASSISTments demo); the
 * others are looked up in the roster; `userId:<type>` is one entry of a
 * OneRoster user's `userIds` (`{state:123456}` is `userId:state`).
 */
export type StudentIdKind =
  'lablink' | 'sourcedId' | 'identifier' | 'email' | 'username' | `userId:${string}`;

/** One id a student is known by, as stored in the identity index. */
export interface StudentIdentifier {
  kind: Exclude<StudentIdKind, 'lablink'>;
  value: string;
}

/** One row of an explicit mapping table. */
export interface VendorMapping {
  programId: string;
  vendorStudentId: string;
  studentId: string;
}

/**
 * What the roster has said of a user's roles, kept on the stored user so that
 * a later bundle that does not say them (a 1.2 delta without roles.csv, a
 * 1.1 row without `role`) still knows who is a student.
 */
export interface UserRoles {
  /** The user row's own `role` (OneRoster 1.1), from the latest row that gave one. */
  row?: string;
  /** The user's roles.csv records (OneRoster 1.2): role by the record's sourcedId. */
  records: Record<string, string>;
}

/** A OneRoster record as stored: its values minus passwords. */
export interface RosterEntity {
  kind: string;
  sourcedId: string;
  values: Record<string, string>;
  runId: string;
  /**
   * Users only: the roles known for them. Absent on users stored before roles
   * were kept, whose roles are then read from the stored roles.csv records.
   */
  roles?: UserRoles;
}

export interface IdentityStore {
  /** Student ids indexed under one identifier (more than one is ambiguous). */
  findStudents(id: StudentIdentifier): Promise<string[]>;
  putIdentifiers(studentId: string, ids: readonly StudentIdentifier[]): Promise<void>;
  deleteIdentifiers(studentId: string, ids: readonly StudentIdentifier[]): Promise<void>;
  getMapping(programId: string, vendorStudentId: string): Promise<string | undefined>;
  putMappings(rows: readonly VendorMapping[]): Promise<void>;
  listMappings(programId: string): Promise<VendorMapping[]>;
}

export interface RosterEntityStore {
  getEntity(kind: string, sourcedId: string): Promise<RosterEntity | undefined>;
  putEntities(entities: readonly RosterEntity[]): Promise<void>;
  deleteEntities(kind: string, sourcedIds: readonly string[]): Promise<void>;
  listEntityIds(kind: string): Promise<string[]>;
  /** Every stored record of one file (one paged query of its partition). */
  listEntities(kind: string): Promise<RosterEntity[]>;
  /** Removes both sides of enrollments (un-enrollment or a deleted class). */
  deleteEnrollments(enrollments: readonly Enrollment[]): Promise<void>;
}
