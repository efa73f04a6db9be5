/**
 * Pull state in the single table and raw pages in the bucket. The state is
 * one item per connector, written with an optimistic lock so two runs of one
 * connector (a schedule and a hand-run pull) cannot both move it: the second
 * writer gets PullStateConflict and stops, and its pages land as duplicates
 * of the first one's.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  PullState,
  PullStateConflict,
  type PullStateStore,
  type RawArchive,
} from '../shared/pull/ports.js';
import { ITEM_SCHEMA_VERSION } from './keys.js';

export const pullPk = (connectorId: string) => `PULL#${connectorId}`;
export const PULL_STATE_SK = 'STATE';

export class DynamoPullStore implements PullStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getPullState(connectorId: string): Promise<PullState | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: pullPk(connectorId), sk: PULL_STATE_SK },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, v: _v, ...state } = out.Item;
    return PullState.parse(state);
  }

  async putPullState(state: PullState): Promise<void> {
    const expected = state.version - 1;
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: pullPk(state.connectorId),
            sk: PULL_STATE_SK,
            v: ITEM_SCHEMA_VERSION,
            ...state,
          },
          ConditionExpression:
            expected <= 0 ? 'attribute_not_exists(pk) OR version = :e' : 'version = :e',
          ExpressionAttributeValues: { ':e': expected },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      throw new PullStateConflict(
        `connector ${state.connectorId}: another run moved the pull state; this run stops`,
        { connectorId: state.connectorId, version: state.version },
        { cause: error },
      );
    }
  }
}

export class S3RawArchive implements RawArchive {
  constructor(private readonly s3: S3Client) {}

  async putRawPage(bucket: string, key: string, body: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
      }),
    );
  }
}
