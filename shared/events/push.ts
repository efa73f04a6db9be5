/**
 * The push endpoints' use cases, independent of HTTP: limits, validation,
 * mapping and the pipeline, answered as a status and a body. xAPI requests
 * are all-or-nothing as the xAPI spec requires of an LRS (400 names the
 * offending statement and field, 409 the conflicting id); a Caliper envelope
 * is taken event by event and answered with counts.
 */
import { loadCrosswalk } from '../crosswalks/index.js';
import { Statement } from '../xapi/schema.js';
import {
  learnerOf as learnerOfStatement,
  statementMakesEvidence,
  mapStatement,
  statementIdOf,
  XAPI_SOURCE_URI,
} from '../xapi/map.js';
import { envelopeIssues, looksLikeEvent, validateDataItem } from '../caliper/validate.js';
import {
  CALIPER_SOURCE_URI,
  caliperEventMakesEvidence,
  learnerOf as learnerOfCaliperEvent,
  mapCaliperEvent,
} from '../caliper/map.js';
import { deterministicId } from '../ids.js';
import type { IngestRun } from '../model.js';
import { contentHashOf, type EventItem } from './model.js';
import { ingestEvents, recordRefusedRun, type EventDeps } from './ingest-events.js';
import { positionOf, refusedBatch, sentId, type RejectedRecord } from './rejects.js';
import {
  createLearnerResolver,
  PushMatchTally,
  type LearnerResolver,
} from './identity.js';
import { findPushProgram, type PushProgram } from './programs.js';

/** Largest request body accepted, bytes (a vendor batches below this). */
export const MAX_PUSH_BODY_BYTES = 1024 * 1024;
/** Most statements or Caliper data items in one request. */
export const MAX_PUSH_ITEMS = 1000;

export interface PushResponse {
  status: number;
  body: unknown;
  /** The run the request recorded (none for a 401, a 413 or a body that is not JSON). */
  run?: IngestRun;
}

export interface PushInput {
  programId: string;
  requestId: string;
  body: string;
  programs?: readonly PushProgram[];
  /** Replaces the identity lookups (deps.identity) of createLearnerResolver. */
  resolve?: LearnerResolver;
}

const error = (
  status: number,
  code: string,
  message: string,
  details: unknown = {},
): PushResponse => ({
  status,
  body: { error: code, message, details },
});

function parseBody(
  body: string,
): { ok: true; value: unknown } | { ok: false; response: PushResponse } {
  if (Buffer.byteLength(body, 'utf8') > MAX_PUSH_BODY_BYTES) {
    return {
      ok: false,
      response: error(
        413,
        'payload_too_large',
        `the body exceeds ${MAX_PUSH_BODY_BYTES} bytes; send smaller batches`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false, response: error(400, 'invalid_request', 'the body is not JSON') };
  }
}

/**
 * A push whose run failed (a write that threw, or records left unwritten
 * after retries): a 500, so the vendor sends the request again, which
 * completes it (writes are idempotent). The body names the run, never the
 * cause; the run's `error` says it.
 */
const failedPush = (run: IngestRun): PushResponse =>
  error(
    500,
    'internal',
    `the request was not stored completely (run ${run.runId}); send it again`,
    { runId: run.runId },
  );

/** The answer to a request that recorded `run`: a 500 if the run failed, else `response`. */
const answered = (run: IngestRun, response: PushResponse): PushResponse => ({
  ...(run.status === 'failed' ? failedPush(run) : response),
  run,
});

/** Each statement of a batch by its number, with the id it was sent with. */
const batchOf = (list: readonly unknown[]) =>
  list.map((raw, index) => ({ line: positionOf(index), value: sentId(raw) }));

const tooMany = (n: number) =>
  error(
    413,
    'payload_too_large',
    `${n} items exceed the limit of ${MAX_PUSH_ITEMS}; send smaller batches`,
  );

/** The program's crosswalk as item id (trimmed, lower-case) to standards. */
export function crosswalkIndex(program: PushProgram): Map<string, string[]> | undefined {
  if (!program.crosswalkId) return undefined;
  const crosswalk = loadCrosswalk(program.crosswalkId);
  return new Map(
    crosswalk.mappings.map((m) => [m.vendorSkill.trim().toLowerCase(), m.standards]),
  );
}

export async function pushXapiStatements(
  deps: EventDeps,
  input: PushInput,
): Promise<PushResponse> {
  const program = findPushProgram(input.programId, input.programs);
  const parsed = parseBody(input.body);
  if (!parsed.ok) return parsed.response;
  const list: unknown[] = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (list.length > MAX_PUSH_ITEMS) return tooMany(list.length);
  const request = {
    programId: program.programId,
    format: 'xapi' as const,
    requestId: input.requestId,
  };

  const statements: Statement[] = [];
  for (const [index, raw] of list.entries()) {
    const result = Statement.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const field = issue?.path.join('.') || 'statement';
      const statementNumber = positionOf(index);
      const blame = `statement ${statementNumber} invalid: ${field}`;
      const run = await recordRefusedRun(
        deps,
        request,
        refusedBatch(
          batchOf(list),
          [
            {
              line: statementNumber,
              field,
              value: sentId(raw),
              reason: issue?.message ?? 'invalid',
              fix: `correct statement ${statementNumber} and send the batch again`,
              runReason: blame,
            },
          ],
          blame,
        ),
      );
      return answered(
        run,
        error(
          400,
          'invalid_statement',
          `statement ${statementNumber}: ${field}: ${issue?.message}`,
          {
            statementNumber,
            field,
            issues: result.error.issues.map((i) => ({
              field: i.path.join('.'),
              message: i.message,
            })),
            runId: run.runId,
          },
        ),
      );
    }
    statements.push(result.data);
  }

  // The same id twice in one batch: identical is one statement; different is a conflict.
  const seen = new Map<string, { hash: string; index: number }>();
  const unique: { statement: Statement; index: number }[] = [];
  const repeats: { index: number; eventId: string }[] = [];
  for (const [index, statement] of statements.entries()) {
    const id = statementIdOf(statement);
    const hash = contentHashOf(statement);
    const before = seen.get(id);
    if (before === undefined) {
      seen.set(id, { hash, index });
      unique.push({ statement, index });
    } else if (before.hash === hash) repeats.push({ index, eventId: id });
    else {
      const statementNumber = positionOf(index);
      const repeated = `repeats the id of statement ${positionOf(before.index)} with other content`;
      const blame = `statement ${statementNumber} ${repeated}`;
      const run = await recordRefusedRun(
        deps,
        request,
        refusedBatch(
          batchOf(list),
          [
            {
              line: statementNumber,
              field: 'id',
              value: id,
              reason: repeated,
              fix: 'give each statement its own id, or send one version of it',
              runReason: blame,
            },
          ],
          blame,
        ),
      );
      return answered(
        run,
        error(
          409,
          'conflict',
          `statement id ${id} appears twice in the batch with different content; nothing was stored`,
          { id, statementNumber, runId: run.runId },
        ),
      );
    }
  }

  const runId = deterministicId('push', 'xapi', input.requestId);
  const standardsByActivity = crosswalkIndex(program);
  // A resent event counts matched when its student is known (PushMatchTally).
  const tally = new PushMatchTally();
  const resolve = tally.counting(
    input.resolve ??
      (await createLearnerResolver(
        deps.identity,
        program,
        unique.flatMap(({ statement }) =>
          statementMakesEvidence(statement) ? [learnerOfStatement(statement)] : [],
        ),
      )),
  );
  const items: EventItem[] = unique.map(({ statement, index }) =>
    tally.item(
      mapStatement(statement, index, { program, runId, resolve, standardsByActivity }),
    ),
  );
  const matchRate = await tally.matchRate(deps.events, program.programId, 'xapi');
  const { run, conflicts } = await ingestEvents(deps, {
    ...request,
    sourceUri: XAPI_SOURCE_URI,
    rejected: [],
    items,
    atomic: true,
    repeats,
    matchRate,
  });
  const ids = conflicts.map((c) => c.eventId);
  return answered(
    run,
    ids.length > 0
      ? error(
          409,
          'conflict',
          `statement id ${ids.join(', ')} is already stored with other content; nothing was stored`,
          { ids, runId: run.runId },
        )
      : { status: 200, body: [...seen.keys()] },
  );
}

export async function pushCaliperEnvelope(
  deps: EventDeps,
  input: PushInput,
): Promise<PushResponse> {
  const program = findPushProgram(input.programId, input.programs);
  const parsed = parseBody(input.body);
  if (!parsed.ok) return parsed.response;
  const envelope = parsed.value as { data?: unknown };
  const data = Array.isArray(envelope?.data) ? envelope.data : [];
  if (data.length > MAX_PUSH_ITEMS) return tooMany(data.length);
  const problems = envelopeIssues(parsed.value);
  if (problems.length > 0) {
    return error(
      400,
      'invalid_envelope',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      { issues: problems },
    );
  }

  const runId = deterministicId('push', 'caliper', input.requestId);
  const standardsByItem = crosswalkIndex(program);
  // A resent event counts matched when its student is known (PushMatchTally).
  const tally = new PushMatchTally();
  const resolve = tally.counting(
    input.resolve ??
      (await createLearnerResolver(
        deps.identity,
        program,
        data.flatMap((item) =>
          looksLikeEvent(item) &&
          caliperEventMakesEvidence(item as Record<string, unknown>)
            ? [learnerOfCaliperEvent(item as Record<string, unknown>)]
            : [],
        ),
      )),
  );
  const rejected: RejectedRecord[] = [];
  const items: EventItem[] = [];
  const seen = new Map<string, { hash: string; index: number }>();
  for (const [index, item] of data.entries()) {
    const issues = validateDataItem(item, `data[${index}]`);
    if (issues.length > 0) {
      const first = issues[0] as { path: string; message: string };
      // The item's number says which one; the field is a path inside it.
      const field = first.path.replace(/^data\[\d+\]\.?/, '') || 'event';
      rejected.push({
        line: positionOf(index),
        field,
        value: sentId(item),
        reason: first.message,
        fix: "correct this item and send it again; the envelope's other items were taken",
        runReason: `${field}: ${first.message}`,
      });
      continue;
    }
    if (!looksLikeEvent(item)) {
      // A described entity: valid, nothing to store against a student.
      items.push({
        index,
        eventId: `entity:${index}:${contentHashOf(item)}`,
        contentHash: contentHashOf(item),
        kind: 'recorded',
      });
      continue;
    }
    // Checked before mapping, so a refused repeat never counts in the match rate.
    const eventId = String((item as { id?: unknown }).id).toLowerCase();
    const contentHash = contentHashOf(item);
    const before = seen.get(eventId);
    if (before !== undefined && before.hash !== contentHash) {
      rejected.push({
        line: positionOf(index),
        field: 'id',
        value: sentId(item),
        reason: `repeats the id of item ${positionOf(before.index)} with other content`,
        fix: 'give each event its own id, or send one version of it',
        runReason: 'event id repeated with other content (conflict)',
      });
      continue;
    }
    if (before === undefined) seen.set(eventId, { hash: contentHash, index });
    items.push(
      tally.item(
        mapCaliperEvent(item as Record<string, unknown>, index, {
          program,
          runId,
          resolve,
          standardsByItem,
        }),
      ),
    );
  }
  const matchRate = await tally.matchRate(deps.events, program.programId, 'caliper');

  const result = await ingestEvents(deps, {
    programId: program.programId,
    format: 'caliper',
    requestId: input.requestId,
    sourceUri: CALIPER_SOURCE_URI,
    rejected,
    items,
    atomic: false,
    matchRate,
  });
  const { run } = result;
  return answered(run, {
    status: 200,
    body: {
      runId: run.runId,
      counts: run.counts,
      // The lines of the run's rejects CSV, as the vendor reads them.
      rejected: result.rejected.map((r) => ({
        itemNumber: r.line,
        field: r.field,
        message: r.reason,
      })),
    },
  });
}
