/**
 * DynamoDB reads and writes of authorization and audit: the school of a
 * class or a student (from the class registry and the student side of the
 * enrollments written by ingestion) and the audit trail of student reads.
 *
 *   pk CLASSES              sk CLASS#<classId>         class registry (schoolId)
 *   pk AUDIT#<actorId>      sk <at>#<requestId>        one read, expiresAt = TTL
 *
 * Audit items are keyed by who read, so "what did this user read" is one
 * query and a district's reads spread over partitions. Entries of requests
 * that run at once in one process are written together (storage/
 * shared-calls.ts): each request still waits until its own entry is stored.
 */
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../shared/auth/audit.js';
import { StorageWriteError } from '../shared/errors.js';
import { writeBatches } from './batches.js';
import { sharedCalls } from './shared-calls.js';
import { queryAll } from './query-all.js';
import type { AuditStore, DirectoryStore } from '../shared/auth/ports.js';
import { TABLE_DESIGN } from '../infra/table-design.js';
import { CLASSES_PK, classSk, ITEM_SCHEMA_VERSION, PREFIX, studentPk } from './keys.js';

/** The class registry partition `DynamoStore.putEnrollments` writes. */
/** Prefix of audit partitions; the report functions may write only these keys. */
export const AUDIT_PK_PREFIX = 'AUDIT#';
export const auditPk = (actorId: string) => `${AUDIT_PK_PREFIX}${actorId}`;

type Item = Record<string, unknown>;
const keyOf = (item: Item) => `${String(item.pk)}\u0000${String(item.sk)}`;

export class DynamoAccessStore implements DirectoryStore, AuditStore {
  /** One BatchWriteItem for the audit entries of the requests running at once. */
  private readonly auditWrites = sharedCalls<Item, void>(async (items) => {
    const lost = await writeBatches(
      this.doc,
      this.table,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    const unwritten = new Set(lost.map((r) => keyOf(r.PutRequest.Item)));
    return items.map((item) =>
      unwritten.has(keyOf(item))
        ? new StorageWriteError(
            'the audit entry of this read was not written after retries; ' +
              'the read is refused until it can be',
            { pk: item.pk, sk: item.sk },
          )
        : undefined,
    );
  });

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async classSchool(classId: string): Promise<string | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: CLASSES_PK, sk: classSk(classId) },
        ProjectionExpression: 'schoolId',
        // A school admin's access follows the registry at once, as a teacher's the roster.
        ConsistentRead: true,
      }),
    );
    return out.Item?.schoolId as string | undefined;
  }

  async listSchoolClasses(schoolId: string): Promise<string[]> {
    return this.queryAttribute('classId', {
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'schoolId = :school',
      ExpressionAttributeValues: { ':pk': CLASSES_PK, ':school': schoolId },
    });
  }

  async studentSchools(studentId: string): Promise<string[]> {
    const schools = await this.queryAttribute('schoolId', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
      // The same items as the roster's listStudentEnrollments, read as consistently:
      // a school admin loses a student un-enrolled a moment ago at once.
      ConsistentRead: true,
    });
    return [...new Set(schools.filter(Boolean))];
  }

  async putAudit(entry: AuditEntry, expiresAtEpochSeconds: number): Promise<void> {
    await this.auditWrites.load({
      pk: auditPk(entry.actorId),
      sk: `${entry.at}#${entry.requestId}`,
      v: ITEM_SCHEMA_VERSION,
      ...entry,
      [TABLE_DESIGN.ttlAttribute]: expiresAtEpochSeconds,
    });
  }

  private async queryAttribute(
    name: string,
    input: {
      KeyConditionExpression: string;
      FilterExpression?: string;
      ExpressionAttributeValues: Record<string, unknown>;
      ConsistentRead?: boolean;
    },
  ): Promise<string[]> {
    const items = await queryAll(this.doc, { TableName: this.table, ...input });
    return items.map((item) => item[name] as string);
  }
}
