/**
 * The per-row building blocks of the mapper: reading ids and turning a
 * problem into a rejection. Problems the mapper reuses are built once.
 */
import type { Problem } from './numbers.js';
import type { VendorRecord } from './reader.js';
import type { Rejected } from './mapper.js';

export const blankScore: Problem = {
  reason: 'empty',
  fix: 'fill the score, give the row a status, or set score.whenBlank to "not_submitted"',
};
export const blankDate: Problem = { reason: 'empty', fix: 'fill the date in the export' };
export const blankKey: Problem = {
  reason: 'empty, but it identifies the record',
  fix: 'fill it in the export, or change recordKey in the profile',
};
export const blankMinutes: Problem = {
  reason: 'empty, but time on task is the whole of a usage record',
  fix: 'fill the minutes in the export (0 when the student did not log in)',
};
export const negativeMinutes: Problem = {
  reason: 'negative time on task',
  fix: 'correct the value, or unmap minutesOnTask if the vendor timer is unreliable',
};

export const trimmed = (raw: string | undefined): string =>
  raw === undefined ? '' : raw.trim();

export function rejected(
  record: VendorRecord,
  field: string,
  problem: Problem,
  value = trimmed(record.fields[field]),
): Rejected {
  return {
    kind: 'rejected',
    line: record.line,
    field,
    value,
    reason: problem.reason,
    fix: problem.fix,
    column: record.headers[field] ?? field,
  };
}

/**
 * `6.222E+18`: Excel shows a long numeric id in scientific notation and a
 * "Save as CSV" keeps only those digits, so different students end up with
 * one id. Read as written it would merge their evidence.
 */
const EXCEL_ROUNDED_ID = /^\d(?:\.\d+)?E\+\d+$/i;
export const excelRoundedId: Problem = {
  reason: 'is a number Excel rounded to scientific notation; the real id is lost',
  fix: 'export the file again without saving it from Excel, or format the column as text first',
};
export const isExcelRoundedId = (id: string) => EXCEL_ROUNDED_ID.test(id);

/** Ids longer than this are not ids (the model refuses them too). */
const MAX_ID_LENGTH = 256;
/**
 * Skill names are labels, not ids: Cognitive Tutor production-rule KCs run
 * to 700 characters. Longer than this is a wrong column mapping.
 */
export const MAX_SKILL_LENGTH = 4096;

/** A trimmed id, undefined when blank and optional, or why it cannot be one. */
export function readId(raw: string | undefined, required: true): string | Problem;
export function readId(
  raw: string | undefined,
  required: false,
  maxLength?: number,
): string | undefined | Problem;
export function readId(
  raw: string | undefined,
  required: boolean,
  maxLength = MAX_ID_LENGTH,
): string | undefined | Problem {
  const value = (raw ?? '').trim();
  if (value === '') {
    return required ? { reason: 'empty', fix: 'fill it in the export' } : undefined;
  }
  if (value.includes('\uFFFD')) {
    return {
      reason: 'has bytes that are not UTF-8',
      fix: 'set "format.encoding" to "windows-1252" (an Excel "Save as CSV" export)',
    };
  }
  if (value.length > maxLength) {
    return {
      reason: `longer than ${maxLength} characters`,
      fix: 'check the column mapping',
    };
  }
  return value;
}
