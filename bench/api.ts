/**
 * `npm run bench:api`: the report API under load on the embedded local stack.
 * The class comes from the demo generator (bench/api-class.ts): 30 students
 * over a scope of 40 standards, its evidence written through the store and
 * its mastery, rollups and grid document built by the rollup path. Then
 * autocannon drives, one after the other at 20 connections through the same
 * gateway, the trivial /health route, the class grid, the student
 * profile and four weeks of the class's usage, with a teacher token the gateway verifies (as API Gateway's
 * authorizer would; a token it verified is trusted again for a minute,
 * shared/auth/verify.ts). Prints throughput ratio to /health (target >= 0.5)
 * and p50/p99 latency (target p99 < 50 ms), and two references that say
 * what the ratio can reach here:
 * - the grid's own answer (its gzipped bytes and headers) from a handler
 *   that does nothing, through a second gateway of the same code: what
 *   sending that answer costs before any report work;
 * - one DynamoDB read and one write from 20 callers at once, each waiting
 *   for its own (no sharing): what the roster check and the audit cost a
 *   route whose requests could not share calls (storage/shared-calls.ts).
 *
 * Note: the load generator runs in a worker thread of the same process and
 * shares the machine's cores with the gateway, handlers and dynalite, so
 * absolute figures are pessimistic; the ratios are the figures to compare
 * between runs. See docs/scaling.md for what the emulator's figures mean on
 * AWS.
 */
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { get, type IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import { DateTime } from 'luxon';
import { startGateway } from '../infra/local/gateway.js';
import { startLocalStack } from '../infra/local/stack.js';
import { logger } from '../functions/lib/env.js';
import { createDocumentClient, DynamoStore } from '../storage/dynamodb-store.js';
import {
  CLASS_ID,
  SCOPE_START,
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
/** The first four weeks of the class's scope, where its evidence is. */
const USAGE_PATH = `/classes/${CLASS_ID}/usage?from=${SCOPE_START}&to=${DateTime.fromISO(
  SCOPE_START,
)
  .plus({ days: 27 })
  .toISODate()}`;

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

/**
 * The roster read that decides access and the audit write, which no report
 * can skip, as one small GetItem and one small PutItem through the same SDK
 * client, from 20 callers at once on the thread the handlers use, each
 * waiting for its own. Report requests that run at once share these calls
 * (storage/shared-calls.ts), so a route can pass this figure; one that
 * could not share would stay under it.
 */
async function callFloor(doc: DynamoDBDocumentClient, table: string) {
  const until = Date.now() + DURATION_IN_SECONDS * 1000;
  let pairs = 0;
  const caller = async (n: number) => {
    while (Date.now() < until) {
      await doc.send(
        new GetCommand({ TableName: table, Key: { pk: 'BENCH', sk: 'ROSTER' } }),
      );
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { pk: 'BENCH', sk: `AUDIT#${n}#${pairs}`, at: new Date().toISOString() },
        }),
      );
      pairs += 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, n) => caller(n)));
  return pairs / DURATION_IN_SECONDS;
}

/**
 * A second gateway of the same code whose /health answers the grid's own
 * response (status, headers and gzipped bytes as the grid route sent them)
 * from a handler that does no work.
 */
async function gridAnswerGateway(gridUrl: string, token: string) {
  // node:http, not fetch: fetch would undo the gzip the route sent.
  const {
    status,
    headers: sent,
    body,
  } = await new Promise<{
    status: number;
    headers: IncomingHttpHeaders;
    body: Buffer;
  }>((resolve, reject) => {
    get(
      gridUrl,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    ).on('error', reject);
  });
  if (sent['content-encoding'] !== 'gzip') {
    throw new Error('the grid route did not answer gzip to a client that accepts it');
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent)) {
    if (
      typeof value === 'string' &&
      !['content-length', 'date', 'connection', 'keep-alive'].includes(name)
    ) {
      headers[name] = value;
    }
  }
  const answer = {
    statusCode: status,
    headers,
    body: body.toString('base64'),
    isBase64Encoded: true,
  };
  const gateway = await startGateway(0, { handlers: { GetHealth: async () => answer } });
  return { ...gateway, bytes: body.length };
}

async function main() {
  // The handlers' logger is built at import, before this could set the variable.
  logger.setLogLevel('SILENT');
  const stack = await startLocalStack({ schedules: false, onError: () => undefined });
  try {
    const doc = createDocumentClient();
    const store = new DynamoStore(doc, stack.table);
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
    const sameBytes = await gridAnswerGateway(
      `${api}/classes/${CLASS_ID}/mastery`,
      token,
    );
    const health = await drive('/health', `${api}/health`);
    const bytes = await drive(
      `grid's ${(sameBytes.bytes / 1024).toFixed(0)} KB, no work`,
      `${sameBytes.url}/health`,
    );
    await new Promise((resolve) => sameBytes.server.close(resolve));
    const grid = await drive('class grid', `${api}/classes/${CLASS_ID}/mastery`, token);
    const profile = await drive(
      'student profile',
      `${api}/students/${studentId(0)}`,
      token,
    );
    // Not a target of its own: printed beside the others since it reads the
    // students' daily minutes (one batch read) instead of their evidence.
    const usage = await drive('class usage, 4 weeks', `${api}${USAGE_PATH}`, token);

    console.log(`\n${'route'.padEnd(22)}   req/s   ratio   p50 ms   p99 ms   non-2xx`);
    for (const f of [health, bytes, grid, profile, usage]) {
      const ratio = f.rps / health.rps;
      console.log(
        `${f.name.padEnd(22)} ${f.rps.toFixed(0).padStart(7)} ${ratio.toFixed(2).padStart(7)}` +
          ` ${String(f.p50).padStart(8)} ${String(f.p99).padStart(8)} ${String(f.non2xx).padStart(9)}`,
      );
    }
    const floor = await callFloor(doc, stack.table);
    console.log(
      `\nsending the grid's answer alone: ${(bytes.rps / health.rps).toFixed(2)} of /health; ` +
        `the grid reaches ${(grid.rps / bytes.rps).toFixed(2)} of that, ` +
        `the profile ${(profile.rps / bytes.rps).toFixed(2)}\n` +
        `one DynamoDB read and one write, unshared, ${CONNECTIONS} callers: ` +
        `${floor.toFixed(0)} pairs/s, ${(1000 / floor).toFixed(2)} ms each; ` +
        `grid at ${(grid.rps / floor).toFixed(2)} of that, ` +
        `profile at ${(profile.rps / floor).toFixed(2)}`,
    );
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
