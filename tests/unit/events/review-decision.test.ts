import { deterministicId } from '../../../shared/ids.js';
import type { HeldRecord } from '../../../shared/model.js';
import { heldEventPayload } from '../../../shared/events/model.js';
import { BUILTIN_PUSH_PROGRAMS } from '../../../shared/events/programs.js';
import { resolveByDistrictId } from '../../../shared/events/identity.js';
import {
  decisionText,
  heldEventOf,
  parseDecisions,
  planReviewItem,
  reviewerResolver,
  ReviewRefusedError,
} from '../../../shared/events/review-decision.js';

const program = BUILTIN_PUSH_PROGRAMS[0]!;
const SIS = 'https://sis.example-district.org';
const ID = 'bbbbbbbb-0000-4000-8000-000000000001';

const statement = (over: Record<string, unknown> = {}) => ({
  id: ID,
  actor: { account: { homePage: SIS, name: '100724' } },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: 'https://vendor.example.com/items/7' },
  result: { score: { raw: 12, max: 0 } },
  timestamp: '2025-03-01T10:00:00Z',
  ...over,
});

const held = (
  event: unknown,
  waitingFor = 'score-review',
  format: 'xapi' | 'caliper' = 'xapi',
): HeldRecord => ({
  programId: 'district-lrs',
  heldId: deterministicId('district-lrs', format, ID),
  waitingFor,
  reason: 'score.max must be greater than score.min',
  runId: 'push-run-1',
  source: { uri: 'POST /ingest/xapi/statements', line: 2 },
  payload: heldEventPayload(format, JSON.stringify(event)),
  heldAt: '2025-03-02T00:00:00.000Z',
});

const ctx = { program, resolve: resolveByDistrictId };

describe('planReviewItem', () => {
  it('maps a held xAPI score with the reviewer score in place of the event one', () => {
    const item = planReviewItem(
      heldEventOf(held(statement())),
      { kind: 'score', score: 0.8 },
      ctx,
    );

    expect([item.eventId, item.evidence.studentId, item.evidence.score]).toEqual([
      ID,
      '100724',
      0.8,
    ]);
    expect(item.evidence.evidenceId).toBe(deterministicId('district-lrs', 'xapi', ID));
    expect(item.evidence.source).toEqual({
      kind: 'push',
      uri: 'POST /ingest/xapi/statements',
      line: 2,
      runId: 'push-run-1',
    });
  });

  it('keeps only the time on task for usage when the statement has a duration', () => {
    const item = planReviewItem(
      heldEventOf(held(statement({ result: { score: { raw: 5 }, duration: 'PT15M' } }))),
      { kind: 'usage' },
      ctx,
    );

    expect([
      item.evidence.status,
      item.evidence.score,
      item.evidence.minutesOnTask,
    ]).toEqual(['usage', undefined, 15]);
  });

  it('refuses usage for a statement without a duration, naming the heldId', () => {
    const record = held(statement());

    expect(() => planReviewItem(heldEventOf(record), { kind: 'usage' }, ctx)).toThrow(
      `held record ${record.heldId}: the event states no time on task; ` +
        'decide --score or --reject',
    );
  });

  it('maps a learner-review event with the student the reviewer names', () => {
    const anonymous = statement({
      // An anonymous group names its members, not the learner the score is of.
      actor: {
        objectType: 'Group',
        member: [{ account: { homePage: 'https://vendor.example.com', name: 'team-4' } }],
      },
      result: { score: { scaled: 0.6 } },
    });
    const item = planReviewItem(
      heldEventOf(held(anonymous, 'learner-review')),
      { kind: 'student', studentId: 'S-9' },
      { program, resolve: reviewerResolver('S-9') },
    );

    expect([item.evidence.studentId, item.evidence.score]).toEqual(['S-9', 0.6]);
  });

  it('refuses a student decision for a score-review record', () => {
    expect(() =>
      planReviewItem(
        heldEventOf(held(statement())),
        { kind: 'student', studentId: 'S-9' },
        ctx,
      ),
    ).toThrow(/waits for score-review; decide --score <0..1>, --usage or --reject/);
  });

  it('refuses a score for a learner-review record', () => {
    expect(() =>
      planReviewItem(
        heldEventOf(held(statement(), 'learner-review')),
        { kind: 'score', score: 0.5 },
        ctx,
      ),
    ).toThrow(
      /waits for learner-review; name the student with --student <id> or --reject/,
    );
  });

  it('refuses a score whose learner still does not resolve, asking for --student', () => {
    const outsider = statement({
      actor: { account: { homePage: 'https://other.example.org', name: 'x-1' } },
    });

    expect(() =>
      planReviewItem(heldEventOf(held(outsider)), { kind: 'score', score: 0.5 }, ctx),
    ).toThrow(/its learner does not resolve \(learner x-1 is not a district student id/);
  });

  it('maps a Caliper grade with the reviewer score over a maxScore of 1', () => {
    const grade = {
      id: `urn:uuid:${ID}`,
      type: 'GradeEvent',
      action: 'Graded',
      actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
      object: {
        id: 'https://example.edu/attempts/9',
        type: 'Attempt',
        assignee: 'https://example.edu/users/700',
        assignable: 'https://example.edu/assess/9',
      },
      generated: {
        id: 'https://example.edu/scores/9',
        type: 'Score',
        scoreGiven: 12,
        maxScore: 0,
      },
      eventTime: '2025-03-01T10:00:00.000Z',
    };

    const item = planReviewItem(
      heldEventOf(held(grade, 'score-review', 'caliper')),
      { kind: 'score', score: 0.25 },
      ctx,
    );

    expect([item.evidence.studentId, item.evidence.itemId, item.evidence.score]).toEqual([
      '700',
      'https://example.edu/assess/9',
      0.25,
    ]);
  });
});

describe('parseDecisions', () => {
  it('refuses a score outside [0,1] naming the field and the fix', () => {
    expect(() =>
      parseDecisions([
        {
          programId: 'district-lrs',
          heldId: 'h1',
          action: { kind: 'score', score: 1.5 },
          reviewedBy: 'staff-1',
        },
      ]),
    ).toThrow(ReviewRefusedError);
    expect(() =>
      parseDecisions([
        {
          programId: 'district-lrs',
          heldId: 'h1',
          action: { kind: 'score', score: 1.5 },
          reviewedBy: 'staff-1',
        },
      ]),
    ).toThrow(/^decision 1: action\.score: .* \(a fraction from 0 to 1, e\.g\. 0\.8\)$/);
  });

  it('refuses a decision without a reviewer', () => {
    expect(() =>
      parseDecisions([
        { programId: 'district-lrs', heldId: 'h1', action: { kind: 'usage' } },
      ]),
    ).toThrow(/^decision 1: reviewedBy: /);
  });

  it('refuses a reject with a blank reason', () => {
    expect(() =>
      parseDecisions([
        {
          programId: 'district-lrs',
          heldId: 'h1',
          action: { kind: 'reject', reason: '  ' },
          reviewedBy: 'staff-1',
        },
      ]),
    ).toThrow(
      'decision 1: action.reason: give the reason, e.g. --reject "points, not a percent"',
    );
  });
});

describe('decisionText', () => {
  it('names each decision as its provenance keeps it', () => {
    expect(
      [
        { kind: 'score' as const, score: 0.8 },
        { kind: 'score' as const, score: 0.8, studentId: 'S-1' },
        { kind: 'usage' as const },
        { kind: 'student' as const, studentId: 'S-1' },
        { kind: 'reject' as const, reason: 'test data' },
      ].map(decisionText),
    ).toEqual(['score 0.8', 'score 0.8 student S-1', 'usage', 'student S-1', 'reject']);
  });
});
