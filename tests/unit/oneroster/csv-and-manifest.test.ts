import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { readCsv } from '../../../shared/oneroster/csv.js';
import { canonicalColumns, parseManifest } from '../../../shared/oneroster/files.js';
import { sharedPath } from '../../support/shared-folder.js';
import { existsSync } from 'node:fs';

const C01 = sharedPath('cases/inputs/C01-bom-oneroster-users.csv');
const csv = (text: string) => Buffer.from(text, 'utf8');

describe('readCsv', () => {
  (existsSync(C01) ? it : it.skip)(
    'reads C01: BOM and CRLF leave no trace in headers or values',
    () => {
      const table = readCsv('users.csv', readFileSync(C01));

      expect(table.headers[0]).toBe('sourcedId');
      expect(table.rows.map((r) => r.values.sourcedId)).toEqual(['stu-0001', 'stu-0002']);
      expect(table.rows.map((r) => r.values.password)).toEqual(['', '']);
      expect(JSON.stringify(table)).not.toMatch(/\uFEFF|\r/);
      expect(() => canonicalColumns('users', table)).not.toThrow();
    },
  );

  it('strips a BOM before a quoted first header and spaces around headers', () => {
    const table = readCsv(
      'orgs.csv',
      csv('\uFEFF"sourcedId", name ,type\r\n00123,A,school\r\n'),
    );

    expect(table.headers).toEqual(['sourcedId', 'name', 'type']);
    expect(table.rows[0]).toEqual({
      row: 2,
      values: { sourcedId: '00123', name: 'A', type: 'school' },
    });
  });

  it('reads UTF-16 with a BOM and Windows-1252 accented names', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      iconv.encode('sourcedId,givenName\r\nu1,Zoë\r\n', 'utf16le'),
    ]);
    const cp1252 = iconv.encode('sourcedId,givenName\r\nu1,José\r\n', 'win1252');

    expect(readCsv('users.csv', utf16).rows[0]?.values.givenName).toBe('Zoë');
    expect(readCsv('users.csv', cp1252).rows[0]?.values.givenName).toBe('José');
  });

  it('drops trailing empty header cells', () => {
    const table = readCsv('roles.csv', csv('sourcedId,role,,\r\nr1,student\r\n'));

    expect(table.headers).toEqual(['sourcedId', 'role']);
  });
});

describe('canonicalColumns', () => {
  it('names the file, column and row 1 when a required column is missing', () => {
    const table = readCsv('enrollments.csv', csv('sourcedId,classSourcedId,role\n'));

    expect(() => canonicalColumns('enrollments', table)).toThrow(
      'enrollments.csv row 1 column userSourcedId: required column userSourcedId is ' +
        'missing from the header; add a userSourcedId column ' +
        '(headers found: sourcedId, classSourcedId, role)',
    );
  });

  it('accepts the 1.0 demographics key userSourcedId as sourcedId', () => {
    const table = readCsv('demographics.csv', csv('userSourcedId,sex\nu1,female\n'));

    expect(canonicalColumns('demographics', table).rows[0]?.values.sourcedId).toBe('u1');
  });
});

describe('parseManifest', () => {
  it('reads modes and treats a blank mode as absent', () => {
    const manifest = parseManifest(
      readCsv(
        'manifest.csv',
        csv(
          'propertyName,value\noneroster.version,1.2\nfile.users,bulk\nfile.results,\n',
        ),
      ),
    );

    expect(manifest.version).toBe('1.2');
    expect(manifest.files.users).toBe('bulk');
    expect(manifest.files.results).toBe('absent');
  });

  it('refuses a version it does not read, naming the row', () => {
    const table = readCsv(
      'manifest.csv',
      csv('propertyName,value\noneroster.version,1.0\n'),
    );

    expect(() => parseManifest(table)).toThrow(
      'manifest.csv row 2 column value: oneroster.version is "1.0"; ' +
        'export the bundle as OneRoster 1.1 or 1.2 (oneroster.version,1.1 or 1.2)',
    );
  });
});
