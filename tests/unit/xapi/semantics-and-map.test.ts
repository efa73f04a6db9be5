/** xAPI score semantics beyond the schema (C10) and statement mapping, with exact values. */
import { scoreProblems } from '../../../shared/xapi/semantics.js';
import { mapStatement } from '../../../shared/xapi/map.js';
import { Statement } from '../../../shared/xapi/schema.js';
import { BUILTIN_PUSH_PROGRAMS } from '../../../shared/events/programs.js';

const program = BUILTIN_PUSH_PROGRAMS[0]!;
const statement = (over: Record<string, unknown> = {}) =>
  Statement.parse({
    id: '6f1c2a9e-1d4b-4c1e-9a51-0a7e3b2c9d01',
    actor: {
      name: 'Leo Park',
      account: { homePage: 'https://sis.example-district.org/', name: '0100411' },
    },
    verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
    object: { id: 'https://vendor-e.example.com/items/q-401' },
    context: {
      extensions: {
        'https://example.org/xapi/ext/standard': 'CCSS.MATH.CONTENT.6.RP.A.1',
      },
    },
    result: { score: { raw: 3, min: 0, max: 4 }, duration: 'PT1M30S' },
    timestamp: '2025-03-11T08:00:00-05:00',
    ...over,
  });

describe('score semantics', () => {
  it.each([
    [
      { scaled: 0, raw: 34, min: 0, max: 0 },
      [
        'score.max must be greater than score.min',
        'score.scaled cannot be checked against raw without a valid range',
      ],
    ],
    [{ raw: 5, min: 0, max: 4 }, ['score.raw must lie within [score.min, score.max]']],
    [{ scaled: 0.9, raw: 3, max: 4 }, ['score.scaled 0.9 disagrees with raw/max (0.75)']],
    [
      { raw: 85 },
      [
        'score.raw without score.max or score.scaled: points and percent cannot be told apart',
      ],
    ],
    [{ scaled: -0.5 }, ['a negative score.scaled has no place on the 0-1 mastery scale']],
    [{ scaled: 0.75, raw: 3, min: 0, max: 4 }, []],
    // Without min the range starts at 0, as the fraction is taken.
    [{ raw: 0, max: 0 }, ['score.max must be greater than score.min (0 when absent)']],
    [{ raw: 5, max: 0 }, ['score.max must be greater than score.min (0 when absent)']],
    [{ raw: -10, max: -5 }, ['score.max must be greater than score.min (0 when absent)']],
    [
      { raw: -5, max: 5 },
      ['score.raw must lie within [score.min (0 when absent), score.max]'],
    ],
    [{ raw: 3, max: 4 }, []],
  ])('%j has problems %j', (score, problems) => {
    expect(scoreProblems(score)).toEqual(problems);
  });

  it('rejects a numeric string score in the schema, never reading it as a number', () => {
    const result = Statement.safeParse({
      ...statement(),
      result: { score: { raw: '34', max: 40 } },
    });
    expect(result.success).toBe(false);
  });
});

describe('statement mapping', () => {
  it('maps raw over range to a score, keeps the id with its leading zero, normalizes the standard', () => {
    const item = mapStatement(statement(), 4, { program, runId: 'run-1' });

    expect(item.kind).toBe('evidence');
    if (item.kind !== 'evidence') return;
    expect(item.evidence).toMatchObject({
      studentId: '0100411',
      itemId: 'https://vendor-e.example.com/items/q-401',
      standards: ['6.RP.A.1'],
      status: 'scored',
      score: 0.75,
      minutesOnTask: 1.5,
      occurredAt: '2025-03-11T13:00:00.000Z',
      source: {
        kind: 'push',
        uri: 'POST /ingest/xapi/statements',
        line: 5,
        runId: 'run-1',
      },
    });
  });

  it('holds an mbox-only actor under its mbox_sha1sum, never the address itself', () => {
    const item = mapStatement(
      statement({ actor: { name: 'Leo Park', mbox: 'mailto:leo@example.org' } }),
      0,
      { program, runId: 'r' },
    );

    expect(item).toMatchObject({ kind: 'held' });
    // printf '%s' 'mailto:leo@example.org' | sha1sum
    expect(item.kind === 'held' && item.waitingFor).toBe(
      'student:district-lrs:f5a6d964edf47b08f6c890595d372bac896c1c24',
    );
    expect(item.kind === 'held' && item.waitingFor).not.toContain('leo');
  });

  it('maps a voiding statement to a void of its target', () => {
    const voiding = statement({
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef', id: 'E0000000-0000-4000-8000-0000000000E1' },
      result: undefined,
    });

    expect(mapStatement(voiding, 0, { program, runId: 'r' })).toMatchObject({
      kind: 'void',
      targetId: 'e0000000-0000-4000-8000-0000000000e1',
    });
  });

  it('keeps a statement without a score as recorded, with no evidence', () => {
    expect(
      mapStatement(statement({ result: { completion: true } }), 0, {
        program,
        runId: 'r',
      }),
    ).toMatchObject({ kind: 'recorded' });
  });
});
