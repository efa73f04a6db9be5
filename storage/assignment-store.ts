/**
 * DynamoDB, S3 and SQS sides of focus plans and assignments. Keys (also in
 * the table of storage/keys.ts):
 *
 *   pk CLASS#<classId>          sk FOCUS        the class's focus plan
 *   pk ASSIGNMENT#<assignmentId> sk ASSIGNMENT  an assignment and its status
 *
 * An assignment has its own partition: the push consumer reads and updates
 * one item per message, never a class partition the reports read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { FocusPlan, type FocusStore } from '../shared/focus/index.js';
import {
  Assignment,
  type AssignmentQueue,
  type AssignmentStore,
  type AttemptRecord,
  type TextObjectWriter,
} from '../shared/assignments/index.js';
import { StorageWriteError } from '../shared/errors.js';
import { createDocumentClient } from './dynamodb-store.js';
import {
  ITEM_SCHEMA_VERSION,
  assignmentPk,
  classPk,
  ASSIGNMENT_SK,
  FOCUS_SK,
} from './keys.js';

type Item = Record<string, unknown>;
const strip = ({ pk: _a, sk: _b, v: _v, ...rest }: Item): Item => rest;

/** SQS takes at most this many messages per SendMessageBatch. */
export const MAX_SEND_BATCH = 10;

export class DynamoAssignmentStore implements AssignmentStore, FocusStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putFocus(plan: FocusPlan): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          pk: classPk(plan.classId),
          sk: FOCUS_SK,
          v: ITEM_SCHEMA_VERSION,
          ...plan,
        },
      }),
    );
  }

  async getFocus(classId: string): Promise<FocusPlan | undefined> {
    const item = await this.get(classPk(classId), FOCUS_SK);
    return item ? FocusPlan.parse(strip(item)) : undefined;
  }

  async createAssignment(assignment: Assignment) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: assignmentPk(assignment.assignmentId),
            sk: ASSIGNMENT_SK,
            v: ITEM_SCHEMA_VERSION,
            ...assignment,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, assignment };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getAssignment(assignment.assignmentId);
      if (!stored) throw new StorageWriteError('assignment vanished after a conflict');
      return { created: false, assignment: stored };
    }
  }

  async getAssignment(assignmentId: string): Promise<Assignment | undefined> {
    const item = await this.get(assignmentPk(assignmentId), ASSIGNMENT_SK);
    return item ? Assignment.parse(strip(item)) : undefined;
  }

  async recordAttempt(assignmentId: string, attempt: AttemptRecord): Promise<Assignment> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, unknown> = {
      ':status': attempt.status,
      ':at': attempt.at,
      ':one': 1,
    };
    const sets = ['#status = :status', 'updatedAt = :at'];
    const removes: string[] = [];
    if (attempt.reason) {
      sets.push('reason = :reason');
      values[':reason'] = attempt.reason;
    } else removes.push('reason');
    if (attempt.vendorAssignmentId) {
      sets.push('vendorAssignmentId = :vendor');
      values[':vendor'] = attempt.vendorAssignmentId;
    }
    // Nothing moves an acknowledged assignment back (a late duplicate message).
    let condition = 'attribute_exists(pk)';
    if (attempt.status !== 'acknowledged') {
      condition += ' AND #status <> :ack';
      values[':ack'] = 'acknowledged';
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: assignmentPk(assignmentId), sk: ASSIGNMENT_SK },
          UpdateExpression:
            `SET ${sets.join(', ')} ADD attempts :one` +
            (removes.length ? ` REMOVE ${removes.join(', ')}` : ''),
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Assignment.parse(strip(out.Attributes ?? {}));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getAssignment(assignmentId);
      if (!stored)
        throw new StorageWriteError(`assignment ${assignmentId} does not exist`);
      return stored;
    }
  }

  private async get(pk: string, sk: string): Promise<Item | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk, sk }, ConsistentRead: true }),
    );
    return out.Item;
  }
}

/** File drops of the file connector. */
export class S3TextWriter implements TextObjectWriter {
  constructor(private readonly s3: S3Client) {}

  async putText(bucket: string, key: string, body: string, contentType: string) {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }
}

/** The assignment queue on SQS; a message failed by SQS is an error, never dropped. */
export class SqsAssignmentQueue implements AssignmentQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(assignmentIds: readonly string[]): Promise<void> {
    for (let i = 0; i < assignmentIds.length; i += MAX_SEND_BATCH) {
      const ids = assignmentIds.slice(i, i + MAX_SEND_BATCH);
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: ids.map((assignmentId, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify({ assignmentId }),
          })),
        }),
      );
      if (out.Failed?.length) {
        throw new StorageWriteError(`${out.Failed.length} assignments were not queued`, {
          failed: out.Failed.map((f) => ids[Number(f.Id)]),
        });
      }
    }
  }
}

let fromEnv: DynamoAssignmentStore | undefined;

/** One store per container, on the table named by LABLINK_TABLE (handlers' composition). */
export function assignmentStoreFromEnv(): DynamoAssignmentStore {
  const table = process.env.LABLINK_TABLE;
  if (!table) throw new Error('environment variable LABLINK_TABLE is not set');
  fromEnv ??= new DynamoAssignmentStore(createDocumentClient(), table);
  return fromEnv;
}
