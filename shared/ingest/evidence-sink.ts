/**
 * Where mapped vendor records go, whoever read them (a dropped file, a
 * pulled page): rejects with their reasons, student resolution, held
 * records, enrollments seen in the records and the EvidenceWriter's lanes,
 * each record counted once. A file run flushes it at the end; a pull flushes
 * it after every page, so its resume point only passes records safely
 * written.
 */
import type { Crosswalk } from '../crosswalks/schema.js';
import { HeldBuffer, heldEvidence } from '../identity/held.js';
import { countMatch, emptyMatchRate, type MatchRate } from '../identity/match-rate.js';
import { createStudentResolver } from '../identity/resolver.js';
import { emptyCounts, type Enrollment, type RunCounts } from '../model.js';
import { createRowMapper, type Profile, type VendorRecord } from '../profiles/index.js';
import { BoundedPool } from './bounded-pool.js';
import { EvidenceWriter } from './evidence-writer.js';
import type { IngestDeps } from './ingest-object.js';
import type { RejectsFile } from './rejects-file.js';

/** Enrollments per write; each is three items (both sides and the class registry). */
const ENROLLMENT_BATCH = 25;
const ENROLLMENT_CONCURRENCY = 2;
/** Evidence ids listed in a failed run's error; the count is always complete. */
const MAX_UNWRITTEN_LISTED = 20;

export interface EvidenceSinkContext {
  programId: string;
  runId: string;
  sourceUri: string;
  /** The source's version, for evidence ids of records without a key. */
  sourceIdentity: string;
  profile: Profile;
  crosswalk?: Crosswalk;
  sourceKind?: 's3' | 'pull';
}

export interface EvidenceSink {
  readonly counts: RunCounts;
  readonly touchedStudents: ReadonlySet<string>;
  add(record: VendorRecord): Promise<void>;
  /**
   * Writes everything buffered (evidence, held records, enrollments) and
   * says how many evidence records since the last flush were not written.
   * An enrollment write that failed fails the flush: the run is re-driven.
   */
  flush(): Promise<{ unwritten: number }>;
  /** What the run result reports beside the counts. */
  summary(): {
    rejectReasons: Record<string, number>;
    /** Vendor skills no crosswalk maps, and standard codes the catalog lacks. */
    unmappedSkills: string[];
    matchRate: MatchRate;
    /** The first evidence ids that were not written, for the run's error. */
    unwrittenIds: string[];
  };
}

export function createEvidenceSink(
  deps: IngestDeps,
  context: EvidenceSinkContext,
  rejects: RejectsFile,
  onBatchError: (error: unknown) => void,
): EvidenceSink {
  const counts = emptyCounts();
  const rejectReasons: Record<string, number> = {};
  const touchedStudents = new Set<string>();
  const unwrittenIds: string[] = [];
  const matchRate = emptyMatchRate();
  const held = new HeldBuffer(deps.held);
  const resolveStudent = createStudentResolver(deps.identity, context.programId);
  const heldAt = (deps.now?.() ?? new Date()).toISOString();
  const mapRow = createRowMapper(context.profile, context.crosswalk, {
    programId: context.programId,
    runId: context.runId,
    sourceUri: context.sourceUri,
    sourceIdentity: context.sourceIdentity,
    timeZone: deps.timeZone,
    ...(context.sourceKind ? { sourceKind: context.sourceKind } : {}),
  });

  let unwrittenSinceFlush = 0;
  const writer = new EvidenceWriter(
    deps.evidence,
    (evidence, outcome) => {
      switch (outcome) {
        case 'duplicate':
        case 'stale':
          counts.duplicates += 1;
          return;
        case 'unwritten':
          counts.unwritten += 1;
          unwrittenSinceFlush += 1;
          if (unwrittenIds.length < MAX_UNWRITTEN_LISTED)
            unwrittenIds.push(evidence.evidenceId);
          return;
        case 'replaced':
          counts.replaced += 1;
        // falls through: a replacement is accepted evidence
        case 'accepted':
          counts.accepted += 1;
          touchedStudents.add(evidence.studentId);
      }
    },
    undefined,
    undefined,
    onBatchError,
  );

  // Enrollment writes are idempotent puts, streamed in batches while the
  // records are read; the first failure is kept and fails the next flush.
  const enrolled = new Set<string>();
  let enrollments: Enrollment[] = [];
  let enrollmentFailure: unknown;
  const pool = new BoundedPool(ENROLLMENT_CONCURRENCY);
  const writeEnrollments = async () => {
    const batch = enrollments;
    enrollments = [];
    if (batch.length === 0) return;
    await pool.submit(() =>
      deps.roster.putEnrollments(batch).catch((error: unknown) => {
        enrollmentFailure ??= error;
      }),
    );
  };
  const enroll = async (enrollment: Enrollment) => {
    const key = `${enrollment.role}\u0000${enrollment.classId}\u0000${enrollment.userId}`;
    if (enrolled.has(key)) return;
    enrolled.add(key);
    enrollments.push(enrollment);
    if (enrollments.length >= ENROLLMENT_BATCH) await writeEnrollments();
  };

  return {
    counts,
    touchedStudents,
    async add(record) {
      // A wide row yields several records (sub-scores); each is counted.
      for (const result of mapRow(record)) {
        counts.parsed += 1;
        if (result.kind === 'rejected') {
          counts.rejected += 1;
          const reason = `${result.field}: ${result.reason}`;
          rejectReasons[reason] = (rejectReasons[reason] ?? 0) + 1;
          await rejects.add(result);
          continue;
        }

        // The file's id is the vendor's; the evidence id stays derived from
        // it, so a record held now and released later keeps one id.
        const vendorStudentId = result.evidence.studentId;
        const resolution = await resolveStudent(vendorStudentId);
        countMatch(matchRate, vendorStudentId, resolution);
        if (!resolution.ok) {
          counts.held += 1;
          await held.add(
            heldEvidence(result.evidence, result.enrollment, resolution.reason, heldAt),
          );
          continue;
        }
        const studentId = resolution.studentId;
        const seen = result.enrollment;
        if (seen) {
          const { classId, schoolId } = seen;
          const at = schoolId ? { schoolId } : {};
          await enroll({ classId, userId: studentId, role: 'student', ...at });
          if (seen.teacherId)
            await enroll({ classId, userId: seen.teacherId, role: 'teacher', ...at });
        }
        await writer.add({ ...result.evidence, studentId });
      }
    },
    async flush() {
      await writer.flush();
      await held.flush();
      await writeEnrollments();
      await pool.drain();
      if (enrollmentFailure) throw enrollmentFailure;
      const unwritten = unwrittenSinceFlush;
      unwrittenSinceFlush = 0;
      return { unwritten };
    },
    summary: () => ({
      rejectReasons,
      unmappedSkills: [
        ...mapRow.unmappedSkills.keys(),
        ...[...mapRow.unknownStandards.keys()].map(
          (code) => `standard ${code} (not in the standards catalog)`,
        ),
      ].sort(),
      matchRate,
      unwrittenIds,
    }),
  };
}
