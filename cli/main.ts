/**
 * `lablink`: the data team's command line. It works against the local stack
 * by default (see connect.ts) and goes through the same paths as AWS: an
 * ingest is an S3 drop that the ingest handler picks up.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { access } from 'node:fs/promises';
import type { IngestRun } from '../shared/model.js';
import { findProgram } from '../shared/programs.js';
import { classMasteryGrid } from '../shared/reports/class-mastery.js';
import { studentMastery } from '../shared/reports/student-mastery.js';
import { requireStandardCode } from '../shared/reports/standards.js';
import { rollupClasses, updateStudents } from '../shared/rollup/index.js';
import { dropFile, waitForRun } from '../infra/local/drop-file.js';
import { connect, type Connection, type Target } from './connect.js';
import { toCsv, toTable } from './format.js';

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

function runSummary(file: string, run: IngestRun): string {
  const c = run.counts;
  const lines = [
    `${file}: run ${run.runId} ${run.status}`,
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
  return lines.join('\n');
}

const LEVEL_MARK = { not_started: '-', developing: 'D', approaching: 'A', mastered: 'M' };

export function buildProgram(): Command {
  const program = new Command('lablink')
    .description('Lablink for district data teams: ingest, mastery, reports')
    .showHelpAfterError();

  program
    .command('ingest')
    .description('drop files into the ingest bucket (as an S3 drop) and print each run')
    .argument('<file...>', 'vendor files to ingest')
    .requiredOption('--program <id>', 'the program the files come from')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (
        files: string[],
        opts: { program: string; json?: boolean; target: Target },
      ) => {
        findProgram(opts.program);
        for (const file of files) {
          await access(file).catch(() => {
            throw new InvalidArgumentError(`${file}: no such file`);
          });
        }
        const runs = await withConnection(opts.target, async (c) => {
          const results: { file: string; run: IngestRun }[] = [];
          for (const file of files) {
            const drop = await dropFile(c.s3, c.bucket, opts.program, file);
            results.push({ file, run: await waitForRun(c.store, drop.runId) });
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
        else console.log(runs.map((r) => runSummary(r.file, r.run)).join('\n'));
        if (runs.some((r) => r.run.status !== 'completed')) process.exitCode = 2;
      },
    );

  program
    .command('mastery')
    .description("a student's mastery per standard")
    .requiredOption('--student <id>', 'the student id')
    .option('--standard <code>', 'one standard, e.g. 6.SP.B.4')
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (opts: {
        student: string;
        standard?: string;
        json?: boolean;
        target: Target;
      }) => {
        const code =
          opts.standard === undefined
            ? undefined
            : requireStandardCode(opts.standard, '--standard');
        const result = await withConnection(opts.target, (c) =>
          studentMastery({ mastery: c.store, roster: c.store }, opts.student, code),
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
              s.value?.toFixed(3) ?? '',
              String(s.evidenceCount),
              s.method,
            ]),
          ),
        );
      },
    );

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
            s.cells[c]?.value?.toFixed(3) ?? '',
          ]),
        ]);
        process.stdout.write(toCsv(header, rows));
        return;
      }
      const rows = grid.students.map((s) => [
        s.studentId,
        ...codes.map((c) => {
          const cell = s.cells[c];
          return cell
            ? `${cell.value?.toFixed(2) ?? '  - '} ${LEVEL_MARK[cell.level]}`
            : '-';
        }),
      ]);
      console.log(`class ${grid.classId}: ${grid.students.length} students`);
      console.log(toTable(['student', ...codes], rows));
      console.log('M mastered, A approaching, D developing, - no evidence');
    });

  program
    .command('rollup')
    .description('recompute every student and class rollup from the stored evidence')
    .addOption(targetOption())
    .action(async (opts: { target: Target }) => {
      const result = await withConnection(opts.target, async (c) => {
        const deps = { evidence: c.store, mastery: c.store, roster: c.store };
        const classes = await c.store.listClasses();
        const students = new Set<string>();
        for (const id of classes) {
          for (const s of await c.store.listClassStudents(id)) students.add(s);
        }
        const states = await updateStudents(deps, students);
        return { ...states, ...(await rollupClasses(deps, classes)) };
      });
      console.log(
        `recomputed ${result.states} states of ${result.students} students; ` +
          `${result.rollups} rollups in ${result.classes} classes`,
      );
    });

  program
    .command('runs')
    .description('the latest ingest runs')
    .option('--limit <n>', 'how many', (v) => Number(v), 20)
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (opts: { limit: number; json?: boolean; target: Target }) => {
      const runs = await withConnection(opts.target, (c) => c.store.listRuns(opts.limit));
      if (opts.json) {
        console.log(JSON.stringify(runs, null, 2));
        return;
      }
      console.log(
        toTable(
          [
            'run',
            'status',
            'program',
            'key',
            'parsed',
            'accepted',
            'dup',
            'rejected',
            'started',
          ],
          runs.map((r) => [
            r.runId,
            r.status,
            r.programId,
            r.source.key,
            String(r.counts.parsed),
            String(r.counts.accepted),
            String(r.counts.duplicates),
            String(r.counts.rejected),
            r.startedAt,
          ]),
        ),
      );
    });

  return program;
}

if (require.main === module || process.argv[1]?.endsWith('bin.cjs')) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: Error) => {
      console.error(`lablink: ${error.message}`);
      process.exit(1);
    });
}
