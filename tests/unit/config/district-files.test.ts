/**
 * A district's own profiles and crosswalks: named by its configuration,
 * validated with the builtin schemas (errors at the file's line), resolved
 * (`extends`) into one document, and found by the functions next to the
 * builtin ones.
 */
import { dropFolder } from '../../../cli/main';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError } from '../../../shared/errors.js';
import {
  DISTRICT_FILES_ENV,
  type DistrictFiles,
} from '../../../shared/config/district-files.js';
import { configEnvironment } from '../../../shared/config/environment.js';
import { loadDistrictSetup, parseDistrictSetup } from '../../../shared/config/load.js';
import { mergeProfile } from '../../../shared/config/resolve-files.js';
import { LESSON_HEADER, LESSON_NAMES } from '../../../shared/demo/index.js';
import {
  crosswalkOf,
  listCrosswalks,
  loadCrosswalk,
} from '../../../shared/crosswalks/index.js';
import {
  chooseProfile,
  loadProfile,
  profileExtends,
} from '../../../shared/profiles/index.js';

const DEMO_CONFIG = resolve(__dirname, '../../../data/demo/district/district.yaml');

const BASE = `version: 1
district:
  name: Test district
  timeZone: America/Chicago
programs:
  - programId: iready-lessons
    name: i-Ready lessons
    vendor: Curriculum Associates
    profile: iready-lessons
    crosswalk: lessons-ccss
profiles:
  - day-first.json
crosswalks:
  - lessons-ccss.json
`;

const DAY_FIRST = {
  id: 'lessons-day-first',
  extends: 'iready-lessons',
  dates: { format: 'day-first' },
};

const provenance = {
  source: 'district math office',
  author: 'A. Reviewer',
  date: '2025-09-02',
  confidence: 0.9,
};
const CROSSWALK = {
  id: 'lessons-ccss',
  programId: 'iready-lessons',
  framework: 'CCSS.MATH',
  mappings: [
    { vendorSkill: 'Understand Unit Rate', standards: ['6.RP.A.2'], provenance },
  ],
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lablink-district-files-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env[DISTRICT_FILES_ENV];
  delete process.env.LABLINK_PROGRAMS;
});

/** Writes the files under `dir`; a string is written as is (line numbers matter). */
function write(files: Record<string, unknown>) {
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
    writeFileSync(join(dir, name), text);
  }
}

function problemsOf(config: string, files: Record<string, unknown>): string[] {
  write(files);
  try {
    parseDistrictSetup(config, 'district.yaml', dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(`${dir}/`, '').replace(/^.*?(?=[\w-]+\.json:)/, ''));
  }
  throw new Error('expected the configuration to be refused');
}

/** Installs a district files document as the functions receive it. */
function install(files: DistrictFiles) {
  const path = join(dir, 'district-files.json');
  writeFileSync(path, JSON.stringify(files));
  process.env[DISTRICT_FILES_ENV] = path;
}

const open = (text: string) => () =>
  Promise.resolve(Readable.from([Buffer.from(text)]) as AsyncIterable<Buffer>);

describe('Function: mergeProfile', () => {
  it('merges objects key by key, replaces lists and scalars, and removes a key set to null', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x', e: { f: 1 } };

    expect(mergeProfile(base, { a: { c: [3] }, d: 'y', e: null })).toEqual({
      a: { b: 1, c: [3] },
      d: 'y',
    });
  });
});

describe('Function: parseDistrictSetup with district files', () => {
  it('resolves a variant to the builtin profile with its overrides and keeps the crosswalk', () => {
    write({ 'day-first.json': DAY_FIRST, 'lessons-ccss.json': CROSSWALK });

    const { config, files } = parseDistrictSetup(BASE, join(dir, 'district.yaml'));

    expect([config.profiles, config.crosswalks]).toEqual([
      ['day-first.json'],
      ['lessons-ccss.json'],
    ]);
    expect(files.profiles.map(({ id, file, extends: base }) => [id, file, base])).toEqual(
      [['lessons-day-first', 'day-first.json', 'iready-lessons']],
    );
    expect(files.profiles[0]?.profile).toMatchObject({
      id: 'lessons-day-first',
      vendor: 'Curriculum Associates i-Ready',
      columns: { occurredAt: 'Completion Date' },
      dates: { format: 'day-first' },
      recordKey: ['itemId', 'occurredAt'],
    });
    expect(files.crosswalks).toEqual([
      { id: 'lessons-ccss', file: 'lessons-ccss.json', crosswalk: CROSSWALK },
    ]);
  });

  it('names the crosswalk file, the line and the fix of a code the catalog lacks', () => {
    const bad = JSON.stringify(
      { ...CROSSWALK, mappings: [{ ...CROSSWALK.mappings[0], standards: ['6.RP.2'] }] },
      null,
      2,
    );

    expect(
      problemsOf(BASE, { 'day-first.json': DAY_FIRST, 'lessons-ccss.json': bad }),
    ).toEqual([
      expect.stringMatching(
        /^lessons-ccss\.json:9:9: mappings\[0\]\.standards\[0\]: 6\.RP\.2: not in the catalog.*did you mean 6\.RP\.A\.2.*; use a code of the catalog$/,
      ),
    ]);
  });

  it('names a missing provenance field of a crosswalk at its mapping', () => {
    const { author: _author, ...noAuthor } = provenance;
    const bad = {
      ...CROSSWALK,
      mappings: [{ ...CROSSWALK.mappings[0], provenance: noAuthor }],
    };

    expect(
      problemsOf(BASE, { 'day-first.json': DAY_FIRST, 'lessons-ccss.json': bad }),
    ).toEqual(['lessons-ccss.json:11:21: mappings[0].provenance.author: required']);
  });

  it('names an unknown base profile at the extends line with the ones to extend', () => {
    const bad = { ...DAY_FIRST, extends: 'iready-lesson' };

    const [problem] = problemsOf(BASE, {
      'day-first.json': bad,
      'lessons-ccss.json': CROSSWALK,
    });
    expect(problem).toMatch(
      /^day-first\.json:3:14: extends: unknown profile "iready-lesson"; extend a builtin profile \(.*iready-lessons.*\) or another district profile$/,
    );
  });

  it('names an override the profile schema refuses, with its fix', () => {
    const bad = { ...DAY_FIRST, dates: { format: 'day-month' } };

    expect(
      problemsOf(BASE, { 'day-first.json': bad, 'lessons-ccss.json': CROSSWALK }),
    ).toEqual([
      expect.stringMatching(
        /^day-first\.json:5:15: dates\.format: .*; use iso, month-first, day-first or excel-serial, or a list of them$/,
      ),
    ]);
  });

  it('points at the configuration line of a file it cannot read, and of a builtin id reused', () => {
    const reused = { ...DAY_FIRST, id: 'iready-lessons' };
    const config = BASE.replace('  - lessons-ccss.json', '  - missing.json');

    expect(problemsOf(config, { 'day-first.json': reused })).toEqual([
      expect.stringMatching(
        /^district\.yaml:12:5: profiles\[0\]: day-first\.json uses the builtin profile id "iready-lessons"; give the district's profile its own id/,
      ),
      expect.stringMatching(
        /^district\.yaml:14:5: crosswalks\[0\]: cannot read missing\.json \(ENOENT\); give its path relative to the configuration file$/,
      ),
      expect.stringMatching(
        /^district\.yaml:10:16: programs\[0\]\.crosswalk: unknown crosswalk "lessons-ccss"/,
      ),
    ]);
  });

  it("refuses a program's crosswalk written for another program", () => {
    const other = { ...CROSSWALK, programId: 'star' };

    expect(
      problemsOf(BASE, { 'day-first.json': DAY_FIRST, 'lessons-ccss.json': other }),
    ).toEqual([
      'district.yaml:10:16: programs[0].crosswalk: crosswalk "lessons-ccss" is for program "star"; set its programId to "iready-lessons" (or add it to sharedWith) in lessons-ccss.json',
    ]);
  });

  it('passes only the path of the files through the environment', () => {
    write({ 'day-first.json': DAY_FIRST, 'lessons-ccss.json': CROSSWALK });
    const { config } = parseDistrictSetup(BASE, join(dir, 'district.yaml'));

    const env = configEnvironment(config, '/var/task/district-files.json');

    expect(env[DISTRICT_FILES_ENV]).toBe('/var/task/district-files.json');
    expect(Object.keys(env).sort()).toEqual([
      'LABLINK_AUDIT_RETENTION_DAYS',
      'LABLINK_DISTRICT_FILES',
      'LABLINK_EVIDENCE_RETENTION_DAYS',
      'LABLINK_PROGRAMS',
      'LABLINK_TIME_ZONE',
      'LABLINK_USAGE_TARGET_MINUTES_PER_WEEK',
    ]);
  });
});

describe('the demo district configuration', () => {
  const { files } = loadDistrictSetup(DEMO_CONFIG);

  it('maps every lesson name the generator writes to the standard it teaches', () => {
    install(files);

    const crosswalk = loadCrosswalk('demo-iready-lessons-ccss');

    expect(
      crosswalk.mappings.map((m) => [
        m.vendorSkill,
        m.standards,
        m.provenance.confidence,
      ]),
    ).toEqual(
      Object.entries(LESSON_NAMES).map(([standard, name]) => [name, [standard], 1]),
    );
  });

  it('gives functions its profile and crosswalk beside the builtin ones', () => {
    install(files);
    process.env.LABLINK_PROGRAMS = JSON.stringify([
      {
        programId: 'iready-lessons',
        name: 'i-Ready',
        vendor: 'Curriculum Associates',
        profileId: 'iready-lessons',
        crosswalkId: 'demo-iready-lessons-ccss',
      },
    ]);

    expect(loadProfile('iready-lessons-day-first').dates?.format).toEqual(['day-first']);
    expect(loadProfile('iready-lessons').dates?.format).toEqual(['month-first']);
    expect(profileExtends('iready-lessons-day-first', 'iready-lessons')).toBe(true);
    expect(profileExtends('iready-lessons', 'iready-lessons-day-first')).toBe(false);
    expect(listCrosswalks()).toContain('demo-iready-lessons-ccss');
    expect(crosswalkOf('iready-lessons')?.id).toBe('demo-iready-lessons-ccss');
    expect(() => loadProfile('nope')).toThrow(
      /unknown profile "nope"; known profiles are .*iready-lessons-day-first/,
    );
  });

  it("reads a file under the variant's folder with the variant, and under the program's with the base", async () => {
    install(files);
    const csv = `${LESSON_HEADER.join(',')}\n`;

    const variant = await chooseProfile(
      'iready-lessons',
      'incoming/iready-lessons/iready-lessons-day-first/nov.csv',
      open(csv),
    );
    const subfolder = await chooseProfile(
      'iready-lessons',
      'incoming/iready-lessons/2025/nov.csv',
      open(csv),
    );

    expect(variant).toEqual({
      programId: 'iready-lessons',
      profileId: 'iready-lessons-day-first',
      detected: false,
    });
    expect(subfolder.profileId).toBe('iready-lessons');
  });

  it('refuses to guess between a layout and its variant from the header alone', async () => {
    install(files);
    const csv = `${LESSON_HEADER.join(',')}\n`;

    await expect(
      chooseProfile(undefined, 'incoming/auto/nov.csv', open(csv)),
    ).rejects.toThrow(
      new Error(
        'incoming/auto/nov.csv: the header is the layout of program iready-lessons, which this ' +
          'district also receives as iready-lessons-day-first (read differently: its dates or ' +
          'scores); the header cannot tell which this file is. Drop it under ' +
          'incoming/iready-lessons/ for iready-lessons, or under ' +
          'incoming/iready-lessons/iready-lessons-day-first/ ' +
          '(lablink ingest --program iready-lessons [--profile iready-lessons-day-first])',
      ),
    );
  });

  it('does not let a folder name a profile that is no variant of the program', async () => {
    install(files);
    const csv = `${LESSON_HEADER.join(',')}\n`;

    const choice = await chooseProfile(
      'iready-lessons',
      'incoming/iready-lessons/renaissance-star-standards/x.csv',
      open(csv),
    );

    expect(choice.profileId).toBe('iready-lessons');
  });

  it("lets lablink ingest name the variant's folder, and only a variant of the program", () => {
    install(files);
    process.env.LABLINK_PROGRAMS = JSON.stringify([
      {
        programId: 'iready-lessons',
        name: 'i-Ready',
        vendor: 'CA',
        profileId: 'iready-lessons',
      },
    ]);

    expect(dropFolder('iready-lessons', 'iready-lessons-day-first')).toBe(
      'iready-lessons/iready-lessons-day-first',
    );
    expect(dropFolder('iready-lessons', undefined)).toBe('iready-lessons');
    expect(() => dropFolder('iready-lessons', 'assistments-skill-builder-2009')).toThrow(
      '--profile assistments-skill-builder-2009: not a variant of iready-lessons, the profile ' +
        'of iready-lessons; its variants: iready-lessons-day-first',
    );
    expect(() => dropFolder('auto', 'iready-lessons-day-first')).toThrow(
      '--profile needs --program: the program the variant is of',
    );
  });
});
