/**
 * DynamoDB side of a student's daily minutes (shared/reports/usage.ts): one
 * item per student, `STUDENT#<id> / DAILY_MINUTES`, the days as one JSON
 * attribute. The usage report reads a page of students' items in one batch;
 * the rollup path rebuilds a student's item from the evidence history.
 */
import {
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  DailyMinutes,
  dailyMinutesOf,
  type DailyMinutesReader,
} from '../shared/reports/usage.js';
import { getBatches } from './batches.js';
import { liveEvidenceHistory } from './evidence-history.js';
import { DAILY_MINUTES_SK, ITEM_SCHEMA_VERSION, PREFIX, studentPk } from './keys.js';
import { ParsedDocuments } from './parsed-documents.js';
import { isConditionFailure } from './report-documents.js';
import { sharedReads } from './shared-calls.js';

/** The handlers' default zone (functions/lib/env.ts), for stores built without one. */
const DEFAULT_TIME_ZONE = 'America/New_York';

export interface DailyMinutesOptions {
  /**
   * The district's time zone, whose local days the minutes are kept in (the
   * usage report's weeks); America/New_York when absent, as the handlers'.
   */
  timeZone?: string;
  /** The clock that decides which records have expired (tests move it). */
  now?: () => Date;
}

/** Parsed once per stored string (deep-frozen: shared by requests). */
const parsed = new ParsedDocuments((raw) => DailyMinutes.parse(JSON.parse(raw)));

export class DynamoDailyMinutes implements DailyMinutesReader {
  /** The usage report's batch read, shared by requests for the same students. */
  private readonly reads = sharedReads((ids) => this.batchRead(ids.split('\n')));

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: DailyMinutesOptions = {},
  ) {}

  /**
   * Students' daily minutes, one strongly consistent batch read per 100
   * students: the usage report's only read besides the class's. A student
   * without the item (never built) is absent from the answer.
   */
  getDailyMinutes(studentIds: readonly string[]): Promise<Map<string, DailyMinutes>> {
    return this.reads.load([...new Set(studentIds)].sort().join('\n'));
  }

  private async batchRead(ids: readonly string[]): Promise<Map<string, DailyMinutes>> {
    const items = await getBatches(
      this.doc,
      this.table,
      ids.map((id) => ({ pk: studentPk(id), sk: DAILY_MINUTES_SK })),
    );
    const found = new Map<string, DailyMinutes>();
    for (const item of items) {
      const pk = item.pk as string;
      found.set(
        pk.slice(PREFIX.student.length),
        parsed.get(`${pk}|${DAILY_MINUTES_SK}`, item.daily as string),
      );
    }
    return found;
  }

  /**
   * A student's daily minutes from the whole evidence history. Rebuilt, not
   * merged: a redelivered or corrected record is then counted once, as the
   * history holds it. The put is conditional on the revision read before the
   * history, and lost races start over, so the last write always follows the
   * newest evidence any writer saw.
   */
  async rebuildDailyMinutes(studentId: string): Promise<void> {
    const pk = studentPk(studentId);
    const timeZone = this.options.timeZone ?? DEFAULT_TIME_ZONE;
    for (;;) {
      const current = await this.doc.send(
        new GetCommand({
          TableName: this.table,
          Key: { pk, sk: DAILY_MINUTES_SK },
          ProjectionExpression: 'revision',
          ConsistentRead: true,
        }),
      );
      const revision = current.Item?.revision as number | undefined;
      const nowInSeconds = (this.options.now?.() ?? new Date()).getTime() / 1000;
      // An expired record no longer counts (DynamoDB deletes it eventually).
      const records = await liveEvidenceHistory(
        this.doc,
        this.table,
        studentId,
        nowInSeconds,
      );
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.table,
            Item: {
              pk,
              sk: DAILY_MINUTES_SK,
              v: ITEM_SCHEMA_VERSION,
              daily: JSON.stringify(dailyMinutesOf(records, timeZone)),
              revision: (revision ?? 0) + 1,
            },
            ConditionExpression:
              revision === undefined ? 'attribute_not_exists(revision)' : 'revision = :r',
            ExpressionAttributeValues:
              revision === undefined ? undefined : { ':r': revision },
          }),
        );
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
  }
}
