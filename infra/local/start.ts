/**
 * `npm start`: the main job on the embedded local stack. It starts the
 * emulators, the gateway and the schedules, drops the bundled ASSISTments
 * demo file into the ingest bucket (the S3 event runs the real ingest
 * handler), fires the mastery rollup, prints where to look, and serves until
 * Ctrl-C. Data persists in `.lablink/`; a second start finds the demo already
 * ingested and does not ingest it twice.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { dropFile, waitForRun } from './drop-file.js';
import {
  configuredPorts,
  findRunningStack,
  lablinkHome,
  removeStackFile,
  writeStackFile,
} from './home.js';
import { startLocalStack } from './stack.js';

export const DEMO_PROGRAM = 'assistments';
/** How long the printed demo teacher token lasts, in seconds. */
export const DEMO_TOKEN_TTL_IN_SECONDS = 12 * 60 * 60;
export const DEMO_FILE = resolve(
  'data/demo/assistments-2009/skill_builder_data_subset_table_boxwhisker.csv',
);

async function main() {
  // Keep handler logs to warnings unless asked: this job prints its own summary.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const home = lablinkHome();
  const running = findRunningStack(home);
  if (running) {
    console.error(
      `A Lablink local stack already runs from ${home} (pid ${running.pid}) at ` +
        `${running.urls.api}. Stop it, or set LABLINK_HOME to start another.`,
    );
    process.exit(1);
  }
  await mkdir(home, { recursive: true });

  console.log(`Lablink local stack, data in ${home}`);
  const stack = await startLocalStack({ home, ports: configuredPorts() });
  await writeStackFile(home, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    urls: stack.urls,
    table: stack.table,
    bucket: stack.bucket,
    env: stack.env,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the local stack...');
    await stack.stop();
    await removeStackFile(home);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const store = new DynamoStore(createDocumentClient(), stack.table);
  const drop = await dropFile(new S3Client({}), stack.bucket, DEMO_PROGRAM, DEMO_FILE);
  console.log(
    drop.uploaded
      ? `Dropped the demo file at s3://${stack.bucket}/${drop.key}; ingesting...`
      : `The demo file is already in s3://${stack.bucket}/${drop.key}: not ingested again.`,
  );
  const run = await waitForRun(store, drop.runId);
  const c = run.counts;
  console.log(
    `Run ${run.runId} ${run.status}: parsed ${c.parsed}, accepted ${c.accepted} ` +
      `(replaced ${c.replaced}), duplicates ${c.duplicates}, rejected ${c.rejected}, ` +
      `held ${c.held}${run.rejectsKey ? `; rejects in s3://${stack.bucket}/${run.rejectsKey}` : ''}`,
  );
  if (run.status !== 'completed') console.log(`  error: ${run.error}`);

  await stack.scheduler.fire('rollupMastery');
  const classes = await store.listClasses();
  const sizes = await Promise.all(
    classes.map(async (id) => ({ id, n: (await store.listClassStudents(id)).length })),
  );
  sizes.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1));
  const sample = sizes[0];
  const sampleStudent = sample
    ? (await store.listClassStudents(sample.id)).sort()[0]
    : undefined;

  const api = stack.urls.api;
  const teacher = sample
    ? (await store.listClassStaff(sample.id)).find((s) => s.role === 'teacher')?.userId
    : undefined;
  // A demo teacher's token from the local issuer (the user pool's stand-in);
  // it lasts the working day and dies with this stack's signing key.
  const token = teacher
    ? await stack.issuer.sign({
        role: 'teacher',
        userId: teacher,
        sub: `demo-teacher-${teacher}`,
        ttlInSeconds: DEMO_TOKEN_TTL_IN_SECONDS,
      })
    : undefined;
  const auth = token ? `-H "authorization: Bearer $LABLINK_TOKEN" ` : '';
  console.log(`
Report API     ${api}   (OpenAPI: ${api}/openapi.json)
  health       curl ${api}/health
${
  sample && token
    ? `  token        export LABLINK_TOKEN=${token}
               (teacher ${teacher} of class ${sample.id}; valid ${DEMO_TOKEN_TTL_IN_SECONDS / 3600} h)
  my classes   curl ${auth}${api}/me/classes
  class grid   curl ${auth}${api}/classes/${sample.id}/mastery   (${sample.n} students; ${classes.length} classes in all)
  as CSV       curl ${auth}"${api}/classes/${sample.id}/mastery?format=csv"
  student      curl ${auth}${api}/students/${sampleStudent}`
    : '  (no classes yet)'
}
CLI            npx lablink report class-mastery --class ${sample?.id ?? '<classId>'} --format table
               npx lablink ingest <file.csv> --program ${DEMO_PROGRAM}
Emulators      DynamoDB ${stack.urls.dynamodb}   S3 ${stack.urls.s3} (bucket ${stack.bucket})
Token issuer   ${stack.urls.issuer} (JWKS at ${stack.issuer.jwksUrl.pathname})
Serving until Ctrl-C.`);
}

main().catch((error) => {
  console.error(`lablink start failed: ${(error as Error).message}`);
  process.exit(1);
});
