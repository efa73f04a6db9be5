/**
 * A vendor profile: declarative JSON that says how one vendor's export is
 * read (bytes, delimiter, number and date locale) and how its columns become
 * evidence. One profile per export layout, validated here and nowhere else.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { EvidenceStatus } from '../model.js';
import { parseConfig, parseJsonConfig, type FixHints } from './config-issues.js';
import { CANONICAL_FIELDS, type CanonicalField } from './fields.js';
import { checkProfile } from './schema-checks.js';

export { CANONICAL_FIELDS, type CanonicalField };

/** Banner lines a vendor may put above the header; more means a wrong profile. */
export const MAX_SKIP_ROWS = 100;

/**
 * Where a canonical field is in the file. `"Percent Correct"` is short for
 * `{"header": "Percent Correct"}`. Headers match after trimming spaces, case
 * insensitively; a BOM never takes part.
 */
export const ColumnSpec = z
  .union([
    z.string().min(1),
    z.strictObject({
      /** The header the vendor writes today. */
      header: z.string().min(1),
      /** Other spellings seen in older or localized exports. */
      aliases: z.array(z.string().min(1)).default([]),
      /** The file may lack this column; its value then reads as empty. */
      optional: z.boolean().default(false),
    }),
  ])
  .transform((spec) =>
    typeof spec === 'string' ? { header: spec, aliases: [], optional: false } : spec,
  );
export type ColumnSpec = z.output<typeof ColumnSpec>;

const columnShape = Object.fromEntries(
  CANONICAL_FIELDS.map((field) => [field, ColumnSpec.optional()]),
) as Record<CanonicalField, z.ZodOptional<typeof ColumnSpec>>;

export const ProfileColumns = z.strictObject({
  ...columnShape,
  /** Every evidence record belongs to a student. */
  studentId: ColumnSpec,
  /**
   * Required even for status-only rows (a blank score cell is then allowed);
   * only a usage layout (`score.scale` usage) and a wide layout whose row has
   * no overall score (its sub-scores are all it gives) have none.
   */
  score: ColumnSpec.optional(),
});
export type ProfileColumns = z.output<typeof ProfileColumns>;

export const ProfileFormat = z
  .strictObject({
    /** `auto` honors a leading `sep=;` line, else counts candidates in the header. */
    delimiter: z.enum([',', ';', '\t', '|', 'auto']).default('auto'),
    /**
     * Used when the file has no BOM; a UTF-8 or UTF-16 BOM always wins,
     * because the file then says what it is.
     */
    encoding: z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).default('utf-8'),
    /** The decimal separator; the other one is never silently accepted. */
    decimal: z.enum(['.', ',']).default('.'),
    /** A thousands separator the vendor writes; absent means none is accepted. */
    thousands: z.enum([',', '.', ' ', "'"]).optional(),
    /** Lines above the header (after any `sep=` line) to skip. */
    skipRows: z.number().int().min(0).max(MAX_SKIP_ROWS).default(0),
  })
  .refine((f) => f.thousands !== f.decimal, {
    message: 'the thousands separator cannot be the decimal separator',
    path: ['thousands'],
  });
export type ProfileFormat = z.output<typeof ProfileFormat>;

const scoreCommon = {
  /**
   * A blank score cell on a row whose status is not given: `reject` it, or
   * read it as `not_submitted` (never as zero).
   */
  whenBlank: z.enum(['reject', 'not_submitted']).default('reject'),
};

/** How the score column reads as a fraction in [0,1]. */
export const ScoreSpec = z.discriminatedUnion('scale', [
  /** Already in [0,1]. */
  z.strictObject({ scale: z.literal('fraction'), ...scoreCommon }),
  /** 0-100, with or without a `%` sign. */
  z.strictObject({ scale: z.literal('percent'), ...scoreCommon }),
  /** Points over the `scoreMax` column, or over a fixed `max`. */
  z.strictObject({
    scale: z.literal('points'),
    max: z.number().positive().optional(),
    ...scoreCommon,
  }),
  /** 0 or 1: a first response right or wrong. */
  z.strictObject({ scale: z.literal('correct'), ...scoreCommon }),
  /** Level labels (`Proficient`) to fractions; labels match case-insensitively. */
  z.strictObject({
    scale: z.literal('levels'),
    levels: z.record(z.string().min(1), z.number().min(0).max(1)),
    ...scoreCommon,
  }),
  /**
   * No score at all: time on task in a program (DreamBox, Lexia weekly
   * minutes). Rows become `usage` evidence, which mastery never counts.
   */
  z.strictObject({ scale: z.literal('usage') }),
]);
export type ScoreSpec = z.output<typeof ScoreSpec>;

export const DateFormat = z.enum(['iso', 'month-first', 'day-first', 'excel-serial']);
export type DateFormat = z.infer<typeof DateFormat>;

export const DatesSpec = z.strictObject({
  /** One format or the list allowed; month-first and day-first never together. */
  format: z
    .union([DateFormat, z.array(DateFormat).min(1)])
    .transform((f) => (Array.isArray(f) ? [...new Set(f)] : [f])),
  /**
   * Zone of naive times when the vendor always writes one (e.g. `UTC`);
   * otherwise the district's zone from the run applies.
   */
  timeZone: z
    .string()
    .refine((zone) => IANAZone.isValidZone(zone), 'not a known IANA time zone')
    .optional(),
  /**
   * Reads `dd/mm/yy` years as the year in [start, start + 99] with those last
   * two digits. Absent, 2-digit years are rejected.
   */
  twoDigitYearStart: z.number().int().min(1900).max(2100).optional(),
  /** Excel serial date system; Mac Excel before 2011 used 1904. */
  excelSystem: z.enum(['1900', '1904']).default('1900'),
});
export type DatesSpec = z.output<typeof DatesSpec>;

export const StatusSpec = z.strictObject({
  /** Vendor word (matched trimmed, case-insensitively) to evidence status. */
  vocabulary: z.record(z.string().min(1), EvidenceStatus),
});
export type StatusSpec = z.output<typeof StatusSpec>;

export const MinutesSpec = z.strictObject({
  /** Unit of the minutesOnTask column (`h`: decimal hours, Achieve3000's 12.2). */
  unit: z.enum(['ms', 's', 'min', 'h']),
  /**
   * Longest plausible time on task of one record, in minutes. More is
   * rejected as a unit mistake (seconds read as minutes), not summed: it
   * guards a layout whose vendor does not state its unit.
   */
  maxPerRecord: z.number().positive().optional(),
});
export type MinutesSpec = z.output<typeof MinutesSpec>;

/** Sub-scores one row may carry; more is a wrong mapping, not a layout. */
export const MAX_SUB_SCORES = 50;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const SLUG_MESSAGE = 'must be lower-case letters, digits and dashes';

/**
 * One more score on the same row (a wide layout: MAP goals, i-Ready domain
 * placements, DIBELS subtests). It becomes its own evidence record with its
 * own skill and an id derived from the row's and its own `id`.
 */
export const SubScoreSpec = z.strictObject({
  /**
   * Names the sub-score in its evidence id and item (`<item>/<id>`). Never
   * rename it once files were ingested: the same row would make new evidence.
   */
  id: z.string().regex(SLUG, SLUG_MESSAGE),
  /** The column holding this sub-score (checked in schema-checks, with a fix). */
  score: ColumnSpec.optional(),
  /** The vendor's skill of this sub-score, looked up in the crosswalk. */
  skill: z.string().min(1).optional(),
  /** The column naming the skill when it varies by row (MAP's `Goal1Name`). */
  skillColumn: ColumnSpec.optional(),
  /** Standard codes the profile itself names for this sub-score. */
  standards: z.array(z.string().min(1)).default([]),
  /** The sub-score's scale when it is not the profile's `score` scale. */
  scale: ScoreSpec.optional(),
  /**
   * The column dating this sub-score when it is a test of its own (a
   * season's screening on a row per school year). Read with the profile's
   * `dates`; it replaces the row's date and takes part in the evidence id.
   */
  occurredAt: ColumnSpec.optional(),
});
export type SubScoreSpec = z.output<typeof SubScoreSpec>;

export const SubScoresSpec = z.strictObject({
  /**
   * Cell words (trimmed, case-insensitive) that mean the sub-score was not
   * given, e.g. i-Ready's "Not Assessed". A blank cell always means that.
   */
  notGiven: z.array(z.string().min(1)).default([]),
  scores: z.array(SubScoreSpec).min(1).max(MAX_SUB_SCORES),
});
export type SubScoresSpec = z.output<typeof SubScoresSpec>;

export const Profile = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    vendor: z.string().min(1),
    description: z.string().default(''),
    format: ProfileFormat.default(ProfileFormat.parse({})),
    columns: ProfileColumns,
    /**
     * Other columns passed through under the name given here (e.g. a vendor
     * response id used in `recordKey`); never part of evidence.
     */
    keepColumns: z.array(z.string().min(1)).default([]),
    score: ScoreSpec,
    /**
     * The item of every row when the layout names none (one diagnostic per
     * file, e.g. `iready-diagnostic-math`); a mapped itemId column wins.
     */
    fixedItemId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')
      .optional(),
    /**
     * Separator of several skills in one vendorSkill cell (DataShop writes
     * `~~`); each skill is looked up in the crosswalk on its own.
     */
    skillSeparator: z.string().min(1).optional(),
    dates: DatesSpec.optional(),
    status: StatusSpec.optional(),
    minutes: MinutesSpec.optional(),
    /**
     * Canonical fields or kept columns that identify a record for this
     * student; the student is always part of the key. Absent, every row is
     * its own attempt, identified by file and line.
     */
    recordKey: z.array(z.string().min(1)).min(1).optional(),
    /**
     * More scores on the same row, each its own evidence record beside the
     * row's `score` (which stays the overall score).
     */
    subScores: SubScoresSpec.optional(),
  })
  .superRefine(checkProfile);
export type Profile = z.output<typeof Profile>;

const PROFILE_HINTS: FixHints = {
  id: 'use lower-case letters, digits and dashes, e.g. "id": "vendor-gradebook-2025"',
  vendor: 'name the vendor, e.g. "vendor": "ASSISTments"',
  columns: 'map canonical fields to headers, e.g. "columns": {"studentId": "Student ID"}',
  'columns.*': `canonical fields are ${CANONICAL_FIELDS.join(', ')}; put other columns in keepColumns`,
  'columns.studentId':
    'map the column holding the student id, e.g. "studentId": {"header": "Student ID"}',
  'columns.score':
    'map the column holding the score, e.g. "score": {"header": "Percent Correct"}',
  score: 'declare the score scale, e.g. "score": {"scale": "percent"}',
  'score.scale': 'use one of fraction, percent, points, correct, levels, usage',
  'format.delimiter':
    'use ",", ";", "\\t", "|" or "auto" (auto honors a "sep=;" first line)',
  'format.encoding': 'use utf-8, utf-16le, utf-16be or windows-1252',
  'format.decimal': 'use "." or ","',
  'format.thousands': 'use ",", ".", " " or "\'" (different from the decimal separator)',
  'format.skipRows': `use a whole number from 0 to ${MAX_SKIP_ROWS}`,
  'dates.format': 'use iso, month-first, day-first or excel-serial, or a list of them',
  'dates.timeZone': 'use an IANA zone such as "America/New_York"',
  'minutes.unit': 'use ms, s, min or h',
  'minutes.maxPerRecord':
    'give the longest plausible time on task of one record, in minutes, e.g. 240',
  subScores:
    'list the row\'s other scores, e.g. "subScores": {"scores": [{"id": "geometry", ' +
    '"score": "Geometry Level", "skill": "Geometry"}]}',
  'subScores.scores':
    'give 1 to ' +
    MAX_SUB_SCORES +
    ' sub-scores, each {"id", "score", and "skill", "skillColumn" or "standards"}',
  'subScores.*': 'subScores takes "notGiven" and "scores"',
  'subScores.notGiven': 'list the words meaning "not given", e.g. ["Not Assessed"]',
};

/**
 * Validates a profile (JSON text or parsed value). Throws ConfigError naming
 * the file, the JSON path and how to fix each problem.
 */
export function parseProfile(json: unknown, fileName: string): Profile {
  return parseConfig(Profile, parseJsonConfig(json, fileName), fileName, PROFILE_HINTS);
}
