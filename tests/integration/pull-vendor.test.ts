/**
 * Pulls from a fake vendor API on 127.0.0.1 into the local stack (dynalite
 * and s3rver): paging, 429 and 503, a vendor that dies, a run that dies
 * between writing a page and saving its state, and time budgets.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.js';
import { parseConnector, type PullConnector } from '../../shared/pull/connector.js';
import type { PullState, PullStateStore } from '../../shared/pull/ports.js';
import { runPull } from '../../shared/pull/pull-run.js';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { DynamoPullStore } from '../../storage/pull-store.js';
import { startFakeVendorApi, type FakeVendorApi } from '../support/fake-vendor-api.js';
import { fakeClock, pullDeps } from '../support/pull-deps.js';

const STUDENTS = 6;
const BASE_MS = Date.parse('2025-01-06T00:00:00.000Z');
const API_KEY = 'test-key-1';

/** ASSISTments-shaped records, one second apart in change time. */
function responses(from: number, to: number) {
  return Array.from({ length: to - from }, (_, k) => {
    const i = from + k;
    return {
      order_id: i + 1,
      user_id: `s${i % STUDENTS}`,
      problem_id: 1000 + (i % 17),
      skill_name: 'Box and Whisker',
      correct: i % 2,
      ms_first_response: 1500,
      student_class_id: 'c1',
      updated_at: new Date(BASE_MS + i * 1000).toISOString(),
    };
  });
}

function connectorFor(api: FakeVendorApi, id: string, extra: object = {}): PullConnector {
  return parseConnector(
    {
      id,
      programId: 'assistments',
      baseUrl: api.url,
      resource: '/v1/responses',
      auth: { type: 'apiKey' },
      pagination: { style: 'page', pageSize: 50 },
      incremental: { field: 'updated_at', param: 'updated_since' },
      rateLimit: { requestsPerSecond: 50 },
      profile: 'assistments-skill-builder-2009',
      schedule: 'cron(0 6 * * ? *)',
      ...extra,
    },
    'test',
  );
}

let stack: LocalStack;
let store: DynamoStore;
let pulls: DynamoPullStore;
const s3 = () => new S3Client({});

async function evidenceCount(): Promise<number> {
  let n = 0;
  for (let s = 0; s < STUDENTS; s += 1)
    n += (await store.listStudentEvidence(`s${s}`)).length;
  return n;
}

async function rawKeys(connectorId: string, runId: string): Promise<string[]> {
  const out = await s3().send(
    new ListObjectsV2Command({
      Bucket: stack.bucket,
      Prefix: `raw/${connectorId}/${runId}/`,
    }),
  );
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

describe('Pull: a vendor API into the local stack', () => {
  let api: FakeVendorApi;

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env[`LABLINK_PULL_VENDOR_PAGES__apiKey`] = API_KEY;
    api = await startFakeVendorApi(
      {
        style: 'page',
        pageSize: 50,
        apiKey: API_KEY,
        failures: { 2: { status: 429, retryAfterSeconds: 1 }, 4: { status: 503 } },
      },
      responses(0, 240),
    );
    stack = await startLocalStack({
      schedules: false,
      onError: () => undefined,
      connectors: [connectorFor(api, 'vendor-pages')],
    });
    store = new DynamoStore(createDocumentClient(), stack.table);
    pulls = new DynamoPullStore(createDocumentClient(), stack.table);
  });

  afterAll(async () => {
    await api.stop();
    await stack.stop();
  });

  it('pulls every page on schedule, waits out Retry-After and archives each page', async () => {
    const out = (await stack.scheduler.fire('pull-vendor-pages')) as {
      runId: string;
      stop: string;
      pages: number;
    };

    expect(out).toEqual({ runId: out.runId, stop: 'caught_up', pages: 5 });
    const run = await store.getRun(out.runId);
    expect(run?.status).toBe('completed');
    expect(run?.counts).toEqual({
      parsed: 240,
      accepted: 240,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    });
    expect(run?.source.key).toBe(`raw/vendor-pages/${out.runId}/`);
    expect(await rawKeys('vendor-pages', out.runId)).toEqual(
      [1, 2, 3, 4, 5].map((p) => `raw/vendor-pages/${out.runId}/${p}.json`),
    );
    expect(await evidenceCount()).toBe(240);
    const state = await pulls.getPullState('vendor-pages');
    expect(state?.watermark).toBe('2025-01-06T00:03:59.000Z');
    expect(state?.sweep).toBeUndefined();

    // Request 2 was the 429 with Retry-After: 1; request 3 is its retry.
    const [, throttled, retried] = api.requests;
    expect(throttled?.status).toBe(429);
    expect(retried!.atMs - throttled!.atMs).toBeGreaterThanOrEqual(1000);
    expect(api.requests.map((r) => r.status)).toEqual([
      200, 429, 200, 503, 200, 200, 200,
    ]);
  });

  it('asks from the watermark next time and lands nothing twice', async () => {
    const out = (await stack.scheduler.fire('pull-vendor-pages')) as { runId: string };

    const run = await store.getRun(out.runId);
    expect(run?.counts).toMatchObject({ parsed: 1, accepted: 0, duplicates: 1 });
    expect(api.requests.at(-1)?.query.updated_since).toBe('2025-01-06T00:03:59.000Z');
    expect(await rawKeys('vendor-pages', out.runId)).toEqual([
      `raw/vendor-pages/${out.runId}/1.json`,
    ]);
    expect(await evidenceCount()).toBe(240);
  });

  it('resumes a run that died after writing a page but before saving its state', async () => {
    api.records.push(...responses(240, 340));
    const connector = connectorFor(api, 'vendor-pages');
    let saves = 0;
    const dying: PullStateStore = {
      getPullState: (id) => pulls.getPullState(id),
      async putPullState(state: PullState) {
        saves += 1;
        if (saves === 2) throw new Error('the process died');
        await pulls.putPullState(state);
      },
    };

    const first = await runPull(pullDeps(stack, { pulls: dying }), connector);
    const second = await runPull(pullDeps(stack), connector);

    expect(first.stop).toBe('failed');
    expect(first.run.counts).toMatchObject({ parsed: 100, accepted: 99, duplicates: 1 });
    expect(second.stop).toBe('caught_up');
    // Page 2 again (its 50 records are already stored), then the last record.
    expect(second.run.counts).toMatchObject({ parsed: 51, accepted: 1, duplicates: 50 });
    expect(await evidenceCount()).toBe(340);
    expect((await pulls.getPullState('vendor-pages'))?.watermark).toBe(
      '2025-01-06T00:05:39.000Z',
    );
  });
});

describe('Pull: vendor outages, time budgets and paging styles', () => {
  let api: FakeVendorApi;

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    stack = await startLocalStack({
      schedules: false,
      onError: () => undefined,
      connectors: [],
    });
    store = new DynamoStore(createDocumentClient(), stack.table);
    pulls = new DynamoPullStore(createDocumentClient(), stack.table);
  });

  afterEach(async () => api?.stop());
  afterAll(async () => stack.stop());

  it('resumes at the page the vendor died on', async () => {
    api = await startFakeVendorApi({ style: 'cursor', pageSize: 40 }, responses(0, 120));
    const connector = connectorFor(api, 'vendor-cursor', {
      auth: { type: 'none' },
      pagination: { style: 'cursor' },
      recordsField: 'data',
    });
    const clock = fakeClock('2025-02-01T00:00:00.000Z');
    api.dieAfterPages(1);

    const first = await runPull(pullDeps(stack, clock), connector);
    api.revive();
    const second = await runPull(
      pullDeps(stack, fakeClock('2025-02-01T01:00:00.000Z')),
      connector,
    );

    expect(first).toMatchObject({ stop: 'failed', pages: 1 });
    expect(first.run.counts).toMatchObject({ parsed: 40, accepted: 40 });
    expect(first.state.sweep?.nextUrl).toContain('cursor=40');
    expect(second).toMatchObject({ stop: 'caught_up', pages: 2 });
    expect(second.run.counts).toMatchObject({ parsed: 80, accepted: 80, duplicates: 0 });
    expect(await evidenceCount()).toBe(120);
  });

  it('stops at the time budget and continues next run, by Link header', async () => {
    api = await startFakeVendorApi({ style: 'link', pageSize: 20 }, responses(500, 600));
    const connector = connectorFor(api, 'vendor-link', {
      auth: { type: 'none' },
      pagination: { style: 'link' },
      rateLimit: { requestsPerSecond: 2 },
      timeBudgetSeconds: 1,
    });

    const runs = [];
    for (const hour of ['02', '03', '04']) {
      const clock = fakeClock(`2025-02-01T${hour}:00:00.000Z`);
      runs.push(await runPull(pullDeps(stack, clock), connector));
    }

    expect(runs.map((r) => [r.stop, r.pages, r.run.counts.accepted])).toEqual([
      ['time_budget', 2, 40],
      ['time_budget', 2, 40],
      ['caught_up', 1, 20],
    ]);
    expect(runs.map((r) => r.run.status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    expect((await pulls.getPullState('vendor-link'))?.watermark).toBe(
      '2025-01-06T00:09:59.000Z',
    );
  });

  it('pulls OneRoster 1.2 enrollments into the roster', async () => {
    const enrollment = (n: number, role: string) => ({
      sourcedId: `e${n}`,
      status: 'active',
      dateLastModified: `2025-03-0${n}T00:00:00Z`,
      role,
      user: { sourcedId: `u${n}`, type: 'user' },
      class: { sourcedId: 'k-101', type: 'class' },
      school: { sourcedId: 'sch1', type: 'org' },
    });
    api = await startFakeVendorApi(
      {
        style: 'link',
        pageSize: 2,
        recordsField: 'enrollments',
        updatedField: 'dateLastModified',
      },
      [
        enrollment(1, 'student'),
        enrollment(2, 'student'),
        enrollment(3, 'teacher'),
        enrollment(4, 'guardian'),
      ],
    );
    const connector = parseConnector(
      {
        id: 'sis-roster',
        kind: 'oneroster',
        programId: 'oneroster',
        baseUrl: api.url,
        resource: '/ims/oneroster/rostering/v1p2/enrollments',
        recordsField: 'enrollments',
        auth: { type: 'none' },
        pagination: { style: 'link' },
        incremental: {
          field: 'dateLastModified',
          param: 'filter',
          template: "dateLastModified>='{since}'",
        },
        schedule: 'cron(0 5 * * ? *)',
      },
      'test',
    );

    const out = await runPull(pullDeps(stack), connector);

    expect(out.run.counts).toMatchObject({ parsed: 4, accepted: 3, rejected: 1 });
    expect(await store.listClassStudents('k-101')).toEqual(['u1', 'u2']);
    expect((await store.listClassStaff('k-101')).map((e) => e.userId)).toEqual(['u3']);
    expect(out.state.watermark).toBe('2025-03-04T00:00:00Z');
  });
});
