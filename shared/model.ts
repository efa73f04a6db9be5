/**
 * The canonical model. Every feed, whatever its vendor shape, lands in these
 * shapes; each zod schema is the only definition of its concept and its type
 * is inferred beside it.
 */
import { z } from 'zod';

/** Ids are opaque strings: leading zeros and case are kept exactly. */
export const Id = z
  .string()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters')
  .refine((s) => s.trim() === s, 'must not start or end with spaces');

export const IsoInstant = z.iso.datetime({ offset: true });

export const Student = z.object({
  studentId: Id,
  /** Other ids the same student has in vendor programs, by program id. */
  vendorIds: z.record(z.string(), Id).default({}),
  schoolId: Id.optional(),
});
export type Student = z.infer<typeof Student>;

export const Class = z.object({
  classId: Id,
  schoolId: Id.optional(),
  teacherIds: z.array(Id).default([]),
  title: z.string().optional(),
});
export type Class = z.infer<typeof Class>;

/**
 * Who is in a class. Students carry their Lablink student id; teachers and
 * lab staff carry their user id (the roster's sourcedId or the vendor's
 * teacher id). Reports authorize by these rows.
 */
export const Enrollment = z.object({
  classId: Id,
  userId: Id,
  role: z.enum(['student', 'teacher', 'lab_staff']),
  schoolId: Id.optional(),
});
export type Enrollment = z.infer<typeof Enrollment>;

export const Program = z.object({
  programId: Id,
  name: z.string(),
  vendor: z.string(),
  profileId: Id,
  crosswalkId: Id.optional(),
  /** Minutes a week a student who uses this program should spend in it. */
  weeklyMinutesTarget: z.number().int().positive().optional(),
});
export type Program = z.infer<typeof Program>;

export const Standard = z.object({
  /** Short, normalized code, unique in the catalog: `6.SP.B.4`. */
  code: z.string().min(1),
  framework: z.string().min(1),
  kind: z.enum(['standard', 'substandard', 'cluster', 'domain', 'practice']),
  grade: z.string(),
  domain: z.string(),
  /** Code of the cluster (for a standard) or standard (for a substandard). */
  parent: z.string().optional(),
  description: z.string(),
});
export type Standard = z.infer<typeof Standard>;

/**
 * What a piece of evidence is. Only `scored` carries a score; an exempt or
 * voided record is kept so it can cancel earlier evidence, but it never counts
 * as a score (exempt is not zero). `usage` is time on task with no score (a
 * program's weekly minutes): kept for usage reports, never part of mastery.
 */
export const EvidenceStatus = z.enum([
  'scored',
  'exempt',
  'not_submitted',
  'voided',
  'usage',
]);
export type EvidenceStatus = z.infer<typeof EvidenceStatus>;

export const EvidenceSource = z.object({
  kind: z.enum(['s3', 'push', 'pull']),
  /** `s3://bucket/key` with the key decoded, or the push endpoint. */
  uri: z.string(),
  /** 1-based line of the record in its file (the header is line 1). */
  line: z.number().int().positive(),
  runId: Id,
});
export type EvidenceSource = z.infer<typeof EvidenceSource>;

/**
 * A person's decision that made this evidence out of a record held for review
 * (a score that did not make sense, an event naming no learner). The source
 * still names the push that brought the event; this names who decided what.
 */
export const EvidenceReview = z.object({
  /** The reviewer's id as the caller gave it (never a name or e-mail). */
  reviewedBy: Id,
  reviewedAt: IsoInstant,
  /** The review run that applied the decision. */
  runId: Id,
  /** What the reviewer decided: `score 0.8`, `usage`, `student S-1`. */
  decision: z.string().min(1),
  /** Why the record was held, as it was held. */
  heldReason: z.string(),
});
export type EvidenceReview = z.infer<typeof EvidenceReview>;

export const Evidence = z
  .object({
    /** Deterministic from program, student and the record's identity. */
    evidenceId: Id,
    studentId: Id,
    programId: Id,
    itemId: Id,
    /** The vendor's own skill or lesson name, before the crosswalk. */
    vendorSkill: z.string().optional(),
    standards: z.array(z.string().min(1)),
    status: EvidenceStatus,
    score: z.number().min(0).max(1).optional(),
    /** When the work happened. Absent when the vendor exports no clock. */
    occurredAt: IsoInstant.optional(),
    /** The vendor's own ordering (attempt or order number). */
    sequence: z.number().optional(),
    minutesOnTask: z.number().nonnegative().optional(),
    weight: z.number().positive().default(1),
    /**
     * When the vendor last changed this record (a regrade's time). Between two
     * versions of one record the later revision wins; without it, the later
     * arrival wins.
     */
    revisedAt: IsoInstant.optional(),
    classId: Id.optional(),
    source: EvidenceSource,
    /** Present when a reviewer's decision released the record (shared/events/review.ts). */
    review: EvidenceReview.optional(),
    /** Hash of the mapped content: tells a duplicate from a correction. */
    contentHash: z.string(),
  })
  .refine((e) => (e.status === 'scored') === (e.score !== undefined), {
    message: 'a score is required when status is scored, and only then',
    path: ['score'],
  });
export type Evidence = z.infer<typeof Evidence>;

export const MasteryLevel = z.enum([
  'not_started',
  'developing',
  'approaching',
  'mastered',
]);
export type MasteryLevel = z.infer<typeof MasteryLevel>;

export const MasteryState = z.object({
  studentId: Id,
  standard: z.string(),
  method: z.string(),
  /** In [0,1]; absent when no scored evidence counts yet. */
  value: z.number().min(0).max(1).optional(),
  level: MasteryLevel,
  evidenceCount: z.number().int().nonnegative(),
  lastEvidenceAt: IsoInstant.optional(),
  computedAt: IsoInstant,
});
export type MasteryState = z.infer<typeof MasteryState>;

/**
 * `held`: a file of a layout no profile reads yet. Nothing was read; it is
 * read by a release once a profile matches (shared/ingest/release-held-files.ts).
 */
export const RunStatus = z.enum(['running', 'completed', 'failed', 'held']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunCounts = z.object({
  parsed: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  /** Accepted records that replaced an earlier version (a regrade). */
  replaced: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  held: z.number().int().nonnegative(),
  /**
   * Records whose write never succeeded after the SDK's retries. Non-zero
   * only in a failed run, which is re-driven; evidence writes are idempotent.
   */
  unwritten: z.number().int().nonnegative(),
});
export type RunCounts = z.infer<typeof RunCounts>;

/** How a run's student ids matched (shared/identity/match-rate.ts). */
export const RunMatchRate = z.object({
  records: z.number().int().nonnegative(),
  matched: z.number().int().nonnegative(),
  byKind: z.record(z.string(), z.number().int().nonnegative()),
  unmatched: z.record(z.string(), z.number().int().nonnegative()),
  unmatchedIds: z.array(z.string()),
});

export const IngestRun = z.object({
  runId: Id,
  source: z.object({
    bucket: z.string(),
    key: z.string(),
    versionId: z.string().optional(),
    eTag: z.string().optional(),
  }),
  programId: Id,
  profileId: Id,
  status: RunStatus,
  counts: RunCounts,
  /** Reasons by count, e.g. `{ "score: not a number": 3 }`. */
  rejectReasons: z.record(z.string(), z.number()).default({}),
  rejectsKey: z.string().optional(),
  /** Vendor skills seen in this run that no crosswalk maps to a standard. */
  unmappedSkills: z.array(z.string()).default([]),
  /** Student id matching of the run's evidence; absent for roster-only runs. */
  matchRate: RunMatchRate.optional(),
  /**
   * Per-file counts of a bundle run (OneRoster), by file name then count; and
   * `identity`, what its identity pass did (shared/oneroster/user-index.ts).
   */
  fileCounts: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  startedAt: IsoInstant,
  finishedAt: IsoInstant.optional(),
  error: z.string().optional(),
});
export type IngestRun = z.infer<typeof IngestRun>;

export const emptyCounts = (): RunCounts => ({
  parsed: 0,
  accepted: 0,
  replaced: 0,
  duplicates: 0,
  rejected: 0,
  held: 0,
  unwritten: 0,
});

/** Every parsed record ends in exactly one of the other counts. */
export const countsAddUp = (c: RunCounts): boolean =>
  c.parsed === c.accepted + c.duplicates + c.rejected + c.held + c.unwritten;

/** A class's distribution on one standard, kept current by the rollup. */
export const ClassRollup = z.object({
  classId: Id,
  standard: z.string(),
  /** Students of the class, including those with no evidence yet. */
  studentCount: z.number().int().nonnegative(),
  levels: z.record(MasteryLevel, z.number().int().nonnegative()),
  /** Mean value over the students that have one. */
  mean: z.number().min(0).max(1).optional(),
  computedAt: IsoInstant,
});
export type ClassRollup = z.infer<typeof ClassRollup>;

/**
 * A record Lablink could not place yet (its student is not resolved, its
 * layout is unknown...). Held records are kept whole with the reason, counted
 * in their run, and re-processed when what they wait for arrives.
 */
export const HeldRecord = z.object({
  programId: Id,
  /** Deterministic: the same record held twice is one held record. */
  heldId: Id,
  /** What it waits for, e.g. `student:xapi-mbox:mailto:...` hashed, or `profile`. */
  waitingFor: z.string(),
  reason: z.string(),
  runId: Id,
  source: z.object({ uri: z.string(), line: z.number().int().positive().optional() }),
  /** The record as received (JSON text), so re-processing needs nothing else. */
  payload: z.string(),
  heldAt: IsoInstant,
});
export type HeldRecord = z.infer<typeof HeldRecord>;
