/**
 * The sub-scores of a wide row (MAP goals, i-Ready domain placements, DIBELS
 * subtests) to evidence records of their own. Each shares the row's student,
 * time, class and identity, and differs in item, skill, standards and score.
 *
 * A sub-score's evidence id is derived from the row's evidence id and the
 * sub-score's `id`, so the same row delivered again gives the same ids
 * (duplicates, not new evidence), and one bad sub-score rejects only itself.
 */
import { deterministicId } from '../ids.js';
import type { Evidence } from '../model.js';
import { contentHash } from './evidence-hash.js';
import type { DateReader } from './dates.js';
import type { MapResult, EnrollmentSeen } from './mapper.js';
import type { NumberParser, Problem } from './numbers.js';
import type { VendorRecord } from './reader.js';
import {
  blankDate,
  MAX_SKILL_LENGTH,
  readId,
  rejected,
  trimmed,
} from './row-problems.js';
import type { Profile, SubScoreSpec } from './schema.js';
import { createScoreReader, type ScoreReader } from './score.js';
import { subDateField, subScoreField, subSkillField } from './sub-scores.js';

export interface SubScoreTools {
  parseNumber: NumberParser;
  explain: (text: string) => Problem;
  /** Standards of a vendor skill through the crosswalk (unmapped ones counted). */
  standardsFor: (skill: string) => string[];
  /** Standards of a skill plus one code the profile names (catalog form when known). */
  standardsOf: (skill: string | undefined, code: string) => string[];
  /** The profile's date reading, for sub-scores dated by a column of their own. */
  readDate?: DateReader;
}

/** Sub-scores of one row; `row` is the row's evidence, the template of theirs. */
export type SubScoreReader = (
  record: VendorRecord,
  row: Evidence,
  enrollment: EnrollmentSeen | undefined,
) => MapResult[];

interface CompiledSub {
  spec: SubScoreSpec;
  readScore: ScoreReader;
  field: string;
  skillField: string;
  dateField: string;
}

export function createSubScoreReader(
  profile: Profile,
  tools: SubScoreTools,
): SubScoreReader {
  const subScores = profile.subScores;
  if (!subScores) return () => [];
  const notGiven = new Set(subScores.notGiven.map((w) => w.trim().toLowerCase()));
  const compiled: CompiledSub[] = subScores.scores.map((spec) => ({
    spec,
    readScore: createScoreReader(
      spec.scale ?? profile.score,
      tools.parseNumber,
      tools.explain,
    ),
    field: subScoreField(spec.id),
    skillField: subSkillField(spec.id),
    dateField: subDateField(spec.id),
  }));

  const standardsOf = (skill: string | undefined, codes: readonly string[]) => {
    const out = skill === undefined ? [] : tools.standardsFor(skill);
    for (const code of codes) {
      for (const standard of tools.standardsOf(undefined, code))
        if (!out.includes(standard)) out.push(standard);
    }
    return out;
  };

  const readOne = (
    record: VendorRecord,
    row: Evidence,
    enrollment: EnrollmentSeen | undefined,
    sub: CompiledSub,
  ): MapResult | undefined => {
    const { spec } = sub;
    const text = trimmed(record.fields[sub.field]);
    const named = spec.skillColumn
      ? readId(record.fields[sub.skillField], false, MAX_SKILL_LENGTH)
      : spec.skill;
    if (typeof named === 'object') return rejected(record, sub.skillField, named);
    const given = text !== '' && !notGiven.has(text.toLowerCase());
    if (!given) {
      // A skill named with no score is a hole in the export, not a test the
      // student did not take (MAP leaves both goal cells blank then).
      if (spec.skillColumn && named !== undefined && text === '') {
        return rejected(record, sub.field, {
          reason: `empty, but ${record.headers[sub.skillField] ?? sub.skillField} names a skill`,
          fix: 'fill the score in the export, or leave both cells blank when the sub-score was not given',
        });
      }
      return undefined;
    }
    if (spec.skillColumn && named === undefined) {
      return rejected(record, sub.skillField, {
        reason: 'empty, but the sub-score has a value',
        fix: 'fill the skill in the export',
      });
    }
    const score = sub.readScore(text, '');
    if (typeof score !== 'number') return rejected(record, sub.field, score, text);
    const dated = readOwnDate(record, sub);
    if (typeof dated === 'object') return dated;

    const itemId = readId(`${row.itemId}/${spec.id}`, true);
    if (typeof itemId !== 'string') return rejected(record, sub.field, itemId);
    const { vendorSkill: _rowSkill, minutesOnTask: _rowMinutes, ...shared } = row;
    // The row's time on task is the whole test's: copied to each sub-score it
    // would be counted once per sub-score in usage reports.
    const evidence: Evidence = {
      ...shared,
      evidenceId:
        dated === undefined
          ? deterministicId(row.evidenceId, 'sub-score', spec.id)
          : // A dated sub-score is a test of its own: the same season's result
            // in next term's export (a row per school year) is the same record.
            deterministicId(row.programId, row.studentId, 'sub-score', spec.id, dated),
      itemId,
      standards: standardsOf(named, spec.standards),
      status: 'scored',
      score,
      contentHash: '',
    };
    if (named !== undefined) evidence.vendorSkill = named;
    if (dated !== undefined) evidence.occurredAt = dated;
    evidence.contentHash = contentHash(evidence);
    return enrollment
      ? { kind: 'evidence', evidence, enrollment }
      : { kind: 'evidence', evidence };
  };

  /** The sub-score's own date (undefined when it has none), or its rejection. */
  const readOwnDate = (record: VendorRecord, sub: CompiledSub) => {
    if (!sub.spec.occurredAt || !tools.readDate) return undefined;
    const text = trimmed(record.fields[sub.dateField]);
    const read = text === '' ? blankDate : tools.readDate(text);
    return typeof read === 'string' ? read : rejected(record, sub.dateField, read);
  };

  return (record, row, enrollment) =>
    compiled.flatMap((sub) => {
      const result = readOne(record, row, enrollment, sub);
      return result ? [result] : [];
    });
}
