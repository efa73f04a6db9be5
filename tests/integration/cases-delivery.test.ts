/**
 * Cases C03 and C04 from ../shared/cases: at-least-once delivery of one S3
 * object, and repeated keys inside one batch write, through the real
 * pipeline and store on the emulators, with the cases' exact values.
 */
import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { deterministicId } from '../../shared/ids.js';
import {
  ingestObject,
  type ObjectIngestDeps,
} from '../../shared/ingest/ingest-object.js';
import { silentLog } from '../../shared/log.js';
import type { Evidence } from '../../shared/model.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { describeWithShared, sharedPath } from '../support/shared-folder.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

const readCase = <T>(name: string) =>
  JSON.parse(readFileSync(sharedPath('cases/inputs', name), 'utf8')) as T;

describeWithShared('cases/inputs', 'case C03: the same S3 notification twice', () => {
  interface C03 {
    delivery_1: {
      Records: { s3: { object: { key: string; eTag: string; versionId: string } } }[];
    };
    object_body: string;
  }

  it('stores 3 attempts (S-5001 twice, S-5002 once) and the second delivery does nothing', async () => {
    const c03 = readCase<C03>('C03-s3-duplicate-delivery.json');
    const object = c03.delivery_1.Records[0]?.s3
      .object as C03['delivery_1']['Records'][0]['s3']['object'];
    // The case's vendor-c becomes our generic results-by-standard program; the
    // staged copy stands in for the versioned object the event names.
    const key = object.key.replace('vendor-c', 'standard-scores');
    const staged = `staging/${object.versionId}.csv`;
    await t.s3.send(
      new PutObjectCommand({
        Bucket: t.stack.bucket,
        Key: staged,
        Body: c03.object_body,
      }),
    );
    const real = new S3Objects(t.s3);
    const identity = t.store.identity();
    await identity.putMappings(
      ['S-5001', 'S-5002'].map((id) => ({
        programId: 'standard-scores',
        vendorStudentId: id,
        studentId: id,
      })),
    );
    const deps: ObjectIngestDeps = {
      evidence: t.store,
      mastery: t.store,
      roster: t.store,
      runs: t.store,
      held: t.store,
      identity,
      objects: {
        openRead: (bucket) => real.openRead(bucket, staged),
        putFile: real.putFile.bind(real),
      },
      heldFiles: t.heldFiles,
      log: silentLog,
      timeZone: 'America/New_York',
    };
    const source = {
      bucket: t.stack.bucket,
      key,
      versionId: object.versionId,
      eTag: object.eTag,
    };

    const first = await ingestObject(deps, source);
    const second = await ingestObject(deps, source);

    expect(first.counts).toMatchObject({
      parsed: 3,
      accepted: 3,
      duplicates: 0,
      rejected: 0,
    });
    expect(second).toEqual(first);
    expect(
      (await t.store.listStudentEvidence('S-5001')).map((e) => e.score).sort(),
    ).toEqual([0.75, 1]);
    expect(await t.store.listStudentEvidence('S-5002')).toHaveLength(1);
    const mastery = await t.store.listStudentMastery('S-5001');
    // Same date, no sequence: source order decides; decaying w=0.65 over 3/4 then 4/4.
    expect(mastery.map((m) => [m.standard, m.value])).toEqual([['ELA.RL.4.1', 0.9125]]);
    expect(first.unmappedSkills).toEqual([
      'standard ELA.RL.4.1 (not in the standards catalog)',
    ]);
  });
});

describeWithShared('cases/inputs', 'case C04: repeated keys in one batch write', () => {
  interface Row {
    student: string;
    standard: string;
    item: string;
    attempt: number;
    score: number;
    max: number;
    updated_at: string;
  }

  const toEvidence = (r: Row, line: number): Evidence => {
    const base = {
      evidenceId: deterministicId('vendor-d', r.student, r.item, String(r.attempt)),
      studentId: r.student,
      programId: 'vendor-d',
      itemId: r.item,
      standards: [r.standard],
      status: 'scored' as const,
      score: r.score / r.max,
      weight: 1,
      revisedAt: r.updated_at,
      source: { kind: 's3' as const, uri: 's3://b/vendor-d.json', line, runId: 'c04' },
    };
    return {
      ...base,
      contentHash: deterministicId(JSON.stringify({ ...base, source: null })),
    };
  };

  it.each([
    ['as given', false],
    ['with the two S-6003 versions reversed', true],
  ])(
    'stores 23 items, S-6003/Q-18 once with the later score, %s',
    async (_, reversed) => {
      const { results } = readCase<{ results: Row[] }>('C04-batch-duplicate-keys.json');
      const rows = reversed
        ? [...results.slice(0, 3), results[4] as Row, results[3] as Row]
        : results;
      const suffix = reversed ? '-r' : '';
      const padding: Row[] = Array.from({ length: 20 }, (_, i) => ({
        student: `S-70${String(i).padStart(2, '0')}${suffix}`,
        standard: 'MA.5.NF.2',
        item: 'Q-20',
        attempt: 1,
        score: 1,
        max: 1,
        updated_at: '2025-03-10T16:00:00Z',
      }));
      const batch = [...rows, ...padding].map((r, i) =>
        toEvidence(
          {
            ...r,
            student: r.student.startsWith('S-60') ? `${r.student}${suffix}` : r.student,
          },
          i + 2,
        ),
      );
      expect(batch).toHaveLength(25);

      const outcomes = await t.store.putEvidenceBatch(batch);

      expect(outcomes.slice(0, 5)).toEqual(
        reversed
          ? ['accepted', 'duplicate', 'accepted', 'accepted', 'stale']
          : ['accepted', 'duplicate', 'accepted', 'accepted', 'replaced'],
      );
      expect(outcomes.slice(5).every((o) => o === 'accepted')).toBe(true);
      const stored = await Promise.all(
        [...new Set(batch.map((e) => e.studentId))].map((s) =>
          t.store.listStudentEvidence(s),
        ),
      );
      expect(stored.flat()).toHaveLength(23);
      expect((await t.store.listStudentEvidence(`S-6001${suffix}`)).length).toBe(1);
      const q18 = await t.store.listStudentEvidence(`S-6003${suffix}`);
      expect(q18.map((e) => [e.itemId, e.score, e.revisedAt])).toEqual([
        ['Q-18', 1, '2025-03-10T15:09:00Z'],
      ]);
    },
  );
});
