/** Detection by header signature, and the usage and fixed-item profile features it ships with. */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { InvalidInputError } from '../../../shared/errors.js';
import { loadBuiltinProfile } from '../../../shared/profiles/builtin.js';
import { chooseProfile } from '../../../shared/profiles/choose-profile.js';
import {
  detectProfile,
  pickProfile,
  readHeaderFields,
} from '../../../shared/profiles/detect.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';
import { evidenceOf, mapAll, profileOf, rejectsOf } from './helpers.js';

const KDD_HEADER = [
  'Row',
  'Anon Student Id',
  'Problem Hierarchy',
  'Problem Name',
  'Problem View',
  'Step Name',
  'Step Start Time',
  'First Transaction Time',
  'Correct Transaction Time',
  'Step End Time',
  'Step Duration (sec)',
  'Correct Step Duration (sec)',
  'Error Step Duration (sec)',
  'Correct First Attempt',
  'Incorrects',
  'Hints',
  'Corrects',
  'KC(Default)',
  'Opportunity(Default)',
];
const open = (text: string | Buffer) => async () => Readable.from([Buffer.from(text)]);

describe('detectProfile', () => {
  it('ranks the KDD step profile first for a KDD header, with nothing missing', () => {
    const [best] = detectProfile(KDD_HEADER);

    expect(best).toMatchObject({
      profileId: 'kddcup2010-student-step',
      score: 1,
      matches: true,
      missing: [],
    });
  });

  it('names the columns that differ when one is renamed', () => {
    const header = KDD_HEADER.map((h) => (h === 'Correct First Attempt' ? 'CFA' : h));

    const [best] = detectProfile(header);

    expect(best).toMatchObject({
      profileId: 'kddcup2010-student-step',
      matches: false,
      missing: ['Correct First Attempt'],
    });
  });

  it('matches headers trimmed, case-insensitively and through aliases', () => {
    const header = [
      ' anon student id ',
      'PROBLEM NAME',
      'Problem View',
      'Step Name',
      'First Attempt',
      'First Transaction Time',
      'KC (Original)',
    ];

    expect(detectProfile(header)[0]).toMatchObject({
      profileId: 'datashop-student-step',
      matches: true,
    });
  });
});

describe('pickProfile', () => {
  it('refuses an unknown layout and lists the closest profiles with what they miss', () => {
    const header = ['Student ID', 'Lesson ID', 'Score', 'When'];

    expect(() => pickProfile(header, 'incoming/odd.csv')).toThrow(
      /incoming\/odd\.csv: the header matches no known profile; closest: iready-lessons \(0\.\d+; missing "Completion Date", "Subject"\)/,
    );
  });

  it('names no unrelated profile when the first line shares no column with any, nor echoes it', () => {
    const firstLine = ['Jane Doe', 'jane@example.org', '0.8'];

    expect(() => pickProfile(firstLine, 'incoming/auto/no-header.csv')).toThrow(
      new Error(
        'incoming/auto/no-header.csv: the first line shares no column name with any known profile ' +
          '(a file without a header row looks like this too). Export with the header, ' +
          'or add a profile for this layout (docs/profiles.md)',
      ),
    );
  });

  it('refuses two profiles that match equally well rather than guess a vendor', () => {
    const a = profileOf({
      id: 'a',
      columns: { studentId: 's', itemId: 'i', score: 'x' },
      score: { scale: 'fraction' },
    });
    const b = profileOf({
      id: 'b',
      columns: { studentId: 's', itemId: 'i', score: 'x' },
      score: { scale: 'percent' },
    });

    expect(() => pickProfile(['s', 'i', 'x'], 'f.csv', [a, b])).toThrow(
      /matches several profiles equally well: a \(1; all columns present\); b/,
    );
  });
});

describe('readHeaderFields', () => {
  it('reads a tab header after a UTF-8 BOM', async () => {
    const header = await readHeaderFields(
      await open('\uFEFFa\tb c\td\n1\t2\t3\n')(),
      'f',
    );
    expect(header).toEqual(['a', 'b c', 'd']);
  });

  it('honors a sep= line and quoted fields', async () => {
    const header = await readHeaderFields(await open('sep=;\n"x;y";z\n')(), 'f');
    expect(header).toEqual(['x;y', 'z']);
  });

  it('reads a UTF-16 header', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('a,b\r\n1,2\r\n', 'utf16le'),
    ]);
    expect(await readHeaderFields(await open(bytes)(), 'f')).toEqual(['a', 'b']);
  });

  it('fails on an empty file', async () => {
    await expect(readHeaderFields(await open('')(), 'empty.csv')).rejects.toThrow(
      /empty\.csv: the file has no header line/,
    );
  });
});

describe('chooseProfile', () => {
  const kdd = `${KDD_HEADER.join('\t')}\n`;

  it('detects the program of a file dropped without one', async () => {
    await expect(chooseProfile(undefined, 'incoming/x.tsv', open(kdd))).resolves.toEqual({
      programId: 'cognitive-tutor-kdd',
      profileId: 'kddcup2010-student-step',
      detected: true,
    });
    await expect(
      chooseProfile('auto', 'incoming/auto/x.tsv', open(kdd)),
    ).resolves.toMatchObject({
      programId: 'cognitive-tutor-kdd',
    });
  });

  it("fails a program's file whose header is another layout, naming the closest profiles", async () => {
    const choice = chooseProfile('assistments', 'incoming/assistments/x.tsv', open(kdd));

    await expect(choice).rejects.toThrow(InvalidInputError);
    await expect(choice).rejects.toThrow(
      /does not match profile assistments-skill-builder-2009 of program assistments \(missing "user_id", .*closest known profiles: kddcup2010-student-step \(1; all columns present\)/,
    );
  });
});

describe('usage and fixed-item profiles', () => {
  const usage = {
    columns: { studentId: 'sid', minutesOnTask: 'mins' },
    fixedItemId: 'app-usage',
    score: { scale: 'usage' },
    minutes: { unit: 'min' },
  };

  it('turns minutes without a score into usage evidence on the fixed item', async () => {
    const results = await mapAll(profileOf(usage), 'sid,mins\n7,35\n8,\n');

    expect(evidenceOf(results)).toEqual([
      expect.objectContaining({
        studentId: '7',
        itemId: 'app-usage',
        status: 'usage',
        minutesOnTask: 35,
      }),
    ]);
    expect(rejectsOf(results)).toMatchObject([{ line: 3, field: 'minutesOnTask' }]);
    expect(evidenceOf(results)[0]).not.toHaveProperty('score');
  });

  it('refuses a usage profile without minutes, and a scored one without a score column', () => {
    expect(() => profileOf({ ...usage, columns: { studentId: 'sid' } })).toThrow(
      /columns\.minutesOnTask: required when score\.scale is usage/,
    );
    expect(() =>
      profileOf({
        columns: { studentId: 'sid', itemId: 'i' },
        score: { scale: 'percent' },
      }),
    ).toThrow(/columns\.score: required/);
  });

  it('unions the standards of several skills in one cell', async () => {
    const profile = profileOf({
      columns: { studentId: 's', vendorSkill: 'kc', score: 'c' },
      score: { scale: 'correct' },
      skillSeparator: '~~',
    });
    const crosswalk = {
      id: 'x',
      programId: 'vendor-x',
      sharedWith: [],
      framework: 'CCSS.MATH',
      description: '',
      mappings: ['a', 'b'].map((skill, i) => ({
        vendorSkill: skill,
        standards: [['6.G.A.1'], ['6.G.A.1', '7.G.B.4']][i]!,
        provenance: {
          source: 's',
          author: 'a',
          date: '2026-01-01',
          confidence: 1,
          note: '',
        },
      })),
    };

    const results = await mapAll(profile, 's,kc,c\n1,a~~b~~z,1\n', { crosswalk });

    expect(evidenceOf(results)[0]?.standards).toEqual(['6.G.A.1', '7.G.B.4']);
  });
});

/** Usage layouts published only as signatures: the header comes from the signature. */
describeWithShared('data/real', 'usage profiles against the published layouts', () => {
  const signatureHeader = (path: string): string[] => {
    const sig = JSON.parse(
      readFileSync(
        sharedPath('data/real/powerschool-etl-vendor-layouts/signatures', path),
        'utf8',
      ),
    ) as { format: { fields: { physicalName: string }[] } };
    return sig.format.fields.map((f) => f.physicalName);
  };

  it.each([
    ['westerville__dreambox/dreambox.sig.json', 'dreambox-usage'],
    [
      'curriculum_associates__iready_instructional_usage/iReady_instructional_usage_21.sig.json',
      'iready-instructional-usage',
    ],
  ])('detects %s as %s and maps a row of it', async (path, profileId) => {
    const header = signatureHeader(path);

    expect(detectProfile(header)[0]).toMatchObject({ profileId, matches: true });

    const row = header.map((h) =>
      /date/i.test(h) ? '9/30/2024' : /mins|time on task/i.test(h) ? '42' : 'x1',
    );
    const csv = `${header.map((h) => `"${h}"`).join(',')}\n${row.join(',')}\n`;
    const results = await mapAll(loadBuiltinProfile(profileId), csv);
    expect(evidenceOf(results)).toEqual([
      expect.objectContaining({ status: 'usage', minutesOnTask: 42, studentId: 'x1' }),
    ]);
  });

  it('detects the Lexia activity layout and reads activity_time as minutes, refusing a seconds-sized value', async () => {
    const header = signatureHeader('westerville__lexia/LexiaSig2019.sig.json');
    const valueOf = (h: string, minutes: string) =>
      h === 'activity_end_time'
        ? '9/30/2024'
        : h === 'activity_time'
          ? minutes
          : `${h}-1`;
    const rowOf = (minutes: string) => header.map((h) => valueOf(h, minutes)).join(',');
    const csv = `${header.join(',')}\n${rowOf('17')}\n${rowOf('600')}\n`;

    expect(detectProfile(header)[0]).toMatchObject({
      profileId: 'lexia-core5-usage',
      matches: true,
    });
    const results = await mapAll(loadBuiltinProfile('lexia-core5-usage'), csv);

    expect(evidenceOf(results)).toEqual([
      expect.objectContaining({
        studentId: 'username-1',
        itemId: 'activity_id-1',
        status: 'usage',
        minutesOnTask: 17,
        occurredAt: '2024-09-30T00:00:00-04:00',
      }),
    ]);
    expect(rejectsOf(results).map((r) => [r.line, r.field, r.reason])).toEqual([
      [
        3,
        'minutesOnTask',
        'more than 240 minutes on one record, the most this layout allows',
      ],
    ]);
  });
});
