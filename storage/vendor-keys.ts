/**
 * Vendor API keys in the table: one item per key id, holding the program and
 * the key's SHA-256 (never the key).
 *
 *   pk VENDORKEY#<keyId>  sk VENDORKEY
 */
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { VendorKeyRecord, VendorKeyStore } from '../shared/events/vendor-keys.js';
import { ITEM_SCHEMA_VERSION } from './keys.js';

export const vendorKeyPk = (keyId: string) => `VENDORKEY#${keyId}`;
export const VENDOR_KEY_SK = 'VENDORKEY';

export class DynamoVendorKeys implements VendorKeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putVendorKey(record: VendorKeyRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: vendorKeyPk(record.keyId),
          sk: VENDOR_KEY_SK,
          v: ITEM_SCHEMA_VERSION,
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getVendorKey(keyId: string): Promise<VendorKeyRecord | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: vendorKeyPk(keyId), sk: VENDOR_KEY_SK },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { keyId: id, programId, keyHash, createdAt } = out.Item as VendorKeyRecord;
    return { keyId: id, programId, keyHash, createdAt };
  }
}
