/**
 * Rejected records go to a CSV next to the run record, one line each with the
 * line, field, value, reason and fix. It is spooled to a temporary file so a
 * file with millions of bad rows costs disk, not memory.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';

export interface Reject {
  line: number;
  field: string;
  value: string;
  reason: string;
  fix: string;
}

export const REJECT_COLUMNS = ['line', 'field', 'value', 'reason', 'fix'] as const;

export class RejectsFile {
  private count = 0;

  private constructor(
    readonly dir: string,
    readonly path: string,
    private readonly csv: Stringifier,
    private readonly out: WriteStream,
  ) {}

  static async create(): Promise<RejectsFile> {
    const dir = await mkdtemp(join(tmpdir(), 'lablink-rejects-'));
    const path = join(dir, 'rejects.csv');
    const out = createWriteStream(path);
    const csv = stringify({ header: true, columns: [...REJECT_COLUMNS] });
    csv.pipe(out);
    return new RejectsFile(dir, path, csv, out);
  }

  get size(): number {
    return this.count;
  }

  async add(reject: Reject): Promise<void> {
    this.count += 1;
    if (!this.csv.write(reject)) await once(this.csv, 'drain');
  }

  async close(): Promise<void> {
    this.csv.end();
    await once(this.out, 'finish');
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
