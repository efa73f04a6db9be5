/**
 * One pull run: from the stored resume point (or the watermark, or a
 * backfill date), fetch page after page, archive each raw body, send its
 * records through the same mapping and writer as a file, and move the resume
 * point only once the page's records are stored. A run that dies resumes at
 * the first page it had not finished; evidence ids are deterministic, so a
 * page fetched twice lands once (counted as duplicates the second time).
 */
import { LablinkError } from '../errors.js';
import { deterministicId } from '../ids.js';
import { countsAddUp, emptyCounts, type IngestRun } from '../model.js';
import { findProgram, RUNS_PREFIX } from '../programs.js';
import { loadCrosswalk } from '../crosswalks/index.js';
import type { IngestDeps } from '../ingest/ingest-object.js';
import { RejectsFile } from '../ingest/rejects-file.js';
import { loadProfile } from '../profiles/index.js';
import { updateStudents } from '../rollup/index.js';
import { readPath, type PullConnector } from './connector.js';
import { createEvidenceSink, type RecordSink } from './evidence-sink.js';
import { PullBudgetExceeded, PullHttpClient } from './http-client.js';
import { createRosterSink } from './oneroster-rest.js';
import { firstPageUrl, readPage } from './pagination.js';
import {
  RAW_PREFIX,
  rawPageKey,
  type PullState,
  type PullStateStore,
  type RawArchive,
  type SecretSource,
} from './ports.js';
import { createRecordReader, pullProfile } from './records.js';

export interface PullDeps extends IngestDeps {
  pulls: PullStateStore;
  raw: RawArchive;
  secrets: SecretSource;
  bucket: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface PullOptions {
  /** Backfill: start a new sweep of records changed at or after this instant. */
  since?: string;
}

/** Why the run stopped fetching. */
export type PullStop = 'caught_up' | 'time_budget' | 'failed';

export interface PullOutcome {
  run: IngestRun;
  stop: PullStop;
  pages: number;
  state: PullState;
}

export function pullRunId(connectorId: string, startedAt: string): string {
  return deterministicId('pull', connectorId, startedAt);
}

/** Runs one pull of `connector`; see the module comment for the guarantees. */
export async function runPull(
  deps: PullDeps,
  connector: PullConnector,
  options: PullOptions = {},
): Promise<PullOutcome> {
  const nowMs = () => deps.now?.().getTime() ?? Date.now();
  const startedMs = nowMs();
  const startedAt = new Date(startedMs).toISOString();
  const runId = pullRunId(connector.id, startedAt);
  const log = deps.log;
  const rawPrefix = `${RAW_PREFIX}${connector.id}/${runId}/`;
  const profileId =
    connector.kind === 'oneroster' ? 'oneroster-rest' : (connector.profile ?? '');

  await deps.runs.claimRun({
    runId,
    source: { bucket: deps.bucket, key: rawPrefix },
    programId: connector.programId,
    profileId,
    status: 'running',
    counts: emptyCounts(),
    rejectReasons: {},
    unmappedSkills: [],
    startedAt,
  });

  const stored = await deps.pulls.getPullState(connector.id);
  let state: PullState = stored ?? {
    connectorId: connector.id,
    updatedAt: startedAt,
    version: 0,
  };
  const since = options.since ?? state.watermark;
  let sweep =
    options.since !== undefined || !state.sweep
      ? { since, nextUrl: firstPageUrl(connector, since), pages: 0 }
      : state.sweep;

  const rejects = await RejectsFile.create();
  const sink = createSink(deps, connector, runId, rawPrefix, rejects);
  const client = new PullHttpClient({
    auth: connector.auth,
    secrets: await deps.secrets.connectorSecrets(connector.id),
    requestsPerSecond: connector.rateLimit.requestsPerSecond,
    deadlineMs: startedMs + connector.timeBudgetSeconds * 1000,
    fetch: deps.fetch,
    sleep: deps.sleep,
    now: nowMs,
  });

  let pages = 0;
  let line = 0;
  let stop: PullStop = 'caught_up';
  let error: string | undefined;
  try {
    for (;;) {
      const url = sweep.nextUrl;
      const response = await client.get(url);
      pages += 1;
      // Archived before mapping: a page that fails to map can still be replayed.
      await deps.raw.putRawPage(
        deps.bucket,
        rawPageKey(connector.id, runId, pages),
        response.text,
      );
      const page = readPage(connector, url, response.text, response.headers);

      let highWater = sweep.highWater;
      for (const json of page.records) {
        line += 1;
        await sink.add(json, sink.reader(json, line));
        highWater = later(highWater, readPath(json, connector.incremental.field));
      }
      const { unwritten } = await sink.flushPage();
      if (unwritten > 0) {
        throw new LablinkError(
          `${unwritten} records of page ${pages} were not written after retries; ` +
            'the next run fetches the page again',
          { page: pages },
        );
      }

      const done = page.nextUrl === undefined;
      state = {
        ...state,
        ...(done ? { watermark: highWater ?? sweep.since } : {}),
        sweep: done
          ? undefined
          : { ...sweep, nextUrl: page.nextUrl!, highWater, pages: sweep.pages + 1 },
        lastRunId: runId,
        updatedAt: new Date(nowMs()).toISOString(),
        version: state.version + 1,
      };
      if (done) delete state.sweep;
      await deps.pulls.putPullState(state);
      log.info('page written', {
        runId,
        connectorId: connector.id,
        page: pages,
        records: page.records.length,
      });
      if (done) break;
      sweep = state.sweep!;
    }
  } catch (caught) {
    // Whatever was buffered is written (idempotently) so the counts add up.
    await sink.flushPage().catch(() => undefined);
    if (caught instanceof PullBudgetExceeded) {
      stop = 'time_budget';
    } else {
      stop = 'failed';
      error = (caught as Error).message;
    }
  }

  return finish(deps, {
    runId,
    connector,
    sink,
    rejects,
    pages,
    stop,
    error,
    state,
    requests: client.requests,
  });
}

function createSink(
  deps: PullDeps,
  connector: PullConnector,
  runId: string,
  rawPrefix: string,
  rejects: RejectsFile,
): RecordSink & { reader: ReturnType<typeof createRecordReader> } {
  const sourceUri = `s3://${deps.bucket}/${rawPrefix}`;
  if (connector.kind === 'oneroster') {
    return createRosterSink(deps, { runId, sourceUri });
  }
  const profile = pullProfile(loadProfile(connector.profile!), connector);
  const program = tryProgram(connector.programId);
  const crosswalk = program?.crosswalkId ? loadCrosswalk(program.crosswalkId) : undefined;
  const sink = createEvidenceSink(
    deps,
    { programId: connector.programId, runId, sourceUri, profile, crosswalk },
    rejects,
  );
  return Object.assign(sink, { reader: createRecordReader(profile) });
}

function tryProgram(programId: string) {
  try {
    return findProgram(programId);
  } catch {
    // A program configured only through its connector has no crosswalk yet.
    return undefined;
  }
}

/** The later of two change times; unreadable values leave the mark where it was. */
function later(current: string | undefined, value: unknown): string | undefined {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return current;
  if (current === undefined) return value;
  return Date.parse(value) > Date.parse(current) ? value : current;
}

interface Finishing {
  runId: string;
  connector: PullConnector;
  sink: RecordSink;
  rejects: RejectsFile;
  pages: number;
  stop: PullStop;
  error?: string;
  state: PullState;
  requests: number;
}

async function finish(deps: PullDeps, f: Finishing): Promise<PullOutcome> {
  const { sink, rejects, runId } = f;
  let rejectsKey: string | undefined;
  try {
    if (sink.touchedStudents.size > 0) await updateStudents(deps, sink.touchedStudents);
    await rejects.close();
    if (rejects.size > 0) {
      rejectsKey = `${RUNS_PREFIX}${runId}/rejects.csv`;
      await deps.objects.putFile(deps.bucket, rejectsKey, rejects.path, 'text/csv');
    }
  } finally {
    await rejects.remove();
  }
  if (!countsAddUp(sink.counts)) {
    throw new LablinkError('run counts do not add up', { runId, counts: sink.counts });
  }

  const run = await deps.runs.finishRun(runId, {
    status: f.stop === 'failed' ? 'failed' : 'completed',
    counts: sink.counts,
    ...sink.summary(),
    rejectsKey,
    error: f.error,
    // Pages and requests of this run; `sweepComplete` 0 means the next run continues it.
    fileCounts: {
      pull: {
        pages: f.pages,
        requests: f.requests,
        sweepComplete: f.state.sweep ? 0 : 1,
      },
    },
  });
  deps.log.info('pull run finished', {
    runId,
    connectorId: f.connector.id,
    stop: f.stop,
    pages: f.pages,
    requests: f.requests,
    ...sink.counts,
  });
  return { run, stop: f.stop, pages: f.pages, state: f.state };
}
