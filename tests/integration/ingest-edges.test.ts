/**
 * What a drop can get wrong, through the real S3 event path: keys S3 encodes,
 * rows that cannot be read, programs that do not exist, and writes that never
 * succeed.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { runIdFor, ingestObject } from '../../shared/ingest/ingest-object.js';
import { waitForRun } from '../../infra/local/drop-file.js';
import { silentLog } from '../../shared/log.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { demoHead, readDemoLines } from '../support/demo-data.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await t.stack.idle();
  await t.stack.stop();
});

async function drop(key: string, body: string) {
  const put = await t.s3.send(
    new PutObjectCommand({ Bucket: t.stack.bucket, Key: key, Body: body }),
  );
  const runId = runIdFor({ bucket: t.stack.bucket, key, eTag: put.ETag });
  return waitForRun(t.store, runId, 30_000);
}

describe('object keys as S3 events carry them', () => {
  it('reads a key with spaces, a real plus, brackets and a non-ASCII letter (case C02)', async () => {
    const key = 'incoming/assistments/Grade 3 + 4 results (copy) Zoë.csv';

    const run = await drop(key, demoHead(3));

    expect(run.status).toBe('completed');
    expect(run.source.key).toBe(key);
    expect(run.counts).toMatchObject({ parsed: 3, accepted: 3 });
  });

  it.each(['incoming/assistments/100%=a&b.csv', 'incoming/assistments/ünï cødé/x+y.csv'])(
    'reads the key %s exactly',
    async (key) => {
      const run = await drop(key, demoHead(2));
      expect(run.source.key).toBe(key);
      expect(run.status).toBe('completed');
    },
  );
});

describe('records that cannot be read', () => {
  it('rejects a row with a bad score, writes line, field and reason, and counts add up', async () => {
    const all = readDemoLines();
    const lines = [all[0] as string, ...all.slice(300, 304)];
    // Column 8 is `correct`: make the third data row (file line 4) unreadable.
    const bad = (lines[3] as string).split(',');
    bad[7] = 'maybe';
    lines[3] = bad.join(',');

    const run = await drop(
      'incoming/assistments/one-bad-row.csv',
      lines.join('\n') + '\n',
    );

    expect(run.status).toBe('completed');
    expect(run.counts).toMatchObject({
      parsed: 4,
      accepted: 3,
      rejected: 1,
      duplicates: 0,
    });
    expect(run.rejectsKey).toBe(`runs/${run.runId}/rejects.csv`);
    const rejects = await t.s3.send(
      new GetObjectCommand({ Bucket: t.stack.bucket, Key: run.rejectsKey }),
    );
    const text = await rejects.Body?.transformToString();
    const [header, row] = (text ?? '').trim().split('\n');
    expect(header).toBe('line,field,value,reason,fix');
    expect(row).toMatch(/^4,score,maybe,/);
  });

  it('fails the run of an unknown program with a reason, reading nothing', async () => {
    const run = await drop('incoming/no-such-program/x.csv', demoHead(2));

    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/unknown program "no-such-program"/);
    expect(run.counts.parsed).toBe(0);
  });

  it('holds the run of a file whose columns do not match the profile, naming them', async () => {
    const run = await drop('incoming/assistments/wrong-layout.csv', 'a,b,c\n1,2,3\n');

    expect(run.status).toBe('held');
    expect(run.error).toMatch(/wrong-layout\.csv/);
    expect(run.error).toMatch(/user_id/);
  });
});

describe('writes that never succeed (case C05, partial success)', () => {
  it('ends the run failed, lists the evidence never written, and a re-drive completes it', async () => {
    // Stored outside incoming/ so no S3 event runs it; the run reads it as if
    // it had been dropped under incoming/assistments/.
    const staged = 'staging/flaky-table.csv';
    const lines = readDemoLines();
    const body = [lines[0], ...lines.slice(200, 205)].join('\n') + '\n';
    const put = await t.s3.send(
      new PutObjectCommand({ Bucket: t.stack.bucket, Key: staged, Body: body }),
    );
    const real = new S3Objects(t.s3);
    const objects = {
      openRead: (bucket: string) => real.openRead(bucket, staged),
      putFile: real.putFile.bind(real),
    };

    // DynamoDB leaves two records unprocessed on every retry (case C05's
    // variant that never drains); the emulator cannot, so a thin client
    // wrapper does, and everything else goes through to it.
    const doc = createDocumentClient();
    let refuse = true;
    const refused = new Set<string>();
    type Put = { PutRequest: { Item: { sk: string } } };
    const scripted = {
      send: async (command: { input: unknown }) => {
        if (!(command instanceof BatchWriteCommand) || !refuse)
          return doc.send(command as never);
        const [table, requests] = Object.entries(command.input.RequestItems ?? {})[0] as [
          string,
          Put[],
        ];
        for (const r of requests) {
          const sk = r.PutRequest.Item.sk;
          if (sk.startsWith('EVIDENCE#') && refused.size < 2) refused.add(sk);
        }
        const held = requests.filter((r) => refused.has(r.PutRequest.Item.sk));
        const passed = requests.filter((r) => !refused.has(r.PutRequest.Item.sk));
        if (passed.length) {
          await doc.send(
            new BatchWriteCommand({ RequestItems: { [table]: passed as never } }),
          );
        }
        return { UnprocessedItems: held.length ? { [table]: held } : {} };
      },
    };
    const flaky = new DynamoStore(scripted as never, t.stack.table);
    const deps = {
      evidence: flaky,
      mastery: t.store,
      roster: t.store,
      runs: t.store,
      objects,
      heldFiles: t.heldFiles,
      log: silentLog,
      timeZone: 'America/New_York',
    };
    const source = {
      bucket: t.stack.bucket,
      key: 'incoming/assistments/flaky.csv',
      eTag: put.ETag,
    };

    const first = await ingestObject(deps, source);

    expect(first.status).toBe('failed');
    expect(first.counts).toMatchObject({
      parsed: 5,
      accepted: 3,
      duplicates: 0,
      unwritten: 2,
    });
    expect(first.error).toMatch(/2 evidence records were not written/);

    refuse = false;
    const second = await ingestObject(deps, source);

    expect(second.runId).toBe(first.runId);
    expect(second.status).toBe('completed');
    expect(second.counts).toMatchObject({
      parsed: 5,
      accepted: 2,
      duplicates: 3,
      unwritten: 0,
    });
  });
});
