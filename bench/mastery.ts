/**
 * `npm run bench:mastery`: incremental mastery updates and a full recompute
 * over a million synthetic evidence records, each beside a bare loop over the
 * same records in the same run. The ratios are the figures; absolute times
 * depend on the machine.
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

const EVIDENCE_COUNT = 1_000_000;
const STUDENT_COUNT = 20_000;
const STANDARD_COUNT = 25;
const SEED = 42;
const START_MS = Date.parse('2025-01-06T08:00:00Z');
const MINUTE_MS = 60_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Evidence in the order the work happened, as an ingest run would apply it. */
function generate(): Evidence[] {
  const random = mulberry32(SEED);
  const out: Evidence[] = new Array(EVIDENCE_COUNT);
  for (let i = 0; i < EVIDENCE_COUNT; i++) {
    const student = Math.floor(random() * STUDENT_COUNT);
    const standard = Math.floor(random() * STANDARD_COUNT);
    out[i] = {
      evidenceId: `ev-${i}`,
      studentId: `S-${student}`,
      programId: 'bench',
      itemId: `Q-${i % 500}`,
      standards: [`MA.${standard}`],
      status: random() < 0.02 ? 'exempt' : 'scored',
      score: Math.round(random() * 4) / 4,
      occurredAt: new Date(START_MS + i * MINUTE_MS).toISOString(),
      sequence: i,
      weight: 1,
      source: { kind: 's3', uri: 's3://bench/run.csv', line: i + 2, runId: 'bench' },
      contentHash: '',
    };
    if (out[i]!.status !== 'scored') delete out[i]!.score;
  }
  return out;
}

const keyOf = (e: Evidence) => `${e.studentId}#${e.standards[0]}`;

function time(run: () => unknown): { ms: number; result: unknown } {
  const started = performance.now();
  const result = run();
  return { ms: performance.now() - started, result };
}

/** The least a loop over the records can do: find the student-standard, add the score. */
function bareLoop(evidence: readonly Evidence[]) {
  const sums = new Map<string, number>();
  for (const e of evidence) {
    if (e.status !== 'scored') continue;
    const key = keyOf(e);
    sums.set(key, (sums.get(key) ?? 0) + (e.score as number));
  }
  return sums.size;
}

function incremental(evidence: readonly Evidence[], policyInput: unknown) {
  const policy = parseMasteryPolicy(policyInput);
  const states = new Map<string, MethodState>();
  for (const e of evidence) {
    const key = keyOf(e);
    states.set(key, update(states.get(key) ?? initialState(policy), e));
  }
  return states.size;
}

/** What `lablink rollup` does: group every record, order it, compute from scratch. */
function fullRecompute(evidence: readonly Evidence[]) {
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const key = keyOf(e);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  let mastered = 0;
  for (const group of groups.values()) {
    if (computeMastery(group).level === 'mastered') mastered++;
  }
  return mastered;
}

function main() {
  const generated = time(generate);
  const evidence = generated.result as Evidence[];
  console.log(
    `generated ${EVIDENCE_COUNT.toLocaleString('en')} evidence records ` +
      `(${STUDENT_COUNT} students x ${STANDARD_COUNT} standards, seed ${SEED}) ` +
      `in ${generated.ms.toFixed(0)} ms`,
  );

  bareLoop(evidence); // warm-up, so both sides run optimised code
  const bare = time(() => bareLoop(evidence));
  const perSecond = (ms: number) => ((EVIDENCE_COUNT / ms) * 1000).toExponential(2);
  console.log(`bare loop: ${bare.ms.toFixed(0)} ms, ${perSecond(bare.ms)} records/s`);

  for (const policy of [
    { method: 'decaying_average' },
    { method: 'weighted_latest' },
    { method: 'n_mastery' },
    { method: 'bkt' },
  ]) {
    const run = time(() => incremental(evidence, policy));
    console.log(
      `incremental ${policy.method.padEnd(16)} ${perSecond(run.ms)} updates/s, ` +
        `${(run.ms / bare.ms).toFixed(2)}x the bare loop`,
    );
  }

  const full = time(() => fullRecompute(evidence));
  console.log(
    `full recompute (group, order, compute): ${perSecond(full.ms)} records/s, ` +
      `${(full.ms / bare.ms).toFixed(2)}x the bare loop`,
  );

  const memory = process.memoryUsage();
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `peak RSS ${maxRssMb.toFixed(0)} MB; heap used now ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB ` +
      `(${(memory.heapUsed / EVIDENCE_COUNT) | 0} bytes per evidence record held)`,
  );
}

main();
