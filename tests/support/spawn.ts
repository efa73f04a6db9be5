/** Runs the project's own entry points as a user would, in a child process. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves with the output once `text` has been printed. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

export function runTs(
  script: string,
  args: string[],
  env: Record<string, string>,
): Running {
  const child = spawn(TSX, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    output: () => out,
    exited,
    waitFor(text, timeoutMs = 90_000) {
      return new Promise((resolvePromise, reject) => {
        const started = Date.now();
        const check = () => {
          const found = typeof text === 'string' ? out.includes(text) : text.test(out);
          if (found) return resolvePromise(out);
          if (child.exitCode !== null) return reject(new Error(`exited early:\n${out}`));
          if (Date.now() - started > timeoutMs)
            return reject(new Error(`timed out:\n${out}`));
          setTimeout(check, 100);
        };
        check();
      });
    },
  };
}

/**
 * Runs `lablink` (cli/bin.cjs, what `npx lablink` starts) with LABLINK_HOME
 * set, without blocking this process: a stack the CLI talks to (gateway,
 * s3rver, handlers) may be running here, on this event loop.
 */
export function lablinkCli(home: string, args: readonly string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (done, fail) => {
      const child = spawn(process.execPath, [resolve(ROOT, 'cli/bin.cjs'), ...args], {
        cwd: ROOT,
        env: { ...process.env, LABLINK_HOME: home },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stdout, stderr }));
    },
  );
}
