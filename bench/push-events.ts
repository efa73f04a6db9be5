/**
 * Caliper and xAPI batch throughput for `npm run bench:ingest`: validation
 * and mapping to evidence in process (no network, no table), over generated
 * batches the size the push endpoints accept.
 */
import { validateDataItem } from '../shared/caliper/validate.js';
import { mapCaliperEvent } from '../shared/caliper/map.js';
import { BUILTIN_PUSH_PROGRAMS } from '../shared/events/programs.js';
import { MAX_PUSH_ITEMS } from '../shared/events/push.js';
import { Statement } from '../shared/xapi/schema.js';
import { mapStatement } from '../shared/xapi/map.js';

const EVENTS = 200_000;
const program = BUILTIN_PUSH_PROGRAMS[0]!;
const hex = (i: number) => i.toString(16).padStart(12, '0');

const gradeEvent = (i: number) => ({
  '@context': 'http://purl.imsglobal.org/ctx/caliper/v1p2',
  id: `urn:uuid:a50ca17f-5971-47bb-8fca-${hex(i)}`,
  type: 'GradeEvent',
  actor: { id: 'https://example.edu/autograder', type: 'SoftwareApplication' },
  action: 'Graded',
  object: {
    id: `https://example.edu/attempts/${i}`,
    type: 'Attempt',
    assignee: `https://example.edu/users/${100000 + (i % 5000)}`,
    assignable: `https://example.edu/assess/${i % 300}`,
    duration: 'PT12M30S',
  },
  generated: {
    id: `https://example.edu/scores/${i}`,
    type: 'Score',
    maxScore: 15,
    scoreGiven: i % 16,
  },
  eventTime: '2025-03-11T13:00:00.000Z',
});

const statement = (i: number) => ({
  id: `6f1c2a9e-1d4b-4c1e-9a51-${hex(i)}`,
  actor: {
    account: {
      homePage: 'https://sis.example-district.org',
      name: String(100000 + (i % 5000)),
    },
  },
  verb: { id: 'http://adlnet.gov/expapi/verbs/scored' },
  object: { id: `https://vendor.example.com/items/${i % 300}` },
  context: { extensions: { 'https://example.org/xapi/ext/standard': '6.RP.A.1' } },
  result: { score: { raw: i % 11, min: 0, max: 10 }, duration: 'PT1M' },
  timestamp: '2025-03-11T13:00:00Z',
});

function rate(label: string, work: (i: number) => boolean): void {
  const started = process.hrtime.bigint();
  let evidence = 0;
  for (let i = 0; i < EVENTS; i += 1) if (work(i)) evidence += 1;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const perSecond = Math.round(EVENTS / seconds).toLocaleString('en');
  console.log(
    `  ${label.padEnd(22)}${perSecond} events/s (${evidence.toLocaleString('en')} evidence)`,
  );
}

/** Prints both rates; batches of MAX_PUSH_ITEMS take a few ms each at these rates. */
export function benchPushEvents(): void {
  console.log(
    `push events, validate + map, ${EVENTS.toLocaleString('en')} each (batches of ${MAX_PUSH_ITEMS})`,
  );
  rate('caliper GradeEvent', (i) => {
    const event = gradeEvent(i);
    if (validateDataItem(event, '').length > 0) return false;
    return (
      mapCaliperEvent(event, i % MAX_PUSH_ITEMS, { program, runId: 'bench' }).kind ===
      'evidence'
    );
  });
  rate('xapi statement', (i) => {
    const parsed = Statement.safeParse(statement(i));
    if (!parsed.success) return false;
    return (
      mapStatement(parsed.data, i % MAX_PUSH_ITEMS, { program, runId: 'bench' }).kind ===
      'evidence'
    );
  });
}
