/**
 * `lablink roster import <zip|folder>`: a OneRoster bundle through the same
 * run bookkeeping as an S3 drop. A zip is dropped under incoming/oneroster/
 * (the real S3 event path); a folder is imported in place.
 */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dropFile, waitForRun } from '../../infra/local/drop-file.js';
import type { IngestRun } from '../../shared/model.js';
import { importRosterFolder } from '../../shared/oneroster/ingest-roster.js';
import { ONEROSTER_PROGRAM_ID } from '../../shared/programs.js';
import { silentLog } from '../../shared/log.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import type { Target } from '../connect.js';
import { targetOption, withConnection } from './runs.js';

export function rosterSummary(run: IngestRun): string {
  const c = run.counts;
  const lines = [
    `run ${run.runId} ${run.status}`,
    `  parsed ${c.parsed} = accepted ${c.accepted} + duplicates ${c.duplicates} + ` +
      `rejected ${c.rejected} + held ${c.held}` +
      (c.unwritten ? ` + unwritten ${c.unwritten}` : ''),
  ];
  for (const [file, n] of Object.entries(run.fileCounts ?? {})) {
    const parts = Object.entries(n).filter(([k, v]) => k === 'rows' || v > 0);
    lines.push(`  ${file}: ${parts.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  for (const [reason, n] of Object.entries(run.rejectReasons)) {
    lines.push(`  rejected ${n}: ${reason}`);
  }
  if (run.rejectsKey) lines.push(`  rejects: lablink runs rejects ${run.runId}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines.join('\n');
}

export function registerRosterCommands(program: Command): void {
  const roster = program.command('roster').description('OneRoster 1.1/1.2 CSV bundles');
  roster
    .command('import <bundle>')
    .description('import a OneRoster bundle (a .zip or a folder with manifest.csv)')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (bundle: string, opts: { json?: boolean; target: Target }) => {
      const info = await stat(bundle);
      const run = await withConnection(opts.target, async (c) => {
        if (!info.isDirectory()) {
          const drop = await dropFile(c.s3, c.bucket, ONEROSTER_PROGRAM_ID, bundle);
          return waitForRun(c.store, drop.runId);
        }
        const identity = c.store.identity();
        const deps = {
          evidence: c.store,
          mastery: c.store,
          roster: c.store,
          runs: c.store,
          held: c.store,
          identity,
          entities: identity,
          events: new DynamoEventRecords(createDocumentClient(), c.table),
          objects: c.objects,
          log: silentLog,
          timeZone: process.env.LABLINK_TIME_ZONE ?? 'America/New_York',
        };
        return importRosterFolder(deps, resolve(bundle), c.bucket);
      });
      console.log(opts.json ? JSON.stringify(run, null, 2) : rosterSummary(run));
      if (run.status !== 'completed') process.exitCode = 2;
    });
}
