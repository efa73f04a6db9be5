/**
 * `npm run bench:ingest`: the full parse-and-map path (decode, csv-parse,
 * header resolution, profile mapping to evidence, crosswalk) beside the raw
 * CSV parser alone, on the same generated vendor file, in one run. Each phase
 * runs in its own child process so its peak memory is its own; phases
 * alternate so machine noise hits both. The figures are ratios: full/raw
 * throughput (target >= 0.5) and peak memory at two file sizes (target: flat,
 * under 256 MB). A second phase does the same on the demo district generator's
 * files (docs/demo-district.md): the i-Ready lesson and Star standards files
 * of BENCH_STUDENTS students (100,000 unless set), each read with the builtin
 * profile and crosswalk of its program.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse';
import {
  loadBuiltinProfile,
  readRecords,
  createRowMapper,
} from '../shared/profiles/index.js';
import { loadBuiltinCrosswalk } from '../shared/crosswalks/index.js';
import { benchPushEvents } from './push-events.js';
import { seededRandom as prng } from '../shared/random.js';
import { findProgram } from '../shared/programs.js';
import { DEMO_PROGRAMS } from '../shared/demo/index.js';
import { benchDistrict, benchFiles } from './demo-district.js';

const OUT_DIR = resolve(__dirname, 'out');
const SIZES = [250_000, 1_000_000];
const ROUNDS = 2;
const TARGET_RATIO = 0.5;
const TARGET_PEAK_MB = 256;

const HEADER =
  ',order_id,assignment_id,user_id,assistment_id,problem_id,original,correct,attempt_count,' +
  'ms_first_response,tutor_mode,answer_type,sequence_id,student_class_id,position,type,' +
  'base_sequence_id,skill_id,skill_name,teacher_id,school_id,hint_count,hint_total,' +
  'overlap_time,template_id,answer_id,answer_text,first_action,bottom_hint,opportunity,' +
  'opportunity_original';

/** A file in the ASSISTments layout: 100k students in 4k classes, two skills. */
async function generate(rows: number): Promise<string> {
  const path = join(OUT_DIR, `assistments-${rows}.csv`);
  if (existsSync(path)) return path;
  await mkdir(OUT_DIR, { recursive: true });
  const out = createWriteStream(path);
  const rand = prng(rows);
  out.write(`${HEADER}\n`);
  for (let i = 0; i < rows; i += 1) {
    const user = 100000 + Math.floor(rand() * 100_000);
    const cls = 10000 + (user % 4000);
    const skill = rand() < 0.6 ? 'Table' : 'Box and Whisker';
    const correct = rand() < 0.7 ? 1 : 0;
    const ms = Math.floor(rand() * 60000);
    const line =
      `${i},${30000000 + i},277618,${user},33139,${51424 + (i % 700)},1,${correct},1,${ms},` +
      `tutor,algebra,5948,${cls},126,MasterySection,5948,1.0,${skill},${22763 + (cls % 300)},` +
      `${73 + (cls % 30)},0,3,${ms},30799,,26,0,,1,1.0\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return path;
}

/** The raw parser alone: csv-parse over the file, counting records. */
async function rawPhase(path: string): Promise<number> {
  let n = 0;
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true }));
  for await (const _record of parser) n += 1;
  return n - 1;
}

/**
 * The product's path: reader, profile mapping and crosswalk, up to the writes,
 * with the builtin profile and crosswalk of `programId`.
 */
async function fullPhase(path: string, programId: string): Promise<number> {
  const program = findProgram(programId);
  const profile = loadBuiltinProfile(program.profileId);
  const crosswalk = program.crosswalkId
    ? loadBuiltinCrosswalk(program.crosswalkId)
    : undefined;
  const map = createRowMapper(profile, crosswalk, {
    programId,
    runId: 'bench',
    sourceUri: `file://${path}`,
    sourceIdentity: 'bench',
    timeZone: 'America/New_York',
  });
  let evidence = 0;
  for await (const record of readRecords(profile, createReadStream(path), {
    fileName: path,
  })) {
    for (const result of map(record)) if (result.kind === 'evidence') evidence += 1;
  }
  return evidence;
}

async function child(phase: string, path: string, programId: string) {
  const started = process.hrtime.bigint();
  const rows = phase === 'raw' ? await rawPhase(path) : await fullPhase(path, programId);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ rows, ms, peakMb }));
}

interface Measure {
  rows: number;
  ms: number;
  peakMb: number;
}

function measure(phase: string, path: string, programId = 'assistments'): Measure {
  const out = execFileSync(
    process.execPath,
    [...process.execArgv, __filename, phase, path, programId],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out) as Measure;
}

async function main() {
  const files = new Map<number, string>();
  for (const size of SIZES) files.set(size, await generate(size));

  const big = files.get(SIZES[SIZES.length - 1] as number) as string;
  const raw: Measure[] = [];
  const full: Measure[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    raw.push(measure('raw', big));
    full.push(measure('full', big));
  }
  const r = best(raw);
  const f = best(full);
  const ratio = rate(f) / rate(r);

  console.log(
    `bench:ingest on ${f.rows.toLocaleString('en')} rows (${ROUNDS} rounds, best of each)`,
  );
  console.log(
    `  raw csv-parse         ${rate(r).toLocaleString('en')} rows/s   peak ${r.peakMb.toFixed(0)} MB`,
  );
  console.log(
    `  full parse-and-map    ${rate(f).toLocaleString('en')} rows/s   peak ${f.peakMb.toFixed(0)} MB`,
  );
  console.log(
    `  ratio full/raw        ${ratio.toFixed(2)}  (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
  );
  const small = measure('full', files.get(SIZES[0] as number) as string);
  console.log(
    `  peak memory, full path: ${small.peakMb.toFixed(0)} MB at ${small.rows.toLocaleString('en')} rows, ` +
      `${f.peakMb.toFixed(0)} MB at ${f.rows.toLocaleString('en')} rows ` +
      `(target flat and < ${TARGET_PEAK_MB} MB: ${f.peakMb < TARGET_PEAK_MB && f.peakMb < small.peakMb * 1.25 ? 'met' : 'NOT met'})`,
  );
  await demoPhase();
  benchPushEvents();
}

const best = (ms: Measure[]) => ms.reduce((a, b) => (b.ms < a.ms ? b : a));
const rate = (m: Measure) => Math.round(m.rows / (m.ms / 1000));

/** The demo district's lesson and diagnostic files: full path beside raw csv-parse. */
async function demoPhase() {
  const started = Date.now();
  const district = await benchDistrict();
  const files = await benchFiles(district);
  console.log(
    `demo district, ${district.students.length.toLocaleString('en')} students ` +
      `(seed ${district.seed}; files in ${resolve(files.lessons, '..')}, ` +
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  for (const [label, path, programId] of [
    ['i-Ready lessons', files.lessons, DEMO_PROGRAMS.lessons],
    ['Star standards', files.diagnostic, DEMO_PROGRAMS.diagnostic],
  ] as const) {
    const raw: Measure[] = [];
    const full: Measure[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      raw.push(measure('raw', path, programId));
      full.push(measure('full', path, programId));
    }
    const r = best(raw);
    const f = best(full);
    // Same file on both sides: the ratio is of rows per second, raw time over full time.
    const ratio = r.ms / f.ms;
    console.log(
      `  ${label} (${programId}), ${r.rows.toLocaleString('en')} rows, ` +
        `${f.rows.toLocaleString('en')} evidence`,
    );
    console.log(
      `    raw csv-parse         ${rate(r).toLocaleString('en')} rows/s   peak ${r.peakMb.toFixed(0)} MB`,
    );
    console.log(
      `    full parse-and-map    ${Math.round(r.rows / (f.ms / 1000)).toLocaleString('en')} rows/s   peak ${f.peakMb.toFixed(0)} MB`,
    );
    console.log(
      `    ratio full/raw        ${ratio.toFixed(2)}  (target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'})`,
    );
  }
}

const [phase, path, programId] = process.argv.slice(2);
if (phase && path) void child(phase, path, programId ?? 'assistments');
else void main();
