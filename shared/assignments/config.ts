/**
 * Which connector each program uses, from `LABLINK_PUSH_CONNECTORS` (JSON by
 * program id). The HTTP connector names the environment variable that holds
 * the vendor's secret, so the secret is never part of the configuration text.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { VendorRejectedError } from './errors.js';
import { FileConnector, type TextObjectWriter } from './file-connector.js';
import { HttpConnector } from './http-connector.js';
import type { Connector } from './model.js';

export const PUSH_CONNECTORS_ENV = 'LABLINK_PUSH_CONNECTORS';

export const ConnectorConfig = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('http'),
    endpoint: z.url(),
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name'),
    timeoutMs: z.number().int().positive().optional(),
  }),
  z.object({
    kind: z.literal('file'),
    bucket: z.string().min(1).optional(),
    prefix: z.string().min(1),
  }),
]);
export type ConnectorConfig = z.infer<typeof ConnectorConfig>;

export const ConnectorsConfig = z.record(z.string(), ConnectorConfig);

export function parseConnectors(
  text: string | undefined,
): Record<string, ConnectorConfig> {
  if (!text) return {};
  const parsed = ConnectorsConfig.safeParse(JSON.parse(text));
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  throw new ConfigError(`${PUSH_CONNECTORS_ENV}: ${issues.join('; ')}`, {});
}

export interface ConnectorEnvironment {
  env: Record<string, string | undefined>;
  writer: TextObjectWriter;
  /** Bucket of file drops whose configuration names none. */
  defaultBucket?: string;
}

/** The program's connector; a program without one fails its assignments for good. */
export function connectorFor(programId: string, deps: ConnectorEnvironment): Connector {
  const config = parseConnectors(deps.env[PUSH_CONNECTORS_ENV])[programId];
  if (!config) {
    throw new VendorRejectedError(`no connector is configured for program ${programId}`, {
      programId,
    });
  }
  if (config.kind === 'file') {
    const bucket = config.bucket ?? deps.defaultBucket;
    if (!bucket)
      throw new VendorRejectedError(`file connector of ${programId} has no bucket`);
    return new FileConnector({ bucket, prefix: config.prefix }, deps.writer);
  }
  const secret = deps.env[config.secretEnv];
  if (!secret) {
    throw new VendorRejectedError(
      `${config.secretEnv} (secret of ${programId}) is not set`,
    );
  }
  return new HttpConnector({
    endpoint: config.endpoint,
    secret,
    timeoutMs: config.timeoutMs,
  });
}
