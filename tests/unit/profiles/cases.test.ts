/** Cases C13 and C14 of the shared failure cases, with their exact expected values. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evidence } from '../../../shared/model.js';
import { parseProfile } from '../../../shared/profiles/schema.js';
import {
  CASES_DIR,
  evidenceOf,
  mapAll,
  readAll,
  rejectsOf,
  sharedDataAvailable,
} from './helpers.js';

const fixture = (name: string) =>
  parseProfile(
    readFileSync(join(__dirname, 'fixtures', name), 'utf8'),
    `fixtures/${name}`,
  );
const c13 = fixture('c13-semicolon-decimal-comma.json');
const c14 = fixture('c14-day-first-dates.json');

const available = sharedDataAvailable(CASES_DIR);
const describeCase = available ? describe : describe.skip;
const input = (name: string) => readFileSync(join(CASES_DIR, name));

describeCase('case C13: semicolons and decimal commas', () => {
  const file = () => input('C13-semicolon-decimal-comma.csv');

  it('reads two records of five fields, the comment intact', async () => {
    const records = await readAll(c13, file());

    expect(records).toHaveLength(2);
    expect(records.some((r) => r.columnCountMismatch)).toBe(false);
    expect(records.map((r) => r.fields.comment)).toEqual([
      'Needs work, retake Friday',
      '',
    ]);
  });

  it('scores 1,5 and "3,25" out of 4 as 0.375 and 0.8125', async () => {
    const results = await mapAll(c13, file());

    const evidence = evidenceOf(results);
    expect(evidence.map((e) => [e.studentId, e.itemId, e.score])).toEqual([
      ['S-1001', 'MA.3.NF.1', 0.375],
      ['S-1002', 'MA.3.NF.1', 0.8125],
    ]);
    expect(evidence.every((e) => Evidence.safeParse(e).success)).toBe(true);
  });

  it('rejects every row, never misreading, when the profile says decimal "."', async () => {
    const profile = { ...c13, format: { ...c13.format, decimal: '.' as const } };

    const results = await mapAll(profile, file());

    expect(evidenceOf(results)).toEqual([]);
    expect(rejectsOf(results)).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'score',
        value: '1,5',
        reason: 'uses "," but the profile\'s decimal separator is "."',
      }),
      expect.objectContaining({ line: 3, field: 'score', value: '3,25' }),
    ]);
    expect(rejectsOf(results)[0]!.fix).toMatch(/"format.decimal": ","/);
  });

  it('refuses the file when the profile says comma-delimited', async () => {
    const profile = { ...c13, format: { ...c13.format, delimiter: ',' as const } };

    await expect(mapAll(profile, file())).rejects.toThrow(/missing column for studentId/);
  });

  it('finds the semicolon with auto', async () => {
    const profile = { ...c13, format: { ...c13.format, delimiter: 'auto' as const } };

    expect(evidenceOf(await mapAll(profile, file())).map((e) => e.score)).toEqual([
      0.375, 0.8125,
    ]);
  });
});

describeCase('case C14: day-first dates and Excel serials', () => {
  const file = () => input('C14-date-formats.csv');
  const context = { timeZone: 'Europe/London' };

  it('reads 03/04/2025, 13/04/2025 and 45748 as 3, 13 and 1 April 2025', async () => {
    const results = await mapAll(c14, file(), { context });

    expect(evidenceOf(results).map((e) => e.occurredAt)).toEqual([
      '2025-04-03T00:00:00+01:00',
      '2025-04-13T00:00:00+01:00',
      '2025-04-01T00:00:00+01:00',
    ]);
  });

  it('reads the whole file month-first when told, rejecting 13/04 with the column named', async () => {
    const profile = {
      ...c14,
      dates: { ...c14.dates!, format: ['month-first' as const, 'excel-serial' as const] },
    };

    const results = await mapAll(profile, file(), { context });

    expect(evidenceOf(results).map((e) => e.occurredAt)).toEqual([
      '2025-03-04T00:00:00+00:00',
      '2025-04-01T00:00:00+01:00',
    ]);
    expect(rejectsOf(results)).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'occurredAt',
        column: 'assessed_on',
        value: '13/04/2025',
        reason: 'month 13 does not exist when read month-first',
      }),
    ]);
    expect(results).toHaveLength(3);
  });

  it('rejects the serial, never reading it as a day, when serials are not allowed', async () => {
    const profile = { ...c14, dates: { ...c14.dates!, format: ['day-first' as const] } };

    const results = await mapAll(profile, file(), { context });

    expect(evidenceOf(results)).toHaveLength(2);
    expect(rejectsOf(results)).toEqual([
      expect.objectContaining({
        line: 4,
        value: '45748',
        fix: expect.stringMatching(/excel-serial/),
      }),
    ]);
  });
});
