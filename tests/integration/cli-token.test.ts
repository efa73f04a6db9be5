/**
 * `lablink token`: a token for any role from the running local stack,
 * signed in through the issuer's own sign-in form, then used on the API.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { removeStackFile, writeStackFile } from '../../infra/local/home.js';
import { startApiFixture, type ApiFixture } from '../api/api-support.js';
import { ROOT } from '../support/spawn.js';

let f: ApiFixture;
let home: string;

/**
 * Run asynchronously: the issuer the command signs in at runs in this test
 * process, and a synchronous spawn would stop it from answering.
 */
function lablink(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, 'cli/bin.cjs'), ...args],
      { cwd: ROOT, env: { ...process.env, LABLINK_HOME: home }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        done({
          code: error ? Number(error.code ?? 1) : 0,
          stdout: stdout.trim(),
          stderr: stderr.trim(),
        }),
    );
  });
}

beforeAll(async () => {
  f = await startApiFixture();
  home = await mkdtemp(join(tmpdir(), 'lablink-token-home-'));
}, 60_000);
afterAll(async () => {
  await f.t.stack.stop();
  await rm(home, { recursive: true, force: true });
});

describe('lablink token', () => {
  it('says to start the stack when none runs from this home', async () => {
    const out = await lablink('token', '--role', 'district_admin');

    expect(out.code).toBe(1);
    expect(out.stderr).toContain(
      `no local stack is running from ${home}: start it with npm start (tokens come from its issuer and die with it)`,
    );
  });

  describe('with the stack running', () => {
    beforeAll(async () => {
      // The file npm start writes: this test process is the stack's process.
      await writeStackFile(home, {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        urls: f.t.stack.urls,
        table: f.t.stack.table,
        bucket: f.t.stack.bucket,
        env: {},
      });
    });
    afterAll(() => removeStackFile(home));

    it('gives a lab staff token the API reads as that lab staff member', async () => {
      const out = await lablink('token', '--role', 'lab_staff', '--user', 'L1');
      expect(out.code).toBe(0);

      const usage = await f.t.get('/classes/C1/usage?to=2025-02-20', {
        token: out.stdout,
      });
      const mine = await f.t.get('/me/classes', { token: out.stdout });

      expect(usage.status).toBe(403);
      expect(usage.body).toMatchObject({
        details: { role: 'lab_staff', capability: 'usage' },
      });
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual(
        (await f.t.get('/me/classes', { token: f.tokens.L1 })).body,
      );
    }, 30_000);

    it('gives a school admin token for the school named', async () => {
      const out = await lablink('token', '--role', 'school_admin', '--school', 'S1');
      expect(out.code).toBe(0);

      const res = await f.t.get(
        '/analysis/alignment?school=S1&from=2025-02-01&to=2025-03-01',
        {
          token: out.stdout,
        },
      );

      expect(res.status).toBe(200);
    }, 30_000);

    it('refuses a teacher token without the roster id the API needs', async () => {
      const out = await lablink('token', '--role', 'teacher');

      expect(out.code).toBe(1);
      expect(out.stderr).toContain('a teacher token needs --user <roster id>');
    });

    it('refuses a role Lablink does not have, listing the roles', async () => {
      const out = await lablink('token', '--role', 'principal');

      expect(out.code).toBe(1);
      expect(out.stderr).toContain(
        "error: option '--role <role>' argument 'principal' is invalid. Allowed choices are lab_staff, teacher, school_admin, district_admin.",
      );
    });
  });
});
