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
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidInputError, StorageWriteError } from '../shared/errors.js';
import {
  backoff,
  MAX_BATCH_ATTEMPTS,
  MAX_BATCH_GET_KEYS,
  writeBatches,
} from './batches.js';
import { sharedReads } from './shared-calls.js';
import { decideWrite, type StoredVersion } from '../shared/ingest/versions.js';
import {
  ClassRollup,
  Enrollment,
  Evidence,
  HeldRecord,
  IngestRun,
  MasteryState,
} from '../shared/model.js';
import type {
  EvidenceStore,
  EvidenceWriteOutcome,
  HeldStore,
  MasteryStore,
  RosterStore,
  RunClaim,
  RunResult,
  RunStore,
  StaffClass,
  StaffRole,
  StudentEnrollment,
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
  heldPk,
  heldSk,
  masterySk,
  rollupSk,
  runPk,
  staffPk,
  staffSk,
  studentPk,
  studentSk,
} from './keys.js';
import { DynamoMasteryLedger } from './mastery-store.js';
import { bumpGridRevisions, DynamoReportDocuments } from './report-documents.js';
import { DynamoDailyMinutes } from './daily-minutes.js';
import type { DailyMinutesReader } from '../shared/reports/usage.js';
import type { ClassGridPage, ClassGridReader } from '../shared/reports/grid-document.js';
import type {
  RecentEvidenceEntry,
  RecentEvidenceReader,
} from '../shared/reports/recent-evidence.js';
import type {
  AppliedEvidence,
  GroupRollup,
  MasteryLedger,
  ReportDocumentWriter,
  RollupScope,
  StoredBktFit,
  StoredMastery,
} from '../shared/rollup/ports.js';
import { DynamoIdentityStore } from './identity-store.js';
import { queryAll } from './query-all.js';

export interface StoreOptions {
  /** Days new evidence is kept (TTL); kept forever when absent. */
  evidenceRetentionDays?: number;
  /** The district's time zone: the local days of the daily minutes (usage report). */
  timeZone?: string;
  now?: () => Date;
}

/** The table's TTL attribute (epoch seconds), as the CDK stack declares it. */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';
const SECONDS_PER_DAY = 86_400;

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
type WriteRequest = {
  PutRequest?: { Item: Item };
  DeleteRequest?: { Key: Item };
};

const keyOf = (item: Item) => `${item.pk}\u0000${item.sk}`;

function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, v: _v, ...rest } = item;
  return rest;
}

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

export class DynamoStore
  implements
    EvidenceStore,
    MasteryStore,
    MasteryLedger,
    RosterStore,
    RunStore,
    HeldStore,
    ClassGridReader,
    RecentEvidenceReader,
    DailyMinutesReader,
    ReportDocumentWriter
{
  /** Incremental mastery bookkeeping lives in mastery-store.ts; this delegates. */
  private readonly ledger: DynamoMasteryLedger;
  /** Grid pages and recent-evidence summaries live in report-documents.ts. */
  private readonly documents: DynamoReportDocuments;
  /** A student's daily minutes (usage) live in daily-minutes.ts. */
  private readonly dailyMinutes: DynamoDailyMinutes;

  /** Classes this instance has written to the class registry. */
  private readonly registeredClasses = new Set<string>();

  /** Roster reads of the profile's check, shared by concurrent requests (shared-calls.ts). */
  private readonly studentEnrollments = sharedReads((studentId) =>
    this.queryStudentEnrollments(studentId),
  );
  private readonly staffClasses = sharedReads((userId) => this.queryStaffClasses(userId));

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: StoreOptions = {},
  ) {
    this.ledger = new DynamoMasteryLedger(doc, table);
    this.documents = new DynamoReportDocuments(doc, table, {
      evidenceExpiry: () => this.evidenceExpiry(),
    });
    this.dailyMinutes = new DynamoDailyMinutes(doc, table, {
      timeZone: options.timeZone,
    });
  }

  /** Epoch seconds after which new evidence expires, if the district set a retention. */
  private evidenceExpiry(): number | undefined {
    const days = this.options.evidenceRetentionDays;
    if (days === undefined) return undefined;
    const now = this.options.now?.() ?? new Date();
    return Math.floor(now.getTime() / 1000) + days * SECONDS_PER_DAY;
  }

  getStoredMastery(studentId: string): Promise<StoredMastery[]> {
    return this.ledger.getStoredMastery(studentId);
  }
  getStoredMasteryOne(studentId: string, standard: string) {
    return this.ledger.getStoredMasteryOne(studentId, standard);
  }
  putStoredMastery(states: readonly StoredMastery[], classIds: readonly string[]) {
    return this.ledger.putStoredMastery(states, classIds);
  }
  getApplied(studentId: string, evidenceIds: readonly string[]) {
    return this.ledger.getApplied(studentId, evidenceIds);
  }
  putApplied(studentId: string, applied: readonly AppliedEvidence[]) {
    return this.ledger.putApplied(studentId, applied);
  }
  listRunEvidence(studentId: string, runId: string) {
    return this.ledger.listRunEvidence(studentId, runId);
  }
  listStandardEvidence(studentId: string, standard: string) {
    return this.ledger.listStandardEvidence(studentId, standard);
  }
  listClassSchools() {
    return this.ledger.listClassSchools();
  }
  listClassCells(classId: string, prefix?: string) {
    return this.ledger.listClassCells(classId, prefix);
  }
  putGroupRollups(rollups: readonly GroupRollup[]) {
    return this.ledger.putGroupRollups(rollups);
  }
  listGroupRollups(scope: RollupScope, scopeId: string) {
    return this.ledger.listGroupRollups(scope, scopeId);
  }
  putBktFits(fits: readonly StoredBktFit[]) {
    return this.ledger.putBktFits(fits);
  }
  listBktFits() {
    return this.ledger.listBktFits();
  }

  getClassGrid(classId: string) {
    return this.documents.getClassGrid(classId);
  }
  getClassGridRevision(classId: string) {
    return this.documents.getClassGridRevision(classId);
  }
  putClassGrid(classId: string, pages: readonly ClassGridPage[]) {
    return this.documents.putClassGrid(classId, pages);
  }
  getRecentEvidence(studentId: string, consistent?: boolean) {
    return this.documents.getRecentEvidence(studentId, consistent);
  }
  putRecentEvidence(
    studentId: string,
    summary: { entries: readonly RecentEvidenceEntry[]; truncated: boolean },
    expectedRevision?: number,
  ) {
    return this.documents.putRecentEvidence(studentId, summary, expectedRevision);
  }
  rebuildRecentEvidence(studentId: string) {
    return this.documents.rebuildRecentEvidence(studentId);
  }
  getDailyMinutes(studentIds: readonly string[]) {
    return this.dailyMinutes.getDailyMinutes(studentIds);
  }
  rebuildDailyMinutes(studentId: string) {
    return this.dailyMinutes.rebuildDailyMinutes(studentId);
  }

  /** The roster and identity stores on the same client and table. */
  identity(): DynamoIdentityStore {
    return new DynamoIdentityStore(this.doc, this.table);
  }

  async putEvidence(evidence: Evidence): Promise<EvidenceWriteOutcome> {
    const [outcome] = await this.putEvidenceBatch([evidence]);
    return outcome as EvidenceWriteOutcome;
  }

  async putEvidenceBatch(batch: readonly Evidence[]): Promise<EvidenceWriteOutcome[]> {
    const evidenceKey = (e: Evidence) => ({
      pk: studentPk(e.studentId),
      sk: evidenceSk(e.evidenceId),
    });
    const idOf = (e: Evidence) => `${e.studentId}\u0000${e.evidenceId}`;
    const stored = await this.storedVersions(batch.map(evidenceKey));

    // Decide in input order against what is stored and what came earlier in
    // the batch, so the batch equals one-by-one writes and never sends one
    // key twice in a request (DynamoDB would reject the whole request).
    const current = new Map<string, StoredVersion>();
    for (const e of batch) {
      const version = stored.get(keyOf(evidenceKey(e)));
      if (version) current.set(idOf(e), version);
    }
    const toWrite = new Map<string, Evidence>();
    const outcomes: EvidenceWriteOutcome[] = batch.map((e) => {
      const outcome = decideWrite(current.get(idOf(e)), e);
      if (outcome === 'accepted' || outcome === 'replaced') {
        current.set(idOf(e), { contentHash: e.contentHash, revisedAt: e.revisedAt });
        toWrite.set(idOf(e), e);
      }
      return outcome;
    });

    const expiresAt = this.evidenceExpiry();
    const unwritten = await this.writeItems(
      [...toWrite.values()].map((e) => ({
        ...evidenceKey(e),
        v: ITEM_SCHEMA_VERSION,
        ...e,
        ...(expiresAt === undefined ? {} : { [TABLE_TTL_ATTRIBUTE]: expiresAt }),
      })),
    );
    if (unwritten.size === 0) return outcomes;
    return outcomes.map((outcome, i) => {
      const e = batch[i] as Evidence;
      const lost = unwritten.has(keyOf(evidenceKey(e)));
      return lost && (outcome === 'accepted' || outcome === 'replaced')
        ? 'unwritten'
        : outcome;
    });
  }

  /** Content hash and revision of the stored versions of the keys given. */
  private async storedVersions(
    keys: readonly { pk: string; sk: string }[],
  ): Promise<Map<string, StoredVersion>> {
    const unique = new Map(keys.map((k) => [keyOf(k), k]));
    const found = new Map<string, StoredVersion>();
    const all = [...unique.values()];
    for (let i = 0; i < all.length; i += MAX_BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] = all.slice(i, i + MAX_BATCH_GET_KEYS);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        if (attempt >= MAX_BATCH_ATTEMPTS) {
          throw new StorageWriteError('stored versions could not be read after retries', {
            keys: pending.length,
          });
        }
        if (attempt > 0) await backoff(attempt);
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.table]: {
                Keys: pending,
                ConsistentRead: true,
                ProjectionExpression: 'pk, sk, contentHash, revisedAt',
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          found.set(keyOf(item), {
            contentHash: item.contentHash as string,
            revisedAt: item.revisedAt as string | undefined,
          });
        }
        pending = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  /**
   * Writes items in batches of 25, retrying what DynamoDB leaves unprocessed
   * (a batch write reports success even when it wrote only part of it) with
   * backoff and jitter. Returns the keys never written.
   */
  private async writeItems(items: readonly Item[]): Promise<Set<string>> {
    const unique = new Map(items.map((i) => [keyOf(i), i]));
    const lost = await this.sendWrites(
      [...unique.values()].map((item) => ({ PutRequest: { Item: item } })),
    );
    return new Set(lost.map((r) => keyOf((r.PutRequest as { Item: Item }).Item)));
  }

  /** Puts or deletes in batches; returns the requests never processed. */
  private sendWrites(requests: readonly WriteRequest[]): Promise<WriteRequest[]> {
    return writeBatches(this.doc, this.table, requests);
  }

  async listStudentEvidence(studentId: string): Promise<Evidence[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.evidence },
    });
    return items.map((i) => Evidence.parse(strip(i)));
  }

  async putMastery(states: readonly MasteryState[], classIds: readonly string[]) {
    const items = states.flatMap((state) => [
      {
        pk: studentPk(state.studentId),
        sk: masterySk(state.standard),
        v: ITEM_SCHEMA_VERSION,
        ...state,
      },
      ...classIds.map((classId) => ({
        pk: classPk(classId),
        sk: cellSk(state.standard, state.studentId),
        v: ITEM_SCHEMA_VERSION,
        ...state,
      })),
    ]);
    await this.writeAllOrThrow(items);
    if (states.length > 0) await bumpGridRevisions(this.doc, this.table, classIds);
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
    await this.put({
      pk: classPk(rollup.classId),
      sk: rollupSk(rollup.standard),
      ...rollup,
    });
  }

  async listClassRollups(classId: string): Promise<ClassRollup[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.rollup },
    });
    return items.map((i) => ClassRollup.parse(strip(i)));
  }

  async putEnrollments(enrollments: readonly Enrollment[]): Promise<void> {
    const v = ITEM_SCHEMA_VERSION;
    await this.writeAllOrThrow(
      enrollments.flatMap((e) => {
        const student = e.role === 'student';
        return [
          {
            pk: classPk(e.classId),
            sk: student ? studentSk(e.userId) : staffSk(e.userId),
            v,
            ...e,
          },
          {
            pk: student ? studentPk(e.userId) : staffPk(e.userId),
            sk: classSk(e.classId),
            v,
            ...e,
          },
        ];
      }),
    );
    // The class registry is one partition: writing it once per enrollment
    // would make it hot (a 100,000-student file re-puts the same few thousand
    // items). Once per class per container is enough; the put is idempotent.
    const newClasses = new Map<string, Enrollment>();
    for (const e of enrollments) {
      if (!this.registeredClasses.has(e.classId)) newClasses.set(e.classId, e);
    }
    await this.writeAllOrThrow(
      [...newClasses.values()].map((e) => ({
        pk: CLASSES_PK,
        sk: classSk(e.classId),
        v,
        classId: e.classId,
        schoolId: e.schoolId,
      })),
    );
    for (const classId of newClasses.keys()) this.registeredClasses.add(classId);
  }

  async putHeld(records: readonly HeldRecord[]): Promise<void> {
    await this.writeAllOrThrow(
      records.map((r) => ({
        pk: heldPk(r.programId),
        sk: heldSk(r.waitingFor, r.heldId),
        v: ITEM_SCHEMA_VERSION,
        ...r,
      })),
    );
  }

  async listHeld(programId: string, waitingFor?: string): Promise<HeldRecord[]> {
    const items = await this.queryAll({
      KeyConditionExpression:
        'pk = :pk' + (waitingFor === undefined ? '' : ' AND begins_with(sk, :w)'),
      ExpressionAttributeValues: {
        ':pk': heldPk(programId),
        ...(waitingFor === undefined ? {} : { ':w': `${waitingFor}#` }),
      },
    });
    return items.map((i) => HeldRecord.parse(strip(i)));
  }

  async deleteHeld(
    records: readonly Pick<HeldRecord, 'programId' | 'heldId' | 'waitingFor'>[],
  ): Promise<void> {
    const lost = await this.sendWrites(
      records.map((r) => ({
        DeleteRequest: {
          Key: { pk: heldPk(r.programId), sk: heldSk(r.waitingFor, r.heldId) },
        },
      })),
    );
    if (lost.length > 0) {
      throw new StorageWriteError(`${lost.length} held records were not deleted`);
    }
  }

  private async writeAllOrThrow(items: readonly Item[]): Promise<void> {
    const lost = await this.writeItems(items);
    if (lost.size > 0) {
      throw new StorageWriteError(`${lost.size} items were not written after retries`, {
        keys: [...lost].slice(0, 10),
      });
    }
  }

  async listClassStudents(classId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.student },
    });
    return items.map((i) => i.userId as string);
  }

  /** Teachers and lab staff of a class, with their roles. */
  async listClassStaff(classId: string): Promise<Enrollment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': classPk(classId), ':p': PREFIX.staff },
    });
    return items.map((i) => Enrollment.parse(strip(i)));
  }

  async classStaffRole(classId: string, userId: string): Promise<StaffRole | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: classPk(classId), sk: staffSk(userId) },
        ProjectionExpression: '#role',
        ExpressionAttributeNames: { '#role': 'role' },
        // Access follows the roster at once, even right after an un-enrollment.
        ConsistentRead: true,
      }),
    );
    return out.Item?.role as StaffRole | undefined;
  }

  readClassReport(classId: string) {
    return this.documents.readClassReport(classId);
  }

  readStudentReport(studentId: string) {
    return this.documents.readStudentReport(studentId);
  }

  /** The profile's roster check, shared by the requests running at once. */
  listStudentEnrollments(studentId: string): Promise<readonly StudentEnrollment[]> {
    return this.studentEnrollments.load(studentId);
  }

  private async queryStudentEnrollments(studentId: string): Promise<StudentEnrollment[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
    });
    return items.map((i) => ({
      classId: i.classId as string,
      schoolId: i.schoolId as string | undefined,
    }));
  }

  /** The classes a teacher or lab staff member is in (shared as above). */
  listStaffClasses(userId: string): Promise<readonly StaffClass[]> {
    return this.staffClasses.load(userId);
  }

  private async queryStaffClasses(userId: string): Promise<StaffClass[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': staffPk(userId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
    });
    return items.map((i) => ({
      classId: i.classId as string,
      role: i.role as StaffRole,
    }));
  }

  async listStudentClasses(studentId: string): Promise<string[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': studentPk(studentId), ':p': PREFIX.class },
      // Access follows the roster at once: an un-enrollment a moment ago counts.
      ConsistentRead: true,
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
      new PutCommand({
        TableName: this.table,
        Item: { v: ITEM_SCHEMA_VERSION, ...item },
      }),
    );
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items = await queryAll(this.doc, { TableName: this.table, ...input });
    return items.filter((item) => !this.isExpired(item));
  }

  /**
   * DynamoDB deletes expired items only eventually (within days), and the
   * local emulator never does: reads leave them out either way.
   */
  private isExpired(item: Item): boolean {
    const expiresAt = item[TABLE_TTL_ATTRIBUTE];
    if (typeof expiresAt !== 'number') return false;
    const now = this.options.now?.() ?? new Date();
    return expiresAt <= now.getTime() / 1000;
  }
}
