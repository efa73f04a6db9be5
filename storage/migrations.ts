/**
 * Upgrades stored items from one release's shape to the next. Every item
 * carries `v` (ITEM_SCHEMA_VERSION when written); a release that changes a
 * stored shape bumps the version and adds a step here that rewrites one item
 * of version n into version n+1. `lablink migrate` runs the steps over the
 * table: resumable (items already current are skipped) and idempotent.
 */
import {
  ScanCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ITEM_SCHEMA_VERSION } from './keys.js';

export type Item = Record<string, unknown>;

export interface MigrationStep {
  /** The version this step upgrades from. */
  from: number;
  description: string;
  migrate(item: Item): Item;
}

/**
 * Items written before versions existed have no `v`: they are version 0 and
 * already have today's shape, so the step only stamps them.
 */
export const MIGRATIONS: readonly MigrationStep[] = [
  {
    from: 0,
    description: 'stamp unversioned items with the schema version',
    migrate: (item) => item,
  },
];

export interface MigrationReport {
  scanned: number;
  migrated: number;
  current: number;
  /** Items newer than this release knows: left untouched. */
  newer: number;
}

/** The item upgraded to `target`, or undefined when it needs nothing. */
export function migrateItem(
  item: Item,
  steps: readonly MigrationStep[] = MIGRATIONS,
  target = ITEM_SCHEMA_VERSION,
): Item | undefined {
  let version = typeof item.v === 'number' ? item.v : 0;
  if (version >= target) return undefined;
  let upgraded = item;
  while (version < target) {
    const step = steps.find((s) => s.from === version);
    if (!step) throw new Error(`no migration step from version ${version}`);
    upgraded = { ...step.migrate(upgraded), v: version + 1 };
    version += 1;
  }
  return upgraded;
}

export async function migrateTable(
  doc: DynamoDBDocumentClient,
  table: string,
  options: { dryRun?: boolean } = {},
): Promise<MigrationReport> {
  const report: MigrationReport = { scanned: 0, migrated: 0, current: 0, newer: 0 };
  let startKey: Item | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      report.scanned += 1;
      const version = typeof item.v === 'number' ? item.v : 0;
      if (version > ITEM_SCHEMA_VERSION) {
        report.newer += 1;
        continue;
      }
      const upgraded = migrateItem(item);
      if (!upgraded) {
        report.current += 1;
        continue;
      }
      report.migrated += 1;
      if (!options.dryRun) {
        // Only if nobody rewrote the item meanwhile (a newer write wins).
        await doc
          .send(
            new PutCommand({
              TableName: table,
              Item: upgraded,
              ConditionExpression: 'attribute_not_exists(v) OR v = :old',
              ExpressionAttributeValues: { ':old': version },
            }),
          )
          .catch((error: { name?: string }) => {
            if (error.name !== 'ConditionalCheckFailedException') throw error;
          });
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return report;
}
