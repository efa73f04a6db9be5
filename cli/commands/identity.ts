/**
 * `lablink identity map <file>` loads an explicit mapping table and releases
 * the held evidence it resolves; `lablink identity match-rate --program <id>`
 * says how well a program's student ids matched in its latest runs.
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadMappingTable } from '../../shared/identity/mapping-table.js';
import { matchRatesOf } from '../../shared/identity/runs-report.js';
import { silentLog } from '../../shared/log.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import type { Target } from '../connect.js';
import { toTable } from '../format.js';
import { targetOption, withConnection } from './runs.js';

/** Runs read to find a program's latest ones. */
const MATCH_RATE_RUNS_SCANNED = 200;

export function registerIdentityCommands(program: Command): void {
  const identity = program.command('identity').description('one student across programs');
  identity
    .command('map <file>')
    .description('load a mapping CSV (program,vendorStudentId,studentId)')
    .addOption(targetOption())
    .action(async (file: string, opts: { target: Target }) => {
      const bytes = await readFile(file);
      const load = await withConnection(opts.target, (c) => {
        const store = c.store.identity();
        return loadMappingTable(
          {
            evidence: c.store,
            mastery: c.store,
            roster: c.store,
            runs: c.store,
            held: c.store,
            identity: store,
            events: new DynamoEventRecords(createDocumentClient(), c.table),
            log: silentLog,
          },
          basename(file),
          bytes,
        );
      });
      console.log(`stored ${load.mappings} mappings for ${load.programs.join(', ')}`);
      for (const run of load.releases) {
        const c = run.counts;
        console.log(
          `released ${run.programId}: run ${run.runId} ${c.accepted} accepted, ` +
            `${c.duplicates} duplicates, ${c.held} still held`,
        );
      }
    });

  identity
    .command('match-rate')
    .description("how a program's student ids matched, per run and file")
    .requiredOption('--program <id>', 'the program')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (opts: { program: string; json?: boolean; target: Target }) => {
      // Checked once connected: the stack's configuration names the district's programs.
      const mine = await withConnection(opts.target, (c) =>
        matchRatesOf(c.store, opts.program, MATCH_RATE_RUNS_SCANNED),
      );
      if (opts.json) {
        console.log(JSON.stringify(mine, null, 2));
        return;
      }
      if (mine.length === 0) {
        console.log(
          `no run of ${opts.program} among the latest ${MATCH_RATE_RUNS_SCANNED} ` +
            'has a match rate (roster-only runs and refused pushes have none)',
        );
        return;
      }
      console.log(
        toTable(
          ['run', 'file', 'records', 'matched', 'by kind', 'unmatched (why)'],
          mine.map((r) => {
            const m = r.matchRate;
            const kinds = Object.entries(m.byKind).map(([k, n]) => `${k} ${n}`);
            const why = Object.entries(m.unmatched).map(([k, n]) => `${k} ${n}`);
            return [
              r.runId,
              r.key,
              String(m.records),
              String(m.matched),
              kinds.join(', '),
              why.join(', '),
            ];
          }),
        ),
      );
    });
}
