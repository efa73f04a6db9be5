/**
 * DynamoDB side of the report documents (shared/reports/grid-document.ts,
 * shared/reports/recent-evidence.ts): a class's compact grid pages with the
 * class revision beside them, and a student's recent-evidence summary.
 *
 * Documents are stored as one JSON string attribute: the emulator and the
 * SDK pass a string through cheaply, where a nested map of a thousand cells
 * costs a marshalling step per value on every read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { Evidence } from '../shared/model.js';
import {
  ClassGridPage,
  type ClassGridReader,
  type StoredClassGrid,
} from '../shared/reports/grid-document.js';
import {
  entryOf,
  newestEntries,
  RecentEvidenceSummary,
  type RecentEvidenceEntry,
  type RecentEvidenceReader,
} from '../shared/reports/recent-evidence.js';
import type { ReportDocumentWriter } from '../shared/rollup/ports.js';
import {
  GRID_REVISION_SK,
  ITEM_SCHEMA_VERSION,
  MASTERY_PREFIX,
  PREFIX,
  RECENT_EVIDENCE_SK,
  classPk,
  gridPageSk,
  studentPk,
} from './keys.js';

type Item = Record<string, unknown>;

const TTL_ATTRIBUTE = 'expiresAt';
const MAX_DELETE = 25;

export interface ReportDocumentOptions {
  /** Epoch seconds at which evidence written now expires, if retention is set. */
  evidenceExpiry?: () => number | undefined;
}

/** Marks a class's cells as changed: grid pages built before are stale. */
export async function bumpGridRevisions(
  doc: DynamoDBDocumentClient,
  table: string,
  classIds: readonly string[],
): Promise<void> {
  await Promise.all(
    [...new Set(classIds)].map((classId) =>
      doc.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: classPk(classId), sk: GRID_REVISION_SK },
          UpdateExpression: 'ADD revision :one SET v = :v',
          ExpressionAttributeValues: { ':one': 1, ':v': ITEM_SCHEMA_VERSION },
        }),
      ),
    ),
  );
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

export class DynamoReportDocuments
  implements ClassGridReader, RecentEvidenceReader, ReportDocumentWriter
{
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: ReportDocumentOptions = {},
  ) {}

  async getClassGrid(classId: string): Promise<StoredClassGrid | undefined> {
    const items = await this.query(classPk(classId), MASTERY_PREFIX.grid, false);
    const pages = items.filter((i) => i.sk !== GRID_REVISION_SK);
    if (pages.length === 0) return undefined;
    const revision = items.find((i) => i.sk === GRID_REVISION_SK)?.revision;
    return {
      revision: typeof revision === 'number' ? revision : 0,
      pages: pages.map((p) => ClassGridPage.parse(JSON.parse(p.grid as string))),
    };
  }

  async getClassGridRevision(classId: string): Promise<number> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: classPk(classId), sk: GRID_REVISION_SK },
        ConsistentRead: true,
      }),
    );
    const revision = out.Item?.revision;
    return typeof revision === 'number' ? revision : 0;
  }

  async putClassGrid(classId: string, pages: readonly ClassGridPage[]): Promise<boolean> {
    const pk = classPk(classId);
    const before = await this.query(pk, MASTERY_PREFIX.gridPage, true);
    for (const page of pages) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk,
              sk: gridPageSk(page.page),
              v: ITEM_SCHEMA_VERSION,
              revision: page.revision,
              grid: JSON.stringify(page),
            },
            // A build from an older revision never replaces a newer one.
            ConditionExpression: 'attribute_not_exists(revision) OR revision <= :r',
            ExpressionAttributeValues: { ':r': page.revision },
          }),
        );
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    }
    const wanted = new Set(pages.map((p) => gridPageSk(p.page)));
    const extra = before.filter((i) => !wanted.has(i.sk as string));
    for (let i = 0; i < extra.length; i += MAX_DELETE) {
      const batch = extra.slice(i, i + MAX_DELETE);
      await this.doc.send(
        new BatchWriteCommand({
          RequestItems: {
            [this.table]: batch.map((e) => ({
              DeleteRequest: { Key: { pk, sk: e.sk } },
            })),
          },
        }),
      );
    }
    return true;
  }

  async getRecentEvidence(studentId: string, consistent = false) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: studentPk(studentId), sk: RECENT_EVIDENCE_SK },
        ConsistentRead: consistent,
      }),
    );
    if (!out.Item) return undefined;
    return RecentEvidenceSummary.parse({
      studentId,
      entries: JSON.parse(out.Item.entries as string),
      truncated: out.Item.truncated,
      revision: out.Item.revision,
    });
  }

  async putRecentEvidence(
    studentId: string,
    summary: { entries: readonly RecentEvidenceEntry[]; truncated: boolean },
    expectedRevision?: number,
  ): Promise<boolean> {
    // Entries new to the summary expire when evidence written now would: at
    // most one run after their own record, which is written first.
    const expiresAt = this.options.evidenceExpiry?.();
    const entries = summary.entries.map((e) =>
      e.expiresAt === undefined && expiresAt !== undefined ? { ...e, expiresAt } : e,
    );
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            pk: studentPk(studentId),
            sk: RECENT_EVIDENCE_SK,
            v: ITEM_SCHEMA_VERSION,
            entries: JSON.stringify(entries),
            truncated: summary.truncated,
            revision: (expectedRevision ?? 0) + 1,
          },
          ConditionExpression:
            expectedRevision === undefined
              ? 'attribute_not_exists(revision)'
              : 'revision = :r',
          ExpressionAttributeValues:
            expectedRevision === undefined ? undefined : { ':r': expectedRevision },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async rebuildRecentEvidence(studentId: string): Promise<void> {
    for (;;) {
      const current = await this.getRecentEvidence(studentId, true);
      const items = await this.query(studentPk(studentId), PREFIX.evidence, false);
      const entries = items.map((i) => {
        const { pk: _p, sk: _s, v: _v, [TTL_ATTRIBUTE]: expiresAt, ...rest } = i;
        return entryOf(Evidence.parse(rest), expiresAt as number | undefined);
      });
      const nowInSeconds = Date.now() / 1000;
      const live = entries.filter((e) => (e.expiresAt ?? Infinity) > nowInSeconds);
      if (await this.putRecentEvidence(studentId, newestEntries(live), current?.revision))
        return;
    }
  }

  private async query(pk: string, prefix: string, keysOnly: boolean): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
          ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
          ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
