import { evidenceOf, mapAll, profileOf, rejectsOf } from './helpers.js';

const dated = (dates: Record<string, unknown>) =>
  profileOf({
    columns: { studentId: 'S', itemId: 'I', score: 'C', occurredAt: 'When' },
    score: { scale: 'correct' },
    dates,
  });

async function readDates(
  dates: Record<string, unknown>,
  values: string[],
  timeZone = 'America/New_York',
) {
  const content = `S,I,C,When\n${values.map((v, i) => `S-${i},Q,1,"${v}"`).join('\n')}\n`;
  const results = await mapAll(dated(dates), content, { context: { timeZone } });
  return results.map((r) =>
    r.kind === 'evidence' ? r.evidence.occurredAt : `rejected: ${r.reason}`,
  );
}

describe('dates in vendor files', () => {
  it('reads naive ISO times in the district zone and keeps explicit offsets', async () => {
    expect(
      await readDates({ format: 'iso' }, [
        '2025-01-15',
        '2025-07-01 08:30',
        '2025-01-15T08:00:00Z',
        '2025-01-15T08:00:00.250+05:30',
      ]),
    ).toEqual([
      '2025-01-15T00:00:00-05:00',
      '2025-07-01T08:30:00-04:00',
      '2025-01-15T08:00:00Z',
      '2025-01-15T08:00:00.250+05:30',
    ]);
  });

  it('uses the profile zone over the district zone when the vendor declares one', async () => {
    expect(
      await readDates({ format: 'iso', timeZone: 'UTC' }, ['2025-01-15 10:00']),
    ).toEqual(['2025-01-15T10:00:00Z']);
  });

  it('reads month-first dates with 12-hour times', async () => {
    expect(
      await readDates({ format: 'month-first' }, [
        '4/3/2025 1:05 PM',
        '12/31/2025 12:00 AM',
      ]),
    ).toEqual(['2025-04-03T13:05:00-04:00', '2025-12-31T00:00:00-05:00']);
  });

  it('rejects 2-digit years unless a century window is declared', async () => {
    expect(await readDates({ format: 'day-first' }, ['03/04/25'])).toEqual([
      'rejected: has a 2-digit year, which could be any century',
    ]);
    expect(
      await readDates({ format: 'day-first', twoDigitYearStart: 1970 }, [
        '03/04/25',
        '03/04/71',
      ]),
    ).toEqual(['2025-04-03T00:00:00-04:00', '1971-04-03T00:00:00-05:00']);
  });

  it('reads Excel serials with their time of day, and refuses those before 1 March 1900', async () => {
    expect(await readDates({ format: 'excel-serial' }, ['45748.5', '60', '61'])).toEqual([
      '2025-04-01T12:00:00-04:00',
      expect.stringMatching(/^rejected: Excel serial 60 is outside/),
      '1900-03-01T00:00:00-05:00',
    ]);
  });

  it('reads Excel serials of the 1904 system', async () => {
    expect(
      await readDates({ format: 'excel-serial', excelSystem: '1904' }, ['44286']),
    ).toEqual(['2025-04-01T00:00:00-04:00']);
  });

  it('rejects impossible dates, empty dates and formats the profile does not allow', async () => {
    const results = await readDates({ format: 'iso' }, [
      '2025-02-30',
      '',
      '03/04/2025',
      'soon',
    ]);

    expect(results).toEqual([
      expect.stringMatching(/^rejected: not a real date/),
      'rejected: empty',
      'rejected: is a d/m/y or m/d/y date, which dates.format (iso) does not allow',
      'rejected: not a date in the declared formats (iso)',
    ]);
  });

  it('never reads one file both day-first and month-first', async () => {
    const values = ['03/04/2025', '13/04/2025'];

    const dayFirst = await readDates({ format: 'day-first' }, values);
    const rows = await mapAll(
      dated({ format: 'day-first' }),
      `S,I,C,When\nS-1,Q,1,${values[0]}\n`,
    );

    expect(dayFirst).toEqual(['2025-04-03T00:00:00-04:00', '2025-04-13T00:00:00-04:00']);
    expect(evidenceOf(rows)).toHaveLength(1);
    expect(rejectsOf(rows)).toHaveLength(0);
  });
});
