/**
 * `npm start` as a user runs it: the main job on the embedded local stack,
 * persisted in LABLINK_HOME, serving the report API until interrupted; a
 * second start does not ingest the demo twice.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTs } from '../support/spawn.js';

const env = (home: string) => ({
  LABLINK_HOME: home,
  LABLINK_API_PORT: '0',
  LABLINK_DYNAMODB_PORT: '0',
  LABLINK_S3_PORT: '0',
});

async function startOnce(home: string) {
  const run = runTs('infra/local/start.ts', [], env(home));
  const out = await run.waitFor('Serving until Ctrl-C.');
  const grid = /curl .*(http:\/\/127\.0\.0\.1:\d+\/classes\/[^/\s]+\/mastery)\s/.exec(
    out,
  )?.[1];
  const token = /export LABLINK_TOKEN=(\S+)/.exec(out)?.[1];
  const headers = { authorization: `Bearer ${token}` };
  const body = grid ? await (await fetch(grid, { headers })).json() : undefined;
  const refused = grid ? (await fetch(grid)).status : undefined;
  run.child.kill('SIGINT');
  const code = await run.exited;
  return { out, body, code, refused };
}

describe('npm start', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'lablink-home-'));
  });
  afterAll(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('ingests the demo, serves a class grid with Common Core codes, and stops on Ctrl-C', async () => {
    const first = await startOnce(home);

    expect(first.out).toMatch(/Dropped the demo file/);
    expect(first.out).toMatch(
      /completed: parsed 10791, accepted 10791 \(replaced 0\), duplicates 0, rejected 0/,
    );
    expect(first.out).toMatch(/54 classes in all/);
    const grid = first.body as { standards: { code: string }[]; students: unknown[] };
    expect(grid.standards.map((s) => s.code)).toEqual(
      expect.arrayContaining(['6.SP.B.4']),
    );
    expect(grid.students.length).toBeGreaterThan(0);
    expect(first.refused).toBe(401);
    expect(first.code).toBe(0);
  });

  it('does not ingest the demo twice when started again on the same data', async () => {
    const second = await startOnce(home);

    expect(second.out).toMatch(/already in .*not ingested again/);
    expect(second.out).toMatch(/completed: parsed 10791, accepted 10791/);
    expect(second.code).toBe(0);
  });
});
