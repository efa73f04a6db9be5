/**
 * The two real logs, read into responses in the order the work happened, as
 * PEERS.md fixes it for each.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Response } from './protocol.js';

export const ASSISTMENTS_FILE =
  'assistments-2009-skill-builder/skill_builder_data_subset_table_boxwhisker.csv';
export const KDD_FILE =
  'kddcup2010-cognitive-tutor-algebra/ct_algebra_2006_2007_student_step_subset.tsv';
/** Multi-KC steps list their knowledge components joined by this. */
const KC_SEPARATOR = '~~';

export interface Dataset {
  name: string;
  responses: Response[];
}

type Row = Record<string, string>;

function read(root: string, file: string, delimiter: string): Row[] {
  return parse(readFileSync(join(root, file)), {
    columns: true,
    delimiter,
    // DataShop exports never quote: a `"` inside a KC name is a character.
    quote: delimiter === '\t' ? false : '"',
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Row[];
}

/** ASSISTments: ordered by order_id; skill_name is the skill, correct the score. */
export function loadAssistments(root: string): Dataset {
  const rows = read(root, ASSISTMENTS_FILE, ',')
    .filter((r) => r.skill_name)
    .map((r) => ({
      order: Number(r.order_id),
      response: { student: r.user_id!, skill: r.skill_name!, score: Number(r.correct) },
    }));
  rows.sort((a, b) => a.order - b.order);
  return { name: 'ASSISTments 2009', responses: rows.map((r) => r.response) };
}

/**
 * KDD Cup: the first KC of each row, rows without a KC skipped, ordered by
 * step start time then row. 21 such rows have no step start time; they take
 * their first transaction time, the latest moment the step can have started.
 */
export function loadKddCup(root: string): Dataset {
  const rows = read(root, KDD_FILE, '\t')
    .map((r) => ({
      row: Number(r['Row']),
      at: r['Step Start Time'] || r['First Transaction Time'] || '',
      skill: (r['KC(Default)'] ?? '').split(KC_SEPARATOR)[0]?.trim() ?? '',
      student: r['Anon Student Id']!,
      score: Number(r['Correct First Attempt']),
    }))
    .filter((r) => r.skill !== '');
  // The timestamps share one fixed layout, so text order is time order.
  rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.row - b.row));
  return {
    name: 'KDD Cup 2010',
    responses: rows.map(({ student, skill, score }) => ({ student, skill, score })),
  };
}

/** Both data sets, or why they cannot be read. */
export function loadAll(root: string): Dataset[] | { missing: string } {
  for (const file of [ASSISTMENTS_FILE, KDD_FILE]) {
    if (!existsSync(join(root, file))) return { missing: join(root, file) };
  }
  return [loadAssistments(root), loadKddCup(root)];
}
