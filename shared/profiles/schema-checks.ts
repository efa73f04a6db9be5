/**
 * Rules of a profile that span fields: each one would otherwise surface as a
 * rejected row on every line of the first file, far from its cause.
 */
import type { z } from 'zod';
import { isCanonicalField, type CanonicalField } from './fields.js';
import type {
  ColumnSpec,
  DatesSpec,
  MinutesSpec,
  ScoreSpec,
  StatusSpec,
  SubScoresSpec,
} from './schema.js';

interface ProfileDraft {
  columns: Partial<Record<CanonicalField, ColumnSpec>>;
  keepColumns: string[];
  score: ScoreSpec;
  dates?: DatesSpec;
  status?: StatusSpec;
  minutes?: MinutesSpec;
  recordKey?: string[];
  fixedItemId?: string;
  subScores?: SubScoresSpec;
}

/** Fields an evidence record cannot do without, so never optional in the file. */
const ALWAYS_PRESENT: readonly CanonicalField[] = ['studentId', 'score', 'itemId'];
/** Canonical field name of the usage check, so its messages and paths agree. */
const MINUTES: CanonicalField = 'minutesOnTask';

const normalizeWord = (word: string) => word.trim().toLowerCase();

export function checkProfile(profile: ProfileDraft, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string, fix: string) =>
    ctx.addIssue({ code: 'custom', path, message, params: { fix } });
  const { columns } = profile;

  if (!columns.itemId && !columns.vendorSkill && !profile.fixedItemId) {
    issue(
      ['columns', 'itemId'],
      'required when vendorSkill is not mapped and no fixedItemId is given',
      'map the column naming the item, e.g. "itemId": {"header": "Question ID"}, map ' +
        'vendorSkill when the vendor reports one score per skill, or set "fixedItemId"',
    );
  }
  for (const field of ALWAYS_PRESENT) {
    if (columns[field]?.optional) {
      issue(['columns', field, 'optional'], 'cannot be optional', 'remove "optional"');
    }
  }

  const { score } = profile;
  checkScoreColumn(profile, issue);
  if (score.scale === 'points' && score.max === undefined && !columns.scoreMax) {
    issue(
      ['score', 'max'],
      'points need a maximum',
      'map the "scoreMax" column or set a fixed "max", e.g. "score": {"scale": "points", "max": 4}',
    );
  }
  if (columns.scoreMax && score.scale !== 'points') {
    issue(
      ['columns', 'scoreMax'],
      `only used when score.scale is points (it is ${score.scale})`,
      'remove the scoreMax mapping or set "score": {"scale": "points"}',
    );
  }
  if (score.scale === 'levels')
    checkDistinctWords(Object.keys(score.levels), ['score', 'levels'], issue);

  if (columns.occurredAt && !profile.dates) {
    issue(
      ['dates'],
      'required when occurredAt is mapped',
      'declare e.g. "dates": {"format": "iso"}',
    );
  }
  const formats = profile.dates?.format ?? [];
  if (formats.includes('month-first') && formats.includes('day-first')) {
    issue(
      ['dates', 'format'],
      'month-first and day-first together would read 03/04 one way and 13/04 the other',
      'keep only the one the vendor writes',
    );
  }

  if (columns.status && !profile.status) {
    issue(
      ['status'],
      'required when the status column is mapped',
      'map each word the vendor writes, e.g. "status": {"vocabulary": {"EX": "exempt"}}',
    );
  }
  if (profile.status && !columns.status) {
    issue(
      ['columns', 'status'],
      'required when a status vocabulary is declared',
      'map the status column',
    );
  }
  if (profile.status) {
    checkDistinctWords(
      Object.keys(profile.status.vocabulary),
      ['status', 'vocabulary'],
      issue,
    );
  }

  if (columns.minutesOnTask && !profile.minutes) {
    issue(
      ['minutes'],
      'required when minutesOnTask is mapped',
      'declare e.g. "minutes": {"unit": "s"}',
    );
  }

  checkKeepColumns(profile, issue);
  checkRecordKey(profile, issue);
  checkSubScores(profile, issue);
}

type AddIssue = (path: PropertyKey[], message: string, fix: string) => void;

/** A usage layout has minutes and no score; every other layout has a score. */
function checkScoreColumn(profile: ProfileDraft, issue: AddIssue): void {
  const { columns, score } = profile;
  if (score.scale === 'usage') {
    if (columns.score) {
      issue(
        ['columns', 'score'],
        'a usage layout has no score',
        'remove the score mapping, or declare the scale the score column uses',
      );
    }
    if (!columns[MINUTES]) {
      issue(
        ['columns', MINUTES],
        'required when score.scale is usage: time on task is the whole record',
        'map the minutes column, e.g. "minutesOnTask": "Time on Task (min)"',
      );
    }
    return;
  }
  // A wide row may give only its sub-scores (MAP Fluency has no overall).
  if (!columns.score && !profile.subScores) {
    issue(
      ['columns', 'score'],
      'required',
      'map the column holding the score, e.g. "score": {"header": "Percent Correct"}, ' +
        'or set "score": {"scale": "usage"} for a time-on-task layout',
    );
  }
}

function checkDistinctWords(words: string[], path: PropertyKey[], issue: AddIssue): void {
  const seen = new Set<string>();
  for (const word of words) {
    const key = normalizeWord(word);
    if (seen.has(key)) {
      issue(
        [...path, word],
        'repeats another entry once case and spaces are ignored',
        'keep one',
      );
    }
    seen.add(key);
  }
}

function checkKeepColumns(profile: ProfileDraft, issue: AddIssue): void {
  profile.keepColumns.forEach((name, index) => {
    if (
      (Object.keys(profile.columns) as string[]).includes(name) ||
      isCanonicalField(name)
    ) {
      issue(
        ['keepColumns', index],
        `"${name}" is a canonical field name`,
        'map it under "columns" instead',
      );
    }
  });
}

function checkRecordKey(profile: ProfileDraft, issue: AddIssue): void {
  (profile.recordKey ?? []).forEach((name, index) => {
    if (name === 'studentId') {
      issue(
        ['recordKey', index],
        'the student is always part of the key',
        'remove "studentId"',
      );
    } else if (!(name in profile.columns) && !profile.keepColumns.includes(name)) {
      issue(
        ['recordKey', index],
        `"${name}" is neither a mapped column nor a kept column`,
        'name a field mapped under "columns" or listed in "keepColumns"',
      );
    }
  });
}

/**
 * Each sub-score needs a column, a skill (named, read from a column, or
 * standards given) and a scale that can read it on its own.
 */
function checkSubScores(profile: ProfileDraft, issue: AddIssue): void {
  const { subScores, score } = profile;
  if (!subScores) return;
  if (score.scale === 'usage') {
    issue(
      ['subScores'],
      'a usage layout has no scores',
      'remove "subScores", or declare the scale of the row\'s score',
    );
  }
  checkDistinctWords(subScores.notGiven, ['subScores', 'notGiven'], issue);
  const seen = new Set<string>();
  subScores.scores.forEach((sub, index) => {
    const at = (...rest: PropertyKey[]) => ['subScores', 'scores', index, ...rest];
    if (seen.has(sub.id)) {
      issue(
        at('id'),
        `"${sub.id}" is used by another sub-score`,
        'give each sub-score its own id: it is part of its evidence id',
      );
    }
    seen.add(sub.id);
    if (!sub.score) {
      issue(
        at('score'),
        'required',
        'name the column holding this sub-score, e.g. "score": "Geometry Relative Placement"',
      );
    }
    if (sub.skill !== undefined && sub.skillColumn) {
      issue(
        at('skillColumn'),
        'a sub-score has one skill: "skill" and "skillColumn" are both set',
        'keep "skill" when the skill is always the same, "skillColumn" when a column names it',
      );
    }
    if (sub.skill === undefined && !sub.skillColumn && sub.standards.length === 0) {
      issue(
        at('skill'),
        'a sub-score needs a skill or standards',
        'set "skill" (looked up in the crosswalk), "skillColumn" (the column naming it) ' +
          'or "standards" (codes the profile names)',
      );
    }
    const scale = sub.scale ?? score;
    if (scale.scale === 'usage') {
      issue(
        at('scale'),
        'a sub-score is a score, not time on task',
        'declare the scale the sub-score column uses, e.g. "scale": {"scale": "percent"}',
      );
    }
    if (scale.scale === 'points' && scale.max === undefined) {
      issue(
        at('scale', 'max'),
        "points of a sub-score need a fixed maximum (scoreMax is the row score's)",
        'set e.g. "scale": {"scale": "points", "max": 20}',
      );
    }
    if (sub.occurredAt && !profile.dates) {
      issue(
        at('occurredAt'),
        'a dated sub-score needs the profile\'s "dates"',
        'declare e.g. "dates": {"format": "month-first"}',
      );
    }
    if (sub.scale?.scale === 'levels')
      checkDistinctWords(Object.keys(sub.scale.levels), at('scale', 'levels'), issue);
  });
}
