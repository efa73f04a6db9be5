import { readFileSync } from 'node:fs';
import {
  HttpConnector,
  pushAssignment,
  MAX_RECEIVES,
  VendorUnavailableError,
  type Assignment,
} from '../../../shared/assignments/index.js';
import { silentLog } from '../../../shared/log.js';
import { startFakeVendor, type FakeVendor } from '../../support/fake-vendor-lms.js';
import { MemoryAssignmentStore } from './memory-store.js';

const c16 = JSON.parse(
  readFileSync('/work/shared/cases/inputs/C16-assignment-push-retry.json', 'utf8'),
) as {
  assignment: {
    externalRef: string;
    title: string;
    classSourcedId: string;
    dueAt: string;
    standards: string[];
  };
};

function c16Assignment(): Assignment {
  const a = c16.assignment;
  return {
    assignmentId: a.externalRef,
    classId: a.classSourcedId,
    programId: 'vendor-lms',
    contentId: 'fractions-3',
    title: a.title,
    standards: a.standards,
    studentIds: ['stu-1', 'stu-2'],
    dueAt: a.dueAt,
    status: 'pending',
    attempts: 0,
    createdAt: '2025-03-17T12:00:00Z',
    updatedAt: '2025-03-17T12:00:00Z',
  };
}

let vendor: FakeVendor;
let store: MemoryAssignmentStore;

const deps = () => ({
  store,
  log: silentLog,
  connectorFor: () =>
    new HttpConnector({ endpoint: vendor.url, secret: vendor.secret, timeoutMs: 300 }),
  retry: { sleep: async () => undefined },
});

beforeEach(async () => {
  vendor = await startFakeVendor(77);
  store = new MemoryAssignmentStore();
  await store.createAssignment(c16Assignment());
});

afterEach(async () => {
  await vendor.stop();
});

describe('C16: an assignment push retried after a lost response', () => {
  it('creates one vendor assignment, maps it to V-77 and keeps the -05:00 due date through a timeout, a retry and a scheduled re-run', async () => {
    vendor.faults.POST.push('timeout');

    const first = await pushAssignment(deps(), 'asg-2025-0042', 1);
    const rerun = await pushAssignment(deps(), 'asg-2025-0042', 1);

    expect(vendor.byExternalRef('asg-2025-0042')).toHaveLength(1);
    expect(first?.vendorAssignmentId).toBe('V-77');
    expect(first?.status).toBe('acknowledged');
    expect(rerun?.vendorAssignmentId).toBe('V-77');
    expect(vendor.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(vendor.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    expect(vendor.assignments.get('V-77')?.dueAt).toBe('2025-03-21T23:59:00-05:00');
    expect((await store.getAssignment('asg-2025-0042'))?.dueAt).toBe(
      '2025-03-21T23:59:00-05:00',
    );
  });

  it('finds V-77 by external reference when the response was lost after the vendor created it', async () => {
    vendor.faults.POST.push('lose');

    const result = await pushAssignment(deps(), 'asg-2025-0042', 1);

    expect(result?.vendorAssignmentId).toBe('V-77');
    expect(vendor.byExternalRef('asg-2025-0042')).toHaveLength(1);
  });

  it('updates V-77 instead of creating another when a re-run carries a changed title', async () => {
    await pushAssignment(deps(), 'asg-2025-0042', 1);
    const changed = {
      ...(store.items.get('asg-2025-0042') as Assignment),
      title: 'Fractions check-in 3 (revised)',
    };
    store.items.set('asg-2025-0042', changed);

    await pushAssignment(deps(), 'asg-2025-0042', 1);

    expect(vendor.byExternalRef('asg-2025-0042').map((a) => [a.id, a.title])).toEqual([
      ['V-77', 'Fractions check-in 3 (revised)'],
    ]);
  });

  it('retries through 429 and 500 and then acknowledges', async () => {
    vendor.faults.GET.push(429, 500);

    const result = await pushAssignment(deps(), 'asg-2025-0042', 1);

    expect(result?.status).toBe('acknowledged');
    expect(vendor.requests.map((r) => r.fault ?? r.method)).toEqual([
      429,
      500,
      'GET',
      'POST',
    ]);
  });

  it('keeps the assignment pending with the reason and throws so the queue redelivers', async () => {
    vendor.faults.GET.push(500, 500, 500);

    await expect(pushAssignment(deps(), 'asg-2025-0042', 1)).rejects.toBeInstanceOf(
      VendorUnavailableError,
    );

    const stored = await store.getAssignment('asg-2025-0042');
    expect(stored?.status).toBe('pending');
    expect(stored?.reason).toBe('GET /v1/assignments answered 500; will retry');
  });

  it('marks the assignment failed at the last delivery before the dead-letter queue', async () => {
    vendor.faults.GET.push(500, 500, 500);

    await expect(pushAssignment(deps(), 'asg-2025-0042', MAX_RECEIVES)).rejects.toThrow();

    const stored = await store.getAssignment('asg-2025-0042');
    expect(stored?.status).toBe('failed');
    expect(stored?.reason).toBe(
      `GET /v1/assignments answered 500; gave up after ${MAX_RECEIVES} deliveries (dead-letter queue)`,
    );
  });

  it('fails for good without throwing when the vendor refuses the signature', async () => {
    const wrong = {
      ...deps(),
      connectorFor: () => new HttpConnector({ endpoint: vendor.url, secret: 'wrong' }),
    };

    const result = await pushAssignment(wrong, 'asg-2025-0042', 1);

    expect(result?.status).toBe('failed');
    expect(result?.reason).toBe('GET /v1/assignments answered 401');
    expect(vendor.assignments.size).toBe(0);
  });
});
