/**
 * The OneRoster 1.2 REST side of a pull: the district's SIS serves
 * `/ims/oneroster/rostering/v1p2/enrollments` (paged by Link header, filtered
 * by `dateLastModified`), and each enrollment becomes an Enrollment row. The
 * CSV bundle import (shared/oneroster) reads files; this reads JSON objects,
 * so no parsing is shared.
 */
import type { Enrollment } from '../model.js';
import { emptyCounts } from '../model.js';
import type { VendorRecord } from '../profiles/index.js';
import type { IngestDeps } from '../ingest/ingest-object.js';
import type { PullConnectorInput } from './connector.js';
import type { RecordSink } from './evidence-sink.js';

/** OneRoster roles that are Lablink enrollments; guardians and parents are not. */
export const ONEROSTER_ROLES: Readonly<Record<string, Enrollment['role']>> = {
  student: 'student',
  teacher: 'teacher',
  aide: 'lab_staff',
  proctor: 'lab_staff',
};

/** The defaults of a OneRoster 1.2 enrollments connector; a district adds URL, auth, schedule. */
export const ONEROSTER_ENROLLMENTS: Pick<
  PullConnectorInput,
  'kind' | 'resource' | 'recordsField' | 'pagination' | 'incremental'
> = {
  kind: 'oneroster',
  resource: '/ims/oneroster/rostering/v1p2/enrollments',
  recordsField: 'enrollments',
  pagination: { style: 'link' },
  incremental: {
    field: 'dateLastModified',
    param: 'filter',
    template: "dateLastModified>='{since}'",
  },
};

const ref = (value: unknown): string | undefined => {
  const id = (value as { sourcedId?: unknown } | undefined)?.sourcedId;
  return typeof id === 'string' && id.trim() !== '' ? id : undefined;
};

export type RosterResult =
  { kind: 'enrollment'; enrollment: Enrollment } | { kind: 'rejected'; reason: string };

/** One OneRoster enrollment object to an Enrollment row, or why not. */
export function toEnrollment(json: Record<string, unknown>): RosterResult {
  if (json.status === 'tobedeleted')
    return { kind: 'rejected', reason: 'status: tobedeleted' };
  const role = ONEROSTER_ROLES[String(json.role ?? '')];
  if (!role)
    return { kind: 'rejected', reason: 'role: not a class member Lablink reports to' };
  const userId = ref(json.user);
  if (!userId) return { kind: 'rejected', reason: 'user.sourcedId: blank' };
  const classId = ref(json.class);
  if (!classId) return { kind: 'rejected', reason: 'class.sourcedId: blank' };
  const schoolId = ref(json.school);
  return {
    kind: 'enrollment',
    enrollment: { classId, userId, role, ...(schoolId ? { schoolId } : {}) },
  };
}

/**
 * Enrollment rows are idempotent puts; a row written again is counted as
 * accepted, because the store does not tell a new row from a rewrite.
 */
export function createRosterSink(
  deps: Pick<IngestDeps, 'roster'>,
  _context: { runId: string; sourceUri: string },
): RecordSink & {
  reader: (json: Record<string, unknown>, line: number) => VendorRecord;
} {
  const counts = emptyCounts();
  const rejectReasons: Record<string, number> = {};
  let pending: Enrollment[] = [];
  return {
    counts,
    touchedStudents: new Set<string>(),
    reader: (_json, line) => ({ line, fields: {}, headers: {} }),
    async add(json) {
      counts.parsed += 1;
      const result = toEnrollment(json);
      if (result.kind === 'rejected') {
        counts.rejected += 1;
        rejectReasons[result.reason] = (rejectReasons[result.reason] ?? 0) + 1;
        return;
      }
      pending.push(result.enrollment);
    },
    async flushPage() {
      const batch = pending;
      pending = [];
      try {
        if (batch.length > 0) await deps.roster.putEnrollments(batch);
        counts.accepted += batch.length;
        return { unwritten: 0 };
      } catch {
        counts.unwritten += batch.length;
        return { unwritten: batch.length };
      }
    },
    summary: () => ({ rejectReasons, unmappedSkills: [] }),
  };
}
