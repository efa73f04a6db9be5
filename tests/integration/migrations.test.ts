/**
 * A district upgrading to a new release runs `lablink migrate`: items of
 * older shapes are rewritten, current ones untouched, and a second run
 * changes nothing.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_SCHEMA_VERSION } from '../../storage/keys.js';
import {
  migrateItem,
  migrateTable,
  type MigrationStep,
} from '../../storage/migrations.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { startTestStack, type TestStack } from '../support/stack.js';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(async () => {
  await t.stack.stop();
});

describe('Function: migrateItem', () => {
  const steps: MigrationStep[] = [
    { from: 0, description: 'stamp', migrate: (i) => i },
    {
      from: 1,
      description: 'rename score',
      migrate: ({ points, ...i }) => ({ ...i, score: points }),
    },
  ];

  it('applies each step in order up to the target version', () => {
    expect(migrateItem({ pk: 'a', points: 0.5 }, steps, 2)).toEqual({
      pk: 'a',
      score: 0.5,
      v: 2,
    });
    expect(migrateItem({ pk: 'a', points: 0.5, v: 1 }, steps, 2)).toEqual({
      pk: 'a',
      score: 0.5,
      v: 2,
    });
  });

  it('leaves a current item alone', () => {
    expect(migrateItem({ pk: 'a', score: 0.5, v: 2 }, steps, 2)).toBeUndefined();
  });

  it('refuses a version it has no step for', () => {
    expect(() => migrateItem({ pk: 'a', v: 5 }, steps, 7)).toThrow(
      'no migration step from version 5',
    );
  });
});

describe('Function: migrateTable', () => {
  it('stamps unversioned items, skips current ones, and is idempotent', async () => {
    const doc = createDocumentClient();
    await doc.send(
      new PutCommand({ TableName: t.stack.table, Item: { pk: 'OLD#1', sk: 'X', a: 1 } }),
    );
    await doc.send(
      new PutCommand({
        TableName: t.stack.table,
        Item: { pk: 'NEW#1', sk: 'X', v: ITEM_SCHEMA_VERSION },
      }),
    );

    const dry = await migrateTable(doc, t.stack.table, { dryRun: true });
    expect(dry).toEqual({ scanned: 2, migrated: 1, current: 1, newer: 0 });

    const first = await migrateTable(doc, t.stack.table);
    expect(first).toEqual({ scanned: 2, migrated: 1, current: 1, newer: 0 });
    const old = await doc.send(
      new GetCommand({ TableName: t.stack.table, Key: { pk: 'OLD#1', sk: 'X' } }),
    );
    expect(old.Item).toEqual({ pk: 'OLD#1', sk: 'X', a: 1, v: ITEM_SCHEMA_VERSION });

    const second = await migrateTable(doc, t.stack.table);
    expect(second).toEqual({ scanned: 2, migrated: 0, current: 2, newer: 0 });
  });
});
