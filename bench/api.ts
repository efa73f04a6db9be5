/**
 * `npm run bench:api`: the report API under load on the embedded local stack.
 * The class comes from the demo generator (bench/api-class.ts): 30 students
 * over a scope of 40 standards, its evidence written through the store and
 * its mastery, rollups and grid document built by the rollup path. Then
 * autocannon drives, one after the other at 20 connections through the same
 * gateway, the trivial /health route, the class grid and the student
 * profile, with a teacher token the gateway verifies on every request (as
 * API Gateway's authorizer would, minus its cache). Prints throughput ratio
 * to /health (target >= 0.5) and p50/p99 latency (target p99 < 50 ms).
 *
 * Note: the load generator runs in a worker thread of the same process and
 * shares the machine's cores with the gateway, handlers and dynalite, so
 * absolute figures are pessimistic; the ratio to /health is the figure to
 * compare between runs. Each report
 * request makes its DynamoDB calls over HTTP to dynalite (grid: one query
 * and the audit put; profile: three queries and the audit put), where
 * /health makes none: see docs/scaling.md for what that floor means.
 */
import autocannon from 'autocannon';
import { startLocalStack } from '../infra/local/stack.js';
import { logger } from '../functions/lib/env.js';
import { createDocumentClient, DynamoStore } from '../storage/dynamodb-store.js';
import {
  CLASS_ID,
  STANDARDS,
  STUDENTS,
  studentId,
  TEACHER_ID,
  writeClass,
} from './api-class.js';

const CONNECTIONS = 20;
const DURATION_IN_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 50;

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
    // The load generator runs in its own thread, as a real client is not on
    // the server's: the gateway and handlers keep the main thread.
    workers: 1,
    duration: DURATION_IN_SECONDS,
    headers: {
      // What a browser's fetch sends: the teacher page and dashboards take gzip.
      'accept-encoding': 'gzip, deflate, br',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
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
    const written = await writeClass(store);
    const token = await stack.issuer.sign({ role: 'teacher', userId: TEACHER_ID });
    const api = stack.urls.api;
    console.log(
      `Generated class of ${STUDENTS} students x ${STANDARDS} standards ` +
        `(${written.evidence} evidence records, ${written.states} mastery states); ` +
        `${CONNECTIONS} connections, ${DURATION_IN_SECONDS} s per route.`,
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
