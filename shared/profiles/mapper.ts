/**
 * One vendor record to one evidence record, or to a rejection that says which
 * line, field and value, why, and how to fix it. Everything the profile
 * decides is compiled once per file; the per-row path only reads and checks.
 */
import { IANAZone } from 'luxon';
import { skillKey, type Crosswalk } from '../crosswalks/schema.js';
import { ConfigError } from '../errors.js';
import { deterministicId } from '../ids.js';
import type { Evidence, EvidenceSource, EvidenceStatus } from '../model.js';
import { createDateReader, type DateReader } from './dates.js';
import { createNumberParser, explainBadNumber, type Problem } from './numbers.js';
import type { VendorRecord } from './reader.js';
import type { Profile } from './schema.js';
import { createScoreReader } from './score.js';

export interface MapperContext {
  programId: string;
  runId: string;
  /** `s3://bucket/key` with the key decoded. */
  sourceUri: string;
  /** The eTag or version of the object: rows without ids are keyed by it and their line. */
  sourceIdentity: string;
  /** The district's IANA zone, for vendor times without an offset. */
  timeZone: string;
  /** @default 's3' */
  sourceKind?: EvidenceSource['kind'];
}

export interface EnrollmentSeen {
  classId: string;
  studentId: string;
  schoolId?: string;
  teacherId?: string;
}

export interface Rejected {
  kind: 'rejected';
  line: number;
  /** The canonical field (or kept column) at fault; `row` for the row's shape. */
  field: string;
  value: string;
  reason: string;
  fix: string;
  /** The header of that field in this file, for the person fixing the export. */
  column: string;
}

export type MapResult =
  | { kind: 'evidence'; evidence: Evidence; enrollment?: EnrollmentSeen }
  | Rejected;

export interface RowMapper {
  (record: VendorRecord): MapResult;
  /** Vendor skills (as written) that the crosswalk does not map, with their row counts. */
  readonly unmappedSkills: ReadonlyMap<string, number>;
}

/** Ids longer than this are not ids (the model refuses them too). */
const MAX_ID_LENGTH = 256;
const MINUTES_PER_UNIT = { ms: 1 / 60_000, s: 1 / 60, min: 1 } as const;
const WEIGHT = 1;

export function createRowMapper(
  profile: Profile,
  crosswalk: Crosswalk | undefined,
  context: MapperContext,
): RowMapper {
  checkContext(profile, crosswalk, context);
  const { columns, format } = profile;
  const parseNumber = createNumberParser(format.decimal, format.thousands);
  const explain = (text: string) => explainBadNumber(text, format.decimal, format.thousands);
  const readScore = createScoreReader(profile.score, parseNumber, explain);
  const readDate: DateReader | undefined =
    columns.occurredAt && profile.dates
      ? createDateReader(profile.dates, context.timeZone, format.decimal)
      : undefined;
  const vocabulary = new Map(
    Object.entries(profile.status?.vocabulary ?? {}).map(([word, s]) => [skillKey(word), s]),
  );
  const knownWords = Object.keys(profile.status?.vocabulary ?? {}).join(', ');
  const standardsBySkill = new Map(
    (crosswalk?.mappings ?? []).map((m) => [skillKey(m.vendorSkill), m.standards]),
  );
  const unmappedSkills = new Map<string, number>();
  const minutesFactor = profile.minutes ? MINUTES_PER_UNIT[profile.minutes.unit] : 1;
  const recordKey = profile.recordKey ?? [];
  const whenBlank = profile.score.whenBlank;
  const source = { kind: context.sourceKind ?? 's3', uri: context.sourceUri, runId: context.runId };

  const map = (record: VendorRecord): MapResult => {
    const { fields, line } = record;
    const reject = (field: string, value: string, problem: Problem): Rejected => ({
      kind: 'rejected',
      line,
      field,
      value,
      reason: problem.reason,
      fix: problem.fix,
      column: record.headers[field] ?? field,
    });
    const text = (field: string) => (fields[field] ?? '').trim();

    if (record.columnCountMismatch) {
      const { expected, found } = record.columnCountMismatch;
      return reject('row', '', {
        reason: `has ${found} fields where the header has ${expected}`,
        fix: 'quote values that contain the delimiter, and check format.delimiter and format.decimal',
      });
    }

    const studentId = readId(fields.studentId, true);
    if (typeof studentId !== 'string') return reject('studentId', text('studentId'), studentId);
    const vendorSkill = readId(fields.vendorSkill, false);
    if (vendorSkill !== undefined && typeof vendorSkill !== 'string') {
      return reject('vendorSkill', text('vendorSkill'), vendorSkill);
    }
    const itemField = columns.itemId ? 'itemId' : 'vendorSkill';
    const itemId = columns.itemId ? readId(fields.itemId, true) : (vendorSkill ?? readId('', true));
    if (typeof itemId !== 'string') return reject(itemField, text(itemField), itemId);

    let status: EvidenceStatus | undefined;
    const statusText = text('status');
    if (statusText !== '') {
      status = vocabulary.get(statusText.toLowerCase());
      if (!status) {
        return reject('status', statusText, {
          reason: 'not a status word of this profile',
          fix: `known words are ${knownWords}; add this one to status.vocabulary`,
        });
      }
    }

    let score: number | undefined;
    if (status === undefined || status === 'scored') {
      const scoreText = text('score');
      if (scoreText === '') {
        if (status === 'scored' || whenBlank === 'reject') {
          return reject('score', '', {
            reason: 'empty',
            fix: 'fill the score, give the row a status, or set score.whenBlank to "not_submitted"',
          });
        }
        status = 'not_submitted';
      } else {
        const read = readScore(scoreText, text('scoreMax'));
        if (typeof read !== 'number') return reject(read.field, read.value, read);
        score = read;
        status = 'scored';
      }
    }

    const evidence: Evidence = {
      evidenceId: '',
      studentId,
      programId: context.programId,
      itemId,
      standards: [],
      status,
      weight: WEIGHT,
      source: { ...source, line },
      contentHash: '',
    };
    if (vendorSkill !== undefined) {
      evidence.vendorSkill = vendorSkill;
      evidence.standards = standardsFor(vendorSkill);
    }
    if (score !== undefined) evidence.score = score;

    if (readDate) {
      const dateText = text('occurredAt');
      const read = dateText === '' ? { reason: 'empty', fix: 'fill the date in the export' } : readDate(dateText);
      if (typeof read !== 'string') return reject('occurredAt', dateText, read);
      evidence.occurredAt = read;
    }

    const sequenceText = text('sequence');
    if (sequenceText !== '') {
      const sequence = parseNumber(sequenceText);
      if (Number.isNaN(sequence)) return reject('sequence', sequenceText, explain(sequenceText));
      evidence.sequence = sequence;
    }

    const minutesText = text('minutesOnTask');
    if (minutesText !== '') {
      const amount = parseNumber(minutesText);
      if (Number.isNaN(amount)) return reject('minutesOnTask', minutesText, explain(minutesText));
      if (amount < 0) {
        return reject('minutesOnTask', minutesText, {
          reason: 'negative time on task',
          fix: 'correct the value, or unmap minutesOnTask if the vendor timer is unreliable',
        });
      }
      evidence.minutesOnTask = amount * minutesFactor;
    }

    const ids: Record<'classId' | 'schoolId' | 'teacherId', string | undefined> = {
      classId: undefined,
      schoolId: undefined,
      teacherId: undefined,
    };
    for (const field of ['classId', 'schoolId', 'teacherId'] as const) {
      const value = readId(fields[field], false);
      if (value !== undefined && typeof value !== 'string') return reject(field, text(field), value);
      ids[field] = value;
    }
    if (ids.classId !== undefined) evidence.classId = ids.classId;

    const keyValues: string[] = [];
    for (const field of recordKey) {
      const value = text(field);
      if (value === '') {
        return reject(field, '', {
          reason: 'empty, but it identifies the record',
          fix: 'fill it in the export, or change recordKey in the profile',
        });
      }
      keyValues.push(value);
    }
    evidence.evidenceId =
      recordKey.length > 0
        ? deterministicId(context.programId, studentId, ...keyValues)
        : deterministicId(context.programId, context.sourceIdentity, String(line));
    evidence.contentHash = contentHash(evidence);

    if (ids.classId === undefined) return { kind: 'evidence', evidence };
    const enrollment: EnrollmentSeen = { classId: ids.classId, studentId };
    if (ids.schoolId !== undefined) enrollment.schoolId = ids.schoolId;
    if (ids.teacherId !== undefined) enrollment.teacherId = ids.teacherId;
    return { kind: 'evidence', evidence, enrollment };
  };

  const standardsFor = (vendorSkill: string): string[] => {
    const standards = standardsBySkill.get(skillKey(vendorSkill));
    if (standards) return standards;
    unmappedSkills.set(vendorSkill, (unmappedSkills.get(vendorSkill) ?? 0) + 1);
    return [];
  };

  return Object.assign(map, { unmappedSkills: unmappedSkills as ReadonlyMap<string, number> });
}

/** A trimmed id, undefined when blank and optional, or why it cannot be one. */
function readId(raw: string | undefined, required: boolean): string | undefined | Problem {
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
  if (value.length > MAX_ID_LENGTH) {
    return { reason: `longer than ${MAX_ID_LENGTH} characters`, fix: 'check the column mapping' };
  }
  return value;
}

/** Everything mapped, but not where it came from: equal means a re-sent duplicate. */
function contentHash(e: Evidence): string {
  return deterministicId(
    e.evidenceId,
    e.studentId,
    e.programId,
    e.itemId,
    e.vendorSkill ?? '',
    e.standards.join('\u0000'),
    e.status,
    e.score === undefined ? '' : String(e.score),
    e.occurredAt ?? '',
    e.sequence === undefined ? '' : String(e.sequence),
    e.minutesOnTask === undefined ? '' : String(e.minutesOnTask),
    String(e.weight),
    e.classId ?? '',
  );
}

function checkContext(profile: Profile, crosswalk: Crosswalk | undefined, context: MapperContext) {
  if (!IANAZone.isValidZone(context.timeZone)) {
    throw new ConfigError(
      `time zone "${context.timeZone}" is not a known IANA zone; set the district zone, e.g. "America/New_York"`,
      { timeZone: context.timeZone },
    );
  }
  if (crosswalk && crosswalk.programId !== context.programId) {
    throw new ConfigError(
      `crosswalk ${crosswalk.id} is for program "${crosswalk.programId}", not "${context.programId}"; ` +
        `configure the crosswalk of this program`,
      { crosswalkId: crosswalk.id, programId: context.programId, profileId: profile.id },
    );
  }
}
