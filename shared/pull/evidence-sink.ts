/**
 * Where pulled records go: the profile's mapper, student resolution, held
 * records, enrollments and the EvidenceWriter's lanes, counted the way a file
 * run counts. The sink is flushed after every page so the run advances its
 * resume point only over records that are safely written.
 */
import type { Enrollment, RunCounts } from '../model.js';
import { emptyCounts } from '../model.js';
import { createRowMapper, type Profile, type VendorRecord } from '../profiles/index.js';
import type { Crosswalk } from '../crosswalks/schema.js';
import { EvidenceWriter } from '../ingest/evidence-writer.js';
import type { IngestDeps } from '../ingest/ingest-object.js';
import type { RejectsFile } from '../ingest/rejects-file.js';
import { HeldBuffer, heldEvidence } from '../identity/held.js';
import { countMatch, emptyMatchRate } from '../identity/match-rate.js';
import { createStudentResolver } from '../identity/resolver.js';

export interface SinkContext {
  programId: string;
  runId: string;
  sourceUri: string;
  profile: Profile;
  crosswalk?: Crosswalk;
}

/** What a page flush tells the run: whether every record of the page is stored. */
export interface FlushResult {
  unwritten: number;
}

/** Records handled by one kind of pull (evidence or roster). */
export interface RecordSink {
  readonly counts: RunCounts;
  add(json: Record<string, unknown>, record: VendorRecord): Promise<void>;
  flushPage(): Promise<FlushResult>;
  /** Extra fields of the run result (reject reasons, skills, match rate). */
  summary(): {
    rejectReasons: Record<string, number>;
    unmappedSkills: string[];
    matchRate?: ReturnType<typeof emptyMatchRate>;
  };
  touchedStudents: ReadonlySet<string>;
}

export function createEvidenceSink(
  deps: IngestDeps,
  context: SinkContext,
  rejects: RejectsFile,
): RecordSink {
  const counts = emptyCounts();
  const rejectReasons: Record<string, number> = {};
  const touchedStudents = new Set<string>();
  const enrolled = new Set<string>();
  const enrollments: Enrollment[] = [];
  const matchRate = emptyMatchRate();
  const held = new HeldBuffer(deps.held);
  const resolveStudent = createStudentResolver(deps.identity, context.programId);
  const heldAt = (deps.now?.() ?? new Date()).toISOString();
  const mapRow = createRowMapper(context.profile, context.crosswalk, {
    programId: context.programId,
    runId: context.runId,
    sourceUri: context.sourceUri,
    // Only used for records without a key, which pullProfile rules out.
    sourceIdentity: context.sourceUri,
    timeZone: deps.timeZone,
    sourceKind: 'pull',
  });
  let pageUnwritten = 0;
  const writer = new EvidenceWriter(
    deps.evidence,
    (evidence, outcome) => {
      if (outcome === 'duplicate' || outcome === 'stale') counts.duplicates += 1;
      else if (outcome === 'unwritten') {
        counts.unwritten += 1;
        pageUnwritten += 1;
      } else {
        if (outcome === 'replaced') counts.replaced += 1;
        counts.accepted += 1;
        touchedStudents.add(evidence.studentId);
      }
    },
    undefined,
    undefined,
    (error) =>
      deps.log.error('evidence batch failed', {
        runId: context.runId,
        error: (error as Error).message,
      }),
  );

  const enroll = (
    classId: string,
    userId: string,
    role: Enrollment['role'],
    schoolId?: string,
  ) => {
    const key = `${role}\u0000${classId}\u0000${userId}`;
    if (enrolled.has(key)) return;
    enrolled.add(key);
    enrollments.push({ classId, userId, role, ...(schoolId ? { schoolId } : {}) });
  };

  return {
    counts,
    touchedStudents,
    async add(_json, record) {
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
          enroll(seen.classId, studentId, 'student', seen.schoolId);
          if (seen.teacherId)
            enroll(seen.classId, seen.teacherId, 'teacher', seen.schoolId);
        }
        await writer.add({ ...result.evidence, studentId });
      }
    },
    async flushPage() {
      await writer.flush();
      await held.flush();
      const batch = enrollments.splice(0);
      if (batch.length > 0) await deps.roster.putEnrollments(batch);
      const unwritten = pageUnwritten;
      pageUnwritten = 0;
      return { unwritten };
    },
    summary: () => ({
      rejectReasons,
      unmappedSkills: [...mapRow.unmappedSkills.keys()].sort(),
      matchRate,
    }),
  };
}
