/**
 * DynamoDB side of the ingest runs (shared/ports.ts `RunStore`): one item per
 * run, `RUN#<runId> / RUN`, listed newest first through gsi1 (`RUNS`). Runs
 * share no reads or writes with the evidence, mastery and roster items, so
 * they live apart from dynamodb-store.ts; `DynamoStore` holds one of these
 * and forwards to it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, StorageWriteError } from '../shared/errors.js';
import { IngestRun } from '../shared/model.js';
import type { RunClaim, RunResult, RunStore } from '../shared/ports.js';
import { ITEM_SCHEMA_VERSION, RUNS_GSI_PK, RUN_SK, runPk, strip } from './keys.js';

const encodeCursor = (key: Record<string, unknown>) =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

/** A cursor that does not decode to a runs-index key is bad input, not a 500. */
function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (key.gsi1pk === RUNS_GSI_PK && typeof key.gsi1sk === 'string') return key;
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('cursor: not a cursor this API returned', {
    field: 'cursor',
  });
}

export class DynamoRunStore implements RunStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

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
      if (!existing)
        throw new StorageWriteError(`run ${run.runId} vanished`, {}, { cause: error });
      return { outcome: 'already_completed', run: existing };
    }
  }

  async finishRun(runId: string, result: RunResult): Promise<IngestRun> {
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: runPk(runId), sk: RUN_SK },
        UpdateExpression:
          'SET #s = :s, counts = :c, rejectReasons = :r, unmappedSkills = :u, finishedAt = :f' +
          (result.rejectsKey ? ', rejectsKey = :k' : '') +
          (result.matchRate ? ', matchRate = :m' : '') +
          (result.fileCounts ? ', fileCounts = :fc' : '') +
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
          ...(result.matchRate ? { ':m': result.matchRate } : {}),
          ...(result.fileCounts ? { ':fc': result.fileCounts } : {}),
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

  /**
   * Runs newest first, one page at a time; the cursor is the opaque
   * position after the page's last run (absent on the last page).
   */
  async listRunsPage(
    limit: number,
    cursor?: string,
  ): Promise<{ runs: IngestRun[]; nextCursor?: string }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': RUNS_GSI_PK },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor) : undefined,
      }),
    );
    return {
      runs: (out.Items ?? []).map((i) => IngestRun.parse(strip(i))),
      nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    };
  }

  /** The newest `limit` runs: the first page. */
  async listRuns(limit: number): Promise<IngestRun[]> {
    return (await this.listRunsPage(limit)).runs;
  }
}
