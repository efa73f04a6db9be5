/**
 * `lablink held`: the records held across programs with what each waits for,
 * and the review decision that ends a pushed event held for `score-review`
 * or `learner-review`. Payloads are never printed: they keep the event as
 * received, e-mails and names included.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { LEARNER_REVIEW } from '../../shared/events/identity.js';
import { SCORE_REVIEW, type ReviewAction } from '../../shared/events/review-decision.js';
import { applyReviews, type ReviewResult } from '../../shared/events/review.js';
import { NotFoundError } from '../../shared/errors.js';
import { programsWithIdentity } from '../../shared/identity/release.js';
import { maskEmails, silentLog } from '../../shared/log.js';
import type { HeldRecord } from '../../shared/model.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import type { Connection, Target } from '../connect.js';
import { toTable } from '../format.js';
import {
  RUN_COUNT_COLUMNS,
  runCountCells,
  targetOption,
  withConnection,
} from './runs.js';

/** A held record as `held list` prints it: ids, reason and where it came from. */
export function heldListing(r: HeldRecord) {
  return {
    programId: r.programId,
    heldId: r.heldId,
    waitingFor: maskEmails(r.waitingFor),
    reason: maskEmails(r.reason),
    runId: r.runId,
    source: r.source,
    heldAt: r.heldAt,
  };
}

async function listAll(c: Connection, programIds: readonly string[], waiting?: string) {
  const out: HeldRecord[] = [];
  for (const programId of programIds)
    out.push(...(await c.store.listHeld(programId, waiting)));
  return out;
}

interface ReviewOptions {
  reject?: string;
  score?: number;
  usage?: boolean;
  student?: string;
  by: string;
  json?: boolean;
  target: Target;
}

/** The one decision the options state, or a refusal saying which to give. */
export function actionOf(opts: ReviewOptions): ReviewAction {
  const given = [
    opts.reject !== undefined,
    opts.score !== undefined,
    opts.usage === true,
  ];
  const count = given.filter(Boolean).length;
  if (count > 1) throw new Error('give one of --reject, --score or --usage, not several');
  if (opts.reject !== undefined) {
    if (opts.student !== undefined) throw new Error('--reject takes no --student');
    return { kind: 'reject', reason: opts.reject };
  }
  const student = opts.student === undefined ? {} : { studentId: opts.student };
  if (opts.score !== undefined) return { kind: 'score', score: opts.score, ...student };
  if (opts.usage) return { kind: 'usage', ...student };
  if (opts.student !== undefined) return { kind: 'student', studentId: opts.student };
  throw new Error(
    'give a decision: --reject "<reason>", --score <0..1>, --usage or --student <id>',
  );
}

const fraction = (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('a fraction from 0 to 1, e.g. 0.8');
  return n;
};

function printReview(result: ReviewResult): void {
  const { run } = result;
  for (const o of result.outcomes) {
    console.log(
      `${o.heldId}: ${o.decision}` +
        (o.evidenceId ? ` -> evidence ${o.evidenceId} of student ${o.studentId}` : ''),
    );
  }
  console.log(
    toTable(
      ['run', 'status', ...RUN_COUNT_COLUMNS],
      [[run.runId, run.status, ...runCountCells(run.counts)]],
    ),
  );
  for (const [reason, n] of Object.entries(run.rejectReasons))
    console.log(`rejected ${n}: ${reason}`);
  if (run.rejectsKey) console.log(`rejects: lablink runs rejects ${run.runId}`);
  if (run.error) console.log(`error: ${run.error}`);
}

export function registerHeldCommands(program: Command): void {
  const held = program
    .command('held')
    .description('held records and the review decisions that end them');

  held
    .command('list')
    .description('held records with what each waits for (ids only, never the payload)')
    .option('--program <id>', 'one program (default: every program that can hold)')
    .addOption(
      new Option('--waiting <what>', 'only records waiting for this review').choices([
        SCORE_REVIEW,
        LEARNER_REVIEW,
      ]),
    )
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(
      async (opts: {
        program?: string;
        waiting?: string;
        json?: boolean;
        target: Target;
      }) => {
        const records = await withConnection(opts.target, (c) => {
          // Known after connecting: the stack's district configuration adds programs.
          const known = programsWithIdentity();
          if (opts.program && !known.includes(opts.program)) {
            // A mistyped program must not read as an empty queue.
            throw new NotFoundError(
              `unknown program "${opts.program}"; known programs: ${known.join(', ')}`,
              { programId: opts.program, known },
            );
          }
          return listAll(c, opts.program ? [opts.program] : known, opts.waiting);
        });
        const rows = records.map(heldListing);
        if (opts.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        console.log(
          toTable(
            ['program', 'heldId', 'waiting', 'reason', 'source', 'run', 'heldAt'],
            rows.map((r) => [
              r.programId,
              r.heldId,
              r.waitingFor,
              r.reason,
              r.source.line === undefined
                ? r.source.uri
                : `${r.source.uri}:${r.source.line}`,
              r.runId,
              r.heldAt,
            ]),
          ),
        );
        console.log(`${rows.length} held`);
      },
    );

  held
    .command('review <program> <heldId>')
    .description(
      'decide a record held for score-review or learner-review: it ends rejected or as evidence',
    )
    .option('--reject <reason>', 'reject it with this reason')
    .option(
      '--score <fraction>',
      'the score from 0 to 1 that replaces the event one',
      fraction,
    )
    .option('--usage', 'keep only its time on task (usage evidence)')
    .option('--student <id>', 'the Lablink student id the event is of')
    .requiredOption(
      '--by <reviewerId>',
      'who decides (a staff id, recorded with the decision)',
    )
    .option('--json', 'machine-readable output')
    .addOption(targetOption())
    .action(async (programId: string, heldId: string, opts: ReviewOptions) => {
      const action = actionOf(opts);
      const result = await withConnection(opts.target, (c) =>
        applyReviews(
          {
            evidence: c.store,
            mastery: c.store,
            roster: c.store,
            runs: c.store,
            held: c.store,
            identity: c.store.identity(),
            events: new DynamoEventRecords(createDocumentClient(), c.table),
            objects: c.objects,
            bucket: c.bucket,
            log: silentLog,
          },
          [{ programId, heldId, action, reviewedBy: opts.by }],
        ),
      );
      if (opts.json) console.log(JSON.stringify(result, null, 2));
      else printReview(result);
      if (result.run.status === 'failed') process.exitCode = 2;
    });
}
