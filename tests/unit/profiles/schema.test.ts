import { ConfigError, NotFoundError } from '../../../shared/errors.js';
import {
  listBuiltinProfiles,
  loadBuiltinProfile,
} from '../../../shared/profiles/builtin.js';
import { parseProfile } from '../../../shared/profiles/schema.js';

const minimal = {
  id: 'vendor-x',
  vendor: 'Vendor X',
  columns: { studentId: 'Student ID', itemId: 'Item', score: 'Percent Correct' },
  score: { scale: 'percent' },
};

const problemsOf = (json: unknown) => {
  try {
    parseProfile(json, 'profiles/x.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseProfile', () => {
  it('fills defaults and expands header shorthand', () => {
    const profile = parseProfile(JSON.stringify(minimal), 'profiles/x.json');

    expect(profile.format).toEqual({
      delimiter: 'auto',
      encoding: 'utf-8',
      decimal: '.',
      skipRows: 0,
    });
    expect(profile.columns.studentId).toEqual({
      header: 'Student ID',
      aliases: [],
      optional: false,
    });
    expect(profile.keepColumns).toEqual([]);
    expect(profile.score).toEqual({ scale: 'percent', whenBlank: 'reject' });
  });

  it('names the file, the path and the fix for a missing score column', () => {
    const columns = { studentId: 'Student ID', itemId: 'Item' };

    expect(problemsOf({ ...minimal, columns })).toBe(
      'profiles/x.json: columns.score: required; map the column holding the score, e.g. "score": {"header": "Percent Correct"}, or set "score": {"scale": "usage"} for a time-on-task layout',
    );
  });

  it.each([
    [
      { columns: { ...minimal.columns, scor: 'x' } },
      'profiles/x.json: columns: unknown key "scor"; canonical fields are',
    ],
    [{ format: { delimiter: ':' } }, 'profiles/x.json: format.delimiter: Invalid option'],
    [
      { score: { scale: 'points' } },
      'profiles/x.json: score.max: points need a maximum; map the "scoreMax" column',
    ],
    [
      {
        columns: { ...minimal.columns, occurredAt: 'When' },
        dates: { format: ['day-first', 'month-first'] },
      },
      'profiles/x.json: dates.format: month-first and day-first together',
    ],
    [
      { columns: { ...minimal.columns, occurredAt: 'When' } },
      'profiles/x.json: dates: required when occurredAt is mapped',
    ],
    [
      { dates: { format: 'iso', timeZone: 'Mars/Base' } },
      'profiles/x.json: dates.timeZone: not a known IANA time zone',
    ],
    [
      { recordKey: ['studentId'] },
      'profiles/x.json: recordKey[0]: the student is always part of the key',
    ],
    [
      { recordKey: ['attempt'] },
      'profiles/x.json: recordKey[0]: "attempt" is neither a mapped column',
    ],
    [
      { format: { decimal: ',', thousands: ',' } },
      'profiles/x.json: format.thousands: the thousands separator cannot be',
    ],
    [
      { status: { vocabulary: { EX: 'exempt' } } },
      'profiles/x.json: columns.status: required when a status vocabulary',
    ],
    [
      { columns: { studentId: 'S', score: 'P' } },
      'profiles/x.json: columns.itemId: required when vendorSkill is not mapped',
    ],
    [{ id: 'Vendor X' }, 'profiles/x.json: id: must be lower-case letters'],
  ])('explains %j', (change, message) => {
    expect(problemsOf({ ...minimal, ...change })).toContain(message);
  });

  it('reports JSON syntax errors with the file name', () => {
    expect(problemsOf('{"id": ')).toMatch(/^profiles\/x.json: \(root\): not valid JSON/);
  });
});

describe('builtin profiles', () => {
  it('lists every builtin profile, the ASSISTments one among them', () => {
    const profiles = listBuiltinProfiles();

    expect(profiles).toHaveLength(28);
    expect(profiles).toContainEqual(
      expect.objectContaining({
        id: 'assistments-skill-builder-2009',
        vendor: 'ASSISTments (WPI)',
      }),
    );
  });

  it('loads the ASSISTments profile without a clock: order_id is the sequence and the key', () => {
    const profile = loadBuiltinProfile('assistments-skill-builder-2009');

    expect(profile.columns.sequence?.header).toBe('order_id');
    expect(profile.columns.occurredAt).toBeUndefined();
    expect(profile.recordKey).toEqual(['sequence']);
    expect(profile.score.scale).toBe('correct');
  });

  it('throws NotFoundError naming the known profiles', () => {
    expect(() => loadBuiltinProfile('../secrets')).toThrow(NotFoundError);
    expect(() => loadBuiltinProfile('nope')).toThrow(
      /builtin profiles are acadience-math-benchmark, achieve3000-student-usage, aimswebplus/,
    );
  });
});
