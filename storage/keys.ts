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
 *   gsi1pk RUNS gsi1sk <startedAt>#<runId>                  runs, newest last
 *
 * Students spread the write load of ingestion across partitions; the class
 * partition is written once per student-standard change, which is bounded by a
 * class's size times its standards.
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
export const RUNS_GSI_PK = 'RUNS';

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
