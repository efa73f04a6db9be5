/**
 * `lablink runs`: the latest runs (files, bundles, pushes, releases) with
 * their counts, a run's rejects or held records with their reasons, and the
 * release of files held for an unknown layout.
 */
import { Option, type Command } from 'commander';
import {
  heldOfRun,
  rejectsOfRun,
  requireRun,
} from '../../shared/identity/runs-report.js';
import { releaseHeldFiles } from '../../shared/ingest/release-held-files.js';
import { silentLog } from '../../shared/log.js';
import type { IngestRun, RunCounts } from '../../shared/model.js';
import { districtTimeZone } from '../../functions/lib/env.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoHeldFiles } from '../../storage/held-files.js';
import { connect, type Connection, type Target } from '../connect.js';
import { toTable } from '../format.js';

/** The count columns of `lablink runs`, in the order they add up. */
export const RUN_COUNT_COLUMNS = [
  'parsed',
  'accepted',
  'replaced',
  'dup',
  'rejected',
  'held',
  'unwritten',
] as const;

/**
 * `replaced` is a part of `accepted` (a correction is accepted and replaces
 * the earlier version), so it is not one of the terms that add up.
 */
export const RUN_COUNTS_LEGEND =
  'parsed = accepted + dup + rejected + held + unwritten; ' +
  'replaced: accepted records that replaced an earlier version';

/** A run's counts as the cells of RUN_COUNT_COLUMNS. */
export function runCountCells(c: RunCounts): string[] {
  return [
    c.parsed,
    c.accepted,
    c.replaced,
    c.duplicates,
    c.rejected,
    c.held,
    c.unwritten,
  ].map(String);
}

export const targetOption = () =>
  new Option('--target <target>', 'where Lablink runs')
    .choices(['local', 'aws'])
    .default('local');

export async function withConnection<T>(
  target: Target,
  work: (c: Connection) => Promise<T>,
) {
  const connection = await connect(target);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

export function registerRunsCommands(program: Command): void {
  const runs = program
    .command('runs')
    .description('the latest ingest runs, newest first')
    // `runs <subcommand> --json --target aws` are the subcommand's options,
    // not this listing's (which shares their names).
    .enablePositionalOptions()
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--cursor <cursor>', 'the next page, as the previous page printed it')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (opts: {
        limit: number;
        cursor?: string;
        json?: boolean;
        target: Target;
      }) => {
        const page = await withConnection(opts.target, (c) =>
          c.store.listRunsPage(opts.limit, opts.cursor),
        );
        if (opts.json) {
          console.log(JSON.stringify(page, null, 2));
          return;
        }
        console.log(
          toTable(
            ['run', 'status', 'program', 'key', ...RUN_COUNT_COLUMNS, 'started'],
            page.runs.map((r) => [
              r.runId,
              r.status,
              r.programId,
              r.source.key,
              ...runCountCells(r.counts),
              r.startedAt,
            ]),
          ),
        );
        if (page.runs.length > 0) console.log(RUN_COUNTS_LEGEND);
        if (page.nextCursor)
          console.log(`more: lablink runs --cursor ${page.nextCursor}`);
      },
    );

  runs
    .command('rejects <runId>')
    .description("a run's rejected records as CSV (line, field, value, reason, fix)")
    .addOption(targetOption())
    .action(async (runId: string, opts: { target: Target }) => {
      await withConnection(opts.target, async (c) => {
        const run = await requireRun(c.store, runId);
        const stream = await rejectsOfRun(c.objects, c.bucket, run);
        if (!stream) {
          console.log('line,field,value,reason,fix');
          return;
        }
        for await (const chunk of stream) process.stdout.write(chunk);
      });
    });

  runs
    .command('held <runId>')
    .description("a run's held records and what each waits for, as JSON")
    .addOption(targetOption())
    .action(async (runId: string, opts: { target: Target }) => {
      const held = await withConnection(opts.target, async (c) =>
        heldOfRun(c.store, await requireRun(c.store, runId)),
      );
      console.log(JSON.stringify(held, null, 2));
    });

  runs
    .command('release-held')
    .description(
      'read again the files held for an unknown layout (as the hourly schedule does)',
    )
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (opts: { json?: boolean; target: Target }) => {
      const release = await withConnection(opts.target, (c) =>
        releaseHeldFiles({
          evidence: c.store,
          mastery: c.store,
          roster: c.store,
          runs: c.store,
          held: c.store,
          identity: c.store.identity(),
          objects: c.objects,
          heldFiles: new DynamoHeldFiles(createDocumentClient(), c.table),
          log: silentLog,
          timeZone: districtTimeZone(),
        }),
      );
      if (opts.json) {
        console.log(JSON.stringify(release, null, 2));
        return;
      }
      const line = (what: string, r: IngestRun) =>
        `${what} ${r.runId} ${r.source.key}: ${r.counts.accepted} accepted` +
        (r.error ? `; ${r.error}` : '');
      for (const r of release.released) console.log(line('released', r));
      for (const r of release.failed) console.log(line('failed', r));
      for (const r of release.stillHeld) console.log(line('still held', r));
      console.log(
        `${release.released.length} released, ${release.failed.length} failed, ` +
          `${release.stillHeld.length} still held`,
      );
      if (release.failed.length > 0) process.exitCode = 2;
    });
}
