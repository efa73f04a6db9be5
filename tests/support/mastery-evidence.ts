import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
/** Evidence and runs for mastery integration tests, written through the real store. */
import type { Evidence } from '../../shared/model';
import { updateStudents, type RollupDeps } from '../../shared/rollup';
import type { DynamoStore } from '../../storage/dynamodb-store';

export const DAY = '2025-02-10';

/** Scored (or other status) evidence at a minute of DAY, in a run. */
export function evidenceAt(
  fields: Partial<Evidence> & {
    id: string;
    studentId: string;
    standard: string;
    minute: number;
    runId: string;
  },
): Evidence {
  const { id, standard, minute, runId, ...rest } = fields;
  const status = rest.status ?? 'scored';
  const e: Evidence = {
    evidenceId: id,
    programId: 'P1',
    itemId: `item-${id}`,
    standards: [standard],
    score: status === 'scored' ? (rest.score ?? 1) : undefined,
    occurredAt: `${DAY}T09:${String(minute).padStart(2, '0')}:00.000Z`,
    weight: 1,
    source: { kind: 's3', uri: `s3://in/${runId}.csv`, line: minute + 2, runId },
    contentHash: '',
    ...rest,
    status,
  };
  if (e.status !== 'scored') delete e.score;
  e.contentHash = `${e.status}:${e.score}:${e.standards.join(',')}:${e.programId}`;
  return e;
}

/** Writes a run's evidence and applies it as ingest does after a run. */
export async function deliverRun(
  store: DynamoStore,
  deps: RollupDeps,
  runId: string,
  evidence: readonly Evidence[],
) {
  const outcomes = await store.putEvidenceBatch(evidence);
  const students = new Set(
    evidence
      .filter((_, i) => outcomes[i] === 'accepted' || outcomes[i] === 'replaced')
      .map((e) => e.studentId),
  );
  return updateStudents(deps, students, { runId });
}

export const withoutClock = <T extends { computedAt?: string }>(states: T[]) =>
  states
    .map(({ computedAt: _c, ...rest }) => rest)
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/**
 * dynalite with the stack's table, without the rest of the local stack: the
 * mastery tests need only the table (and run while other handlers change).
 */
export async function startMasteryTable(): Promise<{
  store: DynamoStore;
  /** The store's client and table, for tests that write items as older releases did. */
  doc: DynamoDBDocumentClient;
  table: string;
  stop: () => Promise<void>;
}> {
  const { startDynalite, ensureTable, LOCAL_ACCESS_KEY } =
    await import('../../infra/local/emulators.js');
  const { createDocumentClient, DynamoStore: Store } =
    await import('../../storage/dynamodb-store.js');
  const dynalite = await startDynalite(0);
  await ensureTable(dynalite.url, 'lablink-mastery');
  const doc = createDocumentClient({
    endpoint: dynalite.url,
    region: 'us-east-1',
    credentials: { accessKeyId: LOCAL_ACCESS_KEY, secretAccessKey: LOCAL_ACCESS_KEY },
  });
  const table = 'lablink-mastery';
  return { store: new Store(doc, table), doc, table, stop: dynalite.stop };
}

/** The store with every call recorded by method name, for what-was-read assertions. */
export function recording(store: DynamoStore) {
  const calls: { method: string; args: unknown[] }[] = [];
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(name), args });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}
