/**
 * How a run that stops before reading ends: held for a layout no profile
 * reads (with a marker, so a release can read it later), failed for anything
 * else; and how a release treats a file that still matches nothing.
 */
import { Readable } from 'node:stream';
import {
  InvalidInputError,
  NotFoundError,
  UnknownLayoutError,
} from '../../../shared/errors.js';
import type { HeldFile, HeldFileStore } from '../../../shared/ingest/held-file.js';
import {
  ingestObject,
  runIdFor,
  setupStatus,
  type ObjectIngestDeps,
} from '../../../shared/ingest/ingest-object.js';
import { releaseHeldFiles } from '../../../shared/ingest/release-held-files.js';
import { silentLog } from '../../../shared/log.js';
import { countsAddUp, type IngestRun } from '../../../shared/model.js';
import type { RunClaim, RunResult, RunStore } from '../../../shared/ports.js';
import { chooseProfile } from '../../../shared/profiles/choose-profile.js';
import { pickProfile } from '../../../shared/profiles/detect.js';
import { runOutcomeMetric } from '../../../functions/lib/run-metrics.js';
import { profileOf } from '../profiles/helpers.js';

const UNKNOWN_LAYOUT = 'Student ID,Lesson ID,Score,When\n1,L1,90,x\n';

const open = (text: string) => () =>
  Promise.resolve(Readable.from([Buffer.from(text)]) as AsyncIterable<Buffer>);

/** A run store with DynamoStore's claim rule: only a completed run is not claimed. */
class MemoryRuns implements RunStore {
  readonly runs = new Map<string, IngestRun>();
  claims = 0;

  async claimRun(run: IngestRun): Promise<RunClaim> {
    const existing = this.runs.get(run.runId);
    if (existing?.status === 'completed') {
      return { outcome: 'already_completed', run: existing };
    }
    this.claims += 1;
    this.runs.set(run.runId, run);
    return { outcome: 'claimed', run };
  }
  async finishRun(runId: string, result: RunResult): Promise<IngestRun> {
    const run = { ...this.runs.get(runId)!, ...result };
    this.runs.set(runId, run);
    return run;
  }
  async getRun(runId: string) {
    return this.runs.get(runId);
  }
  async listRuns() {
    return [...this.runs.values()];
  }
}

class MemoryHeldFiles implements HeldFileStore {
  readonly files = new Map<string, HeldFile>();
  async putHeldFile(file: HeldFile) {
    this.files.set(file.runId, file);
  }
  async listHeldFiles() {
    return [...this.files.values()];
  }
  async deleteHeldFile(runId: string) {
    this.files.delete(runId);
  }
}

/** Deps for runs that stop before reading: evidence, mastery and roster are never reached. */
function depsFor(body: string) {
  const runs = new MemoryRuns();
  const heldFiles = new MemoryHeldFiles();
  const deps: ObjectIngestDeps = {
    evidence: {} as never,
    mastery: {} as never,
    roster: {} as never,
    runs,
    heldFiles,
    objects: {
      openRead: async () => Readable.from([Buffer.from(body)]),
      putFile: async () => undefined,
    },
    log: silentLog,
    timeZone: 'America/New_York',
    now: () => new Date('2026-03-02T10:00:00.000Z'),
  };
  return { deps, runs, heldFiles };
}

const source = (key: string) => ({ bucket: 'ingest', key, eTag: '"abc123"' });

describe('Function: setupStatus', () => {
  it.each([
    { what: 'an unknown layout', error: new UnknownLayoutError('x'), status: 'held' },
    {
      what: 'a header two profiles tie on',
      error: new InvalidInputError('x'),
      status: 'failed',
    },
    { what: 'an unknown program', error: new NotFoundError('x'), status: 'failed' },
    {
      what: 'an unreadable object',
      error: new Error('socket hang up'),
      status: 'failed',
    },
  ])('ends a run stopped by $what as $status', ({ error, status }) => {
    expect(setupStatus(error)).toBe(status);
  });
});

describe('Function: runOutcomeMetric', () => {
  it.each([
    ['failed', 'RunsFailed'],
    ['held', 'RunsHeld'],
    ['completed', 'RunsCompleted'],
  ] as const)('counts a %s run as %s', (status, metric) => {
    expect(runOutcomeMetric({ status })).toBe(metric);
  });
});

describe('the errors detection throws', () => {
  it('throws UnknownLayoutError for a header no profile matches', async () => {
    await expect(
      chooseProfile(undefined, 'incoming/odd.csv', open(UNKNOWN_LAYOUT)),
    ).rejects.toThrow(UnknownLayoutError);
  });

  it("throws UnknownLayoutError for a program's file of another layout", async () => {
    await expect(
      chooseProfile('assistments', 'incoming/assistments/odd.csv', open(UNKNOWN_LAYOUT)),
    ).rejects.toThrow(UnknownLayoutError);
  });

  it('refuses a tie between two profiles with an error that is not an unknown layout', () => {
    const columns = { studentId: 's', itemId: 'i', score: 'x' };
    const a = profileOf({ id: 'a', columns, score: { scale: 'fraction' } });
    const b = profileOf({ id: 'b', columns, score: { scale: 'percent' } });

    let thrown: unknown;
    try {
      pickProfile(['s', 'i', 'x'], 'f.csv', [a, b]);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(thrown).not.toBeInstanceOf(UnknownLayoutError);
  });
});

describe('Function: ingestObject, a file that stops before reading', () => {
  it('holds an unknown layout with the closest profiles, zero counts and a marker', async () => {
    const { deps, heldFiles } = depsFor(UNKNOWN_LAYOUT);
    const src = source('incoming/mystery.csv');

    const run = await ingestObject(deps, src);

    expect(run.status).toBe('held');
    expect(run.programId).toBe('auto');
    expect(run.error).toMatch(
      /^incoming\/mystery\.csv: the header matches no known profile; closest: iready-lessons \(/,
    );
    expect(run.counts).toEqual({
      parsed: 0,
      accepted: 0,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    });
    expect(countsAddUp(run.counts)).toBe(true);
    expect([...heldFiles.files.values()]).toEqual([
      {
        runId: runIdFor(src),
        source: { bucket: 'ingest', key: 'incoming/mystery.csv', eTag: 'abc123' },
        programId: 'auto',
        heldAt: '2026-03-02T10:00:00.000Z',
      },
    ]);
  });

  it("holds a program's file whose header is not the program's layout", async () => {
    const { deps, heldFiles } = depsFor(UNKNOWN_LAYOUT);

    const run = await ingestObject(deps, source('incoming/assistments/odd.csv'));

    expect(run.status).toBe('held');
    expect(run.programId).toBe('assistments');
    expect(run.error).toMatch(
      /does not match profile assistments-skill-builder-2009 of program assistments/,
    );
    expect(heldFiles.files.size).toBe(1);
  });

  it('fails an unknown program and keeps no marker', async () => {
    const { deps, heldFiles } = depsFor(UNKNOWN_LAYOUT);

    const run = await ingestObject(deps, source('incoming/no-such-program/x.csv'));

    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/unknown program "no-such-program"/);
    expect(heldFiles.files.size).toBe(0);
  });

  it('fails an empty file and keeps no marker', async () => {
    const { deps, heldFiles } = depsFor('');

    const run = await ingestObject(deps, source('incoming/empty.csv'));

    expect(run.status).toBe('failed');
    expect(run.error).toBe('incoming/empty.csv: the file has no header line');
    expect(heldFiles.files.size).toBe(0);
  });

  it('leaves a held run untouched when the layout is still unknown', async () => {
    const { deps, runs } = depsFor(UNKNOWN_LAYOUT);
    const src = source('incoming/mystery.csv');
    const first = await ingestObject(deps, src);

    const again = await ingestObject(
      { ...deps, now: () => new Date('2026-03-02T11:45:00.000Z') },
      src,
    );

    expect(again).toEqual(first);
    expect(runs.claims).toBe(1);
    expect(runs.runs.size).toBe(1);
  });
});

describe('Function: releaseHeldFiles', () => {
  it('keeps the marker and the run of a file that still matches nothing', async () => {
    const { deps, runs, heldFiles } = depsFor(UNKNOWN_LAYOUT);
    const held = await ingestObject(deps, source('incoming/mystery.csv'));

    const release = await releaseHeldFiles(deps);

    expect(release).toEqual({ released: [], stillHeld: [held], failed: [] });
    expect([...heldFiles.files.keys()]).toEqual([held.runId]);
    expect(runs.claims).toBe(1);
  });

  it('goes on past a file whose run throws, keeps its marker and then throws naming it', async () => {
    const { deps, runs, heldFiles } = depsFor(UNKNOWN_LAYOUT);
    const broken = await ingestObject(deps, source('incoming/a.csv'));
    const other = await ingestObject(deps, source('incoming/b.csv'));
    const logged: unknown[] = [];
    const flaky: ObjectIngestDeps = {
      ...deps,
      log: {
        ...silentLog,
        info: (message, attributes) => logged.push([message, attributes]),
      },
      runs: Object.assign(Object.create(runs) as MemoryRuns, {
        getRun: async (runId: string) => {
          if (runId === broken.runId) throw new Error('table unavailable');
          return runs.runs.get(runId);
        },
      }),
    };

    await expect(releaseHeldFiles(flaky)).rejects.toThrow(
      `releasing held files failed for runs ${broken.runId}`,
    );
    expect(logged).toEqual([
      ['held files released', { released: 0, stillHeld: 1, failed: 0 }],
    ]);
    expect([...heldFiles.files.keys()].sort()).toEqual(
      [broken.runId, other.runId].sort(),
    );
  });

  it('forgets a held file whose object is gone, failing its run', async () => {
    const { deps, heldFiles } = depsFor(UNKNOWN_LAYOUT);
    const held = await ingestObject(deps, source('incoming/mystery.csv'));
    const gone: ObjectIngestDeps = {
      ...deps,
      objects: {
        openRead: async () => {
          throw new NotFoundError('s3://ingest/incoming/mystery.csv does not exist');
        },
        putFile: async () => undefined,
      },
    };

    const release = await releaseHeldFiles(gone);

    expect(release.failed.map((r) => [r.runId, r.status, r.error])).toEqual([
      [held.runId, 'failed', 's3://ingest/incoming/mystery.csv does not exist'],
    ]);
    expect(heldFiles.files.size).toBe(0);
  });
});
