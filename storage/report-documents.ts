/**
 * DynamoDB side of the report documents (shared/reports/grid-document.ts,
 * shared/reports/recent-evidence.ts): a class's compact grid pages with the
 * class revision beside them, and a student's recent-evidence summary. A
 * student's daily minutes (usage) are in storage/daily-minutes.ts.
 *
 * Documents are stored as one attribute, never a nested map: a map of a
 * thousand cells costs a marshalling step per value on every read. A class's
 * grid pages, the largest items a report reads, are gzipped JSON in a binary
 * attribute (`gridGz`): about a tenth of the bytes for DynamoDB to return
 * (and bill as read units) and for the SDK to take apart on every request.
 * Pages stored before as a JSON string (`grid`) are still read.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ClassRollup, MasteryState } from '../shared/model.js';
import type {
  ClassReportRead,
  ClassReportReader,
} from '../shared/reports/class-mastery.js';
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
import type {
  StudentReportRead,
  StudentReportReader,
} from '../shared/reports/student-profile.js';
import type { ReportDocumentWriter } from '../shared/rollup/ports.js';
import type { ClassStaffMember, StaffRole } from '../shared/ports.js';
import { liveEvidenceHistory } from './evidence-history.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ParsedDocuments, type RawDocument } from './parsed-documents.js';
import { queryAll, type Item } from './query-all.js';
import { sharedReads } from './shared-calls.js';
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

const TTL_ATTRIBUTE = 'expiresAt';
const MAX_DELETE = 25;

export interface ReportDocumentOptions {
  /** Epoch seconds at which evidence written now expires, if retention is set. */
  evidenceExpiry?: () => number | undefined;
  /** The clock that decides which items have expired (tests move it). */
  now?: () => Date;
}

/**
 * Parsed grid pages and summaries, shared by every store of a warm function:
 * a report handler builds its store per request.
 */
const gridPages = new ParsedDocuments<ClassGridPage, RawDocument>((raw) =>
  ClassGridPage.parse(
    JSON.parse(typeof raw === 'string' ? raw : gunzipSync(raw).toString('utf8')),
  ),
);

/** A grid page item's stored document, compressed or (written before) plain. */
const gridDocumentOf = (item: Item): RawDocument =>
  (item.gridGz as Uint8Array | undefined) ?? (item.grid as string);
const summaryEntries = new ParsedDocuments((raw) =>
  RecentEvidenceSummary.shape.entries.parse(JSON.parse(raw)),
);

const SummaryWithoutEntries = RecentEvidenceSummary.omit({ entries: true });

function summaryOf(studentId: string, item: Item) {
  const summary = SummaryWithoutEntries.parse({
    studentId,
    truncated: item.truncated,
    revision: item.revision,
  });
  // The entries are validated once per stored string (summaryEntries).
  const entries = summaryEntries.get(studentPk(studentId), item.entries as string);
  return { ...summary, entries: [...entries] };
}

const stripKeys = ({ pk: _p, sk: _s, v: _v, [TTL_ATTRIBUTE]: _e, ...rest }: Item) => rest;

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

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string })?.name === 'ConditionalCheckFailedException';

export class DynamoReportDocuments
  implements
    ClassGridReader,
    ClassReportReader,
    StudentReportReader,
    RecentEvidenceReader,
    Omit<ReportDocumentWriter, 'rebuildDailyMinutes'>
{
  /**
   * The two reads behind the class grid and the profile, shared by the
   * requests that run at once (storage/shared-calls.ts): never older than
   * the request, so access still follows the roster at once. Their answers
   * are shared too, hence read-only.
   */
  private readonly classReports = sharedReads((classId) =>
    this.queryClassReport(classId),
  );
  private readonly studentReports = sharedReads((studentId) =>
    this.queryStudentReport(studentId),
  );

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
      pages: pages.map((p) => gridPages.get(`${p.pk}|${p.sk}`, gridDocumentOf(p))),
    };
  }

  /**
   * Everything the class grid reads, in one query: in a class's partition the
   * sort keys from `GRID#` on are the grid pages and revision, the parent and
   * standard rollups, the staff and the students, while the cells and the
   * focus plan sort before and are not read (storage/keys.ts keeps that range
   * small). Staff and students come from the same enrollment items the roster
   * check reads elsewhere, so access follows the roster on every request.
   */
  readClassReport(classId: string): Promise<ClassReportRead> {
    return this.classReports.load(classId);
  }

  private async queryClassReport(classId: string): Promise<ClassReportRead> {
    const pk = classPk(classId);
    const staff: ClassStaffMember[] = [];
    const studentIds: string[] = [];
    const rollups: ClassRollup[] = [];
    const pages: ClassGridPage[] = [];
    let revision = 0;
    // Its staff decide access: a teacher removed a moment ago is refused.
    for (const item of await this.liveFrom(pk, MASTERY_PREFIX.grid, true)) {
      const sk = item.sk as string;
      if (sk === GRID_REVISION_SK) {
        revision = typeof item.revision === 'number' ? item.revision : 0;
      } else if (sk.startsWith(MASTERY_PREFIX.gridPage)) {
        pages.push(gridPages.get(`${pk}|${sk}`, gridDocumentOf(item)));
      } else if (sk.startsWith(PREFIX.rollup)) {
        rollups.push(ClassRollup.parse(stripKeys(item)));
      } else if (sk.startsWith(PREFIX.staff)) {
        staff.push({ userId: item.userId as string, role: item.role as StaffRole });
      } else if (sk.startsWith(PREFIX.student)) {
        studentIds.push(item.userId as string);
      }
    }
    const grid = pages.length > 0 ? { revision, pages } : undefined;
    return { staff, studentIds, grid, rollups };
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
              gridGz: gzipSync(JSON.stringify(page)),
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
    return out.Item ? summaryOf(studentId, out.Item) : undefined;
  }

  /**
   * A profile's reads in one query: in a student's partition the sort keys
   * from `MASTERY#` on are the mastery states and the recent-evidence
   * summary (evidence, enrollments and the applied ledger sort before).
   */
  readStudentReport(studentId: string): Promise<StudentReportRead> {
    return this.studentReports.load(studentId);
  }

  private async queryStudentReport(studentId: string): Promise<StudentReportRead> {
    const mastery: MasteryState[] = [];
    let recent: RecentEvidenceSummary | undefined;
    for (const item of await this.liveFrom(studentPk(studentId), PREFIX.mastery, false)) {
      const sk = item.sk as string;
      if (sk === RECENT_EVIDENCE_SK) recent = summaryOf(studentId, item);
      else if (sk.startsWith(PREFIX.mastery))
        mastery.push(MasteryState.parse(stripKeys(item)));
    }
    return { mastery, recent };
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
      const history = await liveEvidenceHistory(
        this.doc,
        this.table,
        studentId,
        Date.now() / 1000,
      );
      const live = history.map((r) => entryOf(r.evidence, r.expiresAt));
      if (await this.putRecentEvidence(studentId, newestEntries(live), current?.revision))
        return;
    }
  }

  /**
   * The partition's items from a sort key on, without expired items
   * (DynamoDB deletes them only eventually, the emulator never).
   */
  private async liveFrom(pk: string, from: string, consistent: boolean): Promise<Item[]> {
    const nowInSeconds = (this.options.now?.() ?? new Date()).getTime() / 1000;
    const items = await queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: { ':pk': pk, ':from': from },
      ConsistentRead: consistent,
    });
    return items.filter((item) => {
      const expiresAt = item[TTL_ATTRIBUTE];
      return typeof expiresAt !== 'number' || expiresAt > nowInSeconds;
    });
  }

  private query(pk: string, prefix: string, keysOnly: boolean): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
      ...(keysOnly ? { ProjectionExpression: 'pk, sk' } : {}),
    });
  }
}
