/**
 * Where pulled vendor records go: the same sink a dropped file's records go
 * to (shared/ingest/evidence-sink.ts), flushed after every page so the run
 * advances its resume point only over records that are safely written.
 */
import type { RunCounts } from '../model.js';
import type { Profile, VendorRecord } from '../profiles/index.js';
import type { Crosswalk } from '../crosswalks/schema.js';
import { createEvidenceSink as createSink } from '../ingest/evidence-sink.js';
import type { IngestDeps } from '../ingest/ingest-object.js';
import type { RejectsFile } from '../ingest/rejects-file.js';
import type { MatchRate } from '../identity/match-rate.js';

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
    matchRate?: MatchRate;
  };
  touchedStudents: ReadonlySet<string>;
}

export function createEvidenceSink(
  deps: IngestDeps,
  context: SinkContext,
  rejects: RejectsFile,
): RecordSink {
  const sink = createSink(
    deps,
    {
      ...context,
      // Only used for records without a key, which pullProfile rules out.
      sourceIdentity: context.sourceUri,
      sourceKind: 'pull',
    },
    rejects,
    (error) =>
      deps.log.error('evidence batch failed', {
        runId: context.runId,
        error: (error as Error).message,
      }),
  );
  return {
    counts: sink.counts,
    touchedStudents: sink.touchedStudents,
    add: (_json, record) => sink.add(record),
    flushPage: () => sink.flush(),
    summary: () => {
      const { rejectReasons, unmappedSkills, matchRate } = sink.summary();
      return { rejectReasons, unmappedSkills, matchRate };
    },
  };
}
