/**
 * The embedded local stack: the same handlers as on AWS, wired to real
 * wire-protocol emulators. S3 object-created events are delivered to the
 * ingest handler with keys encoded exactly as S3 encodes them, HTTP requests
 * arrive as API Gateway payload 2.0 events, and schedules fire on the CDK
 * stack's cron expressions. Handlers cannot tell the difference: they only see
 * the standard AWS endpoint variables.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { INCOMING_PREFIX } from '../../shared/programs.js';
import { encodeS3Key } from '../../shared/ingest/s3-key.js';
import {
  dataDirs,
  ensureTable,
  LOCAL_ACCESS_KEY,
  startDynalite,
  startS3rver,
} from './emulators.js';
import { createTokenVerifier } from '../../shared/auth/verify.js';
import { startGateway } from './gateway.js';
import { LocalQueue } from './queue.js';
import { startIssuer, type LocalIssuer } from './issuer.js';
import {
  INGEST_HANDLER,
  localContext,
  PULL_HANDLER,
  PUSH_HANDLER,
  SCHEDULED_HANDLERS,
  type LocalHandler,
} from './handlers.js';
import { CONNECTORS_FILE, type PullConnector } from '../../shared/pull/connector.js';
import { configuredConnectors, pullSchedules } from '../../shared/pull/schedules.js';
import { SCHEDULES } from '../schedules.js';
import { startScheduler, type LocalScheduler } from './scheduler.js';
import { startWebServer, type WebServer } from './web-server.js';

export const LOCAL_TABLE = 'lablink';
export const LOCAL_BUCKET = 'lablink-ingest';

/** Lambda retries a failed asynchronous invocation twice. */
export const ASYNC_RETRIES = 2;

export interface LocalStackOptions {
  /** Folder for persistent data; in memory (and a temporary folder) when absent. */
  home?: string;
  /** Ports to bind on 127.0.0.1; 0 (the default) picks free ones. */
  ports?: { api?: number; dynamodb?: number; s3?: number; issuer?: number };
  /** Whether schedules fire on their cron (default true). */
  schedules?: boolean;
  /**
   * Pull connectors whose schedules fire here like their EventBridge rules.
   * @default - those of config/connectors.json (or LABLINK_CONNECTORS_FILE), if present
   */
  connectors?: readonly PullConnector[];
  /** Where the stack reports handler failures (default: stderr). */
  onError?: (what: string, error: unknown) => void;
  /**
   * Serve the built teacher page (web/dist) beside the gateway, on this port
   * (0 picks a free one).
   * @default - not served
   */
  webPort?: number;
}

export interface LocalStack {
  /** `web` only when the teacher page is served (`webPort`). */
  urls: { api: string; dynamodb: string; s3: string; issuer: string; web?: string };
  /** The local token issuer (the user pool's stand-in): mints tokens for callers. */
  issuer: LocalIssuer;
  table: string;
  bucket: string;
  /** The environment the handlers see (also what the CLI needs to reach the stack). */
  env: Record<string, string>;
  /** The assignment queue (SQS locally) and its dead letters. */
  assignmentQueue: LocalQueue;
  /** Delivers an S3 event to the ingest handler as Lambda would, with retries. */
  deliverS3Event(event: S3Event): Promise<unknown>;
  /** Resolves when every S3 event delivered so far has been handled. */
  idle(): Promise<void>;
  scheduler: LocalScheduler;
  stop(): Promise<void>;
}

/** The key as an S3 event notification carries it: form-URL-encoded. */
function asS3Delivers(event: S3Event): S3Event {
  return {
    Records: event.Records.map((r) => ({
      ...r,
      s3: { ...r.s3, object: { ...r.s3.object, key: encodeS3Key(r.s3.object.key) } },
    })),
  };
}

export async function startLocalStack(
  options: LocalStackOptions = {},
): Promise<LocalStack> {
  const onError =
    options.onError ??
    ((what: string, error: unknown) =>
      console.error(`lablink local: ${what} failed: ${(error as Error).message}`));
  const tempHome = options.home ? undefined : await mkdtemp(join(tmpdir(), 'lablink-'));
  const dirs = dataDirs(options.home ?? (tempHome as string));

  const dynamo = await startDynalite(
    options.ports?.dynamodb ?? 0,
    options.home ? dirs.dynamodb : undefined,
  );
  const s3 = await startS3rver(options.ports?.s3 ?? 0, dirs.s3, [LOCAL_BUCKET]);
  await ensureTable(dynamo.url, LOCAL_TABLE);

  // The push consumer gets SQS-shaped batches in process, like its event source mapping.
  const assignmentQueue = new LocalQueue({ handler: PUSH_HANDLER, onError });
  await assignmentQueue.start();

  const env: Record<string, string> = {
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SQS: assignmentQueue.url,
    LABLINK_ASSIGNMENT_QUEUE_URL: assignmentQueue.queueUrl,
    AWS_ACCESS_KEY_ID: LOCAL_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: LOCAL_ACCESS_KEY,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    // Streamed uploads are stored corrupted by s3rver with the SDK's default checksums.
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    // Run metrics are CloudWatch embedded-metric lines; locally they would only
    // crowd the terminal (runs are listed by `lablink runs`).
    POWERTOOLS_METRICS_DISABLED: 'true',
    LABLINK_TABLE: LOCAL_TABLE,
    LABLINK_BUCKET: LOCAL_BUCKET,
  };
  Object.assign(process.env, env);

  const pending = new Set<Promise<unknown>>();
  const deliverS3Event = (event: S3Event): Promise<unknown> => {
    const delivery = (async () => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await INGEST_HANDLER(
            asS3Delivers(event) as never,
            localContext('ingest'),
          );
        } catch (error) {
          if (attempt >= ASYNC_RETRIES) {
            onError('ingest', error);
            return undefined;
          }
        }
      }
    })();
    pending.add(delivery);
    void delivery.finally(() => pending.delete(delivery));
    return delivery;
  };

  // The CDK stack notifies only for new objects under incoming/; so does this.
  s3.s3.on('event', (event: S3Event) => {
    const record = event.Records[0];
    if (!record?.eventName.startsWith('ObjectCreated:')) return;
    if (!record.s3.object.key.startsWith(INCOMING_PREFIX)) return;
    void deliverS3Event(event);
  });

  const issuer = await startIssuer(options.ports?.issuer ?? 0);
  const gateway = await startGateway(options.ports?.api ?? 0, {
    verifyToken: createTokenVerifier({
      issuer: issuer.issuer,
      audience: [issuer.audience],
      jwksUrl: issuer.jwksUrl,
    }),
  });
  const web: WebServer | undefined =
    options.webPort === undefined
      ? undefined
      : await startWebServer({
          port: options.webPort,
          apiUrl: gateway.url,
          issuerUrl: issuer.issuer,
          clientId: issuer.audience,
        });
  // Each connector's schedule hands the pull handler its configuration, as its rule does.
  const pulls = pullSchedules(
    options.connectors ?? configuredConnectors(CONNECTORS_FILE),
  );
  const handlers: Record<string, LocalHandler> = { ...SCHEDULED_HANDLERS };
  const schedules: Record<string, { expression: string }> = { ...SCHEDULES };
  for (const pull of pulls) {
    handlers[pull.name] = (_event, context) => PULL_HANDLER(pull.input as never, context);
    schedules[pull.name] = { expression: pull.expression };
  }
  const scheduler =
    options.schedules === false
      ? {
          stop() {},
          fire: (name: string) => {
            const once = startScheduler(onError, handlers, schedules);
            once.stop();
            return once.fire(name);
          },
        }
      : startScheduler(onError, handlers, schedules);

  return {
    urls: {
      api: gateway.url,
      dynamodb: dynamo.url,
      s3: s3.url,
      issuer: issuer.issuer,
      ...(web ? { web: web.url } : {}),
    },
    issuer,
    table: LOCAL_TABLE,
    bucket: LOCAL_BUCKET,
    env,
    assignmentQueue,
    deliverS3Event,
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    scheduler,
    async stop() {
      scheduler.stop();
      await assignmentQueue.stop();
      await web?.stop();
      await new Promise<void>((resolve) => gateway.server.close(() => resolve()));
      await issuer.stop();
      await s3.stop();
      await dynamo.stop();
      if (tempHome) await rm(tempHome, { recursive: true, force: true });
    },
  };
}
