/**
 * Evidence expires per the district's retention: DynamoDB's TTL deletes it
 * (eventually) on AWS; reads leave expired items out everywhere, which is
 * what makes the local emulator, whose TTL never fires, behave the same.
 */
import { TABLE_DESIGN } from '../../infra/table-design.js';
import type { Evidence } from '../../shared/model.js';
import {
  createDocumentClient,
  DynamoStore,
  TABLE_TTL_ATTRIBUTE,
} from '../../storage/dynamodb-store.js';
import { pushDeps } from '../../functions/push-deps.js';
import { districtTimeZone, storeOptions } from '../../functions/lib/env.js';
import { silentLog } from '../../shared/log.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await t.stack.stop();
});

const evidence = (id: string): Evidence => ({
  evidenceId: id,
  studentId: 'S-RET-1',
  programId: 'assistments',
  itemId: 'item-1',
  standards: ['6.SP.B.4'],
  status: 'scored',
  score: 1,
  weight: 1,
  source: { kind: 's3', uri: 's3://b/k', line: 2, runId: 'run-1' },
  contentHash: `hash-${id}`,
});

const storeAt = (iso: string, evidenceRetentionDays?: number) =>
  new DynamoStore(createDocumentClient(), t.stack.table, {
    evidenceRetentionDays,
    now: () => new Date(iso),
  });

describe('evidence retention', () => {
  it('uses the TTL attribute the table declares', () => {
    expect(TABLE_TTL_ATTRIBUTE).toBe(TABLE_DESIGN.ttlAttribute);
  });

  it('keeps evidence within its retention and leaves it out once expired', async () => {
    const writer = storeAt('2026-01-01T00:00:00Z', 30);
    expect(await writer.putEvidenceBatch([evidence('e-1')])).toEqual(['accepted']);

    expect(
      await storeAt('2026-01-30T23:59:59Z').listStudentEvidence('S-RET-1'),
    ).toHaveLength(1);
    expect(
      await storeAt('2026-01-31T00:00:00Z').listStudentEvidence('S-RET-1'),
    ).toHaveLength(0);
  });

  it('keeps evidence forever when the district sets no retention', async () => {
    await storeAt('2026-01-01T00:00:00Z').putEvidenceBatch([
      { ...evidence('e-2'), studentId: 'S-RET-2' },
    ]);

    expect(
      await storeAt('2036-01-01T00:00:00Z').listStudentEvidence('S-RET-2'),
    ).toHaveLength(1);
  });

  it('reaches the store of the push routes, built from the environment as the CLI store is', async () => {
    // The district configuration sets this variable for every function and the CLI.
    process.env.LABLINK_EVIDENCE_RETENTION_DAYS = '30';
    try {
      expect(storeOptions()).toEqual({
        evidenceRetentionDays: 30,
        timeZone: districtTimeZone(),
      });
      const pushStore = pushDeps(silentLog).evidence;
      const written = Date.now();
      expect(
        await pushStore.putEvidenceBatch([{ ...evidence('e-3'), studentId: 'S-RET-3' }]),
      ).toEqual(['accepted']);

      const day = 24 * 60 * 60 * 1000;
      const at = (ms: number) => storeAt(new Date(ms).toISOString());
      expect(await at(written + 29 * day).listStudentEvidence('S-RET-3')).toHaveLength(1);
      expect(await at(written + 31 * day).listStudentEvidence('S-RET-3')).toHaveLength(0);
    } finally {
      delete process.env.LABLINK_EVIDENCE_RETENTION_DAYS;
    }
  });
});
