/**
 * `lablink analysis alignment --school <id> --from <date> --to <date>`: the
 * alignment hypothesis for one school, as `GET /analysis/alignment` reports it.
 * With `--demo` it runs on a generated demo district in memory instead (no
 * stack): the district's scope and sequence as every class's focus plan, a
 * planted effect with `--aligned-learn-multiplier`.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadDemoDistrict } from '../../infra/local/demo-district.js';
import {
  ANALYSIS_LESSONS_PER_STANDARD,
  districtAlignment,
} from '../../shared/analysis/demo-district.js';
import { schoolAlignment, type AlignmentReport } from '../../shared/analysis/index.js';
import { formatDecimal } from '../../shared/rounding.js';
import { DynamoAssignmentStore } from '../../storage/assignment-store.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import type { Target } from '../connect.js';
import { toTable } from '../format.js';
import { targetOption, withConnection } from './runs.js';

const n = (x: number | undefined, digits = 1) =>
  x === undefined ? '' : formatDecimal(x, digits);

interface AlignmentOpts {
  school?: string;
  from?: string;
  to?: string;
  zone?: string;
  json?: boolean;
  target: Target;
  demo?: boolean;
  students?: number;
  seed?: number;
  alignedLearnMultiplier: number;
  lessonsPerStandard?: number;
}

function wholeNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidArgumentError('expected a whole number from 1, e.g. 2000');
  return parsed;
}

function multiplier(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0)) throw new InvalidArgumentError('expected a number above 0, e.g. 2');
  return parsed;
}

async function stackReport(opts: AlignmentOpts): Promise<AlignmentReport> {
  const { school, from, to } = opts;
  if (!school || !from || !to) {
    throw new InvalidArgumentError(
      '--school, --from and --to are required (or --demo for a generated district)',
    );
  }
  return withConnection(opts.target, (c) => {
    const table = process.env.LABLINK_TABLE ?? 'lablink';
    const focus = new DynamoAssignmentStore(createDocumentClient(), table);
    const deps = { classes: c.store, roster: c.store, evidence: c.store, focus };
    return schoolAlignment(deps, school, from, to, opts.zone ?? 'America/New_York');
  });
}

async function demoReport(opts: AlignmentOpts): Promise<AlignmentReport> {
  const { district } = await loadDemoDistrict({
    ...(opts.students === undefined ? {} : { students: opts.students }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    alignedLearnMultiplier: opts.alignedLearnMultiplier,
    lessonsPerStandard: opts.lessonsPerStandard ?? ANALYSIS_LESSONS_PER_STANDARD,
  });
  return districtAlignment(district, {
    ...(opts.school === undefined ? {} : { schoolId: opts.school }),
    ...(opts.from === undefined ? {} : { from: opts.from }),
    ...(opts.to === undefined ? {} : { to: opts.to }),
    ...(opts.zone === undefined ? {} : { zone: opts.zone }),
  });
}

export function registerAnalysisCommands(program: Command): void {
  const analysis = program.command('analysis').description('does aligned practice help?');
  analysis
    .command('alignment')
    .description(
      'aligned versus other practice: opportunities and days to mastery, effect size',
    )
    .option('--school <id>', 'the school id (with --demo: the whole district if absent)')
    .option('--from <date>', 'first day, e.g. 2025-01-06 (--demo: the scope start)')
    .option('--to <date>', 'last day (--demo: the scope end)')
    .option('--zone <zone>', 'the district time zone (default America/New_York)')
    .option('--json', 'machine-readable output')
    .option('--demo', 'a generated demo district, in memory, instead of the stack')
    .option(
      '--students <n>',
      '--demo: students in all, at least the 902 real ones (the default)',
      wholeNumber,
    )
    .option('--seed <n>', '--demo: the generator seed', wholeNumber)
    .option(
      '--aligned-learn-multiplier <x>',
      '--demo: planted effect, 1 for none',
      multiplier,
      1,
    )
    .option(
      '--lessons-per-standard <n>',
      '--demo: i-Ready lessons per standard (default 10)',
      wholeNumber,
    )
    .addOption(targetOption())
    .action(async (opts: AlignmentOpts) => {
      const report = opts.demo ? await demoReport(opts) : await stackReport(opts);
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
    });
}
