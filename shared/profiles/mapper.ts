/**
 * One vendor record to one evidence record, or to a rejection that says which
 * line, field and value, why, and how to fix it. Everything the profile
 * decides is compiled once per file; the per-row path only reads and checks.
 */
import { normalizeStandardCode } from '../standards/codes.js';
import { IANAZone } from 'luxon';
import { crosswalkServes, skillKey, type Crosswalk } from '../crosswalks/schema.js';
import { ConfigError } from '../errors.js';
import { deterministicId } from '../ids.js';
import type { Evidence, EvidenceSource, EvidenceStatus } from '../model.js';
import { createDateReader, type DateReader } from './dates.js';
import { createNumberParser, explainBadNumber, type Problem } from './numbers.js';
import type { VendorRecord } from './reader.js';
import type { Profile } from './schema.js';
import {
  blankDate,
  blankKey,
  blankMinutes,
  blankScore,
  excelRoundedId,
  isExcelRoundedId,
  MAX_SKILL_LENGTH,
  negativeMinutes,
  readId,
  rejected,
  trimmed,
} from './row-problems.js';
import { createScoreReader } from './score.js';
import { createSkillLookup } from './skills.js';
import { contentHash } from './evidence-hash.js';
import { createSubScoreReader } from './sub-score-reader.js';

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
  { kind: 'evidence'; evidence: Evidence; enrollment?: EnrollmentSeen } | Rejected;

/**
 * Maps one row to what it yields, in order: the row's own record, then one
 * per sub-score the row gives (wide layouts). A row rejected as a whole (its
 * shape, student, item, date, key) yields that one rejection.
 */
export interface RowMapper {
  (record: VendorRecord): MapResult[];
  /** Vendor skills (as written) that the crosswalk does not map, with their row counts. */
  readonly unmappedSkills: ReadonlyMap<string, number>;
  /** Codes of the standard column the catalog does not know, with row counts. */
  readonly unknownStandards: ReadonlyMap<string, number>;
}

const MINUTES_PER_UNIT = { ms: 1 / 60_000, s: 1 / 60, min: 1, h: 60 } as const;
const WEIGHT = 1;
const noSubScoreGiven: Problem = {
  reason: 'gives none of its scores (every sub-score cell is blank or not given)',
  fix: 'check that the row belongs in this export; a test event needs at least one score',
};
/** Read in place of the row's score when only the row's shared fields are wanted. */
const SKIPPED_SCORE: { status: EvidenceStatus; score?: number } = {
  status: 'not_submitted',
};

export function createRowMapper(
  profile: Profile,
  crosswalk: Crosswalk | undefined,
  context: MapperContext,
): RowMapper {
  checkContext(profile, crosswalk, context);
  const { columns, format } = profile;
  const parseNumber = createNumberParser(format.decimal, format.thousands);
  const explain = (text: string) =>
    explainBadNumber(text, format.decimal, format.thousands);
  const readScore = createScoreReader(profile.score, parseNumber, explain);
  const readDate: DateReader | undefined =
    columns.occurredAt && profile.dates
      ? createDateReader(profile.dates, context.timeZone, format.decimal)
      : undefined;
  const vocabulary = new Map(
    Object.entries(profile.status?.vocabulary ?? {}).map(([word, s]) => [
      skillKey(word),
      s,
    ]),
  );
  const unknownStatus: Problem = {
    reason: 'not a status word of this profile',
    fix: `known words are ${Object.keys(profile.status?.vocabulary ?? {}).join(', ')}; add this one to status.vocabulary`,
  };
  const standardsFor = createSkillLookup(crosswalk, profile.skillSeparator);
  const minutesFactor = profile.minutes ? MINUTES_PER_UNIT[profile.minutes.unit] : 1;
  const maxMinutes = profile.minutes?.maxPerRecord ?? Number.POSITIVE_INFINITY;
  const tooManyMinutes: Problem = {
    reason: `more than ${maxMinutes} minutes on one record, the most this layout allows`,
    fix:
      `check the unit: the profile reads ${profile.minutes?.unit ?? 'min'}; if the export ` +
      'is in another unit, set minutes.unit, or raise minutes.maxPerRecord',
  };
  const recordKey = profile.recordKey ?? [];
  const usage = profile.score.scale === 'usage';
  const whenBlank = 'whenBlank' in profile.score ? profile.score.whenBlank : 'reject';
  const sourceKind = context.sourceKind ?? 's3';
  const itemField = columns.itemId ? 'itemId' : 'vendorSkill';
  const fixedItemId = columns.itemId ? undefined : profile.fixedItemId;

  // A standard column gives codes directly: the catalog's form when it knows
  // the code (`CCSS.Math.Content.6.SP.B.4` becomes `6.SP.B.4`), else the code
  // as written, kept and reported rather than dropped (the catalog may simply
  // not hold that framework yet).
  const unknownStandards = new Map<string, number>();
  const standardsOf = (skill: string | undefined, code: string): string[] => {
    const fromSkill = skill === undefined ? [] : standardsFor(skill);
    if (code === '') return fromSkill;
    const known = normalizeStandardCode(code);
    const standard = known.ok ? known.code : code;
    if (!known.ok) unknownStandards.set(code, (unknownStandards.get(code) ?? 0) + 1);
    return fromSkill.includes(standard) ? fromSkill : [...fromSkill, standard];
  };

  const readSubScores = createSubScoreReader(profile, {
    parseNumber,
    explain,
    standardsFor,
    standardsOf,
    readDate: profile.dates
      ? createDateReader(profile.dates, context.timeZone, format.decimal)
      : undefined,
  });
  const wide = profile.subScores !== undefined;
  const rowScored = columns.score !== undefined || usage;

  const map = (record: VendorRecord): MapResult[] => {
    if (!rowScored) return mapSubScoresOnly(record);
    const row = mapRow(record);
    if ('result' in row) return [row.result];
    if (!wide) return [row.main];
    return [row.main, ...readSubScores(record, row.row.evidence, row.row.enrollment)];
  };

  /**
   * The row's own record. For a wide layout a bad row score rejects only
   * that record (`main`), and the row's shared fields go on to its
   * sub-scores; anything else wrong rejects the row as a whole (`result`).
   */
  const mapRow = (
    record: VendorRecord,
  ):
    | { result: MapResult }
    | { main: MapResult; row: { evidence: Evidence; enrollment?: EnrollmentSeen } } => {
    const result = mapOne(record);
    if (result.kind === 'evidence')
      return {
        main: result,
        row: { evidence: result.evidence, enrollment: result.enrollment },
      };
    if (!wide || !scoreFailure.has(result)) return { result };
    const rowOnly = mapOne(record, true);
    if (rowOnly.kind === 'rejected') return { result: rowOnly };
    return {
      main: result,
      row: { evidence: rowOnly.evidence, enrollment: rowOnly.enrollment },
    };
  };
  /**
   * A wide row with no overall score: its sub-scores only. A row giving none
   * is rejected once, so a test event never vanishes from the counts.
   */
  const mapSubScoresOnly = (record: VendorRecord): MapResult[] => {
    const row = mapOne(record, true);
    if (row.kind === 'rejected') return [row];
    const results = readSubScores(record, row.evidence, row.enrollment);
    if (results.length > 0) return results;
    return [rejected(record, 'row', noSubScoreGiven)];
  };
  // Rejections of the row's score (not of the row): see mapRow.
  const scoreFailure = new WeakSet<Rejected>();

  const mapOne = (record: VendorRecord, skipScore = false): MapResult => {
    const { fields, line } = record;
    if (record.columnCountMismatch) {
      const { expected, found } = record.columnCountMismatch;
      return rejected(record, 'row', {
        reason: `has ${found} fields where the header has ${expected}`,
        fix: 'quote values that contain the delimiter, and check format.delimiter and format.decimal',
      });
    }

    const studentId = readId(fields.studentId, true);
    if (typeof studentId !== 'string') return rejected(record, 'studentId', studentId);
    if (isExcelRoundedId(studentId)) return rejected(record, 'studentId', excelRoundedId);
    const vendorSkill = readId(fields.vendorSkill, false, MAX_SKILL_LENGTH);
    if (vendorSkill !== undefined && typeof vendorSkill !== 'string') {
      return rejected(record, 'vendorSkill', vendorSkill);
    }
    const itemId =
      fixedItemId ?? readId(columns.itemId ? fields.itemId : vendorSkill, true);
    if (typeof itemId !== 'string') return rejected(record, itemField, itemId);

    const scoreRead = skipScore ? SKIPPED_SCORE : readRowScore(record);
    if ('kind' in scoreRead) {
      scoreFailure.add(scoreRead);
      return scoreRead;
    }
    const { status, score } = scoreRead;

    let occurredAt: string | undefined;
    if (readDate) {
      const dateText = trimmed(fields.occurredAt);
      const read = dateText === '' ? blankDate : readDate(dateText);
      if (typeof read !== 'string') return rejected(record, 'occurredAt', read);
      occurredAt = read;
    }

    const sequence = readNumber(fields.sequence);
    if (Number.isNaN(sequence))
      return rejected(record, 'sequence', explain(trimmed(fields.sequence)));
    const amount = readNumber(fields.minutesOnTask);
    if (usage && amount === undefined)
      return rejected(record, 'minutesOnTask', blankMinutes);
    if (Number.isNaN(amount) || (amount !== undefined && amount < 0)) {
      const text = trimmed(fields.minutesOnTask);
      return rejected(
        record,
        'minutesOnTask',
        amount! < 0 ? negativeMinutes : explain(text),
      );
    }
    if (amount !== undefined && amount * minutesFactor > maxMinutes)
      return rejected(record, 'minutesOnTask', tooManyMinutes);

    const classId = readId(fields.classId, false);
    if (typeof classId === 'object') return rejected(record, 'classId', classId);
    const schoolId = readId(fields.schoolId, false);
    if (typeof schoolId === 'object') return rejected(record, 'schoolId', schoolId);
    const teacherId = readId(fields.teacherId, false);
    if (typeof teacherId === 'object') return rejected(record, 'teacherId', teacherId);

    let evidenceId: string;
    if (recordKey.length === 0) {
      evidenceId = deterministicId(
        context.programId,
        context.sourceIdentity,
        String(line),
      );
    } else {
      const keyValues: string[] = [];
      for (const field of recordKey) {
        const value = trimmed(fields[field]);
        if (value === '') return rejected(record, field, blankKey);
        keyValues.push(value);
      }
      evidenceId = deterministicId(context.programId, studentId, ...keyValues);
    }

    // Absent values are left out rather than set to undefined: storage
    // marshalling and equality checks then see one shape.
    const evidence: Evidence = {
      evidenceId,
      studentId,
      programId: context.programId,
      itemId,
      standards: standardsOf(vendorSkill, trimmed(fields.standard)),
      status,
      weight: WEIGHT,
      source: { kind: sourceKind, uri: context.sourceUri, line, runId: context.runId },
      contentHash: '',
    };
    if (vendorSkill !== undefined) evidence.vendorSkill = vendorSkill;
    if (score !== undefined) evidence.score = score;
    if (occurredAt !== undefined) evidence.occurredAt = occurredAt;
    if (sequence !== undefined) evidence.sequence = sequence;
    if (amount !== undefined) evidence.minutesOnTask = amount * minutesFactor;
    if (classId !== undefined) evidence.classId = classId;
    evidence.contentHash = contentHash(evidence);

    if (classId === undefined) return { kind: 'evidence', evidence };
    const enrollment: EnrollmentSeen = { classId, studentId };
    if (schoolId !== undefined) enrollment.schoolId = schoolId;
    if (teacherId !== undefined) enrollment.teacherId = teacherId;
    return { kind: 'evidence', evidence, enrollment };
  };

  /** The row's status and score, or the rejection of its score. */
  const readRowScore = (
    record: VendorRecord,
  ): { status: EvidenceStatus; score?: number } | Rejected => {
    const { fields } = record;
    let status: EvidenceStatus | undefined = usage ? 'usage' : undefined;
    const statusText = trimmed(fields.status);
    if (statusText !== '' && !usage) {
      status = vocabulary.get(statusText.toLowerCase());
      if (!status) return rejected(record, 'status', unknownStatus);
    }
    if (status !== undefined && status !== 'scored') return { status };

    const scoreText = trimmed(fields.score);
    if (scoreText === '') {
      if (status === 'scored' || whenBlank === 'reject')
        return rejected(record, 'score', blankScore);
      return { status: 'not_submitted' };
    }
    const read = readScore(scoreText, trimmed(fields.scoreMax));
    if (typeof read !== 'number') return rejected(record, read.field, read, read.value);
    return { status: 'scored', score: read };
  };

  /** A number in the profile's locale, undefined when blank, NaN when not a number. */
  const readNumber = (raw: string | undefined): number | undefined => {
    const text = trimmed(raw);
    return text === '' ? undefined : parseNumber(text);
  };

  return Object.assign(map, { unmappedSkills: standardsFor.unmapped, unknownStandards });
}

function checkContext(
  profile: Profile,
  crosswalk: Crosswalk | undefined,
  context: MapperContext,
) {
  if (!IANAZone.isValidZone(context.timeZone)) {
    throw new ConfigError(
      `time zone "${context.timeZone}" is not a known IANA zone; set the district zone, e.g. "America/New_York"`,
      { timeZone: context.timeZone },
    );
  }
  if (crosswalk && !crosswalkServes(crosswalk, context.programId)) {
    throw new ConfigError(
      `crosswalk ${crosswalk.id} is for program "${crosswalk.programId}", not "${context.programId}"; ` +
        `configure the crosswalk of this program`,
      { crosswalkId: crosswalk.id, programId: context.programId, profileId: profile.id },
    );
  }
}
