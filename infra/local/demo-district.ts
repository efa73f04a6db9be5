/**
 * The demo district on the local stack: writes the generated files to
 * `<LABLINK_HOME>/demo/` and feeds them in the order a district's data
 * arrives (roster, mapping table, vendor files through S3 drops, the lab's
 * xAPI push, then the mess: a late mapping, a roster delta, a re-sent file, a
 * correction and a day-first file), and imports the scope and sequence. The
 * district's own crosswalk and day-first profile come from its configuration
 * (data/demo/district/district.yaml, applied by infra/local/district-config.ts).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  buildDistrict,
  correctionFile,
  DAY_FIRST_FOLDER,
  dayFirstFile,
  DEMO_DISTRICT_FILES,
  DEMO_FILES,
  DEMO_PROGRAMS,
  diagnosticFile,
  focusFile,
  formatSummary,
  lessonFile,
  mappingFile,
  parseAssistmentsResponses,
  parseScopeBlocks,
  rosterBundle,
  rosterDelta,
  showcaseStudent,
  STATEMENTS_PER_REQUEST,
  statementBatches,
  summarizeRuns,
  zipOf,
  type DemoDistrict,
  type DemoNames,
  type DemoOptions,
  type Showcase,
} from '../../shared/demo/index.js';
import { createVendorKey, VENDOR_KEY_HEADER } from '../../shared/events/vendor-keys.js';
import { parseScopeAndSequence, putClassFocus } from '../../shared/focus/index.js';
import { loadMappingTable } from '../../shared/identity/mapping-table.js';
import { silentLog } from '../../shared/log.js';
import type { IngestRun } from '../../shared/model.js';
import { RELEASE_SOURCE_BUCKET } from '../../shared/identity/release.js';
import { ONEROSTER_PROGRAM_ID } from '../../shared/programs.js';
import { DynamoAssignmentStore } from '../../storage/assignment-store.js';
import { createDocumentClient, type DynamoStore } from '../../storage/dynamodb-store.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { dropFile, waitForRun } from './drop-file.js';

export const ASSISTMENTS_FILE = resolve(
  'data/demo/assistments-2009/skill_builder_data_subset_table_boxwhisker.csv',
);
export const DISTRICT_INPUTS = resolve('data/demo/district');
/** Runs listed to summarize the district: far more than its ~20 runs. */
const RUNS_LISTED = 500;

export interface DemoTarget {
  s3: S3Client;
  store: DynamoStore;
  bucket: string;
  table: string;
  apiUrl: string;
}

/** The small default district from the bundled inputs; options override. */
export async function loadDemoDistrict(
  overrides: Partial<DemoOptions> = {},
): Promise<{ district: DemoDistrict; responses: number }> {
  const [csv, scope, names] = await Promise.all([
    readFile(ASSISTMENTS_FILE, 'utf8'),
    readFile(join(DISTRICT_INPUTS, 'scope-and-sequence.csv'), 'utf8'),
    readFile(join(DISTRICT_INPUTS, 'names.json'), 'utf8'),
  ]);
  const assistments = parseAssistmentsResponses(csv);
  const district = buildDistrict({
    assistments,
    scope: parseScopeBlocks(scope),
    names: JSON.parse(names) as DemoNames,
    ...overrides,
  });
  return { district, responses: assistments.length };
}

async function writeLines(path: string, lines: Iterable<string>) {
  await pipeline(Readable.from(lines), createWriteStream(path));
}

/** Writes every generated file under `dir` (the same bytes for the same district). */
export async function writeDemoFiles(district: DemoDistrict, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = (name: string) => join(dir, name);
  await writeFile(path(DEMO_FILES.roster), zipOf(rosterBundle(district)));
  await writeFile(path(DEMO_FILES.rosterDelta), zipOf(rosterDelta(district)));
  await writeFile(path(DEMO_FILES.mapping), mappingFile(district, false));
  await writeFile(path(DEMO_FILES.lateMapping), mappingFile(district, true));
  await writeFile(path(DEMO_FILES.focus), focusFile(district));
  await writeLines(path(DEMO_FILES.lessons), lessonFile(district));
  await writeLines(path(DEMO_FILES.resent), lessonFile(district));
  await writeLines(path(DEMO_FILES.correction), correctionFile(district));
  await writeLines(path(DEMO_FILES.dayFirst), dayFirstFile(district));
  await writeLines(path(DEMO_FILES.diagnostic), diagnosticFile(district));
  await writeLines(
    path(DEMO_FILES.statements),
    (function* () {
      for (const batch of statementBatches(district, STATEMENTS_PER_REQUEST)) {
        yield `${JSON.stringify(batch)}\n`;
      }
    })(),
  );
}

/** `folder` is the program, or `<program>/<variant profile>`, under incoming/. */
async function drop(t: DemoTarget, folder: string, path: string) {
  const dropped = await dropFile(t.s3, t.bucket, folder, path);
  return { run: await waitForRun(t.store, dropped.runId), uploaded: dropped.uploaded };
}

async function loadMapping(t: DemoTarget, path: string, name: string) {
  return loadMappingTable(
    {
      evidence: t.store,
      mastery: t.store,
      roster: t.store,
      runs: t.store,
      held: t.store,
      identity: t.store.identity(),
      log: silentLog,
    },
    name,
    await readFile(path),
  );
}

/**
 * Pushes the lab's statements once: a marker keeps a second start from
 * pushing them again (a replay would only count duplicates).
 */
async function pushStatements(t: DemoTarget, dir: string): Promise<number> {
  const text = await readFile(join(dir, DEMO_FILES.statements), 'utf8');
  const marker = join(dir, 'pushed.sha256');
  const digest = createHash('sha256').update(text).digest('hex');
  const pushed = await readFile(marker, 'utf8').catch(() => '');
  if (pushed === digest) return 0;

  const keys = new DynamoVendorKeys(createDocumentClient(), t.table);
  const { key } = await createVendorKey(keys, DEMO_PROGRAMS.events);
  const batches = text.split('\n').filter((line) => line !== '');
  for (const batch of batches) {
    const res = await fetch(`${t.apiUrl}/ingest/xapi/statements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [VENDOR_KEY_HEADER]: key },
      body: batch,
    });
    if (res.status !== 200) {
      throw new Error(`the xAPI push answered ${res.status}: ${await res.text()}`);
    }
  }
  await writeFile(marker, digest);
  return batches.length;
}

async function importFocus(t: DemoTarget, dir: string): Promise<number> {
  const plans = parseScopeAndSequence(
    await readFile(join(dir, DEMO_FILES.focus), 'utf8'),
  );
  const store = new DynamoAssignmentStore(createDocumentClient(), t.table);
  for (const [classId, input] of plans) await putClassFocus(store, classId, input);
  return plans.size;
}

export interface DemoIngest {
  /** Each step's run, by the step's file name (releases by what released them). */
  runs: Record<string, IngestRun>;
  /** Every run of the district, newest first. */
  allRuns: IngestRun[];
  focusClasses: number;
  /** Files uploaded now; 0 when a second start found them all in the bucket. */
  uploaded: number;
  /** Statement requests pushed now (0 when pushed by an earlier start). */
  pushed: number;
}

/** Feeds the written district to the stack, step by step; each step waits for its run. */
export async function ingestDemoDistrict(
  t: DemoTarget,
  dir: string,
): Promise<DemoIngest> {
  const file = (name: string) => join(dir, name);
  const runs: Record<string, IngestRun> = {};
  let uploaded = 0;
  const step = async (name: string, folder: string, path = file(name)) => {
    const dropped = await drop(t, folder, path);
    runs[name] = dropped.run;
    if (dropped.uploaded) uploaded += 1;
  };

  await step(DEMO_FILES.roster, ONEROSTER_PROGRAM_ID);
  await loadMapping(t, file(DEMO_FILES.mapping), DEMO_FILES.mapping);
  await step('assistments', DEMO_PROGRAMS.assistments, ASSISTMENTS_FILE);
  await step(DEMO_FILES.lessons, DEMO_PROGRAMS.lessons);
  await step(DEMO_FILES.diagnostic, DEMO_PROGRAMS.diagnostic);
  const pushed = await pushStatements(t, dir);

  // The mess a real district sends, each handled by its own run.
  const late = await loadMapping(t, file(DEMO_FILES.lateMapping), DEMO_FILES.lateMapping);
  for (const release of late.releases) runs[`released:${release.programId}`] = release;
  await step(DEMO_FILES.rosterDelta, ONEROSTER_PROGRAM_ID);
  await step(DEMO_FILES.resent, DEMO_PROGRAMS.lessons);
  await step(DEMO_FILES.correction, DEMO_PROGRAMS.lessons);
  // The variant's folder under the program picks the profile that reads its dates.
  await step(DEMO_FILES.dayFirst, DAY_FIRST_FOLDER);
  const focusClasses = await importFocus(t, dir);

  const allRuns = await t.store.listRuns(RUNS_LISTED);
  for (const run of allRuns) {
    const key = `released:${run.programId}`;
    if (run.source.bucket === RELEASE_SOURCE_BUCKET && !runs[key]) runs[key] = run;
  }
  return { runs, allRuns, focusClasses, uploaded, pushed };
}

/**
 * `npm start`'s demo: writes the small default district under
 * `<home>/demo/`, feeds it to the stack and prints per program what was
 * accepted, matched and held (ids and counts only). Returns the student
 * whose grid cell shows three programs.
 */
export async function runDemoDistrict(
  t: DemoTarget,
  home: string,
  print: (line: string) => void,
): Promise<Showcase | undefined> {
  const dir = join(home, 'demo');
  const { district } = await loadDemoDistrict();
  await writeDemoFiles(district, dir);
  print(
    `Demo district: ${district.students.length} students, ${district.classes.length} ` +
      `classes, ${district.teachers.length} teachers, ${district.schools.length} schools; ` +
      `files in ${dir}`,
  );

  const startedMs = Date.now();
  const demo = await ingestDemoDistrict(t, dir);
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(1);
  print(
    demo.uploaded + demo.pushed > 0
      ? `Ingested through s3://${t.bucket}/incoming/ and the xAPI push in ${seconds} s.`
      : `The demo district is already in s3://${t.bucket}/incoming/: not ingested again.`,
  );
  const failed = demo.allRuns.filter((r) => r.status !== 'completed');
  for (const run of failed) print(`  run ${run.runId} ${run.status}: ${run.error ?? ''}`);
  print(
    'Per program, every run (accepted, matched by id, held until a mapping or roster):',
  );
  print(formatSummary(summarizeRuns(demo.allRuns)));
  const dayFirst = demo.runs[DEMO_FILES.dayFirst];
  if (dayFirst) {
    print(
      `  day-first dates: ${dayFirst.counts.accepted} of ${dayFirst.counts.parsed} rows ` +
        `read with the district's profile ${DEMO_DISTRICT_FILES.dayFirstProfile} ` +
        `(s3://${t.bucket}/incoming/${DAY_FIRST_FOLDER}/)`,
    );
  }
  print(`Scope and sequence: focus plans for ${demo.focusClasses} classes.`);
  return showcaseStudent(district);
}
