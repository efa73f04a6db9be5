/**
 * `npm run bench:api`: the report API under load on the embedded local stack.
 * A generated class of 30 students by 40 standards (with 20 evidence records
 * per student) is written straight through the store, and its report
 * documents (grid pages, recent-evidence summaries) are built by the rollup
 * path as ingestion would build them; then autocannon drives,
 * one after the other at 20 connections through the same gateway, the trivial
 * /health route, the class grid and the student profile, with a teacher
 * token the gateway verifies on every request (as API Gateway's authorizer
 * would, minus its cache). Prints throughput ratio to /health (target >= 0.5)
 * and p50/p99 latency (target p99 < 50 ms).
 *
 * Note: the load generator shares the process (and the 2 cores) with the
 * gateway, handlers and dynalite, so absolute figures are pessimistic; the
 * ratio to /health is the figure to compare between runs.
 */
import autocannon from 'autocannon';
import { loadCatalog } from '../shared/standards/index.js';
import type { Evidence, MasteryLevel, MasteryState } from '../shared/model.js';
import { refreshClassGrids, refreshRecentEvidence } from '../shared/rollup/index.js';
import { createDocumentClient, DynamoStore } from '../storage/dynamodb-store.js';
import { startLocalStack } from '../infra/local/stack.js';
import { logger } from '../functions/lib/env.js';

const STUDENTS = 30;
const STANDARDS = 40;
const EVIDENCE_PER_STUDENT = 20;
const CONNECTIONS = 20;
const DURATION_IN_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;
const CLASS_ID = 'bench-class';
const TEACHER_ID = 'bench-teacher';
const LEVELS: MasteryLevel[] = ['not_started', 'developing', 'approaching', 'mastered'];

const studentId = (i: number) => `bench-s${String(i).padStart(2, '0')}`;

async function writeClass(store: DynamoStore): Promise<void> {
  const codes = loadCatalog()
    .filter((s) => s.kind === 'standard' && ['6', '7'].includes(s.grade))
    .slice(0, STANDARDS)
    .map((s) => s.code);
  await store.putEnrollments([
    { classId: CLASS_ID, userId: TEACHER_ID, role: 'teacher', schoolId: 'bench-school' },
    ...Array.from({ length: STUDENTS }, (_, i) => ({
      classId: CLASS_ID,
      userId: studentId(i),
      role: 'student' as const,
      schoolId: 'bench-school',
    })),
  ]);
  for (let i = 0; i < STUDENTS; i += 1) {
    const states: MasteryState[] = codes.map((standard, j) => ({
      studentId: studentId(i),
      standard,
      method: 'decaying-average',
      value: ((i * 7 + j * 13) % 100) / 100,
      level: LEVELS[(i + j) % LEVELS.length] as MasteryLevel,
      evidenceCount: 1 + ((i + j) % 9),
      computedAt: new Date().toISOString(),
    }));
    await store.putMastery(states, [CLASS_ID]);
    const evidence: Evidence[] = Array.from({ length: EVIDENCE_PER_STUDENT }, (_, n) => ({
      evidenceId: `${studentId(i)}-e${n}`,
      studentId: studentId(i),
      programId: n % 2 ? 'assistments' : 'khan',
      itemId: `item-${n}`,
      standards: [codes[n % codes.length] as string],
      status: 'scored',
      score: (n % 5) / 4,
      occurredAt: new Date(Date.UTC(2025, 1, 1 + n)).toISOString(),
      minutesOnTask: 5 + n,
      weight: 1,
      source: {
        kind: 's3',
        uri: 's3://bench/incoming/x.csv',
        line: n + 2,
        runId: 'bench',
      },
      contentHash: `h${i}-${n}`,
    }));
    await store.putEvidenceBatch(evidence);
  }
  const deps = { evidence: store, mastery: store, roster: store };
  await refreshClassGrids(deps, [CLASS_ID]);
  for (let i = 0; i < STUDENTS; i += 1) await refreshRecentEvidence(deps, studentId(i));
}

interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function drive(name: string, url: string, token?: string): Promise<Figures> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_IN_SECONDS,
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

async function main() {
  // The handlers' logger is built at import, before this could set the variable.
  logger.setLogLevel('SILENT');
  const stack = await startLocalStack({ schedules: false, onError: () => undefined });
  try {
    const store = new DynamoStore(createDocumentClient(), stack.table);
    await writeClass(store);
    const token = await stack.issuer.sign({ role: 'teacher', userId: TEACHER_ID });
    const api = stack.urls.api;
    console.log(
      `Class of ${STUDENTS} students x ${STANDARDS} standards; ${CONNECTIONS} connections, ` +
        `${DURATION_IN_SECONDS} s per route.`,
    );

    // Warm the handlers and the JWKS cache before measuring.
    await drive('warm-up', `${api}/classes/${CLASS_ID}/mastery`, token);
    const health = await drive('/health', `${api}/health`);
    const grid = await drive('class grid', `${api}/classes/${CLASS_ID}/mastery`, token);
    const profile = await drive(
      'student profile',
      `${api}/students/${studentId(0)}`,
      token,
    );

    console.log('\nroute              req/s   ratio   p50 ms   p99 ms   non-2xx');
    for (const f of [health, grid, profile]) {
      const ratio = f.rps / health.rps;
      console.log(
        `${f.name.padEnd(16)} ${f.rps.toFixed(0).padStart(7)} ${ratio.toFixed(2).padStart(7)}` +
          ` ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.non2xx).padStart(9)}`,
      );
    }
    const verdict = (f: Figures) =>
      `${f.name}: ratio ${(f.rps / health.rps).toFixed(2)} ` +
      `(${f.rps / health.rps >= TARGET_RATIO ? 'meets' : 'misses'} >= ${TARGET_RATIO}), ` +
      `p99 ${f.p99} ms (${f.p99 < TARGET_P99_MS ? 'meets' : 'misses'} < ${TARGET_P99_MS} ms)`;
    console.log(`\n${verdict(grid)}\n${verdict(profile)}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error) => {
  console.error(`bench:api failed: ${(error as Error).message}`);
  process.exit(1);
});
