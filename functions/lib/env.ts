/**
 * The composition root of every handler: clients and stores built once per
 * container from the environment. Endpoints come from the SDK's standard
 * variables (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3), which is how the
 * local stack points the same code at its emulators.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  createDocumentClient,
  DynamoStore,
  type StoreOptions,
} from '../../storage/dynamodb-store.js';
import { S3Objects } from '../../storage/s3-objects.js';
import { DynamoEventRecords } from '../../storage/statements.js';
import { DynamoHeldFiles } from '../../storage/held-files.js';
import type { Log } from '../../shared/log.js';
import { DynamoAccessStore } from '../../storage/access-store.js';
import { auditRetentionDays } from '../../shared/auth/audit.js';
import { DEFAULT_TARGET_MINUTES_PER_WEEK } from '../../shared/reports/usage.js';

export const SERVICE_NAME = 'lablink';

/** Used when the district configuration does not name one. */
export const DEFAULT_TIME_ZONE = 'America/New_York';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const logger = new Logger({ serviceName: SERVICE_NAME });

/** The domain's log port on top of Powertools. */
export const log: Log = {
  info: (message, attributes) => logger.info(message, attributes ?? {}),
  warn: (message, attributes) => logger.warn(message, attributes ?? {}),
  error: (message, attributes) => logger.error(message, attributes ?? {}),
};

let store: DynamoStore | undefined;
let access: DynamoAccessStore | undefined;
let objects: S3Objects | undefined;
let eventRecords: DynamoEventRecords | undefined;
let heldFiles: DynamoHeldFiles | undefined;
const documentClient = () => createDocumentClient();

/** A whole number of days from the environment, or undefined when unset. */
function optionalDays(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const days = Number(raw);
  if (!Number.isInteger(days) || days <= 0) {
    throw new Error(`${name}=${raw} is not a whole number of days`);
  }
  return days;
}

/**
 * The district's settings every store that writes evidence must take (its
 * retention, as a TTL on each record; its time zone, the days the daily
 * minutes are kept in). Whatever builds a DynamoStore for the
 * district's table (handlers, the push routes, the CLI) passes these, so no
 * path writes evidence that outlives the district's retention.
 */
export function storeOptions(): StoreOptions {
  return {
    evidenceRetentionDays: optionalDays('LABLINK_EVIDENCE_RETENTION_DAYS'),
    // The usage report's days are the district's: the rollup keeps them so.
    timeZone: districtTimeZone(),
  };
}

export function tableStore(): DynamoStore {
  store ??= new DynamoStore(documentClient(), required('LABLINK_TABLE'), storeOptions());
  return store;
}

/** Records of pushed events (replays, voids), for releases of held events. */
export function eventRecordStore(): DynamoEventRecords {
  eventRecords ??= new DynamoEventRecords(documentClient(), required('LABLINK_TABLE'));
  return eventRecords;
}

/** Files of an unknown layout waiting for a profile (shared/ingest/held-file.ts). */
export function heldFileStore(): DynamoHeldFiles {
  heldFiles ??= new DynamoHeldFiles(documentClient(), required('LABLINK_TABLE'));
  return heldFiles;
}

/** Class and student schools for authorization, and the audit trail. */
export function accessStore(): DynamoAccessStore {
  access ??= new DynamoAccessStore(documentClient(), required('LABLINK_TABLE'));
  return access;
}

/** Days an audit item is kept (`LABLINK_AUDIT_RETENTION_DAYS`, default 365). */
export function auditRetention(): number {
  return auditRetentionDays(process.env.LABLINK_AUDIT_RETENTION_DAYS);
}

/** Weekly usage target in minutes (`LABLINK_USAGE_TARGET_MINUTES_PER_WEEK`). */
export function usageTargetMinutesPerWeek(): number {
  const setting = process.env.LABLINK_USAGE_TARGET_MINUTES_PER_WEEK;
  const minutes = Number(setting);
  if (!setting) return DEFAULT_TARGET_MINUTES_PER_WEEK;
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new Error(
      `LABLINK_USAGE_TARGET_MINUTES_PER_WEEK must be minutes, not ${setting}`,
    );
  }
  return minutes;
}

export function objectStore(): S3Objects {
  objects ??= new S3Objects(new S3Client({}));
  return objects;
}

export function districtTimeZone(): string {
  return process.env.LABLINK_TIME_ZONE ?? DEFAULT_TIME_ZONE;
}
