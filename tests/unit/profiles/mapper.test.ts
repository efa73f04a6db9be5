import iconv from 'iconv-lite';
import { ConfigError } from '../../../shared/errors.js';
import { deterministicId } from '../../../shared/ids.js';
import { Evidence } from '../../../shared/model.js';
import { parseCrosswalk } from '../../../shared/crosswalks/schema.js';
import { createRowMapper } from '../../../shared/profiles/mapper.js';
import { CONTEXT, evidenceOf, mapAll, profileOf, readAll, rejectsOf } from './helpers.js';

const percentProfile = profileOf({
  format: { delimiter: ',' },
  columns: { studentId: 'Student', itemId: 'Item', score: 'Score', vendorSkill: 'Skill' },
  score: { scale: 'percent' },
});

const crosswalk = parseCrosswalk(
  {
    id: 'vendor-x-ccss',
    programId: 'vendor-x',
    framework: 'CCSS.MATH',
    mappings: [
      {
        vendorSkill: 'Fractions',
        standards: ['3.NF.A.1'],
        provenance: { source: 'test', author: 'test', date: '2026-12-03', confidence: 1 },
      },
    ],
  },
  'crosswalks/test.json',
);

describe('createRowMapper', () => {
  it('maps a percent with or without its sign, keeping leading zeros in ids', async () => {
    const results = await mapAll(
      percentProfile,
      'Student,Item,Score,Skill\n00123,Q-01,85%,Fractions\n00124,Q-01, 40 ,\n',
    );

    const evidence = evidenceOf(results);
    expect(evidence.map((e) => [e.studentId, e.score])).toEqual([
      ['00123', 0.85],
      ['00124', 0.4],
    ]);
    expect(evidence.every((e) => Evidence.safeParse(e).success)).toBe(true);
  });

  it('builds the whole evidence record from a row', async () => {
    const [result] = await mapAll(
      percentProfile,
      'Student,Item,Score,Skill\nS-1,Q-1,50,Fractions\n',
      {
        crosswalk,
      },
    );

    const evidenceId = deterministicId('vendor-x', 'etag-1', '2');
    expect(result).toEqual({
      kind: 'evidence',
      evidence: {
        evidenceId,
        studentId: 'S-1',
        programId: 'vendor-x',
        itemId: 'Q-1',
        vendorSkill: 'Fractions',
        standards: ['3.NF.A.1'],
        status: 'scored',
        score: 0.5,
        weight: 1,
        source: { kind: 's3', uri: CONTEXT.sourceUri, line: 2, runId: 'run-1' },
        contentHash: expect.stringMatching(/^[\w-]{22}$/),
      },
    });
  });

  it('rejects a percent over 100 and a fraction that looks like a percent', async () => {
    const fraction = {
      ...percentProfile,
      score: { scale: 'fraction' as const, whenBlank: 'reject' as const },
    };

    const [over] = rejectsOf(
      await mapAll(percentProfile, 'Student,Item,Score,Skill\nS-1,Q,150%,\n'),
    );
    const [percentLike] = rejectsOf(
      await mapAll(fraction, 'Student,Item,Score,Skill\nS-1,Q,85,\n'),
    );

    expect(over).toMatchObject({
      field: 'score',
      value: '150%',
      reason: 'outside 0..100%',
    });
    expect(percentLike).toMatchObject({
      reason: 'outside 0..1',
      fix: expect.stringMatching(/percent/),
    });
  });

  it('rejects thousands separators unless the profile declares them', async () => {
    const points = profileOf({
      columns: { studentId: 'Student', itemId: 'Item', score: 'Points' },
      score: { scale: 'points', max: 2000 },
    });
    const declared = { ...points, format: { ...points.format, thousands: ',' as const } };
    const content = 'Student,Item,Points\nS-1,Q,"1,500"\n';

    const [rejected] = rejectsOf(await mapAll(points, content));
    const [evidence] = evidenceOf(await mapAll(declared, content));

    expect(rejected).toMatchObject({ field: 'score', value: '1,500' });
    expect(rejected!.fix).toMatch(/format.thousands/);
    expect(evidence!.score).toBe(0.75);
  });

  it('refuses a maximum of 0 instead of dividing by it', async () => {
    const points = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'Raw', scoreMax: 'Max' },
      score: { scale: 'points' },
    });

    const [rejected] = rejectsOf(await mapAll(points, 'S,I,Raw,Max\nS-1,Q,34,0\n'));

    expect(rejected).toMatchObject({
      field: 'scoreMax',
      value: '0',
      reason: expect.stringMatching(/greater than 0/),
    });
  });

  it('reads level labels case-insensitively and rejects unknown ones', async () => {
    const levels = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'Level' },
      score: { scale: 'levels', levels: { Proficient: 1, Approaching: 0.5 } },
    });

    const results = await mapAll(levels, 'S,I,Level\nS-1,Q,proficient\nS-2,Q,Advanced\n');

    expect(evidenceOf(results).map((e) => e.score)).toEqual([1]);
    expect(rejectsOf(results)[0]).toMatchObject({
      value: 'Advanced',
      reason: 'not a known level',
    });
  });

  it('keeps exempt and not-submitted rows without a score, and rejects unknown status words', async () => {
    const statuses = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'Score', status: 'Status' },
      score: { scale: 'fraction', whenBlank: 'not_submitted' },
      status: {
        vocabulary: { EX: 'exempt', Graded: 'scored', Missing: 'not_submitted' },
      },
    });

    const results = await mapAll(
      statuses,
      'S,I,Score,Status\nS-1,Q,0.9,ex\nS-2,Q,,\nS-3,Q,0.5,Graded\nS-4,Q,1,Late\n',
    );

    expect(evidenceOf(results).map((e) => [e.status, e.score])).toEqual([
      ['exempt', undefined],
      ['not_submitted', undefined],
      ['scored', 0.5],
    ]);
    expect(rejectsOf(results)[0]).toMatchObject({
      line: 5,
      field: 'status',
      value: 'Late',
    });
  });

  it('keys two identical rows without ids as two attempts (case C03)', async () => {
    const results = await mapAll(
      percentProfile,
      'Student,Item,Score,Skill\nS-1,Q,50,\nS-1,Q,50,\n',
    );

    const [a, b] = evidenceOf(results);
    expect(a!.evidenceId).not.toBe(b!.evidenceId);
    expect(a!.evidenceId).toBe(deterministicId('vendor-x', 'etag-1', '2'));
  });

  it('gives a re-sent record the same id and hash, and a regrade the same id with a new hash', async () => {
    const keyed = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'Score' },
      keepColumns: ['Attempt'],
      score: { scale: 'fraction' },
      recordKey: ['Attempt'],
    });
    const first = evidenceOf(
      await mapAll(keyed, 'S,I,Score,Attempt\nS-1,Q,0.5,a-9\n', {
        context: { sourceIdentity: 'v1' },
      }),
    )[0]!;
    const resent = evidenceOf(
      await mapAll(keyed, 'S,I,Attempt,Score\n\nS-1,Q,a-9,0.5\n', {
        context: { sourceIdentity: 'v2', runId: 'run-2' },
      }),
    )[0]!;
    const regraded = evidenceOf(
      await mapAll(keyed, 'S,I,Score,Attempt\nS-1,Q,0.75,a-9\n'),
    )[0]!;

    expect(first.evidenceId).toBe(deterministicId('vendor-x', 'S-1', 'a-9'));
    expect(resent.evidenceId).toBe(first.evidenceId);
    expect(resent.contentHash).toBe(first.contentHash);
    expect(regraded.evidenceId).toBe(first.evidenceId);
    expect(regraded.contentHash).not.toBe(first.contentHash);
  });

  it('rejects a row whose record key is empty', async () => {
    const keyed = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'Score', sequence: 'Order' },
      score: { scale: 'correct' },
      recordKey: ['sequence'],
    });

    const [rejected] = rejectsOf(await mapAll(keyed, 'S,I,Score,Order\nS-1,Q,1,\n'));

    expect(rejected).toMatchObject({
      field: 'sequence',
      column: 'Order',
      reason: expect.stringMatching(/identifies/),
    });
  });

  it('lists vendor skills the crosswalk does not map, with row counts', async () => {
    const map = createRowMapper(percentProfile, crosswalk, CONTEXT);
    const records = await readAll(
      percentProfile,
      'Student,Item,Score,Skill\nS-1,Q,1,Fractions\nS-1,Q,1,Decimals\nS-2,Q,1,Decimals\n',
    );

    const results = records.flatMap(map);

    expect(evidenceOf(results).map((e) => e.standards)).toEqual([['3.NF.A.1'], [], []]);
    expect([...map.unmappedSkills]).toEqual([['Decimals', 2]]);
  });

  it('rejects values that are not UTF-8, pointing at windows-1252', async () => {
    const bytes = iconv.encode('Student,Item,Score,Skill\nRenée,Q,1,\n', 'windows-1252');

    const [rejected] = rejectsOf(await mapAll(percentProfile, bytes));

    expect(rejected).toMatchObject({
      field: 'studentId',
      fix: expect.stringMatching(/windows-1252/),
    });
  });

  it('rejects a row with shifted columns', async () => {
    const [rejected] = rejectsOf(
      await mapAll(percentProfile, 'Student,Item,Score,Skill\nS-1,Q,1,5,Fractions\n'),
    );

    expect(rejected).toMatchObject({
      line: 2,
      field: 'row',
      reason: 'has 5 fields where the header has 4',
    });
  });

  it('converts time on task to minutes and rejects negative times', async () => {
    const timed = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'C', minutesOnTask: 'Sec' },
      score: { scale: 'correct' },
      minutes: { unit: 's' },
    });

    const results = await mapAll(timed, 'S,I,C,Sec\nS-1,Q,1,90\nS-2,Q,0,-3\nS-3,Q,0,\n');

    expect(evidenceOf(results).map((e) => e.minutesOnTask)).toEqual([1.5, undefined]);
    expect(rejectsOf(results)[0]).toMatchObject({ field: 'minutesOnTask', value: '-3' });
  });

  it('reads decimal hours as minutes', async () => {
    const hours = profileOf({
      columns: { studentId: 'S', itemId: 'I', score: 'C', minutesOnTask: 'Hours' },
      score: { scale: 'correct' },
      minutes: { unit: 'h' },
    });

    const results = await mapAll(hours, 'S,I,C,Hours\nS-1,Q,1,12.2\n');

    expect(evidenceOf(results)[0]?.minutesOnTask).toBeCloseTo(732, 10);
  });

  it('refuses a crosswalk of another program and an unknown time zone', () => {
    expect(() =>
      createRowMapper(percentProfile, crosswalk, { ...CONTEXT, programId: 'other' }),
    ).toThrow(ConfigError);
    expect(() =>
      createRowMapper(percentProfile, undefined, {
        ...CONTEXT,
        timeZone: 'Mars/Olympus',
      }),
    ).toThrow(/not a known IANA zone/);
  });
});
