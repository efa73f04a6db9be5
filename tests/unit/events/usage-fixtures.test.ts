/**
 * Pushed events without a score that state a time on task become usage
 * evidence (minutes, no score); the real conformance fixtures give the
 * durations. Events with neither stay event records only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mapCaliperEvent } from '../../../shared/caliper/map.js';
import type { LearnerResolver } from '../../../shared/events/identity.js';
import type { EventItem } from '../../../shared/events/model.js';
import { BUILTIN_PUSH_PROGRAMS } from '../../../shared/events/programs.js';
import { mapStatement } from '../../../shared/xapi/map.js';
import { Statement } from '../../../shared/xapi/schema.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';

const program = BUILTIN_PUSH_PROGRAMS[0]!;
const CALIPER = 'data/real/caliper-spec-v1p2/valid';
const XAPI = 'data/real/xapi-tincanvalidator-testdata/statement';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as unknown;

/** The events of a valid fixture: one event, or an envelope's events. */
function eventsOf(file: string): Record<string, unknown>[] {
  const json = readJson(sharedPath(CALIPER, file)) as Record<string, unknown>;
  const data = Array.isArray(json.data) ? json.data : [json];
  return (data as Record<string, unknown>[]).filter((e) => typeof e.action === 'string');
}

const usage = (item: EventItem) =>
  item.kind === 'evidence' && item.evidence.status === 'usage'
    ? [item.evidence.studentId, item.evidence.minutesOnTask, 'score' in item.evidence]
    : [item.kind];

describeWithShared(CALIPER, 'Caliper 1.2 fixtures with a time on task', () => {
  it('make usage evidence of exactly these events, with their minutes and no score', () => {
    const files = readdirSync(sharedPath(CALIPER)).filter((f) =>
      /^caliper(Event|Envelope)/.test(f),
    );

    const found = files.flatMap((file) =>
      eventsOf(file).flatMap((event, index) => {
        const item = mapCaliperEvent(event, index, { program, runId: 'r' });
        return item.kind === 'evidence' && item.evidence.status === 'usage'
          ? [[file, event.type, ...usage(item)]]
          : [];
      }),
    );

    expect(found).toEqual([
      ['caliperEnvelopeMixedBatch.json', 'AssessmentEvent', '554433', 40.2, false],
      ['caliperEventAssessmentSubmitted.json', 'AssessmentEvent', '554433', 10.5, false],
      [
        'caliperEventQuestionnaireItemCompletedOpenEndedQuestion.json',
        'QuestionnaireItemEvent',
        '554433',
        4.2,
        false,
      ],
      [
        'caliperEventQuestionnaireItemCompletedRatingScaleQuestion.json',
        'QuestionnaireItemEvent',
        '554433',
        4.2,
        false,
      ],
      ['caliperEventSessionLoggedOut.json', 'SessionEvent', '554433', 50, false],
      ['caliperEventSessionTimedOut.json', 'SessionEvent', '112233', 60, false],
      ['caliperEventToolUseUsedWithProgress.json', 'ToolUseEvent', '554433', 873, false],
    ]);
  });

  it('keeps the paused video as an event record: its duration is the video, not the viewer', () => {
    const [event] = eventsOf('caliperEventMediaPausedVideo.json');

    expect(mapCaliperEvent(event!, 0, { program, runId: 'r' }).kind).toBe('recorded');
  });
});

describeWithShared(XAPI, 'xAPI fixtures with a duration and no score', () => {
  const longStatement = () =>
    Statement.parse(readJson(sharedPath(XAPI, '102-good-xAPI_appendix_A#3_long.json')));

  it('holds the team meeting of an unknown group until its mbox hash is mapped', () => {
    const item = mapStatement(longStatement(), 0, { program, runId: 'r' });

    expect(item).toMatchObject({
      kind: 'held',
      waitingFor: 'student:district-lrs:c1a75bfda9e0dda862decc6b180b2d8b052e49bf',
    });
  });

  it('makes it 60 minutes of usage once the learner resolves', () => {
    const resolve: LearnerResolver = () => ({
      resolved: true,
      studentId: 'S-9',
      matchedBy: 'mapping',
    });

    const item = mapStatement(longStatement(), 0, { program, runId: 'r', resolve });

    expect(usage(item)).toEqual(['S-9', 60, false]);
    expect(item.kind === 'evidence' && item.evidence.itemId).toBe(
      'http://www.example.com/meetings/occurances/34534',
    );
  });

  it('keeps a statement with neither score nor duration as an event record only', () => {
    const statement = Statement.parse(
      readJson(sharedPath(XAPI, '000-good-basic#1.json')),
    );

    expect(mapStatement(statement, 0, { program, runId: 'r' }).kind).toBe('recorded');
  });
});
