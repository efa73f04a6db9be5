/**
 * `lablink runs`: the latest runs (files, bundles, pushes, releases) with
 * their counts, and a run's rejects or held records with their reasons.
 */
import { Option, type Command } from 'commander';
import {
  heldOfRun,
  rejectsOfRun,
  requireRun,
} from '../../shared/identity/runs-report.js';
import { connect, type Connection, type Target } from '../connect.js';
import { toTable } from '../format.js';

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
        const columns = ['run', 'status', 'program', 'key', 'parsed', 'accepted', 'dup'];
        console.log(
          toTable(
            [...columns, 'rejected', 'held', 'started'],
            page.runs.map((r) => [
              r.runId,
              r.status,
              r.programId,
              r.source.key,
              ...[r.counts.parsed, r.counts.accepted, r.counts.duplicates].map(String),
              String(r.counts.rejected),
              String(r.counts.held),
              r.startedAt,
            ]),
          ),
        );
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
}
