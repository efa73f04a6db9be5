/**
 * Issue 6 end to end on the local stack: the demo class 13241 ingested
 * through an S3 drop, a focus plan, the week's plan, and an approved push
 * delivered through the local queue to a fake vendor exactly once despite
 * injected timeouts, lost responses and 500s.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFile, waitForRun } from '../../infra/local/drop-file.js';
import type { WeekPlan } from '../../shared/planning/index.js';
import { readDemoLines } from '../support/demo-data.js';
import { startFakeVendor, type FakeVendor } from '../support/fake-vendor-lms.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const CLASS = '13241';
const WEEK = '2025-W12';
interface Approval {
  queued: number;
  assignments: { assignmentId: string }[];
}
interface Problem {
  details: unknown[];
}
let t: TestStack;
let vendor: FakeVendor;

async function send(method: string, path: string, body: unknown) {
  const token = await t.token({ role: 'district_admin', sub: 'assign-admin' });
  const res = await fetch(`${t.stack.urls.api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Approval & Problem };
}

beforeAll(async () => {
  t = await startTestStack();
  vendor = await startFakeVendor(77);
  process.env.LABLINK_TIME_ZONE = 'America/New_York';
  process.env.VENDOR_LMS_SECRET = vendor.secret;
  process.env.LABLINK_PUSH_CONNECTORS = JSON.stringify({
    assistments: {
      kind: 'http',
      endpoint: vendor.url,
      secretEnv: 'VENDOR_LMS_SECRET',
      timeoutMs: 300,
    },
  });
  t.stack.assignmentQueue.visibilityTimeoutMs = 200;

  // Only class 13241's rows: the plan needs that class's students and mastery.
  const [header, ...rows] = readDemoLines();
  const col = (header as string).split(',').indexOf('student_class_id');
  const subset = rows.filter((r) => r.split(',')[col] === CLASS);
  const file = join(mkdtempSync(join(tmpdir(), 'lablink-assign-')), 'class-13241.csv');
  writeFileSync(file, [header, ...subset].join('\n') + '\n');
  const drop = await dropFile(t.s3, t.stack.bucket, 'assistments', file);
  const run = await waitForRun(t.store, drop.runId);
  expect(run.counts.accepted).toBe(346);
  await t.stack.idle();
});

afterAll(async () => {
  await vendor?.stop();
  await t?.stack.stop();
});

describe('Assignments through the local stack', () => {
  it('saves a focus plan and names unknown standards with a suggestion', async () => {
    const bad = await send('PUT', `/classes/${CLASS}/focus`, {
      entries: [{ standards: ['6.SP.4'], from: '2025-03-17', to: '2025-03-28' }],
    });
    const good = await send('PUT', `/classes/${CLASS}/focus`, {
      entries: [
        {
          standards: ['6.SP.B.4', '6.RP.A.3a'],
          from: '2025-03-17',
          to: '2025-03-28',
          unit: 'Data displays',
        },
      ],
    });
    const read = await t.get(`/classes/${CLASS}/focus`);

    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([
      {
        field: 'entries.0.standards.0',
        message:
          'not in the catalog; the cluster letter is missing (did you mean 6.SP.B.4?)',
        value: '6.SP.4',
        suggestion: '6.SP.B.4',
      },
    ]);
    expect(good.status).toBe(200);
    expect((read.body as { entries: unknown[] }).entries).toEqual([
      {
        standards: ['6.SP.B.4', '6.RP.A.3.A'],
        from: '2025-03-17',
        to: '2025-03-28',
        unit: 'Data displays',
      },
    ]);
  });

  it('plans the week for real class 13241 within the budget, the same way twice', async () => {
    const first = await t.get(`/classes/${CLASS}/assignments/plan?week=${WEEK}`);
    const second = await t.get(`/classes/${CLASS}/assignments/plan?week=${WEEK}`);
    const plan = first.body as WeekPlan;
    const items = plan.students.flatMap((s) => s.items);

    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(plan.dueAt).toBe('2025-03-21T23:59:00-04:00');
    expect(plan.focus.map((f) => f.standard)).toEqual(['6.RP.A.3.A', '6.SP.B.4']);
    expect(plan.students).toHaveLength(38);
    expect(items.length).toBeGreaterThan(0);
    for (const s of plan.students) {
      expect(s.minutesByProgram.assistments ?? 0).toBeLessThanOrEqual(60);
      expect(s.items.length + s.notes.length).toBeGreaterThan(0);
    }
    for (const i of items) {
      expect(i.programId).toBe('assistments');
      expect(i.reason).toMatch(
        /is this week's focus \(Data displays, taught 2025-03-17 to 2025-03-28\)/,
      );
    }
  });

  it('delivers an approved plan once per assignment despite timeouts, lost responses and 500s', async () => {
    vendor.faults.POST.push('timeout', 'lose');
    vendor.faults.GET.push(500);

    const approved = await send('POST', `/classes/${CLASS}/assignments`, { week: WEEK });
    await t.stack.assignmentQueue.idle();
    const again = await send('POST', `/classes/${CLASS}/assignments`, { week: WEEK });
    await t.stack.assignmentQueue.idle();

    const ids = (approved.body.assignments as { assignmentId: string }[]).map(
      (a) => a.assignmentId,
    );
    expect(approved.status).toBe(202);
    expect(ids.length).toBeGreaterThan(0);
    expect(again.body.queued).toBe(0);
    expect(vendor.assignments.size).toBe(ids.length);
    for (const id of ids) {
      const status = await t.get(`/assignments/${id}`);
      const a = status.body as {
        status: string;
        vendorAssignmentId: string;
        dueAt: string;
      };
      expect(a.status).toBe('acknowledged');
      expect(vendor.byExternalRef(id)).toHaveLength(1);
      expect(vendor.byExternalRef(id)[0]?.id).toBe(a.vendorAssignmentId);
      expect(vendor.byExternalRef(id)[0]?.dueAt).toBe('2025-03-21T23:59:00-04:00');
    }
    expect(vendor.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual([
      500,
      'timeout',
      'lose',
    ]);
    expect(t.stack.assignmentQueue.deadLetters).toEqual([]);
  });

  it('answers 404 for an unknown assignment', async () => {
    const res = await t.get('/assignments/asg-none');

    expect(res.status).toBe(404);
  });
});
