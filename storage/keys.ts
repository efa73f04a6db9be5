/**
 * The single table's key design. Everything a report reads sits under one
 * partition so a report is one query:
 *
 *   pk STUDENT#<studentId>  sk EVIDENCE#<evidenceId>        one evidence record
 *   pk STUDENT#<studentId>  sk MASTERY#<standard>           the student's state
 *   pk STUDENT#<studentId>  sk CLASS#<classId>              enrollment, student side
 *   pk CLASS#<classId>      sk STUDENT#<studentId>          enrollment, class side
 *   pk CLASS#<classId>      sk STAFF#<userId>               teacher or lab staff, class side
 *   pk STAFF#<userId>       sk CLASS#<classId>              teacher or lab staff, own side
 *   pk CLASS#<classId>      sk CELL#<standard>#<studentId>  class grid cell (a copy
 *                                                           of the student's state)
 *   pk CLASS#<classId>      sk ROLLUP#<standard>            class-by-standard rollup
 *   pk RUN#<runId>          sk RUN                          ingest run record
 *   pk HELD#<programId>     sk <waitingFor>#<heldId>        a held record
 *   pk HELD_FILES           sk RUN#<runId>                  a held file: an object of a
 *                                                           layout no profile reads yet,
 *                                                           waiting for a release
 *                                                           (storage/held-files.ts)
 *   pk EVENT#<programId>#<format>#<eventId>  sk EVENT       a pushed event's record
 *                                                           (storage/statements.ts)
 *   pk EVENT#<programId>#xapi#<targetId>  sk VOIDED         a void of that statement
 *   pk VENDORKEY#<keyId>    sk VENDORKEY                    a vendor API key's hash
 *                                                           (storage/vendor-keys.ts)
 *   gsi1pk RUNS gsi1sk <startedAt>#<runId>                  runs, newest last
 *   pk ROSTER#<file>        sk <sourcedId>                  a OneRoster record
 *   pk DEMOGRAPHICS         sk <sourcedId>                  demographics, kept apart
 *   pk IDENT#<kind>#<value> sk STUDENT#<studentId>          identity index
 *   pk IDMAP#<programId>    sk VENDOR#<vendorStudentId>     explicit id mapping
 *   pk PULL#<connectorId>   sk STATE                        pull watermark and resume point
 *                                                           (storage/pull-store.ts)
 *
 * Students spread the write load of ingestion across partitions; the class
 * partition is written once per student-standard change, which is bounded by a
 * class's size times its standards.
 *
 * Reports read sort-key ranges, so the order of prefixes is part of the
 * design (storage/report-documents.ts):
 *   class grid      CLASS#<classId> from GRID# on: grid pages and revision,
 *                   parent rollups, rollups, staff, students (one query; the
 *                   cells and the focus plan sort before and are not read)
 *   student profile STUDENT#<studentId> from MASTERY# on: states and the
 *                   recent-evidence summary (evidence, enrollments and the
 *                   applied ledger sort before)
 * A new sort key that falls in one of those ranges is read by every report
 * request: keep its items few, or give it a prefix that sorts before.
 */
export const studentPk = (studentId: string) => `STUDENT#${studentId}`;
/** A teacher's or lab staff member's partition: their classes. */
export const staffPk = (userId: string) => `STAFF#${userId}`;
export const classPk = (classId: string) => `CLASS#${classId}`;
export const runPk = (runId: string) => `RUN#${runId}`;

export const evidenceSk = (evidenceId: string) => `EVIDENCE#${evidenceId}`;
export const masterySk = (standard: string) => `MASTERY#${standard}`;
export const classSk = (classId: string) => `CLASS#${classId}`;
export const studentSk = (studentId: string) => `STUDENT#${studentId}`;
export const staffSk = (userId: string) => `STAFF#${userId}`;
export const cellSk = (standard: string, studentId: string) =>
  `CELL#${standard}#${studentId}`;
export const rollupSk = (standard: string) => `ROLLUP#${standard}`;
export const RUN_SK = 'RUN';
export const heldPk = (programId: string) => `HELD#${programId}`;
export const heldSk = (waitingFor: string, heldId: string) => `${waitingFor}#${heldId}`;
/** The class registry: one item per class (its school), for the scans by class. */
export const CLASSES_PK = 'CLASSES';
/**
 * Held files share one partition: a release reads them all with one query.
 * They are one per file of an unknown layout, so the partition stays small;
 * `HELD_FILES` has no `#`, so no program's `HELD#<programId>` can equal it.
 */
export const HELD_FILES_PK = 'HELD_FILES';
export const heldFileSk = (runId: string) => `RUN#${runId}`;
export const RUNS_GSI_PK = 'RUNS';
export const rosterPk = (file: string) => `ROSTER#${file}`;
/**
 * Demographics never share a partition with what lab staff may read, so a
 * future per-partition grant (LeadingKeys) can keep them out.
 */
export const DEMOGRAPHICS_PK = 'DEMOGRAPHICS';
export const identPk = (kind: string, value: string) => `IDENT#${kind}#${value}`;
export const idMapPk = (programId: string) => `IDMAP#${programId}`;
export const vendorSk = (vendorStudentId: string) => `VENDOR#${vendorStudentId}`;

export const PREFIX = {
  evidence: 'EVIDENCE#',
  mastery: 'MASTERY#',
  class: 'CLASS#',
  student: 'STUDENT#',
  staff: 'STAFF#',
  cell: 'CELL#',
  rollup: 'ROLLUP#',
} as const;

/** Version of the stored item shapes; a migration bumps it. */
export const ITEM_SCHEMA_VERSION = 1;

/** An item's own attributes: without its table and gsi1 keys and schema version. */
export function strip(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, v: _v, ...rest } = item;
  return rest;
}

/*
 * Mastery bookkeeping (shared/rollup):
 *
 *   pk STUDENT#<studentId>  sk APPLIED#<evidenceId>   evidence version applied to mastery
 *   pk CLASS#<classId>      sk PARENT_ROLLUP#<code>   class rollup of a cluster or domain
 *   pk SCHOOL#<schoolId>    sk ROLLUP#<code>          school rollup per standard or parent
 *   pk PROGRAM#<programId>  sk ROLLUP#<code>          program rollup per standard or parent
 *   pk DISTRICT             sk ROLLUP#<code>          district rollup per standard or parent
 *   pk MASTERY_FITS         sk BKT#<standard>         fitted BKT parameters with data counts
 *
 * Report documents (storage/report-documents.ts), written by the rollup path:
 *
 *   pk CLASS#<classId>      sk GRID#PAGE#<page>       compact class grid, one page of students
 *   pk CLASS#<classId>      sk GRID#REVISION          count of cell writes; a page built from
 *                                                     an older count is stale
 *   pk STUDENT#<studentId>  sk RECENT_EVIDENCE        the newest evidence, capped, newest first
 *   pk STUDENT#<studentId>  sk DAILY_MINUTES          minutes per local day and program, for the
 *                                                     usage report (read by key, in batches; it
 *                                                     sorts before EVIDENCE#, outside the
 *                                                     profile's range)
 */
export const appliedSk = (evidenceId: string) => `APPLIED#${evidenceId}`;
export const parentRollupSk = (code: string) => `PARENT_ROLLUP#${code}`;
export const schoolPk = (schoolId: string) => `SCHOOL#${schoolId}`;
export const programPk = (programId: string) => `PROGRAM#${programId}`;
export const DISTRICT_PK = 'DISTRICT';
export const FITS_PK = 'MASTERY_FITS';
export const bktFitSk = (standard: string) => `BKT#${standard}`;
/** Pages sort by number: four digits cover 10,000 pages of 300 KB. */
export const gridPageSk = (page: number) => `GRID#PAGE#${String(page).padStart(4, '0')}`;
export const GRID_REVISION_SK = 'GRID#REVISION';
export const RECENT_EVIDENCE_SK = 'RECENT_EVIDENCE';
export const DAILY_MINUTES_SK = 'DAILY_MINUTES';

/*
 * Focus plans and assignments (storage/assignment-store.ts):
 *
 *   pk CLASS#<classId>            sk FOCUS        a class's focus plan
 *   pk ASSIGNMENT#<assignmentId>  sk ASSIGNMENT   an assignment and its push status
 */
export const FOCUS_SK = 'FOCUS';
export const ASSIGNMENT_SK = 'ASSIGNMENT';
export const assignmentPk = (assignmentId: string) => `ASSIGNMENT#${assignmentId}`;
export const MASTERY_PREFIX = {
  applied: 'APPLIED#',
  parentRollup: 'PARENT_ROLLUP#',
  bktFit: 'BKT#',
  /** The grid pages and the revision item of a class: one query reads both. */
  grid: 'GRID#',
  gridPage: 'GRID#PAGE#',
} as const;
