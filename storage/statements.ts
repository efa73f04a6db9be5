/**
 * Pushed event records and voids in the table. One item per event id, made
 * with a conditional put so two requests can never both create it:
 *
 *   pk EVENT#<programId>#<format>#<eventId>  sk EVENT   the event's record
 *   pk EVENT#<programId>#xapi#<targetId>     sk VOIDED  a void of that statement
 *
 * A void is its own item so it can arrive before the statement it voids.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import type {
  EventFormat,
  EventRecord,
  EventRecordStore,
} from '../shared/events/model.js';
import { MAX_BATCH_ATTEMPTS, MAX_BATCH_GET_KEYS } from './batches.js';
import { ITEM_SCHEMA_VERSION } from './keys.js';

export const eventPk = (programId: string, format: EventFormat, eventId: string) =>
  `EVENT#${programId}#${format}#${eventId}`;
export const EVENT_SK = 'EVENT';
export const VOIDED_SK = 'VOIDED';

type Key = { pk: string; sk: string };

export class DynamoEventRecords implements EventRecordStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getEventRecords(
    programId: string,
    format: EventFormat,
    eventIds: readonly string[],
  ) {
    const items = await this.getAll(
      [...new Set(eventIds)].map((id) => ({
        pk: eventPk(programId, format, id),
        sk: EVENT_SK,
      })),
    );
    const records = new Map<string, EventRecord>();
    for (const item of items) {
      const { pk: _pk, sk: _sk, v: _v, ...record } = item;
      records.set(record.eventId as string, record as unknown as EventRecord);
    }
    return records;
  }

  async putEventRecord(record: EventRecord): Promise<'created' | EventRecord> {
    const pk = eventPk(record.programId, record.format, record.eventId);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk, sk: EVENT_SK, v: ITEM_SCHEMA_VERSION, ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.getEventRecords(record.programId, record.format, [
        record.eventId,
      ]);
      const found = existing.get(record.eventId);
      if (!found)
        throw new StorageWriteError(
          `event ${record.eventId} vanished`,
          {},
          { cause: error },
        );
      return found;
    }
  }

  async linkStudent(record: EventRecord): Promise<void> {
    if (record.studentId === undefined || record.evidenceId === undefined) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: {
          pk: eventPk(record.programId, record.format, record.eventId),
          sk: EVENT_SK,
        },
        UpdateExpression: 'SET studentId = :s, evidenceId = :e',
        ConditionExpression: 'contentHash = :h',
        ExpressionAttributeValues: {
          ':s': record.studentId,
          ':e': record.evidenceId,
          ':h': record.contentHash,
        },
      }),
    );
  }

  async getVoidedIds(
    programId: string,
    targetIds: readonly string[],
  ): Promise<Set<string>> {
    const items = await this.getAll(
      [...new Set(targetIds)].map((id) => ({
        pk: eventPk(programId, 'xapi', id),
        sk: VOIDED_SK,
      })),
    );
    return new Set(items.map((i) => i.targetId as string));
  }

  async putVoid(programId: string, targetId: string, voidingId: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: eventPk(programId, 'xapi', targetId),
          sk: VOIDED_SK,
          v: ITEM_SCHEMA_VERSION,
          targetId,
          voidingId,
        },
      }),
    );
  }

  private async getAll(keys: readonly Key[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += MAX_BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + MAX_BATCH_GET_KEYS);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= MAX_BATCH_ATTEMPTS)
          throw new StorageWriteError('event records could not be read after retries');
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        found.push(...(out.Responses?.[this.table] ?? []));
        pending = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }
}
