/**
 * Row-level checks of OneRoster records. A row that fails is rejected with
 * its file, column and row and the fix; the rest of the bundle imports.
 */
import type { Enrollment } from '../model.js';
import type { CsvRow } from './csv.js';
import type { EntityFile, FileMode } from './files.js';

export interface RowReject {
  file: string;
  row: number;
  column: string;
  value: string;
  reason: string;
  fix: string;
}

export interface RosterRow {
  kind: EntityFile;
  sourcedId: string;
  deleted: boolean;
  row: number;
  values: Record<string, string>;
}

const STATUSES = new Set(['', 'active', 'inactive', 'tobedeleted']);

/** Columns never stored: OneRoster exports carry plain-text passwords. */
const NEVER_STORED = new Set(['password', 'ext_imagineLearning_studentPassword']);

/** Enrollment roles Lablink keeps, mapped to its own; others are stored only. */
export const ENROLLMENT_ROLES: Readonly<Record<string, Enrollment['role']>> = {
  student: 'student',
  teacher: 'teacher',
  aide: 'lab_staff',
  proctor: 'lab_staff',
};

export function checkRow(
  kind: EntityFile,
  file: string,
  mode: FileMode,
  row: CsvRow,
): RosterRow | RowReject {
  const v = row.values;
  const reject = (column: string, reason: string, fix: string): RowReject => ({
    file,
    row: row.row,
    column,
    value: v[column] ?? '',
    reason,
    fix,
  });
  const key = kind === 'lineItemLearningObjectiveIds' ? 'lineItemSourcedId' : 'sourcedId';
  const sourcedId = (v[key] ?? '').trim();
  if (!sourcedId) return reject(key, 'is empty', `give every row its ${key}`);
  const status = (v.status ?? '').trim().toLowerCase();
  if (!STATUSES.has(status)) {
    return reject('status', `"${v.status}" is not a status`, 'use active or tobedeleted');
  }
  if (mode === 'delta' && status === '') {
    return reject(
      'status',
      'is empty in a delta file',
      'give each delta row active or tobedeleted (or mark the file bulk in manifest.csv)',
    );
  }
  const deleted = status === 'tobedeleted';
  if (!deleted && kind === 'enrollments') {
    for (const column of ['classSourcedId', 'userSourcedId', 'role']) {
      if (!(v[column] ?? '').trim()) {
        return reject(column, 'is empty', `give the enrollment its ${column}`);
      }
    }
  }
  if (!deleted && kind === 'results' && !(v.studentSourcedId ?? '').trim()) {
    return reject('studentSourcedId', 'is empty', 'give the result its student');
  }
  const values: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (!NEVER_STORED.has(k) && value !== '') values[k] = value;
  }
  return { kind, sourcedId, deleted, row: row.row, values };
}

export const isReject = (r: RosterRow | RowReject): r is RowReject => 'reason' in r;
