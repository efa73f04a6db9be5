/**
 * A file that is not text fails in the decoding layer, naming the file and
 * the fix; UTF-16 (with a BOM, or declared) and a stray NUL past the probe
 * are still read.
 */
import iconv from 'iconv-lite';
import { NotTextError } from '../../../shared/errors.js';
import { chooseProfile } from '../../../shared/profiles/choose-profile.js';
import { TEXT_PROBE_BYTES } from '../../../shared/profiles/decode.js';
import type { ReaderProfile } from '../../../shared/profiles/reader.js';
import { readAll, streamOf } from './helpers.js';

const simple: ReaderProfile = {
  columns: { studentId: 'Student ID', score: 'Score' },
};
// The first bytes of a zip (an .xlsx is one): signature, version, then a NUL.
const XLSX_HEAD = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
const reason = (file: string, byte: number) =>
  `${file}: not a text file: export as CSV (UTF-8, Windows-1252 or UTF-16 with a BOM) ` +
  `and drop it again; byte ${byte} is NUL, as in a spreadsheet, zip or image`;

describe('a file that is not text', () => {
  it('fails a UTF-8 read at its first NUL, naming the file and the fix', async () => {
    const read = readAll(
      simple,
      Buffer.concat([XLSX_HEAD, Buffer.alloc(64, 7)]),
      'scores.csv',
    );

    await expect(read).rejects.toThrow(NotTextError);
    await expect(read).rejects.toThrow(reason('scores.csv', 5));
  });

  it('fails a Windows-1252 read the same way, a NUL split across one-byte chunks', async () => {
    const bytes = Buffer.concat([
      iconv.encode('Élève,Score\n', 'windows-1252'),
      Buffer.from([0]),
    ]);
    const profile: ReaderProfile = { ...simple, format: { encoding: 'windows-1252' } };

    await expect(readAll(profile, streamOf(bytes, 1), 'w.csv')).rejects.toThrow(
      reason('w.csv', 12),
    );
  });

  it('counts the NUL after a UTF-8 BOM from the end of the BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab\0')]);

    await expect(readAll(simple, bytes, 'b.csv')).rejects.toThrow(reason('b.csv', 2));
  });

  it('fails UTF-16 without a BOM under a UTF-8 read', async () => {
    const bytes = iconv.encode('Student ID,Score\nS-1,0.5\n', 'utf-16le');

    await expect(readAll(simple, bytes, 'u.csv')).rejects.toThrow(reason('u.csv', 1));
  });

  it('reads UTF-16 without a BOM when the profile declares it', async () => {
    const bytes = iconv.encode('Student ID,Score\nS-1,0.5\n', 'utf-16le');
    const profile: ReaderProfile = { ...simple, format: { encoding: 'utf-16le' } };

    const records = await readAll(profile, bytes);

    expect(records.map((r) => r.fields)).toEqual([{ studentId: 'S-1', score: '0.5' }]);
  });

  it('reads a NUL beyond the probe as a character, as before', async () => {
    const rows = 'S-1,0.5\n'.repeat(Math.ceil(TEXT_PROBE_BYTES / 8));
    const text = `Student ID,Score\n${rows}S-\u00002,0.7\n`;

    const records = await readAll(simple, streamOf(text, 1000));

    expect(records.length).toBe(Math.ceil(TEXT_PROBE_BYTES / 8) + 1);
    expect(records.at(-1)?.fields).toEqual({ studentId: 'S-\u00002', score: '0.7' });
  });

  it('fails the header read of a dropped object, naming its key', async () => {
    const open = async () => streamOf(Buffer.concat([XLSX_HEAD, Buffer.alloc(64, 7)]));

    const choice = chooseProfile('assistments', 'incoming/assistments/photo.csv', open);

    await expect(choice).rejects.toThrow(NotTextError);
    await expect(choice).rejects.toThrow(reason('incoming/assistments/photo.csv', 5));
  });
});
