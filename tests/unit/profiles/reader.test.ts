import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { InvalidInputError } from '../../../shared/errors.js';
import { readRecords, type ReaderProfile } from '../../../shared/profiles/reader.js';
import { CASES_DIR, readAll, sharedDataAvailable, streamOf } from './helpers.js';

const oneRoster = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'c01-oneroster-users.json'), 'utf8'),
) as ReaderProfile;

const simple: ReaderProfile = {
  columns: { studentId: 'Student ID', score: { header: 'Score', aliases: ['Pct'] } },
};

describe('readRecords', () => {
  describe('case C01: a BOM and CRLF in a OneRoster users.csv', () => {
    const available = sharedDataAvailable(CASES_DIR);
    (available ? it : it.skip)(
      'reads clean headers and values, the last field empty',
      async () => {
        const bytes = readFileSync(join(CASES_DIR, 'C01-bom-oneroster-users.csv'));

        const records = await readAll(oneRoster, bytes, 'C01-bom-oneroster-users.csv');

        expect(records.map((r) => r.fields.studentId)).toEqual(['stu-0001', 'stu-0002']);
        expect(records[0]!.headers.studentId).toBe('sourcedId');
        expect(records[0]!.fields).toEqual({
          studentId: 'stu-0001',
          role: 'student',
          grades: '03',
          password: '',
        });
        expect(records.map((r) => r.line)).toEqual([2, 3]);
        const text = JSON.stringify(records);
        expect(text).not.toContain('\uFEFF');
        expect(text).not.toContain('\\r');
        expect(records.some((r) => r.columnCountMismatch)).toBe(false);
      },
    );
  });

  it('strips a BOM in front of a quoted first header', async () => {
    const records = await readAll(simple, '\uFEFF"Student ID",Score\r\nS-1,0.5\r\n');

    expect(records).toEqual([
      {
        line: 2,
        fields: { studentId: 'S-1', score: '0.5' },
        headers: { studentId: 'Student ID', score: 'Score' },
      },
    ]);
  });

  it('matches headers with trailing spaces and other case, and by alias', async () => {
    const records = await readAll(simple, ' student id  ,PCT \nS-1,80\n');

    expect(records[0]!.fields).toEqual({ studentId: 'S-1', score: '80' });
    expect(records[0]!.headers).toEqual({ studentId: 'student id', score: 'PCT' });
  });

  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ])(
    'decodes %s detected by its BOM, even when the profile says utf-8',
    async (encoding, bom) => {
      const text = 'Student ID\tScore\r\nZoë-1\t0.5\r\n';
      const bytes = Buffer.concat([bom, iconv.encode(text, encoding)]);

      const records = await readAll(
        { ...simple, format: { delimiter: 'auto' } },
        streamOf(bytes, 3),
      );

      expect(records.map((r) => r.fields)).toEqual([
        { studentId: 'Zoë-1', score: '0.5' },
      ]);
    },
  );

  it('decodes Windows-1252 accents when the profile declares it', async () => {
    const bytes = iconv.encode('Élève,Score\nRenée-01,0.5\n', 'windows-1252');
    const profile: ReaderProfile = {
      format: { encoding: 'windows-1252' },
      columns: { studentId: 'élève', score: 'Score' },
    };

    const records = await readAll(profile, bytes);

    expect(records[0]!.fields).toEqual({ studentId: 'Renée-01', score: '0.5' });
    expect(records[0]!.headers.studentId).toBe('Élève');
  });

  it('keeps multi-byte characters split across chunks intact', async () => {
    const records = await readAll(
      simple,
      streamOf('\uFEFFStudent ID,Score\nZoë→1,1\n', 1),
    );

    expect(records[0]!.fields.studentId).toBe('Zoë→1');
  });

  it('honors a leading sep=; line and numbers lines after it', async () => {
    const records = await readAll(simple, 'sep=;\r\nStudent ID;Score\r\nS-1;1,5\r\n');

    expect(records).toEqual([
      expect.objectContaining({ line: 3, fields: { studentId: 'S-1', score: '1,5' } }),
    ]);
  });

  it('detects a tab delimiter with auto', async () => {
    const records = await readAll(simple, 'Student ID\tScore\nS-1\t0,5\n');

    expect(records[0]!.fields).toEqual({ studentId: 'S-1', score: '0,5' });
  });

  it('refuses to guess when the header has as many commas as semicolons', async () => {
    await expect(readAll(simple, 'Student ID;Score,x\n')).rejects.toThrow(
      /cannot be told; set "format.delimiter"/,
    );
  });

  it('skips banner rows above the header and counts them in line numbers', async () => {
    const profile = { ...simple, format: { skipRows: 2 } };

    const records = await readAll(
      profile,
      'Gradebook export\n"Printed, 2025"\nStudent ID,Score\nS-1,1\n',
    );

    expect(records.map((r) => r.line)).toEqual([4]);
  });

  it('gives the physical start line of records with quoted newlines, CRLF and LF mixed', async () => {
    const content =
      'Student ID,Score,Note\r\nS-1,1,"two\r\nlines"\r\nS-2,0,plain\nS-3,1,"a\nb\nc"\n\nS-4,0,x\n';
    const profile = { ...simple, keepColumns: ['Note'] };

    const records = await readAll(profile, content);

    expect(records.map((r) => [r.line, r.fields.studentId, r.fields.Note])).toEqual([
      [2, 'S-1', 'two\r\nlines'],
      [4, 'S-2', 'plain'],
      [5, 'S-3', 'a\nb\nc'],
      [9, 'S-4', 'x'],
    ]);
  });

  it('flags a row whose field count differs, but not trailing empty cells', async () => {
    const records = await readAll(simple, 'Student ID,Score\nS-1,1,\nS-2,1,oops\nS-3\n');

    expect(records.map((r) => r.columnCountMismatch)).toEqual([
      undefined,
      { expected: 2, found: 3 },
      { expected: 2, found: 1 },
    ]);
  });

  it('skips blank lines and rows of bare delimiters', async () => {
    const records = await readAll(simple, 'Student ID,Score\n\nS-1,1\n,\n');

    expect(records.map((r) => r.line)).toEqual([3]);
  });

  it('names the file, field, aliases tried and headers found when a column is missing', async () => {
    const read = readAll(simple, 'Student ID,Percent\nS-1,1\n', 'vendor.csv');

    await expect(read).rejects.toThrow(InvalidInputError);
    await expect(
      readAll(simple, 'Student ID,Percent\nS-1,1\n', 'vendor.csv'),
    ).rejects.toThrow(
      'vendor.csv: missing column for score: tried "Score", "Pct"; headers found: "Student ID", "Percent"',
    );
  });

  it('hints at the delimiter when the header reads as one column', async () => {
    const profile = { ...simple, format: { delimiter: ',' as const } };

    await expect(readAll(profile, 'Student ID;Score\nS-1;1\n')).rejects.toThrow(
      /delimiter is likely wrong/,
    );
  });

  it('refuses two columns that both match a field', async () => {
    await expect(readAll(simple, 'Student ID,Score,score \n1,2,3\n')).rejects.toThrow(
      /two columns are named "Score"/,
    );
  });

  it('reports an unclosed quote with its line', async () => {
    await expect(readAll(simple, 'sep=,\nStudent ID,Score\nS-1,"1\n')).rejects.toThrow(
      /test.csv: line 3: .*quote/,
    );
  });

  it('rejects an empty file', async () => {
    await expect(readAll(simple, '')).rejects.toThrow('test.csv: the file is empty');
  });

  it('releases the input when the consumer stops early', async () => {
    const input = Readable.from(
      (function* rows() {
        yield Buffer.from('Student ID,Score\n');
        for (let i = 0; i < 100_000; i++) yield Buffer.from(`S-${i},1\n`);
      })(),
    );

    for await (const record of readRecords(simple, input, { fileName: 'big.csv' })) {
      expect(record.line).toBe(2);
      break;
    }

    await new Promise((done) => setImmediate(done));
    expect(input.destroyed).toBe(true);
  });
});
