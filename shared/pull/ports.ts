/**
 * The storage a pull needs beyond the ingest ports: its state (watermark and
 * resume point), the raw zone of the bucket, and the connector's secret.
 * Implementations live in storage/pull-store.ts and storage/secrets.ts.
 */
import { z } from 'zod';
import { LablinkError } from '../errors.js';
import { IsoInstant } from '../model.js';

/** A sweep in progress: where it started and the next page to fetch. */
export const PullSweep = z.object({
  /** The `updated since` value the sweep asks for; absent for a full pull. */
  since: z.string().optional(),
  nextUrl: z.url(),
  /** The latest incremental value among records written so far in this sweep. */
  highWater: z.string().optional(),
  /** Pages written in this sweep, over every run that worked on it. */
  pages: z.number().int().nonnegative(),
});
export type PullSweep = z.infer<typeof PullSweep>;

export const PullState = z.object({
  connectorId: z.string(),
  /**
   * The `updated since` of the next sweep: the latest change time of the
   * records a finished sweep wrote. Asked for inclusively, so a record
   * changed in the same instant is fetched again and lands as a duplicate.
   */
  watermark: z.string().optional(),
  /** The unfinished sweep a run resumes; absent between sweeps. */
  sweep: PullSweep.optional(),
  lastRunId: z.string().optional(),
  updatedAt: IsoInstant,
  /** Optimistic lock: every write names the version it read. */
  version: z.number().int().nonnegative(),
});
export type PullState = z.infer<typeof PullState>;

/** Another run of the same connector moved the state first. */
export class PullStateConflict extends LablinkError {}

export interface PullStateStore {
  getPullState(connectorId: string): Promise<PullState | undefined>;
  /**
   * Writes the state if the stored version is still `state.version - 1`
   * (absent for version 0); PullStateConflict otherwise.
   */
  putPullState(state: PullState): Promise<void>;
}

export interface RawArchive {
  /** Stores one response body as received under `key` in the bucket. */
  putRawPage(bucket: string, key: string, body: string): Promise<void>;
}

export interface SecretSource {
  /** The connector's secret values by name (`apiKey`, `clientId`...); empty when none. */
  connectorSecrets(connectorId: string): Promise<Record<string, string>>;
}

/** The raw zone: every response page of a run, replayable. */
export const RAW_PREFIX = 'raw/';

export const rawPageKey = (connectorId: string, runId: string, page: number) =>
  `${RAW_PREFIX}${connectorId}/${runId}/${page}.json`;

/** The variable naming the connectors' secret on AWS (set by infra/pulls.ts). */
export const PULL_SECRET_ENV = 'LABLINK_PULL_SECRET_ID';
