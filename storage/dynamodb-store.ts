/**
 * The DynamoDB implementation of the domain's storage ports. It writes only
 * single-item conditional puts (idempotent by key): they scale on DynamoDB,
 * work on dynalite (no transactions there) and can never hit the duplicate-key
 * rejection of a batch write.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  PutCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import {
  backoff,
  keyOf,
  MAX_BATCH_ATTEMPTS,
  MAX_BATCH_GET_KEYS,
  writeAllOrThrow,
  writeItems,
} from './batches.js';
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
  RunResult,
  RunStore,
} from '../shared/ports.js';
import {
  ITEM_SCHEMA_VERSION,
  PREFIX,
  cellSk,
  classPk,
  evidenceSk,
  masterySk,
  rollupSk,
  strip,
  studentPk,
} from './keys.js';
import { DynamoMasteryLedger } from './mastery-store.js';
import { bumpGridRevisions, DynamoReportDocuments } from './report-documents.js';
import { DynamoDailyMinutes } from './daily-minutes.js';
import { DynamoRunStore } from './run-store.js';
import { DynamoRosterStore } from './roster-store.js';
import { DynamoHeldStore, type HeldKey } from './held-store.js';
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
  /** Ingest runs live in run-store.ts. */
  private readonly runs: DynamoRunStore;
  /**
   * Enrollments and the class registry live in roster-store.ts; one per
   * instance, so its shared reads are shared by every request on this store.
   */
  private readonly roster: DynamoRosterStore;
  /** Records held for an id, a mapping or a review live in held-store.ts. */
  private readonly held: DynamoHeldStore;

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
    this.runs = new DynamoRunStore(doc, table);
    this.held = new DynamoHeldStore(doc, table, {
      isExpired: (item) => this.isExpired(item),
    });
    this.roster = new DynamoRosterStore(doc, table, {
      isExpired: (item) => this.isExpired(item),
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

  claimRun(run: IngestRun) {
    return this.runs.claimRun(run);
  }
  finishRun(runId: string, result: RunResult) {
    return this.runs.finishRun(runId, result);
  }
  getRun(runId: string) {
    return this.runs.getRun(runId);
  }
  listRunsPage(limit: number, cursor?: string) {
    return this.runs.listRunsPage(limit, cursor);
  }
  listRuns(limit: number) {
    return this.runs.listRuns(limit);
  }

  putEnrollments(enrollments: readonly Enrollment[]) {
    return this.roster.putEnrollments(enrollments);
  }
  listClassStudents(classId: string) {
    return this.roster.listClassStudents(classId);
  }
  listClassStaff(classId: string) {
    return this.roster.listClassStaff(classId);
  }
  classStaffRole(classId: string, userId: string) {
    return this.roster.classStaffRole(classId, userId);
  }
  listStudentEnrollments(studentId: string) {
    return this.roster.listStudentEnrollments(studentId);
  }
  listStaffClasses(userId: string) {
    return this.roster.listStaffClasses(userId);
  }
  listStudentClasses(studentId: string) {
    return this.roster.listStudentClasses(studentId);
  }
  listClasses() {
    return this.roster.listClasses();
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
    const unwritten = await writeItems(
      this.doc,
      this.table,
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
    await writeAllOrThrow(this.doc, this.table, items);
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

  putHeld(records: readonly HeldRecord[]) {
    return this.held.putHeld(records);
  }

  listHeld(programId: string, waitingFor?: string) {
    return this.held.listHeld(programId, waitingFor);
  }

  deleteHeld(records: readonly HeldKey[]) {
    return this.held.deleteHeld(records);
  }

  claimHeldForReview(
    records: readonly HeldKey[],
    runId: string,
    claimedAt: string,
    staleBefore: string,
  ) {
    return this.held.claimHeldForReview(records, runId, claimedAt, staleBefore);
  }

  releaseHeldClaims(records: readonly HeldKey[], runId: string) {
    return this.held.releaseHeldClaims(records, runId);
  }

  readClassReport(classId: string) {
    return this.documents.readClassReport(classId);
  }

  readStudentReport(studentId: string) {
    return this.documents.readStudentReport(studentId);
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
