/**
 * Where the local stack keeps its data (`.lablink/`, or LABLINK_HOME) and how
 * other processes (the CLI) find a running stack: a `stack.json` with its pid
 * and endpoints, removed when the stack stops.
 */
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const lablinkHome = () => resolve(process.env.LABLINK_HOME ?? '.lablink');

export interface StackFile {
  pid: number;
  startedAt: string;
  /** `issuer`: the local sign-in (absent in a file of an older stack). */
  urls: { api: string; dynamodb: string; s3: string; issuer?: string; web?: string };
  table: string;
  bucket: string;
  env: Record<string, string>;
}

const stackFilePath = (home: string) => join(home, 'stack.json');

export async function writeStackFile(home: string, stack: StackFile) {
  await writeFile(stackFilePath(home), JSON.stringify(stack, null, 2));
}

export async function removeStackFile(home: string) {
  await rm(stackFilePath(home), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The running stack of this home, if there is one. */
export function findRunningStack(home: string): StackFile | undefined {
  try {
    const stack = JSON.parse(readFileSync(stackFilePath(home), 'utf8')) as StackFile;
    return isAlive(stack.pid) ? stack : undefined;
  } catch {
    return undefined;
  }
}

/** Default ports of `npm start`, each overridable by its variable. */
export const DEFAULT_PORTS = { api: 8787, dynamodb: 8788, s3: 8789 };

export function configuredPorts() {
  const port = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      throw new Error(`${name}=${raw} is not a port; give a number from 0 to 65535`);
    }
    return n;
  };
  return {
    api: port('LABLINK_API_PORT', DEFAULT_PORTS.api),
    dynamodb: port('LABLINK_DYNAMODB_PORT', DEFAULT_PORTS.dynamodb),
    s3: port('LABLINK_S3_PORT', DEFAULT_PORTS.s3),
  };
}
