/** Caliper validation reasons and the mapping of events to evidence, with exact values. */
import { validateDataItem } from '../../../shared/caliper/validate.js';
import { mapCaliperEvent } from '../../../shared/caliper/map.js';
import { BUILTIN_PUSH_PROGRAMS } from '../../../shared/events/programs.js';

const program = BUILTIN_PUSH_PROGRAMS[0]!;

const gradeEvent = (over: Record<string, unknown> = {}) => ({
  '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  id: 'urn:uuid:a50ca17f-5971-47bb-8fca-4e6e6879001d',
  type: 'GradeEvent',
  actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
  action: 'Graded',
  object: {
    id: 'https://example.edu/attempts/1',
    type: 'Attempt',
    assignee: 'https://example.edu/users/00554433',
    assignable: 'https://example.edu/assess/1',
    count: 2,
    duration: 'PT50M12S',
  },
  generated: {
    id: 'https://example.edu/scores/1',
    type: 'Score',
    maxScore: 15,
    scoreGiven: 10,
  },
  eventTime: '2016-11-15T10:57:06.000Z',
  ...over,
});

describe('Caliper validation', () => {
  it('accepts a grade event', () => {
    expect(validateDataItem(gradeEvent(), '')).toEqual([]);
  });

  it('rejects an unknown action as the action it is, never a default', () => {
    expect(validateDataItem(gradeEvent({ action: 'Regraded' }), '')).toEqual([
      {
        path: 'action',
        message: 'unknown action "Regraded" (not in the Caliper 1.2 vocabulary)',
      },
    ]);
  });

  it('rejects an action of another event type', () => {
    expect(validateDataItem(gradeEvent({ action: 'Viewed' }), '')).toEqual([
      { path: 'action', message: '"Viewed" is not an action of GradeEvent' },
    ]);
  });

  it('rejects an event id that is not a urn:uuid and a bad duration', () => {
    const event = gradeEvent({ id: 'https://example.edu/events/1' });
    (event.object as Record<string, unknown>).duration = '50 minutes';

    expect(validateDataItem(event, '')).toEqual([
      { path: 'id', message: 'must be a urn:uuid identifier' },
      { path: 'object.duration', message: 'must be an ISO 8601 duration, e.g. PT5M30S' },
    ]);
  });
});

describe('Caliper mapping', () => {
  it('maps a grade to a score on [0,1] for the assignee, with time on task and attempt', () => {
    const item = mapCaliperEvent(gradeEvent(), 0, { program, runId: 'run-1' });

    expect(item.kind).toBe('evidence');
    if (item.kind !== 'evidence') return;
    expect(item.evidence).toMatchObject({
      studentId: '00554433',
      itemId: 'https://example.edu/assess/1',
      status: 'scored',
      score: 10 / 15,
      sequence: 2,
      minutesOnTask: 50.2,
      occurredAt: '2016-11-15T10:57:06.000Z',
      source: { kind: 'push', uri: 'POST /ingest/caliper', line: 1, runId: 'run-1' },
    });
    expect(item.eventId).toBe('urn:uuid:a50ca17f-5971-47bb-8fca-4e6e6879001d');
  });

  it('holds a grade whose maxScore is 0 instead of dividing by it', () => {
    const event = gradeEvent({
      generated: {
        id: 'https://example.edu/scores/1',
        type: 'Score',
        maxScore: 0,
        scoreGiven: 0,
      },
    });

    const item = mapCaliperEvent(event, 0, { program, runId: 'run-1' });

    expect(item).toMatchObject({ kind: 'held', waitingFor: 'score-review' });
  });

  it('holds a grade for a person outside the district', () => {
    const event = gradeEvent();
    (event.object as Record<string, unknown>).assignee =
      'https://other.example.com/people/7';

    const item = mapCaliperEvent(event, 0, { program, runId: 'run-1' });

    expect(item).toMatchObject({ kind: 'held' });
    expect(item.kind === 'held' && item.waitingFor).toBe(
      'student:district-lrs:https://other.example.com/people/7',
    );
  });

  const toolUse = (over: Record<string, unknown> = {}) => ({
    ...gradeEvent(),
    type: 'ToolUseEvent',
    action: 'Used',
    actor: { id: 'https://example.edu/users/00554433', type: 'Person' },
    object: { id: 'https://example.edu', type: 'SoftwareApplication', duration: 'PT15M' },
    generated: undefined,
    ...over,
  });

  it('makes a tool use event with a duration usage evidence: minutes, no score', () => {
    const item = mapCaliperEvent(toolUse(), 0, { program, runId: 'r' });

    expect(item).toMatchObject({
      kind: 'evidence',
      evidence: {
        studentId: '00554433',
        itemId: 'https://example.edu',
        status: 'usage',
        minutesOnTask: 15,
        standards: [],
        occurredAt: '2016-11-15T10:57:06.000Z',
      },
    });
    expect(item.kind === 'evidence' && 'score' in item.evidence).toBe(false);
  });

  it('keeps an event with neither score nor duration as an event record only', () => {
    const object = { id: 'https://example.edu', type: 'SoftwareApplication' };

    expect(mapCaliperEvent(toolUse({ object }), 0, { program, runId: 'r' })).toEqual({
      index: 0,
      eventId: 'urn:uuid:a50ca17f-5971-47bb-8fca-4e6e6879001d',
      contentHash: expect.any(String),
      kind: 'recorded',
    });
  });

  it("never reads a video's length as time on task", () => {
    const object = {
      id: 'https://example.edu/v/1',
      type: 'VideoObject',
      duration: 'PT1H',
    };

    const item = mapCaliperEvent(
      toolUse({ type: 'MediaEvent', action: 'Paused', object }),
      0,
      { program, runId: 'r' },
    );

    expect(item.kind).toBe('recorded');
  });

  it('holds usage of a learner the district does not know, like a grade', () => {
    const actor = { id: 'https://partner.example.org/people/9', type: 'Person' };

    expect(mapCaliperEvent(toolUse({ actor }), 0, { program, runId: 'r' })).toMatchObject(
      {
        kind: 'held',
        waitingFor: 'student:district-lrs:https://partner.example.org/people/9',
      },
    );
  });
});
