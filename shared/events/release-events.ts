/**
 * Held pushed events whose learner may now resolve (a mapping arrived): each
 * is mapped again by the same code as a push (mapStatement, mapCaliperEvent)
 * with the identity lookups of createLearnerResolver, then goes through the
 * pipeline's core (applyEventItems), so ids, voids and evidence behave as if
 * the event had resolved when it was pushed. Its evidence keeps the push run
 * and line as its source.
 */
import type { MatchRate } from '../identity/match-rate.js';
import type { HeldRecord, RunCounts } from '../model.js';
import { learnerOf as caliperLearnerOf, mapCaliperEvent } from '../caliper/map.js';
import { Statement } from '../xapi/schema.js';
import { learnerOf as statementLearnerOf, mapStatement } from '../xapi/map.js';
import { countingResolver, createLearnerResolver, type LearnerRef } from './identity.js';
import { applyEventItems, type EventDeps } from './ingest-events.js';
import { parseHeldEvent, type EventFormat, type EventItem } from './model.js';
import { BUILTIN_PUSH_PROGRAMS, type PushProgram } from './programs.js';
import { crosswalkIndex } from './push.js';

export interface HeldEventsRelease {
  /** Held records re-processed (written, duplicate or rejected): delete them. */
  released: HeldRecord[];
  touched: Set<string>;
  rejectReasons: Record<string, number>;
}

interface Parsed {
  record: HeldRecord;
  /** The Caliper event, or the statement as the schema parses it. */
  event: Record<string, unknown> | Statement;
  learner: LearnerRef;
}

/**
 * Re-processes the held events of one program under the release run `runId`,
 * adding to its counts and match rate. Records still unresolved stay held.
 */
export async function releaseHeldEvents(
  deps: EventDeps,
  programId: string,
  runId: string,
  records: readonly HeldRecord[],
  tally: { counts: RunCounts; matchRate: MatchRate },
  programs: readonly PushProgram[] = BUILTIN_PUSH_PROGRAMS,
): Promise<HeldEventsRelease> {
  const out: HeldEventsRelease = { released: [], touched: new Set(), rejectReasons: {} };
  const program = programs.find((p) => p.programId === programId);
  if (!program) return out;

  for (const format of ['xapi', 'caliper'] as const) {
    const parsed = parseAll(records, format);
    if (parsed.length === 0) continue;
    // Counted as a push counts: once per event that needs a student.
    const resolve = countingResolver(
      await createLearnerResolver(
        deps.identity,
        program,
        parsed.map((p) => p.learner),
      ),
      tally.matchRate,
    );
    const standards = crosswalkIndex(program);
    const items: EventItem[] = parsed.map(({ record, event }) => {
      const index = (record.source.line ?? 1) - 1;
      const ctx = { program, runId: record.runId, resolve };
      return format === 'xapi'
        ? mapStatement(event as Statement, index, {
            ...ctx,
            standardsByActivity: standards,
          })
        : mapCaliperEvent(event as Record<string, unknown>, index, {
            ...ctx,
            standardsByItem: standards,
          });
    });
    tally.counts.parsed += items.length;

    const step = await applyEventItems(
      deps,
      { programId, format, runId, items },
      tally.counts,
    );
    items.forEach((item, i) => {
      if (item.kind === 'held' || step.unwritten.has(item.eventId)) return;
      out.released.push((parsed[i] as Parsed).record);
    });
    step.touched.forEach((s) => out.touched.add(s));
    for (const [reason, n] of Object.entries(step.rejectReasons))
      out.rejectReasons[reason] = (out.rejectReasons[reason] ?? 0) + n;
  }
  return out;
}

/** The held events of one format that still parse as what was accepted. */
function parseAll(records: readonly HeldRecord[], format: EventFormat): Parsed[] {
  const out: Parsed[] = [];
  for (const record of records) {
    const held = parseHeldEvent(record.payload);
    if (held?.format !== format) continue;
    const event = held.event as Record<string, unknown>;
    if (format === 'xapi') {
      const statement = Statement.safeParse(event);
      if (!statement.success) continue;
      out.push({
        record,
        event: statement.data,
        learner: statementLearnerOf(statement.data),
      });
    } else {
      out.push({ record, event, learner: caliperLearnerOf(event) });
    }
  }
  return out;
}
