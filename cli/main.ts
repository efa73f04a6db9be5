/**
 * `lablink`: the data team's command line. It works against the local stack
 * by default (see connect.ts) and goes through the same paths as AWS: an
 * ingest is an S3 drop that the ingest handler picks up.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { access } from 'node:fs/promises';
import { ZodError } from 'zod';
import type { IngestRun } from '../shared/model.js';
import { findProgram } from '../shared/programs.js';
import { AUTO_PROGRAM, variantsOf } from '../shared/profiles/choose-profile.js';
import { formatDecimal } from '../shared/rounding.js';
import { describeZodError } from '../shared/zod-issues.js';
import { classMasteryGrid } from '../shared/reports/class-mastery.js';
import { studentMastery } from '../shared/reports/student-mastery.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { fitMastery, recomputeAll } from '../shared/rollup/index.js';
import { dropFile, waitForRun } from '../infra/local/drop-file.js';
import { connect, type Connection, type Target } from './connect.js';
import { gridTableCell, toCsv, toTable, valueOrBlank } from './format.js';
import { pullCommand } from './commands/pull.js';
import { registerConfigCommands } from './commands/config.js';
import { migrateCommand } from './commands/migrate.js';
import { registerIdentityCommands } from './commands/identity.js';
import { registerRosterCommands } from './commands/roster.js';
import { registerRunsCommands } from './commands/runs.js';
import { registerHeldCommands } from './commands/held.js';
import { registerVendorKeyCommands } from './commands/vendor-key.js';
import { registerFocusCommands } from './commands/focus.js';
import { registerAnalysisCommands } from './commands/analysis.js';
import { registerTokenCommand } from './commands/token.js';

const targetOption = () =>
  new Option('--target <target>', 'where Lablink runs')
    .choices(['local', 'aws'])
    .default('local');

async function withConnection<T>(target: Target, work: (c: Connection) => Promise<T>) {
  const connection = await connect(target);
  try {
    return await work(connection);
  } finally {
    await connection.close();
  }
}

function runSummary(file: string, run: IngestRun, detected = false): string {
  const c = run.counts;
  const lines = [
    `${file}: run ${run.runId} ${run.status}`,
    ...(detected && run.programId !== AUTO_PROGRAM
      ? [`  program ${run.programId}, profile ${run.profileId} (chosen by the header)`]
      : []),
    `  parsed ${c.parsed} = accepted ${c.accepted} + duplicates ${c.duplicates} + ` +
      `rejected ${c.rejected} + held ${c.held}` +
      (c.unwritten ? ` + unwritten ${c.unwritten}` : ''),
  ];
  if (c.replaced)
    lines.push(`  ${c.replaced} accepted records replaced an earlier version`);
  for (const [reason, n] of Object.entries(run.rejectReasons)) {
    lines.push(`  rejected ${n}: ${reason}`);
  }
  if (run.rejectsKey) lines.push(`  rejects: ${run.rejectsKey}`);
  if (run.unmappedSkills.length) {
    lines.push(`  skills with no standard: ${run.unmappedSkills.join(', ')}`);
  }
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.status === 'held') {
    lines.push(
      '  held until a profile reads this layout: `lablink runs release-held` ' +
        '(or the hourly release) reads it then',
    );
  }
  return lines.join('\n');
}

/**
 * The folder under incoming/ that `--program` and `--profile` name, checked
 * before any upload: a variant must extend the program's own profile, as the
 * ingest handler requires of a variant folder (shared/profiles/choose-profile.ts).
 */
export function dropFolder(programId: string, variantId: string | undefined): string {
  if (variantId === undefined) {
    if (programId !== AUTO_PROGRAM) findProgram(programId);
    return programId;
  }
  if (programId === AUTO_PROGRAM)
    throw new InvalidArgumentError(
      '--profile needs --program: the program the variant is of',
    );
  const program = findProgram(programId);
  if (variantId === program.profileId) return programId;
  const variants = variantsOf(program.profileId);
  if (!variants.includes(variantId)) {
    throw new InvalidArgumentError(
      `--profile ${variantId}: not a variant of ${program.profileId}, the profile of ` +
        `${programId}; ` +
        (variants.length
          ? `its variants: ${variants.join(', ')}`
          : 'it has no variant in this district'),
    );
  }
  return `${programId}/${variantId}`;
}

export function buildProgram(): Command {
  const program = new Command('lablink')
    .description('Lablink for district data teams: ingest, mastery, reports')
    .showHelpAfterError()
    // Lets a command (runs) hand options after its subcommand's name to the
    // subcommand; without it they reach the parent whatever their position.
    .enablePositionalOptions();

  program
    .command('ingest')
    .description('drop files into the ingest bucket (as an S3 drop) and print each run')
    .argument('<file...>', 'vendor files to ingest')
    .option(
      '--program <id>',
      `the program the files come from; ${AUTO_PROGRAM} (the default) lets each ` +
        `file's header choose it, as a drop under incoming/${AUTO_PROGRAM}/ does`,
      AUTO_PROGRAM,
    )
    .option(
      '--profile <variantId>',
      "a district variant of the program's profile (e.g. day-first dates): the files " +
        'go under incoming/<program>/<variantId>/ and are read with it',
    )
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (
        files: string[],
        opts: { program: string; profile?: string; json?: boolean; target: Target },
      ) => {
        for (const file of files) {
          await access(file).catch(() => {
            throw new InvalidArgumentError(`${file}: no such file`);
          });
        }
        const runs = await withConnection(opts.target, async (c) => {
          // After connecting: the district's programs and variants are known then.
          const folder = dropFolder(opts.program, opts.profile);
          const results: { file: string; run: IngestRun; uploaded: boolean }[] = [];
          for (const file of files) {
            const drop = await dropFile(c.s3, c.bucket, folder, file);
            results.push({
              file,
              run: await waitForRun(c.store, drop.runId),
              uploaded: drop.uploaded,
            });
          }
          return results;
        });
        if (opts.json)
          console.log(
            JSON.stringify(
              runs.map((r) => r.run),
              null,
              2,
            ),
          );
        else
          console.log(
            runs
              .map((r) => {
                const summary = runSummary(r.file, r.run, opts.program === AUTO_PROGRAM);
                return r.uploaded
                  ? summary
                  : `${r.file}: already ingested (the same bytes under the same name); ` +
                      `nothing changed. Its run:\n${summary}`;
              })
              .join('\n'),
          );
        if (runs.some((r) => r.run.status !== 'completed')) process.exitCode = 2;
      },
    );

  const mastery = program
    .command('mastery')
    .description("a student's mastery per standard; `mastery fit` fits BKT")
    // Checked in the action: a required option here would also bind `mastery fit`.
    .option('--student <id>', 'the student id (required)')
    .option('--standard <code>', 'one standard, e.g. 6.SP.B.4')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (opts: {
        student?: string;
        standard?: string;
        json?: boolean;
        target: Target;
      }) => {
        const student = opts.student;
        if (student === undefined)
          throw new InvalidArgumentError(
            "required option '--student <id>' not specified",
          );
        const code =
          opts.standard === undefined
            ? undefined
            : requireStandardCode(opts.standard, '--standard');
        const result = await withConnection(opts.target, (c) =>
          studentMastery({ mastery: c.store, roster: c.store }, student, code),
        );
        if (opts.json) {
          console.log(JSON.stringify(result, null, 2));
          return;
        }
        console.log(
          `student ${result.studentId} (classes ${result.classIds.join(', ')})`,
        );
        console.log(
          toTable(
            ['standard', 'level', 'value', 'evidence', 'method'],
            result.standards.map((s) => [
              s.code,
              s.level,
              valueOrBlank(s.value),
              String(s.evidenceCount),
              s.method,
            ]),
          ),
        );
      },
    );

  mastery
    .command('fit')
    .description(
      "fit BKT per standard from the district's evidence and store the fits " +
        '(bkt policies use them from the next update)',
    )
    .option('--forgetting', 'fit P(forget) too')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (opts: { forgetting?: boolean; json?: boolean; target: Target }) => {
      const result = await withConnection(opts.target, (c) =>
        fitMastery(
          { evidence: c.store, mastery: c.store, roster: c.store },
          { forgetting: opts.forgetting },
        ),
      );
      if (opts.json) {
        console.log(JSON.stringify(result.fits, null, 2));
        return;
      }
      console.log(
        toTable(
          [
            'standard',
            'fitted',
            'prior',
            'learn',
            'guess',
            'slip',
            'forget',
            'responses',
            'students',
          ],
          result.fits.map((f) => [
            f.standard,
            f.fitted ? 'yes' : `no (${f.reason})`,
            ...[
              f.params.prior,
              f.params.learn,
              f.params.guess,
              f.params.slip,
              f.params.forget,
            ].map((p) => formatDecimal(p, 3)),
            String(f.responses),
            String(f.sequences),
          ]),
        ),
      );
      console.log(
        `${result.fitted} of ${result.standards} standards fitted; run lablink rollup to apply now`,
      );
    });

  const report = program.command('report').description('teacher reports');
  report
    .command('class-mastery')
    .description('the class grid: students by standards')
    .requiredOption('--class <id>', 'the class id')
    .addOption(
      new Option('--format <format>').choices(['table', 'json', 'csv']).default('table'),
    )
    .addOption(targetOption())
    .action(async (opts: { class: string; format: string; target: Target }) => {
      const grid = await withConnection(opts.target, (c) =>
        classMasteryGrid({ mastery: c.store, roster: c.store }, opts.class),
      );
      if (opts.format === 'json') {
        console.log(JSON.stringify(grid, null, 2));
        return;
      }
      const codes = grid.standards.map((s) => s.code);
      if (opts.format === 'csv') {
        const header = [
          'studentId',
          ...codes.flatMap((c) => [`${c} level`, `${c} value`]),
        ];
        const rows = grid.students.map((s) => [
          s.studentId,
          ...codes.flatMap((c) => [
            s.cells[c]?.level ?? 'not_started',
            valueOrBlank(s.cells[c]?.value),
          ]),
        ]);
        process.stdout.write(toCsv(header, rows));
        return;
      }
      const rows = grid.students.map((s) => [
        s.studentId,
        ...codes.map((c) => gridTableCell(s.cells[c])),
      ]);
      console.log(`class ${grid.classId}: ${grid.students.length} students`);
      console.log(toTable(['student', ...codes], rows));
      console.log('M mastered, A approaching, D developing, - no evidence');
    });

  program
    .command('rollup')
    .description(
      'recompute every mastery state and rollup (class, school, program, district) ' +
        'from the stored evidence',
    )
    .addOption(targetOption())
    .action(async (opts: { target: Target }) => {
      const result = await withConnection(opts.target, (c) =>
        recomputeAll({ evidence: c.store, mastery: c.store, roster: c.store }),
      );
      console.log(
        `recomputed ${result.states} states of ${result.students} students; ` +
          `${result.rollups} rollups over ${result.classes} classes`,
      );
    });

  registerRunsCommands(program);
  registerHeldCommands(program);
  registerRosterCommands(program);
  registerIdentityCommands(program);
  registerConfigCommands(program);
  program.addCommand(migrateCommand());
  registerVendorKeyCommands(program);
  registerFocusCommands(program);
  registerAnalysisCommands(program);
  registerTokenCommand(program);
  program.addCommand(pullCommand());
  return program;
}

/** Runs the command line; `cli/bin.cjs` (what `npx lablink` runs) calls it. */
export function run(argv: readonly string[] = process.argv): Promise<void> {
  return buildProgram()
    .parseAsync([...argv])
    .then(() => undefined)
    .catch((error: Error) => {
      // zod's own message is its issues as JSON: say them as the API's 400 does.
      const message = error instanceof ZodError ? describeZodError(error) : error.message;
      console.error(`lablink: ${message}`);
      process.exit(1);
    });
}

// `tsx cli/main.ts` (npm run lablink) runs this file directly.
if (require.main === module) void run();
