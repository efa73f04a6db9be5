/**
 * `lablink pull <connector> [--since <date>]`: one pull run by hand, through
 * the same use case the schedule runs. `--since` starts a new sweep from that
 * instant (a backfill); without it the run resumes or continues from the
 * stored watermark.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { silentLog } from '../../shared/log.js';
import { CONNECTORS_FILE } from '../../shared/pull/connector.js';
import { runPull } from '../../shared/pull/pull-run.js';
import { configuredConnectors } from '../../shared/pull/schedules.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoPullStore, S3RawArchive } from '../../storage/pull-store.js';
import { createSecretSource } from '../../storage/secrets.js';
import { LOCAL_TABLE } from '../../infra/local/stack.js';
import { connect, type Target } from '../connect.js';

const DEFAULT_TIME_ZONE = 'America/New_York';

function parseSince(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError(
      'expected a date, e.g. 2025-01-01 or 2025-01-01T00:00:00Z',
    );
  }
  return new Date(ms).toISOString();
}

export function pullCommand(): Command {
  return new Command('pull')
    .description('run a vendor API pull now (a backfill with --since)')
    .argument('<connector>', 'the connector id')
    .option('--since <date>', 'pull records changed at or after this date', parseSince)
    .option('--config <file>', 'the connectors file', CONNECTORS_FILE)
    .option('--json', 'machine-readable output')
    .addOption(
      new Option('--target <target>', 'where Lablink runs')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .action(
      async (
        id: string,
        opts: { since?: string; config: string; json?: boolean; target: Target },
      ) => {
        const connectors = configuredConnectors(opts.config);
        const connector = connectors.find((c) => c.id === id);
        if (!connector) {
          const known = connectors.map((c) => c.id).join(', ') || 'none';
          throw new InvalidArgumentError(
            `no connector "${id}" in ${opts.config}; configured: ${known}`,
          );
        }
        const c = await connect(opts.target);
        try {
          const table = process.env.LABLINK_TABLE ?? c.embedded?.table ?? LOCAL_TABLE;
          const outcome = await runPull(
            {
              evidence: c.store,
              mastery: c.store,
              roster: c.store,
              runs: c.store,
              held: c.store,
              objects: c.objects,
              log: silentLog,
              timeZone: process.env.LABLINK_TIME_ZONE ?? DEFAULT_TIME_ZONE,
              pulls: new DynamoPullStore(createDocumentClient(), table),
              raw: new S3RawArchive(c.s3),
              secrets: createSecretSource(),
              bucket: c.bucket,
            },
            connector,
            { since: opts.since },
          );
          const { run, stop, pages, state } = outcome;
          if (opts.json) console.log(JSON.stringify(outcome, null, 2));
          else {
            const k = run.counts;
            console.log(
              `${id}: run ${run.runId} ${run.status} (${stop}), ${pages} pages\n` +
                `  parsed ${k.parsed} = accepted ${k.accepted} + duplicates ${k.duplicates} + ` +
                `rejected ${k.rejected} + held ${k.held}` +
                (k.unwritten ? ` + unwritten ${k.unwritten}` : '') +
                `\n  watermark ${state.watermark ?? 'none'}` +
                (state.sweep
                  ? `; continues at page ${state.sweep.pages + 1} next run`
                  : '') +
                (run.error ? `\n  error: ${run.error}` : ''),
            );
          }
          if (run.status !== 'completed') process.exitCode = 2;
        } finally {
          await c.close();
        }
      },
    );
}
