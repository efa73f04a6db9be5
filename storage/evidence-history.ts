/**
 * A student's whole evidence history as the report documents' rebuilds read
 * it: each record with its expiry, records past their retention left out
 * (DynamoDB's TTL deletes them only eventually, the emulator never).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Evidence } from '../shared/model.js';
import { PREFIX, studentPk } from './keys.js';
import { queryAll } from './query-all.js';

/** The table's TTL attribute (epoch seconds). */
const TTL_ATTRIBUTE = 'expiresAt';

export async function liveEvidenceHistory(
  doc: DynamoDBDocumentClient,
  table: string,
  studentId: string,
  nowInSeconds: number,
): Promise<{ evidence: Evidence; expiresAt?: number }[]> {
  const items = await queryAll(doc, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.evidence },
  });
  return items.flatMap((item) => {
    const { pk: _p, sk: _s, v: _v, [TTL_ATTRIBUTE]: expiry, ...rest } = item;
    const expiresAt = expiry as number | undefined;
    if (expiresAt !== undefined && expiresAt <= nowInSeconds) return [];
    return [{ evidence: Evidence.parse(rest), expiresAt }];
  });
}
