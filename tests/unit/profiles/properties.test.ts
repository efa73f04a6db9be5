/** Properties over generated inputs: what the reader and number parser promise for any file. */
import fc from 'fast-check';
import { createNumberParser } from '../../../shared/profiles/numbers.js';
import type { ReaderProfile } from '../../../shared/profiles/reader.js';
import { readAll, streamOf } from './helpers.js';

const quote = (value: string, delimiter: string) =>
  /["\r\n]/.test(value) || value.includes(delimiter) || value !== value.trim()
    ? `"${value.replace(/"/g, '""')}"`
    : value;

const cell = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', 'é', '"', ',', ';', '\t', ' ', '\n', '\r\n'),
});

describe('readRecords on generated files', () => {
  it('returns every value as written, with the physical start line of each record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.stringMatching(/^[A-Z]\w{0,5}$/), cell), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        async (rows, delimiter, newline, chunkSize, bom) => {
          const profile: ReaderProfile = {
            format: { delimiter: delimiter as ',' },
            columns: { studentId: 'id' },
            keepColumns: ['note'],
          };
          const lines = rows.map(
            ([id, note]) => `${id}${delimiter}${quote(note, delimiter)}`,
          );
          const content = `${bom ? '\uFEFF' : ''}id${delimiter}note${newline}${lines.join(newline)}${newline}`;

          const records = await readAll(profile, streamOf(content, chunkSize));

          let line = 2;
          const expected = rows.map(([id, note]) => {
            const record = { line, fields: { studentId: id, note } };
            line += 1 + (note.match(/\n/g)?.length ?? 0);
            return record;
          });
          expect(records.map(({ line, fields }) => ({ line, fields }))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('createNumberParser', () => {
  it('reads any decimal written in the declared locale exactly, and refuses the other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999 }),
        fc.integer({ min: 1, max: 999 }),
        (whole, fraction) => {
          const dot = `${whole}.${fraction}`;
          const comma = `${whole},${fraction}`;

          expect(createNumberParser('.')(dot)).toBe(Number(dot));
          expect(createNumberParser(',')(comma)).toBe(Number(dot));
          expect(createNumberParser('.')(comma)).toBeNaN();
          expect(createNumberParser(',')(dot)).toBeNaN();
        },
      ),
    );
  });
});
