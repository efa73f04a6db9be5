/** `lablink migrate`: upgrade stored items to this release's shapes (storage/migrations.ts). */
import { Command, Option } from 'commander';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { migrateTable } from '../../storage/migrations.js';
import { connect, type Target } from '../connect.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description("upgrade stored items to this release's shapes (safe to run again)")
    .option('--dry-run', 'count what would change, change nothing')
    .addOption(
      new Option('--target <target>', 'where Lablink runs')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .action(async (opts: { dryRun?: boolean; target: Target }) => {
      const connection = await connect(opts.target);
      try {
        const report = await migrateTable(createDocumentClient(), connection.table, {
          dryRun: opts.dryRun,
        });
        console.log(
          `${opts.dryRun ? 'would migrate' : 'migrated'} ${report.migrated} of ${report.scanned} ` +
            `items; ${report.current} current, ${report.newer} newer than this release (untouched)`,
        );
      } finally {
        await connection.close();
      }
    });
}
