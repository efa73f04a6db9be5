/**
 * The DynamoDB implementation of the domain's storage ports. It writes only
 * single-item conditional puts (idempotent by key): they scale on DynamoDB,
 * work on dynalite (no transactions there) and can never hit the duplicate-key
 * rejection of a batch write.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import {
  ClassRollup,
  Evidence,
  IngestRun,
  MasteryState,
  type Enrollment,
} from '../shared/model.js';
import type {
  EvidenceStore,
  EvidenceWriteOutcome,
  MasteryStore,
  RosterStore,
  RunClaim,
  RunResult,
  RunStore,
} from '../shared/ports.js';
import {
  ITEM_SCHEMA_VERSION,
  PREFIX,
  RUNS_GSI_PK,
  RUN_SK,
  cellSk,
  classPk,
  classSk,
  evidenceSk,
  masterySk,
  rollupSk,
  runPk,
  studentPk,
  studentSk,
} from './keys.js';

/** Registry partition of every class, read by the scheduled rollup. */
const CLASSES_PK = 'CLASSES';

/**
 * The SDK retries throttling and 5xx with backoff; a burst of ingestion can
 * throttle an on-demand table for a while, so allow more attempts than the
 * default three before a write is reported as failed.
 */
export const DYNAMODB_MAX_ATTEMPTS = 8;

export function createDocumentClient(config: DynamoDBClientConfig = {}) {
  const client = new DynamoDBClient({ maxAttempts: DYNAMODB_MAX_ATTEMPTS, ...config });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

type Item = Record<string, unknown>;

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, v: _v, ...rest } = item;
  return rest;
}

export class DynamoStore implements EvidenceStore, MasteryStore, RosterStore, RunStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async putEvidence(evidence: Evidence): Promise<EvidenceWriteOutcome> {
    const key = { pk: studentPk(evidence.studentId), sk: evidenceSk(evidence.evidenceId) };
    const item = { ...key, v: ITEM_SCHEMA_VERSION, ...evidence };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'accepted';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) {
        throw new StorageWriteError(`evidence ${evidence.evidenceId} was not written`, {
          evidenceId: evidence.evidenceId,
        }, { cause: error });
      }
    }

    const existing = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    const oldHash = existing.Item?.contentHash as string | undefined;
    if (oldHash === evidence.contentHash) return 'duplicate';

    // A changed record with the same identity is a correction: the later
    // write replaces it. The condition stops two concurrent corrections from
    // both believing they replaced the same version.
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'contentHash = :old',
          ExpressionAttributeValues: { ':old': oldHash },
        }),
      );
      return 'replaced';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.putEvidence(evidence);
      throw new StorageWriteError(`evidence ${evidence.evidenceId} was not written`, {
        evidenceId: evidence.evidenceId,
      }, { cause: error });
    }
  }

  async listStudentEvidence(studentId: string): Promise<Evidence[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.evidence },
    });
    return items.map((i) => Evidence.parse(strip(i)));
  }

  async putMastery(state: MasteryState, classIds: readonly string[]): Promise<void> {
    await this.put({ pk: studentPk(state.studentId), sk: masterySk(state.standard), ...state });
    for (const classId of classIds) {
      await this.put({
        pk: classPk(classId),
        sk: cellSk(state.standard, state.studentId),
        ...state,
      });
    }
  }

  async listStudentMastery(studentId: string): Promise<MasteryState[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.mastery },
    });
    return items.map((i) => MasteryState.parse(strip(i)));
  }

  async listClassMastery(classId: string): Promise<MasteryState[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.cell },
    });
    return items.map((i) => MasteryState.parse(strip(i)));
  }

  async putRollup(rollup: ClassRollup): Promise<void> {
    await this.put({ pk: classPk(rollup.classId), sk: rollupSk(rollup.standard), ...rollup });
  }

  async listClassRollups(classId: string): Promise<ClassRollup[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.rollup },
    });
    return items.map((i) => ClassRollup.parse(strip(i)));
  }

  async putEnrollment(enrollment: Enrollment): Promise<void> {
    const { classId, studentId } = enrollment;
    await this.put({ pk: classPk(classId), sk: studentSk(studentId), ...enrollment });
    await this.put({ pk: studentPk(studentId), sk: classSk(classId), ...enrollment });
    await this.put({ pk: CLASSES_PK, sk: classSk(classId), classId });
  }

  async listClassStudents(classId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.student },
    });
    return items.map((i) => i.studentId as string);
  }

  async listStudentClasses(studentId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
    });
    return items.map((i) => i.classId as string);
  }

  async listClasses(): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': CLASSES_PK },
    });
    return items.map((i) => i.classId as string);
  }

  async claimRun(run: IngestRun): Promise<RunClaim> {
    const item = {
      pk: runPk(run.runId),
      sk: RUN_SK,
      gsi1pk: RUNS_GSI_PK,
      gsi1sk: `${run.startedAt}#${run.runId}`,
      v: ITEM_SCHEMA_VERSION,
      ...run,
    };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR #s <> :done',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':done': 'completed' },
        }),
      );
      return { outcome: 'claimed', run };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.getRun(run.runId);
      if (!existing) throw new StorageWriteError(`run ${run.runId} vanished`, {}, { cause: error });
      return { outcome: 'already_completed', run: existing };
    }
  }

  async finishRun(
    runId: string,
    result: RunResult,
  ): Promise<IngestRun> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: runPk(runId), sk: RUN_SK },
        UpdateExpression:
          'SET #s = :s, counts = :c, rejectReasons = :r, unmappedSkills = :u, finishedAt = :f' +
          (result.rejectsKey ? ', rejectsKey = :k' : '') +
          (result.error ? ', #e = :e' : ' REMOVE #e'),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#s': 'status', '#e': 'error' },
        ExpressionAttributeValues: {
          ':s': result.status,
          ':c': result.counts,
          ':r': result.rejectReasons,
          ':u': result.unmappedSkills,
          ':f': new Date().toISOString(),
          ...(result.rejectsKey ? { ':k': result.rejectsKey } : {}),
          ...(result.error ? { ':e': result.error } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return IngestRun.parse(strip(out.Attributes ?? {}));
  }

  async getRun(runId: string): Promise<IngestRun | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: runPk(runId), sk: RUN_SK },
        ConsistentRead: true,
      }),
    );
    return out.Item ? IngestRun.parse(strip(out.Item)) : undefined;
  }

  async listRuns(limit: number): Promise<IngestRun[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': RUNS_GSI_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => IngestRun.parse(strip(i)));
  }

  private async put(item: Item): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { v: ITEM_SCHEMA_VERSION, ...item } }),
    );
  }

  private async queryAll(
    input: Omit<QueryCommandInput, 'TableName'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, ExclusiveStartKey: startKey, ...input }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
