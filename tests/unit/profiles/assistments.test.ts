/** The real ASSISTments 2009 Skill Builder subset through the builtin profile and crosswalk. */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { loadBuiltinCrosswalk } from '../../../shared/crosswalks/builtin.js';
import { deterministicId } from '../../../shared/ids.js';
import { Evidence } from '../../../shared/model.js';
import { loadBuiltinProfile } from '../../../shared/profiles/builtin.js';
import { createRowMapper, type MapResult } from '../../../shared/profiles/mapper.js';
import { readRecords } from '../../../shared/profiles/reader.js';
import { REAL_DATA_DIR, sharedDataAvailable } from './helpers.js';

const FILE = join(
  REAL_DATA_DIR,
  'assistments-2009-skill-builder',
  'skill_builder_data_subset_table_boxwhisker.csv',
);
const describeReal = sharedDataAvailable(REAL_DATA_DIR) ? describe : describe.skip;

describeReal('the ASSISTments 2009 Skill Builder file', () => {
  let results: MapResult[];
  let unmapped: ReadonlyMap<string, number>;

  beforeAll(async () => {
    const profile = loadBuiltinProfile('assistments-skill-builder-2009');
    const map = createRowMapper(profile, loadBuiltinCrosswalk('assistments-ccss'), {
      programId: 'assistments',
      runId: 'run-1',
      sourceUri: 's3://drop/incoming/assistments/skill_builder.csv',
      sourceIdentity: 'etag-1',
      timeZone: 'America/New_York',
    });
    results = [];
    for await (const record of readRecords(profile, createReadStream(FILE), {
      fileName: 'skill_builder.csv',
    })) {
      results.push(...map(record));
    }
    unmapped = map.unmappedSkills;
  });

  it('yields 10,791 evidence records and no rejects', () => {
    expect(results.filter((r) => r.kind === 'evidence')).toHaveLength(10_791);
    expect(results.filter((r) => r.kind === 'rejected')).toEqual([]);
  });

  it('covers 902 students in 54 classes, every skill mapped', () => {
    const evidence = results.flatMap((r) => (r.kind === 'evidence' ? [r] : []));

    expect(new Set(evidence.map((r) => r.evidence.studentId)).size).toBe(902);
    expect(new Set(evidence.map((r) => r.enrollment?.classId)).size).toBe(54);
    expect(new Set(evidence.map((r) => r.evidence.evidenceId)).size).toBe(10_791);
    expect(unmapped.size).toBe(0);
  });

  it('maps the first row exactly', () => {
    expect(results[0]).toEqual({
      kind: 'evidence',
      evidence: {
        evidenceId: deterministicId('assistments', '64525', '33022537'),
        studentId: '64525',
        programId: 'assistments',
        itemId: '51424',
        vendorSkill: 'Box and Whisker',
        standards: ['6.SP.B.4'],
        status: 'scored',
        score: 1,
        sequence: 33022537,
        minutesOnTask: 32454 / 60_000,
        weight: 1,
        classId: '13241',
        source: {
          kind: 's3',
          uri: 's3://drop/incoming/assistments/skill_builder.csv',
          line: 2,
          runId: 'run-1',
        },
        contentHash: expect.stringMatching(/^[\w-]{22}$/),
      },
      enrollment: {
        classId: '13241',
        studentId: '64525',
        schoolId: '73',
        teacherId: '22763',
      },
    });
    expect(
      Evidence.safeParse((results[0] as { evidence: unknown }).evidence).success,
    ).toBe(true);
  });
});
