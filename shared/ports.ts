/**
 * The storage the domain needs, owned by the domain. The DynamoDB and S3
 * implementations live in `storage/`; tests may use the same ones against the
 * local emulators.
 */
import type { Readable } from 'node:stream';
import type {
  ClassRollup,
  HeldRecord,
  Enrollment,
  Evidence,
  IngestRun,
  MasteryState,
  RunCounts,
} from './model.js';

/**
 * How a single evidence write ended. `stale` is a version older (by
 * `revisedAt`) than the one stored: kept out, counted with duplicates.
 * `unwritten` is a write that never succeeded after retries.
 */
export type EvidenceWriteOutcome =
  'accepted' | 'duplicate' | 'replaced' | 'stale' | 'unwritten';

export interface EvidenceStore {
  /**
   * Writes one evidence record idempotently: the same id with the same
   * content is a duplicate; the same id with other content replaces it
   * (a regrade or a corrected file).
   */
  putEvidence(evidence: Evidence): Promise<EvidenceWriteOutcome>;
  /**
   * The same for a batch, in one round of reads and writes. Outcomes align
   * with the input; a record repeated inside the batch is decided against the
   * earlier one, so the result equals writing them one by one in order.
   * Callers must not write the same evidence id from two batches at once.
   */
  putEvidenceBatch(evidence: readonly Evidence[]): Promise<EvidenceWriteOutcome[]>;
  /** Every evidence record of a student, in no particular order. */
  listStudentEvidence(studentId: string): Promise<Evidence[]>;
}

export interface MasteryStore {
  /** Writes one student's states and their cells in the grids of the classes given. */
  putMastery(states: readonly MasteryState[], classIds: readonly string[]): Promise<void>;
  listStudentMastery(studentId: string): Promise<MasteryState[]>;
  /** The class grid: one state per student and standard with evidence. */
  listClassMastery(classId: string): Promise<MasteryState[]>;
  putRollup(rollup: ClassRollup): Promise<void>;
  listClassRollups(classId: string): Promise<ClassRollup[]>;
}

export type StudentEnrollment = Pick<Enrollment, 'classId' | 'schoolId'>;

/** How the roster enrolls a teacher or lab staff member in a class. */
export type StaffRole = Exclude<Enrollment['role'], 'student'>;
/** One of a staff member's classes, with the role they hold in it. */
export interface StaffClass {
  readonly classId: string;
  readonly role: StaffRole;
}
/** One of a class's staff, with the role they hold in it. */
export interface ClassStaffMember {
  readonly userId: string;
  readonly role: StaffRole;
}

export interface RosterStore {
  putEnrollments(enrollments: readonly Enrollment[]): Promise<void>;
  listClassStudents(classId: string): Promise<string[]>;
  listStudentClasses(studentId: string): Promise<string[]>;
  /**
   * The student's classes with their schools (the same items, one query).
   * Read-only, as `listStaffClasses`: concurrent requests may share one read.
   */
  listStudentEnrollments(studentId: string): Promise<readonly StudentEnrollment[]>;
  listClassStaff(classId: string): Promise<Enrollment[]>;
  listStaffClasses(userId: string): Promise<readonly StaffClass[]>;
  /** The role a teacher or lab staff member holds in the class, if enrolled (one item read). */
  classStaffRole(classId: string, userId: string): Promise<StaffRole | undefined>;
  /** Every class that has an enrollment. */
  listClasses(): Promise<string[]>;
}

/** What finishing a run records. */
export type RunResult = Pick<
  IngestRun,
  'status' | 'counts' | 'rejectReasons' | 'rejectsKey' | 'unmappedSkills' | 'error'
> &
  Partial<Pick<IngestRun, 'matchRate' | 'fileCounts'>>;

/** How claiming a run for a source object ended. */
export type RunClaim =
  | { outcome: 'claimed'; run: IngestRun }
  | { outcome: 'already_completed'; run: IngestRun };

export interface RunStore {
  /**
   * Claims the run for a source object. A run already completed for the same
   * object identity is returned as such (a redelivered event); a failed,
   * held or unfinished one is claimed again, which is safe because evidence
   * writes are idempotent.
   */
  claimRun(run: IngestRun): Promise<RunClaim>;
  finishRun(runId: string, result: RunResult): Promise<IngestRun>;
  getRun(runId: string): Promise<IngestRun | undefined>;
  listRuns(limit: number): Promise<IngestRun[]>;
}

export interface ObjectStore {
  /** A stream of the object's bytes; never the whole object in memory. */
  openRead(bucket: string, key: string, versionId?: string): Promise<Readable>;
  /** Uploads a local file as a stream (rejects can be larger than memory). */
  putFile(bucket: string, key: string, path: string, contentType: string): Promise<void>;
}

export type { RunCounts };

export interface HeldStore {
  /** Idempotent by (program, heldId). */
  putHeld(records: readonly HeldRecord[]): Promise<void>;
  /** Held records of a program, optionally only those waiting for one thing. */
  listHeld(programId: string, waitingFor?: string): Promise<HeldRecord[]>;
  /** Removes records once re-processed (accepted, duplicate or rejected). */
  deleteHeld(
    records: readonly Pick<HeldRecord, 'programId' | 'heldId' | 'waitingFor'>[],
  ): Promise<void>;
  /**
   * Claims held records for one review run, each only if it is still held
   * and no other run holds a claim younger than `staleBefore` (ISO instant).
   * Returns the records it could not claim, each with the run that holds it
   * (absent: the record is no longer held). A run's own claim is claimed again.
   */
  claimHeldForReview(
    records: readonly Pick<HeldRecord, 'programId' | 'heldId' | 'waitingFor'>[],
    runId: string,
    claimedAt: string,
    staleBefore: string,
  ): Promise<{ heldId: string; claimedBy?: string }[]>;
  /** Gives back the claims `runId` holds on these records (those still held). */
  releaseHeldClaims(
    records: readonly Pick<HeldRecord, 'programId' | 'heldId' | 'waitingFor'>[],
    runId: string,
  ): Promise<void>;
}
