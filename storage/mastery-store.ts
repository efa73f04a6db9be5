/**
 * DynamoDB side of the mastery ledger (shared/rollup/ports.ts): stored states
 * with their incremental part, applied-evidence markers, narrow evidence
 * reads, group rollups and BKT fits. Batches retry what DynamoDB leaves
 * unprocessed; what is still left after that fails the caller.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  GetCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StorageWriteError } from '../shared/errors.js';
import { writeBatches } from './batches.js';
import { Evidence, MasteryState } from '../shared/model.js';
import {
  AppliedEvidence,
  GroupRollup,
  StoredBktFit,
  StoredMastery,
  type MasteryLedger,
  type RollupCell,
  type RollupScope,
} from '../shared/rollup/ports.js';
import {
  appliedSk,
  bktFitSk,
  cellSk,
  CLASSES_PK,
  classPk,
  DISTRICT_PK,
  FITS_PK,
  ITEM_SCHEMA_VERSION,
  MASTERY_PREFIX,
  masterySk,
  parentRollupSk,
  PREFIX,
  programPk,
  rollupSk,
  schoolPk,
  studentPk,
} from './keys.js';
import { bumpGridRevisions } from './report-documents.js';
import { queryAll, type Item } from './query-all.js';

const MAX_GET = 100;
const MAX_ATTEMPTS = 8;
const RETRY_BASE_MS = 25;

const strip = ({ pk: _a, sk: _b, v: _v, ...rest }: Item): Item => rest;

function scopePk(scope: RollupScope, scopeId: string): string {
  if (scope === 'class') return classPk(scopeId);
  if (scope === 'school') return schoolPk(scopeId);
  if (scope === 'program') return programPk(scopeId);
  return DISTRICT_PK;
}

export class DynamoMasteryLedger implements MasteryLedger {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async getStoredMastery(studentId: string): Promise<StoredMastery[]> {
    const items = await this.query(studentPk(studentId), PREFIX.mastery);
    return items.map((i) => StoredMastery.parse(strip(i)));
  }

  async getStoredMasteryOne(studentId: string, standard: string) {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: studentPk(studentId), sk: masterySk(standard) },
        ConsistentRead: true,
      }),
    );
    return out.Item ? StoredMastery.parse(strip(out.Item)) : undefined;
  }

  async putStoredMastery(states: readonly StoredMastery[], classIds: readonly string[]) {
    const v = ITEM_SCHEMA_VERSION;
    await this.write(
      states.flatMap((state) => {
        // Cells stay lean copies: the grid needs the state and its programs.
        const cell = { ...MasteryState.parse(state), programs: state.programs };
        return [
          { pk: studentPk(state.studentId), sk: masterySk(state.standard), v, ...state },
          ...classIds.map((c) => ({
            pk: classPk(c),
            sk: cellSk(state.standard, state.studentId),
            v,
            ...cell,
          })),
        ];
      }),
    );
    // After the cells: a grid page built before this write is now stale.
    if (states.length > 0) await bumpGridRevisions(this.doc, this.table, classIds);
  }

  async getApplied(studentId: string, evidenceIds: readonly string[]) {
    const pk = studentPk(studentId);
    const keys = [...new Set(evidenceIds)].map((id) => ({ pk, sk: appliedSk(id) }));
    const found: AppliedEvidence[] = [];
    for (let i = 0; i < keys.length; i += MAX_GET) {
      let pending: Item[] = keys.slice(i, i + MAX_GET);
      for (let attempt = 0; pending.length > 0; attempt += 1) {
        await this.pause(attempt, pending.length);
        const out = await this.doc.send(
          new BatchGetCommand({
            RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of out.Responses?.[this.table] ?? [])
          found.push(AppliedEvidence.parse(strip(item)));
        pending = out.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return found;
  }

  async putApplied(studentId: string, applied: readonly AppliedEvidence[]) {
    const pk = studentPk(studentId);
    await this.write(
      applied.map((a) => ({
        pk,
        sk: appliedSk(a.evidenceId),
        v: ITEM_SCHEMA_VERSION,
        ...a,
      })),
    );
  }

  async listRunEvidence(studentId: string, runId: string): Promise<Evidence[]> {
    // DynamoDB still reads the student's evidence to filter it (read units
    // grow with the partition); what comes back, and what Lambda holds, is
    // the run's evidence only.
    const items = await this.query(studentPk(studentId), PREFIX.evidence, {
      FilterExpression: '#src.#run = :run',
      ExpressionAttributeNames: { '#src': 'source', '#run': 'runId' },
      ExpressionAttributeValues: { ':run': runId },
    });
    return items.map((i) => Evidence.parse(strip(i)));
  }

  async listStandardEvidence(studentId: string, standard: string): Promise<Evidence[]> {
    const items = await this.query(studentPk(studentId), PREFIX.evidence, {
      FilterExpression: 'contains(standards, :std)',
      ExpressionAttributeValues: { ':std': standard },
    });
    return items.map((i) => Evidence.parse(strip(i)));
  }

  async listClassSchools(): Promise<Map<string, string | undefined>> {
    const items = await this.query(CLASSES_PK, PREFIX.class);
    return new Map(
      items.map((i) => [i.classId as string, i.schoolId as string | undefined]),
    );
  }

  async listClassCells(classId: string, prefix = ''): Promise<RollupCell[]> {
    const items = await this.query(classPk(classId), `${PREFIX.cell}${prefix}`);
    return items.map((i) => ({
      ...MasteryState.parse(strip(i)),
      programs: (i.programs as string[] | undefined) ?? [],
    }));
  }

  async putGroupRollups(rollups: readonly GroupRollup[]) {
    await this.write(
      rollups.map((r) => {
        const pk = scopePk(r.scope, r.scopeId);
        const classLevel = r.scope === 'class' && r.kind === 'standard';
        // Class rollups of evidence-level standards keep the ClassRollup shape
        // the class report reads; parents sit beside them under their own prefix.
        const sk =
          r.scope === 'class' && !classLevel
            ? parentRollupSk(r.standard)
            : rollupSk(r.standard);
        const extra = r.scope === 'class' ? { classId: r.scopeId } : {};
        return { pk, sk, v: ITEM_SCHEMA_VERSION, ...extra, ...r };
      }),
    );
  }

  async listGroupRollups(scope: RollupScope, scopeId: string): Promise<GroupRollup[]> {
    const pk = scopePk(scope, scopeId);
    const items = await this.query(pk, PREFIX.rollup);
    if (scope === 'class')
      items.push(...(await this.query(pk, MASTERY_PREFIX.parentRollup)));
    return items
      .filter((i) => i.scope !== undefined)
      .map((i) => GroupRollup.parse(strip(i)));
  }

  async putBktFits(fits: readonly StoredBktFit[]) {
    await this.write(
      fits.map((f) => ({
        pk: FITS_PK,
        sk: bktFitSk(f.standard),
        v: ITEM_SCHEMA_VERSION,
        ...f,
      })),
    );
  }

  async listBktFits(): Promise<StoredBktFit[]> {
    const items = await this.query(FITS_PK, MASTERY_PREFIX.bktFit);
    return items.map((i) => StoredBktFit.parse(strip(i)));
  }

  private async pause(attempt: number, left: number) {
    if (attempt >= MAX_ATTEMPTS)
      throw new StorageWriteError(`${left} mastery items left unprocessed after retries`);
    if (attempt > 0) await sleep(Math.random() * RETRY_BASE_MS * 2 ** attempt);
  }

  private async write(items: readonly Item[]): Promise<void> {
    const unique = [...new Map(items.map((i) => [`${i.pk}\u0000${i.sk}`, i])).values()];
    const lost = await writeBatches(
      this.doc,
      this.table,
      unique.map((Item) => ({ PutRequest: { Item } })),
    );
    if (lost.length > 0) {
      throw new StorageWriteError(
        `${lost.length} mastery items left unprocessed after retries`,
      );
    }
  }

  private query(
    pk: string,
    prefix: string,
    extra: Partial<QueryCommandInput> = {},
  ): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ...extra,
      ExpressionAttributeValues: {
        ':pk': pk,
        ':p': prefix,
        ...extra.ExpressionAttributeValues,
      },
    });
  }
}
