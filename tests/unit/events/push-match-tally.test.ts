/**
 * PushMatchTally: which events of a push count in its match rate, and how,
 * given the event records an earlier run left (a fake record store).
 */
import {
  PushMatchTally,
  type LearnerResolver,
  type LearnerRef,
} from '../../../shared/events/identity.js';
import type { EventItem, EventRecord } from '../../../shared/events/model.js';
import { findPushProgram } from '../../../shared/events/programs.js';

const program = findPushProgram('district-lrs');
const known: LearnerResolver = (learner) =>
  learner.account?.name === 'S-1'
    ? { resolved: true, studentId: 'S-1', matchedBy: 'sourcedId' }
    : {
        resolved: false,
        waitingFor: `student:district-lrs:${learner.account?.name}`,
        reason: 'no match',
        why: 'no_match',
      };
const learner = (name: string): LearnerRef => ({
  account: { homePage: 'https://lms.example.com', name },
});
const held = (eventId: string, contentHash = `h-${eventId}`): EventItem => ({
  index: 0,
  eventId,
  contentHash,
  kind: 'held',
  waitingFor: 'x',
  reason: 'x',
  payload: '{}',
});
const record = (eventId: string, over: Partial<EventRecord>): EventRecord => ({
  programId: 'district-lrs',
  format: 'xapi',
  eventId,
  contentHash: `h-${eventId}`,
  runId: 'earlier',
  recordedAt: '2025-03-01T00:00:00.000Z',
  ...over,
});
const storeOf = (records: EventRecord[]) => {
  const asked: string[][] = [];
  return {
    asked,
    async getEventRecords(_p: string, _f: string, ids: readonly string[]) {
      asked.push([...ids]);
      return new Map(
        records.filter((r) => ids.includes(r.eventId)).map((r) => [r.eventId, r]),
      );
    },
  };
};

describe('PushMatchTally', () => {
  it('counts a held resend matched only when its record has the same content and a student', async () => {
    const tally = new PushMatchTally();
    const resolve = tally.counting(known);
    // Each "map": asks (or not) for its learner, then returns its item.
    const map = (name: string | undefined, item: EventItem) => {
      if (name !== undefined) resolve(learner(name), program);
      return tally.item(item);
    };
    map('S-1', {
      index: 0,
      eventId: 'fresh',
      contentHash: 'h',
      kind: 'evidence',
      evidence: {} as never,
    });
    map('V-2', held('linked'));
    map(undefined, held('reviewed'));
    map('V-3', held('other-content', 'changed'));
    map('V-4', held('never-linked'));
    map(undefined, {
      index: 0,
      eventId: 'void',
      contentHash: 'v',
      kind: 'void',
      targetId: 't',
    });
    const store = storeOf([
      record('linked', { studentId: 'S-2', evidenceId: 'e2' }),
      record('reviewed', { studentId: 'S-5', evidenceId: 'e5' }),
      record('other-content', { studentId: 'S-3', evidenceId: 'e3' }),
      record('never-linked', {}),
    ]);

    const rate = await tally.matchRate(store, 'district-lrs', 'xapi');

    expect(rate).toEqual({
      records: 5,
      matched: 3,
      byKind: { sourcedId: 1, earlierRun: 2 },
      unmatched: { no_match: 2 },
      unmatchedIds: ['V-3', 'V-4'],
    });
    // Only the held events were looked up, in one read.
    expect(store.asked).toEqual([
      ['linked', 'reviewed', 'other-content', 'never-linked'],
    ]);
  });

  it('reads no record when nothing is held', async () => {
    const tally = new PushMatchTally();
    tally.counting(known)(learner('S-1'), program);
    tally.item({
      index: 0,
      eventId: 'a',
      contentHash: 'h',
      kind: 'evidence',
      evidence: {} as never,
    });
    const store = storeOf([]);

    expect(await tally.matchRate(store, 'district-lrs', 'xapi')).toEqual({
      records: 1,
      matched: 1,
      byKind: { sourcedId: 1 },
      unmatched: {},
      unmatchedIds: [],
    });
    expect(store.asked).toEqual([]);
  });
});
