/**
 * Held files in the single table, one small item each:
 *
 *   pk HELD_FILES  sk RUN#<runId>   the object (bucket, key, version or ETag)
 *
 * Written before the run is marked held and deleted by the release that
 * reads the file, so a held run always has its marker.
 */
import {
  DeleteCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { HeldFile, type HeldFileStore } from '../shared/ingest/held-file.js';
import { HELD_FILES_PK, heldFileSk, ITEM_SCHEMA_VERSION } from './keys.js';
import { queryAll } from './query-all.js';

export class DynamoHeldFiles implements HeldFileStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putHeldFile(file: HeldFile): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: HELD_FILES_PK,
          sk: heldFileSk(file.runId),
          v: ITEM_SCHEMA_VERSION,
          ...HeldFile.parse(file),
        },
      }),
    );
  }

  async listHeldFiles(): Promise<HeldFile[]> {
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': HELD_FILES_PK },
      ConsistentRead: true,
    });
    return items.map(({ pk: _pk, sk: _sk, v: _v, ...file }) => HeldFile.parse(file));
  }

  async deleteHeldFile(runId: string): Promise<void> {
    await this.doc.send(
      new DeleteCommand({
        TableName: this.table,
        Key: { pk: HELD_FILES_PK, sk: heldFileSk(runId) },
      }),
    );
  }
}
