/**
 * Reads the bundled ASSISTments demo file independently of the product's
 * profile engine, so tests can compute expected values their own way.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const DEMO_FILE = resolve(
  __dirname,
  '../../data/demo/assistments-2009/skill_builder_data_subset_table_boxwhisker.csv',
);

export interface DemoRow {
  orderId: number;
  userId: string;
  classId: string;
  skill: string;
  correct: number;
}

/** The demo file has no quoted fields, so a split is an exact reading of it. */
export function readDemoRows(): DemoRow[] {
  const [header, ...lines] = readFileSync(DEMO_FILE, 'utf8').trim().split('\n');
  const cols = (header as string).split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.map((line) => {
    const f = line.split(',');
    return {
      orderId: Number(f[at('order_id')]),
      userId: f[at('user_id')] as string,
      classId: f[at('student_class_id')] as string,
      skill: f[at('skill_name')] as string,
      correct: Number(f[at('correct')]),
    };
  });
}

/** Decaying average, d1 = x1, dk = w*xk + (1-w)*d(k-1), over rows in order_id order. */
export function expectedDecaying(rows: DemoRow[], w = 0.65): number {
  const ordered = [...rows].sort((a, b) => a.orderId - b.orderId);
  let d: number | undefined;
  for (const r of ordered) d = d === undefined ? r.correct : w * r.correct + (1 - w) * d;
  return d as number;
}

/** The first lines of the demo file (header included), for small test drops. */
export function demoHead(lines: number): string {
  return (
    readFileSync(DEMO_FILE, 'utf8')
      .split('\n')
      .slice(0, lines + 1)
      .join('\n') + '\n'
  );
}

/** The demo file's lines, header first. */
export function readDemoLines(): string[] {
  return readFileSync(DEMO_FILE, 'utf8').trimEnd().split('\n');
}
