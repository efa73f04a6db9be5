/**
 * `lablink vendor-key create --program <id>`: a push endpoint key for one
 * program. The key is printed once; only its SHA-256 is stored.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { findPushProgram } from '../../shared/events/programs.js';
import { createVendorKey, VENDOR_KEY_HEADER } from '../../shared/events/vendor-keys.js';
import { connect, type Target } from '../connect.js';

export function registerVendorKeyCommands(program: Command): void {
  const keys = program
    .command('vendor-key')
    .description('API keys of vendors that push events');
  keys
    .command('create')
    .description('create a key for a program and print it once')
    .requiredOption('--program <id>', 'the program whose events the vendor pushes')
    .addOption(
      new Option('--target <target>', 'where Lablink runs')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .action(async (opts: { program: string; target: Target }) => {
      findPushProgram(opts.program);
      const c = await connect(opts.target);
      try {
        // Connection exposes the store, not its table name; the store holds it.
        const table = c.table;
        const { key, record } = await createVendorKey(
          new DynamoVendorKeys(createDocumentClient(), table),
          opts.program,
        );
        console.log(
          `key ${record.keyId} for program ${record.programId} (shown once, store it now):`,
        );
        console.log(key);
        console.log(`send it in the ${VENDOR_KEY_HEADER} header`);
      } finally {
        await c.close();
      }
    });
}
