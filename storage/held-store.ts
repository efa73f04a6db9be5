/**
 * DynamoDB side of held records (shared/ports.ts `HeldStore`): records that
 * wait for a student id, a mapping or a reviewer, one partition per program
 * (`HELD#<programId>`, sorted by what they wait for), and the claims a
 * review run takes on them before it writes (shared/events/review.ts).
 * `DynamoStore` builds one and forwards to it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import { HeldRecord } from '../shared/model.js';
import type { HeldStore } from '../shared/ports.js';
import { writeAllOrThrow, writeBatches } from './batches.js';
import { heldPk, heldSk, ITEM_SCHEMA_VERSION, strip } from './keys.js';
import { queryAll, type Item } from './query-all.js';

/** What names a held record in the table. */
export type HeldKey = Pick<HeldRecord, 'programId' | 'heldId' | 'waitingFor'>;

export interface HeldStoreOptions {
  /** Whether an item is past its TTL: reads leave it out (the owning store's clock). */
  isExpired: (item: Item) => boolean;
}

export class DynamoHeldStore implements HeldStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: HeldStoreOptions,
  ) {}

  async putHeld(records: readonly HeldRecord[]): Promise<void> {
    await writeAllOrThrow(
      this.doc,
      this.table,
      records.map((r) => ({
        pk: heldPk(r.programId),
        sk: heldSk(r.waitingFor, r.heldId),
        v: ITEM_SCHEMA_VERSION,
        ...r,
      })),
    );
  }

  async listHeld(programId: string, waitingFor?: string): Promise<HeldRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression:
        'pk = :pk' + (waitingFor === undefined ? '' : ' AND begins_with(sk, :w)'),
      ExpressionAttributeValues: {
        ':pk': heldPk(programId),
        ...(waitingFor === undefined ? {} : { ':w': `${waitingFor}#` }),
      },
    });
    return items.map((i) => HeldRecord.parse(strip(i)));
  }

  async deleteHeld(records: readonly HeldKey[]): Promise<void> {
    const lost = await writeBatches(
      this.doc,
      this.table,
      records.map((r) => ({
        DeleteRequest: {
          Key: { pk: heldPk(r.programId), sk: heldSk(r.waitingFor, r.heldId) },
        },
      })),
    );
    if (lost.length > 0) {
      throw new StorageWriteError(`${lost.length} held records were not deleted`);
    }
  }

  async claimHeldForReview(
    records: readonly HeldKey[],
    runId: string,
    claimedAt: string,
    staleBefore: string,
  ): Promise<{ heldId: string; claimedBy?: string }[]> {
    const refused: { heldId: string; claimedBy?: string }[] = [];
    // One conditional write per record: a review decides a few records at a time.
    for (const r of records) {
      const Key = { pk: heldPk(r.programId), sk: heldSk(r.waitingFor, r.heldId) };
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key,
            UpdateExpression: 'SET reviewRun = :run, reviewClaimedAt = :at',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(reviewRun) OR ' +
              'reviewRun = :run OR reviewClaimedAt < :stale)',
            ExpressionAttributeValues: {
              ':run': runId,
              ':at': claimedAt,
              ':stale': staleBefore,
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const held = await this.doc.send(
          new GetCommand({ TableName: this.table, Key, ConsistentRead: true }),
        );
        const claimedBy = held.Item?.reviewRun as string | undefined;
        refused.push({ heldId: r.heldId, ...(claimedBy ? { claimedBy } : {}) });
      }
    }
    return refused;
  }

  async releaseHeldClaims(records: readonly HeldKey[], runId: string): Promise<void> {
    for (const r of records) {
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: { pk: heldPk(r.programId), sk: heldSk(r.waitingFor, r.heldId) },
            UpdateExpression: 'REMOVE reviewRun, reviewClaimedAt',
            ConditionExpression: 'reviewRun = :run',
            ExpressionAttributeValues: { ':run': runId },
          }),
        );
      } catch (error) {
        // Deleted, or claimed by another run since: not this run's to give back.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items = await queryAll(this.doc, { TableName: this.table, ...input });
    return items.filter((item) => !this.options.isExpired(item));
  }
}
