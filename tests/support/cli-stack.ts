/**
 * A local stack in this process that the real CLI finds as `npm start`
 * leaves one (a stack.json in LABLINK_HOME), with a vendor key for the lab's
 * pushes, so a test pushes through the gateway and reads with `lablink`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStackFile } from '../../infra/local/home.js';
import { createVendorKey } from '../../shared/events/vendor-keys.js';
import { createDocumentClient } from '../../storage/dynamodb-store.js';
import { DynamoVendorKeys } from '../../storage/vendor-keys.js';
import { lablinkCli } from './spawn.js';
import { startTestStack, type TestStack } from './stack.js';

export interface CliStack {
  t: TestStack;
  home: string;
  /** The district-lrs program's vendor key. */
  key: string;
  lablink: (...args: string[]) => ReturnType<typeof lablinkCli>;
  stop(): Promise<void>;
}

export async function startCliStack(name: string): Promise<CliStack> {
  const t = await startTestStack();
  const home = await mkdtemp(join(tmpdir(), `lablink-${name}-home-`));
  await writeStackFile(home, {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    urls: t.stack.urls,
    table: t.stack.table,
    bucket: t.stack.bucket,
    env: t.stack.env,
  });
  const { key } = await createVendorKey(
    new DynamoVendorKeys(createDocumentClient(), t.stack.table),
    'district-lrs',
  );
  return {
    t,
    home,
    key,
    lablink: (...args) => lablinkCli(home, args),
    async stop() {
      await t.stack.idle();
      await t.stack.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
