/**
 * Re-processes held evidence once a mapping or a roster may name its
 * student: file evidence is written with the student it now resolves to,
 * pushed events go back through the events pipeline (shared/events). Each
 * release is recorded as a run (counts of what was accepted, found duplicate
 * or is still held), so nothing held is lost from view.
 */
import { deterministicId } from '../ids.js';
import type { Log } from '../log.js';
import {
  emptyCounts,
  type Enrollment,
  type Evidence,
  type HeldRecord,
  type IngestRun,
} from '../model.js';
import type {
  EvidenceStore,
  HeldStore,
  MasteryStore,
  RosterStore,
  RunStore,
} from '../ports.js';
import { knownPrograms, PROGRAM_STUDENT_IDS } from '../programs.js';
import { updateStudents } from '../rollup/index.js';
import type { EventRecordStore } from '../events/model.js';
import { BUILTIN_PUSH_PROGRAMS } from '../events/programs.js';
import { releaseHeldEvents } from '../events/release-events.js';
import { parseHeldEvidence } from './held.js';
import { countMatch, emptyMatchRate } from './match-rate.js';
import type { IdentityStore } from './ports.js';
import { createStudentResolver, STUDENT_WAITING_PREFIX } from './resolver.js';

export interface ReleaseDeps {
  evidence: EvidenceStore;
  mastery: MasteryStore;
  roster: RosterStore;
  runs: RunStore;
  held: HeldStore;
  identity: IdentityStore;
  /** Event records of pushed events; without it held events stay held. */
  events?: EventRecordStore;
  log: Log;
  now?: () => Date;
}

/** The bucket name recorded in release runs: they read no object. */
export const RELEASE_SOURCE_BUCKET = 'lablink-held';

/** Every program whose files or pushed events may wait for an unknown student. */
export function programsWithIdentity(): string[] {
  const ids = new Set([
    ...knownPrograms().map((p) => p.programId),
    ...Object.keys(PROGRAM_STUDENT_IDS),
    // Pushed events wait for a student the same way (released through events).
    ...BUILTIN_PUSH_PROGRAMS.map((p) => p.programId),
  ]);
  return [...ids].sort();
}

/**
 * Releases the held evidence of `programId` whose student now resolves.
 * `trigger` names what arrived (a mapping file's hash, a roster run id); the
 * same trigger released twice is one run. Returns undefined when nothing of
 * the program waits for a student.
 */
export async function releaseHeldStudents(
  deps: ReleaseDeps,
  programId: string,
  trigger: string,
): Promise<IngestRun | undefined> {
  const prefix = `${STUDENT_WAITING_PREFIX}${programId}:`;
  const waiting = (await deps.held.listHeld(programId)).filter((h) =>
    h.waitingFor.startsWith(prefix),
  );
  if (waiting.length === 0) return undefined;

  const runId = deterministicId('release', programId, trigger);
  const claim = await deps.runs.claimRun({
    runId,
    source: { bucket: RELEASE_SOURCE_BUCKET, key: `${programId}/${trigger}` },
    programId,
    profileId: 'held-release',
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt: (deps.now?.() ?? new Date()).toISOString(),
  });
  if (claim.outcome === 'already_completed') return claim.run;

  const resolve = createStudentResolver(deps.identity, programId);
  const counts = emptyCounts();
  const matchRate = emptyMatchRate();
  const evidence: Evidence[] = [];
  const enrollments: Enrollment[] = [];
  const released: HeldRecord[] = [];
  const events: HeldRecord[] = [];
  for (const record of waiting) {
    const payload = parseHeldEvidence(record);
    if (!payload) {
      events.push(record);
      continue;
    }
    counts.parsed += 1;
    const vendorId = record.waitingFor.slice(prefix.length);
    const resolution = await resolve(vendorId);
    countMatch(matchRate, vendorId, resolution);
    if (!resolution.ok) {
      counts.held += 1;
      continue;
    }
    const studentId = resolution.studentId;
    evidence.push({ ...payload.evidence, studentId });
    released.push(record);
    const e = payload.enrollment;
    if (e) {
      enrollments.push({
        classId: e.classId,
        userId: studentId,
        role: 'student',
        schoolId: e.schoolId,
      });
    }
  }

  const touched = new Set<string>();
  const outcomes = evidence.length ? await deps.evidence.putEvidenceBatch(evidence) : [];
  outcomes.forEach((o, i) => {
    if (o === 'duplicate' || o === 'stale') counts.duplicates += 1;
    else if (o === 'unwritten') counts.unwritten += 1;
    else {
      counts.accepted += 1;
      if (o === 'replaced') counts.replaced += 1;
      touched.add((evidence[i] as Evidence).studentId);
    }
  });
  if (enrollments.length) await deps.roster.putEnrollments(enrollments);
  // Only written records leave the held store; unwritten ones wait for a re-drive.
  await deps.held.deleteHeld(released.filter((_, i) => outcomes[i] !== 'unwritten'));

  // Pushed events go back through the events pipeline under this run.
  const fromEvents = deps.events
    ? await releaseHeldEvents(
        { ...deps, events: deps.events },
        programId,
        runId,
        events,
        {
          counts,
          matchRate,
        },
      )
    : undefined;
  if (fromEvents) {
    await deps.held.deleteHeld(fromEvents.released);
    fromEvents.touched.forEach((s) => touched.add(s));
  }
  await updateStudents(deps, touched);

  deps.log.info('held evidence released', { runId, programId, ...counts });
  return deps.runs.finishRun(runId, {
    status: counts.unwritten > 0 ? 'failed' : 'completed',
    counts,
    rejectReasons: fromEvents?.rejectReasons ?? {},
    unmappedSkills: [],
    matchRate,
    ...(counts.unwritten > 0
      ? { error: `${counts.unwritten} released records were not written` }
      : {}),
  });
}

/** Releases every program's held evidence after a roster or mapping arrived. */
export async function releaseAllHeld(
  deps: ReleaseDeps,
  trigger: string,
  programIds: readonly string[] = programsWithIdentity(),
): Promise<IngestRun[]> {
  const runs: IngestRun[] = [];
  for (const programId of programIds) {
    const run = await releaseHeldStudents(deps, programId, trigger);
    if (run) runs.push(run);
  }
  return runs;
}
