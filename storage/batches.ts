/**
 * DynamoDB's batch writes, whole: a BatchWriteItem reports success even when
 * it wrote only part of its items, so what it leaves unprocessed is sent
 * again with backoff and jitter until it is written or the attempts run out.
 * Every batch writer of the storage layer goes through here.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import type { Item } from './query-all.js';

/** DynamoDB's limits per BatchWriteItem and BatchGetItem request. */
export const MAX_BATCH_WRITE_ITEMS = 25;
export const MAX_BATCH_GET_KEYS = 100;
/** Rounds for the items or keys a batch leaves unprocessed before giving up. */
export const MAX_BATCH_ATTEMPTS = 8;
export const BATCH_RETRY_BASE_MS = 25;
export const BATCH_RETRY_CAP_MS = 1000;

/** Exponential backoff with full jitter. */
export const backoff = (attempt: number) =>
  sleep(Math.random() * Math.min(BATCH_RETRY_CAP_MS, BATCH_RETRY_BASE_MS * 2 ** attempt));

/**
 * Sends write requests in batches of 25, retrying what DynamoDB leaves
 * unprocessed. Returns the requests never processed (empty when all were):
 * the caller decides whether that is a failure or a count to report.
 */
export async function writeBatches<R extends object>(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: readonly R[],
): Promise<R[]> {
  const lost: R[] = [];
  for (let i = 0; i < requests.length; i += MAX_BATCH_WRITE_ITEMS) {
    let pending = requests.slice(i, i + MAX_BATCH_WRITE_ITEMS);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        lost.push(...pending);
        break;
      }
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [table]: pending as NonNullable<
              BatchWriteCommandInput['RequestItems']
            >[string],
          },
        }),
      );
      pending = (out.UnprocessedItems?.[table] ?? []) as unknown as R[];
    }
  }
  return lost;
}

/** An item's table key as one string. */
export const keyOf = (item: Item) => `${item.pk}\u0000${item.sk}`;

/**
 * Writes items in batches of 25, retrying what DynamoDB leaves unprocessed
 * (a batch write reports success even when it wrote only part of it) with
 * backoff and jitter. Returns the keys never written.
 */
export async function writeItems(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
): Promise<Set<string>> {
  const unique = new Map(items.map((i) => [keyOf(i), i]));
  const lost = await writeBatches(
    doc,
    table,
    [...unique.values()].map((item) => ({ PutRequest: { Item: item } })),
  );
  return new Set(lost.map((r) => keyOf(r.PutRequest.Item)));
}

/** Writes items as `writeItems`; any item never written fails the caller. */
export async function writeAllOrThrow(
  doc: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
): Promise<void> {
  const lost = await writeItems(doc, table, items);
  if (lost.size > 0) {
    throw new StorageWriteError(`${lost.size} items were not written after retries`, {
      keys: [...lost].slice(0, 10),
    });
  }
}

/**
 * Reads keys in batches of 100 (strongly consistent), retrying what DynamoDB
 * leaves unprocessed; throws when keys are still unread after the attempts,
 * since a report or a write decision must not take a partial read for the
 * whole.
 */
export async function getBatches(
  doc: DynamoDBDocumentClient,
  table: string,
  keys: readonly Record<string, unknown>[],
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += MAX_BATCH_GET_KEYS) {
    let pending = keys.slice(i, i + MAX_BATCH_GET_KEYS);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt >= MAX_BATCH_ATTEMPTS) {
        throw new Error(
          `${pending.length} keys of ${table} were still unread after ${MAX_BATCH_ATTEMPTS} attempts`,
        );
      }
      if (attempt > 0) await backoff(attempt);
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: [...pending],
              ConsistentRead: true,
              ...(projection ? { ProjectionExpression: projection } : {}),
            },
          },
        }),
      );
      found.push(...(out.Responses?.[table] ?? []));
      pending = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}
