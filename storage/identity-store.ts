/**
 * The DynamoDB implementation of the roster and identity ports, on the same
 * single table. Writes are batched idempotent puts and deletes by key; a
 * batch never carries one key twice (DynamoDB would reject it whole).
 */
import {
  GetCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import type {
  IdentityStore,
  RosterEntity,
  RosterEntityStore,
  StudentIdentifier,
  VendorMapping,
} from '../shared/identity/ports.js';
import type { Enrollment } from '../shared/model.js';
import { writeBatches } from './batches.js';
import { queryAll } from './query-all.js';
import {
  DEMOGRAPHICS_PK,
  ITEM_SCHEMA_VERSION,
  classPk,
  classSk,
  idMapPk,
  identPk,
  rosterPk,
  staffPk,
  staffSk,
  studentPk,
  studentSk,
  vendorSk,
} from './keys.js';

type Key = { pk: string; sk: string };
type Request =
  { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

const entityPk = (kind: string) =>
  kind === 'demographics' ? DEMOGRAPHICS_PK : rosterPk(kind);

function entityOf(item: Record<string, unknown>): RosterEntity {
  const { kind, sourcedId, values, runId, roles } = item;
  return { kind, sourcedId, values, runId, ...(roles ? { roles } : {}) } as RosterEntity;
}

export class DynamoIdentityStore implements IdentityStore, RosterEntityStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findStudents(id: StudentIdentifier): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': identPk(id.kind, id.value) },
    });
    return items.map((i) => i.studentId as string);
  }

  async putIdentifiers(studentId: string, ids: readonly StudentIdentifier[]) {
    await this.write(
      ids.map((id) => ({
        PutRequest: {
          Item: {
            pk: identPk(id.kind, id.value),
            sk: studentSk(studentId),
            v: ITEM_SCHEMA_VERSION,
            studentId,
            ...id,
          },
        },
      })),
    );
  }

  async deleteIdentifiers(studentId: string, ids: readonly StudentIdentifier[]) {
    await this.write(
      ids.map((id) => ({
        DeleteRequest: {
          Key: { pk: identPk(id.kind, id.value), sk: studentSk(studentId) },
        },
      })),
    );
  }

  async getMapping(programId: string, vendorStudentId: string) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: idMapPk(programId), sk: vendorSk(vendorStudentId) },
      }),
    );
    return out.Item?.studentId as string | undefined;
  }

  async putMappings(rows: readonly VendorMapping[]) {
    await this.write(
      rows.map((r) => ({
        PutRequest: {
          Item: {
            pk: idMapPk(r.programId),
            sk: vendorSk(r.vendorStudentId),
            v: ITEM_SCHEMA_VERSION,
            ...r,
          },
        },
      })),
    );
  }

  async listMappings(programId: string): Promise<VendorMapping[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': idMapPk(programId) },
    });
    return items.map((i) => ({
      programId: i.programId as string,
      vendorStudentId: i.vendorStudentId as string,
      studentId: i.studentId as string,
    }));
  }

  async getEntity(kind: string, sourcedId: string) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: entityPk(kind), sk: sourcedId },
      }),
    );
    return out.Item ? entityOf(out.Item) : undefined;
  }

  async putEntities(entities: readonly RosterEntity[]) {
    await this.write(
      entities.map((e) => ({
        PutRequest: {
          Item: { pk: entityPk(e.kind), sk: e.sourcedId, v: ITEM_SCHEMA_VERSION, ...e },
        },
      })),
    );
  }

  async deleteEntities(kind: string, sourcedIds: readonly string[]) {
    await this.write(
      sourcedIds.map((id) => ({
        DeleteRequest: { Key: { pk: entityPk(kind), sk: id } },
      })),
    );
  }

  async listEntityIds(kind: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': entityPk(kind) },
      ProjectionExpression: 'sk',
    });
    return items.map((i) => i.sk as string);
  }

  async listEntities(kind: string): Promise<RosterEntity[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': entityPk(kind) },
    });
    return items.map(entityOf);
  }

  async deleteEnrollments(enrollments: readonly Enrollment[]) {
    await this.write(
      enrollments.flatMap((e) => {
        const student = e.role === 'student';
        const keys: Key[] = [
          {
            pk: classPk(e.classId),
            sk: student ? studentSk(e.userId) : staffSk(e.userId),
          },
          {
            pk: student ? studentPk(e.userId) : staffPk(e.userId),
            sk: classSk(e.classId),
          },
        ];
        return keys.map((Key) => ({ DeleteRequest: { Key } }));
      }),
    );
  }

  /** Batches of 25, the last request per key wins, unprocessed items retried. */
  private async write(requests: readonly Request[]): Promise<void> {
    const byKey = new Map<string, Request>();
    for (const r of requests) {
      const key = 'PutRequest' in r ? r.PutRequest.Item : r.DeleteRequest.Key;
      byKey.set(`${String(key.pk)}\u0000${String(key.sk)}`, r);
    }
    const lost = await writeBatches(this.doc, this.table, [...byKey.values()]);
    if (lost.length > 0) {
      throw new StorageWriteError(`${lost.length} roster items were not written`);
    }
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>) {
    return queryAll(this.doc, { TableName: this.table, ...input });
  }
}
