/**
 * The benchmarks' district: the demo generator's district (the one `npm
 * start` uses, same seed) grown to BENCH_STUDENTS students, 100,000 unless
 * set. Its generated files go to bench/out/demo-<students>/ (gitignored) and
 * are reused while complete and written by the same generator: the same seed
 * and the same generator source write the same bytes.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DEMO_FILES,
  diagnosticFile,
  lessonFile,
  type DemoDistrict,
} from '../shared/demo/index.js';

export const BENCH_STUDENTS = Number(process.env.BENCH_STUDENTS ?? 100_000);

/** The generator's district at `students` (default seed, the real students included). */
export async function benchDistrict(students = BENCH_STUDENTS): Promise<DemoDistrict> {
  // Imported here so the measured child processes do not load the local stack.
  const { loadDemoDistrict } = await import('../infra/local/demo-district.js');
  return (await loadDemoDistrict({ students })).district;
}

export interface BenchFiles {
  lessons: string;
  diagnostic: string;
}

/**
 * A digest of the generator's source: files a changed generator wrote are
 * not reused, even at the same seed and size.
 */
function generatorDigest(): string {
  const hash = createHash('sha256');
  const demo = resolve(__dirname, '..', 'shared', 'demo');
  const sources = [
    ...readdirSync(demo)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(demo, f)),
    resolve(__dirname, '..', 'shared', 'random.ts'),
  ];
  for (const file of sources) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

/** The lesson and diagnostic files of the district, written once per size and generator. */
export async function benchFiles(district: DemoDistrict): Promise<BenchFiles> {
  const dir = resolve(__dirname, 'out', `demo-${district.students.length}`);
  const files = {
    lessons: join(dir, DEMO_FILES.lessons),
    diagnostic: join(dir, DEMO_FILES.diagnostic),
  };
  const done = join(dir, `seed-${district.seed}-${generatorDigest()}.done`);
  if (existsSync(done)) return files;
  await mkdir(dir, { recursive: true });
  await pipeline(Readable.from(lessonFile(district)), createWriteStream(files.lessons));
  await pipeline(
    Readable.from(diagnosticFile(district)),
    createWriteStream(files.diagnostic),
  );
  await writeFile(done, '');
  return files;
}
