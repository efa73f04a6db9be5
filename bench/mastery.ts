/**
 * `npm run bench:mastery`: incremental mastery updates and a full recompute,
 * each beside a bare loop over the same records in the same run, on two
 * sources: the demo district generator's school year of evidence for
 * BENCH_STUDENTS students (100,000 unless set; Star, i-Ready lessons and the
 * lab, about 10 records a student, simulated once and replayed from compact
 * columns), then a million synthetic records. The ratios are the figures;
 * absolute times depend on the machine.
 */
import { performance } from 'node:perf_hooks';
import {
  computeMastery,
  initialState,
  parseMasteryPolicy,
  update,
  type MethodState,
} from '../shared/mastery/index.js';
import type { Evidence } from '../shared/model.js';
import { seededRandom as mulberry32 } from '../shared/random.js';
import { districtEvidence, type DemoDistrict } from '../shared/demo/index.js';
import { benchDistrict } from './demo-district.js';

const EVIDENCE_COUNT = 1_000_000;
const STUDENT_COUNT = 20_000;
const STANDARD_COUNT = 25;
const SEED = 42;
const START_MS = Date.parse('2025-01-06T08:00:00Z');
const MINUTE_MS = 60_000;

/**
 * Evidence one student at a time, each student's in the order the work
 * happened, generated on the fly: every pass streams the same records (same
 * seed) instead of holding a million objects, which is how a recompute reads
 * storage too (one student partition at a time).
 */
function* synthetic(): Generator<Evidence> {
  const random = mulberry32(SEED);
  const perStudent = EVIDENCE_COUNT / STUDENT_COUNT;
  for (let student = 0, i = 0; student < STUDENT_COUNT; student++) {
    for (let k = 0; k < perStudent; k++, i++) {
      const standard = Math.floor(random() * STANDARD_COUNT);
      const e: Evidence = {
        evidenceId: `ev-${i}`,
        studentId: `S-${student}`,
        programId: 'bench',
        itemId: `Q-${i % 500}`,
        standards: [`MA.${standard}`],
        status: random() < 0.02 ? 'exempt' : 'scored',
        score: Math.round(random() * 4) / 4,
        occurredAt: new Date(START_MS + k * MINUTE_MS).toISOString(),
        sequence: k,
        weight: 1,
        source: { kind: 's3', uri: 's3://bench/run.csv', line: i + 2, runId: 'bench' },
        contentHash: '',
      };
      if (e.status !== 'scored') delete e.score;
      yield e;
    }
  }
}

/**
 * The demo district's evidence, simulated once into compact columns (the
 * simulation costs more than the passes measured), then streamed as records
 * one student at a time, in the order the work happened, on every pass.
 */
function demoSource(district: DemoDistrict): () => Generator<Evidence> {
  const programs: string[] = [];
  const standards: string[] = [];
  const items: string[] = [];
  const index = (list: string[], map: Map<string, number>, value: string) => {
    let i = map.get(value);
    if (i === undefined) map.set(value, (i = list.push(value) - 1));
    return i;
  };
  const programIds = new Map<string, number>();
  const standardIds = new Map<string, number>();
  const itemIds = new Map<string, number>();
  const student: number[] = [];
  const program: number[] = [];
  const standard: number[] = [];
  const item: number[] = [];
  const score: number[] = [];
  const at: number[] = [];
  let s = 0;
  for (const records of districtEvidence(district)) {
    for (const e of records) {
      student.push(s);
      program.push(index(programs, programIds, e.programId));
      standard.push(index(standards, standardIds, e.standards[0] as string));
      item.push(index(items, itemIds, e.itemId));
      score.push(e.score as number);
      at.push(Date.parse(e.occurredAt as string));
    }
    s += 1;
  }
  const ids = district.students.map((d) => d.studentId);
  return function* () {
    let previous = -1;
    let k = 0;
    for (let i = 0; i < student.length; i += 1) {
      const who = student[i] as number;
      k = who === previous ? k + 1 : 0;
      previous = who;
      yield {
        evidenceId: `ev-${i}`,
        studentId: ids[who] as string,
        programId: programs[program[i] as number] as string,
        itemId: items[item[i] as number] as string,
        standards: [standards[standard[i] as number] as string],
        status: 'scored',
        score: score[i] as number,
        occurredAt: new Date(at[i] as number).toISOString(),
        sequence: k,
        weight: 1,
        source: { kind: 's3', uri: 's3://bench/run.csv', line: i + 2, runId: 'bench' },
        contentHash: '',
      };
    }
  };
}

let generate: () => Generator<Evidence> = synthetic;

const keyOf = (e: Evidence) => `${e.studentId}#${e.standards[0]}`;

function time(run: () => unknown): { ms: number; result: unknown } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

/** The least a loop over the records can do: find the student-standard, add the score. */
function bareLoop() {
  const sums = new Map<string, number>();
  for (const e of generate()) {
    if (e.status !== 'scored') continue;
    const key = keyOf(e);
    sums.set(key, (sums.get(key) ?? 0) + (e.score as number));
  }
  return sums.size;
}

function incremental(policyInput: unknown) {
  const policy = parseMasteryPolicy(policyInput);
  const states = new Map<string, MethodState>();
  for (const e of generate()) {
    const key = keyOf(e);
    states.set(key, update(states.get(key) ?? initialState(policy), e));
  }
  return states.size;
}

/**
 * What `lablink rollup` does per student: group their evidence by standard,
 * order it, compute from scratch. Only one student's evidence is held.
 */
function fullRecompute() {
  let mastered = 0;
  let studentId: string | undefined;
  let groups = new Map<string, Evidence[]>();
  const flush = () => {
    for (const group of groups.values())
      if (computeMastery(group).level === 'mastered') mastered++;
    groups = new Map();
  };
  for (const e of generate()) {
    if (e.studentId !== studentId) {
      flush();
      studentId = e.studentId;
    }
    const group = groups.get(keyOf(e));
    if (group) group.push(e);
    else groups.set(keyOf(e), [e]);
  }
  flush();
  return mastered;
}

async function main() {
  const started = performance.now();
  const district = await benchDistrict();
  generate = demoSource(district);
  let records = 0;
  for (const _ of generate()) records += 1;
  console.log(
    `demo district: ${records.toLocaleString('en')} evidence records streamed per pass ` +
      `(${district.students.length.toLocaleString('en')} students, 5 standards, a fall ` +
      `of Star, i-Ready lessons and the lab; seed ${district.seed}; simulated once in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s, replayed from columns)`,
  );
  passes(records);

  generate = synthetic;
  console.log(
    `\nsynthetic: ${EVIDENCE_COUNT.toLocaleString('en')} evidence records streamed per pass ` +
      `(${STUDENT_COUNT} students x ${STANDARD_COUNT} standards, seed ${SEED}); ` +
      'every pass, the bare loop included, generates them on the fly',
  );
  passes(EVIDENCE_COUNT);

  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `\npeak RSS ${maxRssMb.toFixed(0)} MB (no pass holds its records as objects; ` +
      'the demo district sits in compact columns)',
  );
}

/** The bare loop, then each incremental method and the full recompute, on `generate`. */
function passes(count: number) {
  bareLoop(); // warm-up, so both sides run optimised code
  const bare = time(() => bareLoop());
  const perSecond = (ms: number) => ((count / ms) * 1000).toExponential(2);
  console.log(`bare loop: ${bare.ms.toFixed(0)} ms, ${perSecond(bare.ms)} records/s`);

  for (const policy of [
    { method: 'decaying_average' },
    { method: 'weighted_latest' },
    { method: 'n_mastery' },
    { method: 'bkt' },
  ]) {
    const run = time(() => incremental(policy));
    console.log(
      `incremental ${policy.method.padEnd(16)} ${perSecond(run.ms)} updates/s, ` +
        `${(run.ms / bare.ms).toFixed(2)}x the bare loop`,
    );
  }

  const full = time(() => fullRecompute());
  console.log(
    `full recompute (group, order, compute): ${perSecond(full.ms)} records/s, ` +
      `${(full.ms / bare.ms).toFixed(2)}x the bare loop`,
  );
}

main().catch((error) => {
  console.error(`bench:mastery failed: ${(error as Error).message}`);
  process.exit(1);
});
