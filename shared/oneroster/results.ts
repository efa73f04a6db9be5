/**
 * OneRoster gradebook results to evidence. Exempt is never a score; not
 * submitted is missing, or zero only when the district's policy says so;
 * a `tobedeleted` result voids the evidence it produced earlier.
 */
import { DateTime } from 'luxon';
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import { normalizeStandardCode } from '../standards/index.js';
import type { RosterRow, RowReject } from './rows.js';

/** What the district decided about work that was never handed in. */
export interface GradebookPolicy {
  notSubmitted: 'missing' | 'zero';
}

export const DEFAULT_GRADEBOOK_POLICY: GradebookPolicy = { notSubmitted: 'missing' };

export interface ResultContext {
  programId: string;
  runId: string;
  sourceUri: string;
  timeZone: string;
  policy: GradebookPolicy;
}

export interface LineItemInfo {
  classSourcedId?: string;
  resultValueMin?: string;
  resultValueMax?: string;
  standards: string[];
}

const GRADED = new Set(['fully graded', 'partially graded', 'submitted']);

/** Standard codes of a line item: catalog codes, or the raw code if unknown. */
export function standardCodes(raw: readonly string[]): {
  codes: string[];
  unknown: string[];
} {
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const r of raw.map((s) => s.trim()).filter(Boolean)) {
    const n = normalizeStandardCode(r);
    if (n.ok) codes.push(n.code);
    else {
      codes.push(r);
      unknown.push(r);
    }
  }
  return { codes: [...new Set(codes)], unknown };
}

function instant(text: string | undefined, zone: string): string | undefined | null {
  if (!text) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? DateTime.fromISO(text, { zone })
    : DateTime.fromISO(text, { setZone: true });
  return date.isValid ? date.toUTC().toISO() : null;
}

export function resultToEvidence(
  row: RosterRow,
  file: string,
  lineItem: LineItemInfo | undefined,
  ctx: ResultContext,
): Evidence | RowReject {
  const v = row.values;
  const reject = (column: string, reason: string, fix: string): RowReject => ({
    file,
    row: row.row,
    column,
    value: v[column] ?? '',
    reason,
    fix,
  });
  if (!lineItem) {
    return reject(
      'lineItemSourcedId',
      'names no line item of this bundle or an earlier one',
      'include lineItems.csv with that line item',
    );
  }
  const occurredAt = instant(v.scoreDate, ctx.timeZone);
  if (occurredAt === null) {
    return reject('scoreDate', 'is not an ISO 8601 date', 'write it as 2025-03-14');
  }
  const revisedAt = instant(v.dateLastModified, ctx.timeZone) ?? undefined;

  const scoreStatus = (v.scoreStatus ?? '').trim().toLowerCase();
  let status: Evidence['status'];
  let score: number | undefined;
  if (row.deleted) status = 'voided';
  else if (scoreStatus === 'exempt') status = 'exempt';
  else if (scoreStatus === 'not submitted') {
    status = ctx.policy.notSubmitted === 'zero' ? 'scored' : 'not_submitted';
    if (status === 'scored') score = 0;
  } else if (GRADED.has(scoreStatus)) {
    const raw = (v.score ?? '').trim();
    const min = Number(lineItem.resultValueMin ?? '0');
    const max = Number(lineItem.resultValueMax ?? '');
    if (raw === '') {
      return reject('score', `is empty for scoreStatus ${scoreStatus}`, 'give the score');
    }
    if (!lineItem.resultValueMax || !Number.isFinite(max) || max <= min) {
      return reject(
        'lineItemSourcedId',
        'its line item has no usable resultValueMax (above resultValueMin)',
        'give the line item resultValueMin and resultValueMax',
      );
    }
    const points = Number(raw);
    if (!Number.isFinite(points) || points < min || points > max) {
      return reject(
        'score',
        `is not a number within [${min}, ${max}]`,
        'write the score on the line item scale with a decimal point',
      );
    }
    status = 'scored';
    score = (points - min) / (max - min);
  } else {
    return reject(
      'scoreStatus',
      `"${v.scoreStatus}" is not a OneRoster score status`,
      'use exempt, fully graded, not submitted, partially graded or submitted',
    );
  }

  const studentId = (v.studentSourcedId ?? '').trim();
  const content = {
    studentId,
    itemId: v.lineItemSourcedId as string,
    standards: lineItem.standards,
    status,
    score,
    occurredAt,
    revisedAt,
    classId: lineItem.classSourcedId,
  };
  return {
    evidenceId: deterministicId(ctx.programId, row.sourcedId),
    programId: ctx.programId,
    ...content,
    weight: 1,
    source: { kind: 's3', uri: ctx.sourceUri, line: row.row, runId: ctx.runId },
    contentHash: deterministicId(JSON.stringify(content)),
  };
}
