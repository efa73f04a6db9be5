/**
 * `lablink analysis alignment --school <id> --from <date> --to <date>`: the
 * alignment hypothesis for one school, as `GET /analysis/alignment` reports it.
 */
import type { Command } from 'commander';
import { schoolAlignment } from '../../shared/analysis/index.js';
import { DynamoAssignmentStore } from '../../storage/assignment-store.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import type { Target } from '../connect.js';
import { toTable } from '../format.js';
import { targetOption, withConnection } from './runs.js';

const n = (x: number | undefined, digits = 1) =>
  x === undefined ? '' : x.toFixed(digits);

export function registerAnalysisCommands(program: Command): void {
  const analysis = program.command('analysis').description('does aligned practice help?');
  analysis
    .command('alignment')
    .description(
      'aligned versus other practice: opportunities and days to mastery, effect size',
    )
    .requiredOption('--school <id>', 'the school id')
    .requiredOption('--from <date>', 'first day, e.g. 2025-01-06')
    .requiredOption('--to <date>', 'last day')
    .option('--zone <zone>', 'the district time zone', 'America/New_York')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (opts: {
        school: string;
        from: string;
        to: string;
        zone: string;
        json?: boolean;
        target: Target;
      }) => {
        const report = await withConnection(opts.target, (c) => {
          const table = process.env.LABLINK_TABLE ?? 'lablink';
          const focus = new DynamoAssignmentStore(createDocumentClient(), table);
          const deps = { classes: c.store, roster: c.store, evidence: c.store, focus };
          return schoolAlignment(deps, opts.school, opts.from, opts.to, opts.zone);
        });
        if (opts.json) {
          console.log(JSON.stringify(report, null, 2));
          return;
        }
        console.log(
          toTable(
            [
              'group',
              'episodes',
              'mastered',
              'opportunities',
              'days (median)',
              'gain/week',
            ],
            (['aligned', 'other'] as const).map((g) => [
              g,
              String(report[g].episodes),
              String(report[g].mastered),
              n(report[g].meanOpportunitiesToMastery),
              n(report[g].medianDaysToMastery),
              n(report[g].meanGainPerWeek, 3),
            ]),
          ),
        );
        console.log(report.summary);
      },
    );
}
