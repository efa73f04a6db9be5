/**
 * Wide layouts: one row, several evidence records (the row's score and its
 * sub-scores), each with its own skill, score, standards and stable id; a
 * bad sub-score rejects only itself, naming line, field and column.
 */
import { ConfigError } from '../../../shared/errors.js';
import { deterministicId } from '../../../shared/ids.js';
import type { Crosswalk } from '../../../shared/crosswalks/schema.js';
import { parseProfile } from '../../../shared/profiles/schema.js';
import { evidenceOf, mapAll, profileOf, rejectsOf } from './helpers.js';

const LEVELS = { Below: 0, On: 0.5, Above: 1 };

const wideProfile = (subScores: Record<string, unknown>) =>
  profileOf({
    columns: { studentId: 'Student', score: 'Overall', occurredAt: 'Date' },
    fixedItemId: 'diagnostic',
    score: { scale: 'levels', levels: LEVELS },
    dates: { format: 'iso' },
    recordKey: ['occurredAt'],
    subScores,
  });

const DOMAINS = wideProfile({
  notGiven: ['Not Assessed'],
  scores: [
    { id: 'geometry', score: 'Geometry', skill: 'Geometry' },
    { id: 'fractions', score: 'Fractions', standards: ['CCSS.Math.Content.3.NF.A.1'] },
  ],
});

const crosswalk: Crosswalk = {
  id: 'domains',
  programId: 'vendor-x',
  sharedWith: [],
  framework: 'CCSS.MATH',
  description: '',
  mappings: [
    {
      vendorSkill: 'Geometry',
      standards: ['6.G.A.1', '6.G.A.2'],
      provenance: {
        source: 's',
        author: 'a',
        date: '2026-01-01',
        confidence: 1,
        note: '',
      },
    },
  ],
};

describe('wide layouts', () => {
  it('makes one record for the row and one per sub-score, each with its skill and standards', async () => {
    const csv = 'Student,Date,Overall,Geometry,Fractions\ns1,2025-01-10,On,Above,Below\n';

    const evidence = evidenceOf(await mapAll(DOMAINS, csv, { crosswalk }));

    expect(evidence.map((e) => [e.itemId, e.vendorSkill, e.standards, e.score])).toEqual([
      ['diagnostic', undefined, [], 0.5],
      ['diagnostic/geometry', 'Geometry', ['6.G.A.1', '6.G.A.2'], 1],
      ['diagnostic/fractions', undefined, ['3.NF.A.1'], 0],
    ]);
    const rowId = deterministicId('vendor-x', 's1', '2025-01-10');
    expect(evidence.map((e) => e.evidenceId)).toEqual([
      rowId,
      deterministicId(rowId, 'sub-score', 'geometry'),
      deterministicId(rowId, 'sub-score', 'fractions'),
    ]);
  });

  it('rejects only the bad sub-score, naming its line, field and column', async () => {
    const csv =
      'Student,Date,Overall,Geometry,Fractions\n' +
      's1,2025-01-10,On,Sideways,Above\n' +
      's2,2025-01-10,On,Not Assessed,\n';

    const results = await mapAll(DOMAINS, csv);

    expect(rejectsOf(results)).toEqual([
      {
        kind: 'rejected',
        line: 2,
        field: 'subScores.geometry',
        column: 'Geometry',
        value: 'Sideways',
        reason: 'not a known level',
        fix: 'known levels are Below, On, Above; add this one to score.levels with its fraction',
      },
    ]);
    expect(evidenceOf(results).map((e) => [e.source.line, e.itemId])).toEqual([
      [2, 'diagnostic'],
      [2, 'diagnostic/fractions'],
      [3, 'diagnostic'],
    ]);
  });

  it('keeps the sub-scores of a row whose own score is bad', async () => {
    const csv = 'Student,Date,Overall,Geometry,Fractions\ns1,2025-01-10,,Above,\n';

    const results = await mapAll(DOMAINS, csv);

    expect(rejectsOf(results).map((r) => [r.line, r.field, r.reason])).toEqual([
      [2, 'score', 'empty'],
    ]);
    expect(evidenceOf(results).map((e) => e.itemId)).toEqual(['diagnostic/geometry']);
  });

  it('rejects a row whose shared fields are bad once, not once per sub-score', async () => {
    const csv = 'Student,Date,Overall,Geometry,Fractions\ns1,,On,Above,Below\n';

    const results = await mapAll(DOMAINS, csv);

    expect(results.map((r) => (r.kind === 'rejected' ? r.field : r.kind))).toEqual([
      'occurredAt',
    ]);
  });

  it('reads a skill from a column and refuses a named skill without its score', async () => {
    const profile = wideProfile({
      scores: [
        {
          id: 'goal-1',
          score: 'Goal1Level',
          skillColumn: 'Goal1Name',
          scale: { scale: 'percent' },
        },
      ],
    });
    const csv =
      'Student,Date,Overall,Goal1Name,Goal1Level\n' +
      's1,2025-01-10,On,Algebra,80\n' +
      's2,2025-01-10,On,Algebra,\n' +
      's3,2025-01-10,On,,\n';

    const results = await mapAll(profile, csv);

    expect(evidenceOf(results).map((e) => [e.studentId, e.vendorSkill, e.score])).toEqual(
      [
        ['s1', undefined, 0.5],
        ['s1', 'Algebra', 0.8],
        ['s2', undefined, 0.5],
        ['s3', undefined, 0.5],
      ],
    );
    expect(rejectsOf(results).map((r) => [r.line, r.field, r.column, r.reason])).toEqual([
      [3, 'subScores.goal-1', 'Goal1Level', 'empty, but Goal1Name names a skill'],
    ]);
  });
});

describe('wide rows without an overall score', () => {
  const SEASONS = profileOf({
    columns: { studentId: 'Student' },
    fixedItemId: 'screener',
    score: { scale: 'percent' },
    dates: { format: 'month-first' },
    subScores: {
      scores: [
        { id: 'fall', score: 'Fall Pct', skill: 'Math', occurredAt: 'Fall Date' },
        { id: 'winter', score: 'Winter Pct', skill: 'Math', occurredAt: 'Winter Date' },
      ],
    },
  });
  const HEADER = 'Student,Fall Pct,Fall Date,Winter Pct,Winter Date\n';

  it('yields only the sub-scores, each dated by its own column', async () => {
    const results = await mapAll(SEASONS, HEADER + 's1,40,9/20/2024,55,1/16/2025\n');

    expect(evidenceOf(results).map((e) => [e.itemId, e.score, e.occurredAt])).toEqual([
      ['screener/fall', 0.4, '2024-09-20T00:00:00-04:00'],
      ['screener/winter', 0.55, '2025-01-16T00:00:00-05:00'],
    ]);
  });

  it('keys a dated sub-score by student, sub-score and date, so a later export repeats it', async () => {
    const fallOnly = evidenceOf(await mapAll(SEASONS, HEADER + 's1,40,9/20/2024,,\n'));
    const later = evidenceOf(
      await mapAll(SEASONS, HEADER + 's1,40,9/20/2024,55,1/16/2025\n', {
        context: { sourceIdentity: 'etag-2' },
      }),
    );

    expect(later[0]!.evidenceId).toBe(fallOnly[0]!.evidenceId);
    expect(fallOnly[0]!.evidenceId).toBe(
      deterministicId('vendor-x', 's1', 'sub-score', 'fall', '2024-09-20T00:00:00-04:00'),
    );
  });

  it('rejects a dated sub-score without its date, and a row that gives no score at all', async () => {
    const results = await mapAll(SEASONS, HEADER + 's1,40,,55,1/16/2025\ns2,,,,\n');

    expect(rejectsOf(results).map((r) => [r.line, r.field, r.column, r.reason])).toEqual([
      [2, 'subScores.fall.occurredAt', 'Fall Date', 'empty'],
      [
        3,
        'row',
        'row',
        'gives none of its scores (every sub-score cell is blank or not given)',
      ],
    ]);
    expect(evidenceOf(results).map((e) => e.itemId)).toEqual(['screener/winter']);
  });

  it('rejects a student id that Excel rounded to scientific notation', async () => {
    const results = await mapAll(SEASONS, HEADER + '6.222E+18,40,9/20/2024,,\n');

    expect(rejectsOf(results).map((r) => [r.field, r.value, r.reason])).toEqual([
      [
        'studentId',
        '6.222E+18',
        'is a number Excel rounded to scientific notation; the real id is lost',
      ],
    ]);
  });

  it('refuses a dated sub-score in a profile without dates', () => {
    expect(() =>
      profileOf({
        columns: { studentId: 'S' },
        fixedItemId: 'x',
        score: { scale: 'percent' },
        subScores: { scores: [{ id: 'a', score: 'A', skill: 'A', occurredAt: 'D' }] },
      }),
    ).toThrow(
      /subScores\.scores\[0\]\.occurredAt: a dated sub-score needs the profile's "dates"/,
    );
  });
});

describe('sub-score schema errors say how to fix them', () => {
  const base = {
    id: 'vendor-x',
    vendor: 'Vendor X',
    columns: { studentId: 'S', itemId: 'I', score: 'P' },
    score: { scale: 'percent' },
  };
  const problemsOf = (subScores: unknown) => {
    try {
      parseProfile({ ...base, subScores }, 'profiles/x.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it.each([
    [
      { scores: [{ id: 'a', skill: 'A' }] },
      'profiles/x.json: subScores.scores[0].score: required; name the column holding this sub-score',
    ],
    [
      { scores: [{ id: 'a', score: 'A' }] },
      'profiles/x.json: subScores.scores[0].skill: a sub-score needs a skill or standards; set "skill"',
    ],
    [
      {
        scores: [
          { id: 'a', score: 'A', skill: 'A' },
          { id: 'a', score: 'B', skill: 'B' },
        ],
      },
      'profiles/x.json: subScores.scores[1].id: "a" is used by another sub-score; give each sub-score its own id',
    ],
    [
      { scores: [{ id: 'a', score: 'A', skill: 'A', skillColumn: 'N' }] },
      'profiles/x.json: subScores.scores[0].skillColumn: a sub-score has one skill',
    ],
    [
      { scores: [{ id: 'a', score: 'A', skill: 'A', scale: { scale: 'points' } }] },
      'profiles/x.json: subScores.scores[0].scale.max: points of a sub-score need a fixed maximum',
    ],
    [
      { scores: [{ id: 'A B', score: 'A', skill: 'A' }] },
      'profiles/x.json: subScores.scores[0].id: must be lower-case letters, digits and dashes',
    ],
    [{ scores: [] }, 'profiles/x.json: subScores.scores: '],
    [
      { scores: [{ id: 'a', score: 'A', skill: 'A' }], extra: 1 },
      'subScores takes "notGiven" and "scores"',
    ],
  ])('explains %j', (subScores, message) => {
    expect(problemsOf(subScores)).toContain(message);
  });
});
