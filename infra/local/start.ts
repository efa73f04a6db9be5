/**
 * `npm start`: the main job on the embedded local stack. It starts the
 * emulators, the gateway and the schedules, feeds the demo district (its
 * roster, the real ASSISTments file and three generated programs, through S3
 * drops and the xAPI push: infra/local/demo-district.ts), fires the mastery
 * rollup, prints where to look, and serves until Ctrl-C. Data persists in
 * `.lablink/`; a second start finds the demo already ingested and does not
 * ingest it twice.
 */
import { logger, storeOptions } from '../../functions/lib/env.js';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { createDocumentClient, DynamoStore } from '../../storage/dynamodb-store.js';
import { runDemoDistrict } from './demo-district.js';
import { applyDistrictConfig, localConfigPath } from './district-config.js';
import {
  configuredPorts,
  findRunningStack,
  lablinkHome,
  removeStackFile,
  writeStackFile,
} from './home.js';
import { startLocalStack } from './stack.js';

export const DEMO_PROGRAM = 'assistments';
/** How a token for the other roles is asked for (cli/commands/token.ts). */
const OTHER_ROLES = '(or --role school_admin --school <id>, --role district_admin)';
/** How long the printed demo teacher token lasts, in seconds. */
export const DEMO_TOKEN_TTL_IN_SECONDS = 12 * 60 * 60;

/** The teacher page's port: `LABLINK_WEB_PORT`, else 8790 (next to the API's). */
export const DEFAULT_WEB_PORT = 8790;
const webPort = () => Number(process.env.LABLINK_WEB_PORT ?? DEFAULT_WEB_PORT);

/** What `npm start` says about the teacher page: its URL and a sign-in link. */
function teacherPageLines(web: string | undefined, teacher: string | undefined): string {
  if (!web) return '';
  if (!existsSync(resolve('web/dist/index.html')))
    return `Teacher page   not built: run npm run build:web, then restart\n`;
  const signIn = teacher ? `${web}/?login_hint=${encodeURIComponent(teacher)}` : web;
  return (
    `Teacher page   ${web}\n` +
    `  sign in      ${signIn}   (demo teacher ${teacher ?? '?'}: press Sign in)\n`
  );
}

/**
 * LABLINK_CONFIG names the district configuration file (by default the demo
 * district's own): the local stack then runs with the settings, profiles and
 * crosswalks the CDK stack would deploy from the same file.
 */
function useDistrictConfig(home: string): Record<string, string> {
  const file = localConfigPath();
  const { config, env } = applyDistrictConfig(file, home);
  console.log(`District configuration ${file}: ${config.district.name}`);
  return env;
}

async function main() {
  // Keep handler logs to warnings unless asked: this job prints its own summary.
  // The handlers' logger exists from import time, so set its level, not only the variable.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  logger.setLogLevel(process.env.POWERTOOLS_LOG_LEVEL as 'WARN');
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
  const configEnv = useDistrictConfig(home);

  console.log(`Lablink local stack, data in ${home}`);
  const stack = await startLocalStack({
    home,
    ports: configuredPorts(),
    webPort: webPort(),
  });
  await writeStackFile(home, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    urls: stack.urls,
    table: stack.table,
    bucket: stack.bucket,
    env: { ...stack.env, ...configEnv },
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

  // The district's retention applies to what the demo writes through this store too.
  const store = new DynamoStore(createDocumentClient(), stack.table, storeOptions());
  const showcase = await runDemoDistrict(
    {
      s3: new S3Client({}),
      store,
      bucket: stack.bucket,
      table: stack.table,
      apiUrl: stack.urls.api,
    },
    home,
    (line) => console.log(line),
  );

  await stack.scheduler.fire('rollupMastery');
  const classes = await store.listClasses();
  const sizes = await Promise.all(
    classes.map(async (id) => ({ id, n: (await store.listClassStudents(id)).length })),
  );
  sizes.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : 1));
  // The demo's showcase: a class where one student's cell combines three programs.
  const sample = sizes.find((s) => s.id === showcase?.classId) ?? sizes[0];
  const sampleStudent =
    showcase?.studentId ??
    (sample ? (await store.listClassStudents(sample.id)).sort()[0] : undefined);

  // The demo's work is from a past term: usage up to today would be empty
  // weeks, so the printed usage call ends on the student's last day with minutes.
  const lastUsageDay = sampleStudent
    ? (await store.listStudentEvidence(sampleStudent))
        .filter((e) => e.minutesOnTask !== undefined && e.occurredAt !== undefined)
        .map((e) => (e.occurredAt as string).slice(0, 10))
        .sort()
        .at(-1)
    : undefined;

  const usageQuery = lastUsageDay ? `?to=${lastUsageDay}` : '';
  const usageNote = lastUsageDay
    ? "four weeks up to the demo's last day of work"
    : 'four weeks';

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
${teacherPageLines(stack.urls.web, teacher)}Report API     ${api}   (OpenAPI: ${api}/openapi.json)
  health       curl ${api}/health
${
  sample && token
    ? `  token        export LABLINK_TOKEN=${token}
               (teacher ${teacher} of class ${sample.id}; valid ${DEMO_TOKEN_TTL_IN_SECONDS / 3600} h)
  other roles  npx lablink token --role lab_staff --user <roster id>   ${OTHER_ROLES}
  my classes   curl ${auth}${api}/me/classes
  class grid   curl ${auth}${api}/classes/${sample.id}/mastery   (${sample.n} students; ${classes.length} classes in all)
  as CSV       curl ${auth}"${api}/classes/${sample.id}/mastery?format=csv"
  usage        curl ${auth}"${api}/classes/${sample.id}/usage${usageQuery}"   (${usageNote})
  student      curl ${auth}${api}/students/${sampleStudent}${
    showcase
      ? `
  one cell     curl ${auth}${api}/students/${sampleStudent}/standards/${showcase.standard}   (${showcase.programs.join(', ')})`
      : ''
  }`
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
