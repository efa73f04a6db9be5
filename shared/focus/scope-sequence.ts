/**
 * A school year's scope and sequence as CSV, one row per class, standard and
 * date range: `classId,standard,from,to[,unit]`. Rows of one class become
 * that class's focus plan; every bad row is reported with its line.
 */
import { parse } from 'csv-parse/sync';
import { InvalidInputError, type FieldIssue } from '../errors.js';
import { FocusEntry, normalizeFocus, type FocusInput } from './focus.js';

export const SCOPE_SEQUENCE_COLUMNS = ['classId', 'standard', 'from', 'to'] as const;

export interface ScopeProblem {
  line: number;
  field: string;
  value: string;
  reason: string;
}

/** Focus input per class id, in the order classes first appear. */
export function parseScopeAndSequence(text: string): Map<string, FocusInput> {
  const rows = parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const header = Object.keys(rows[0] ?? {});
  const missing = SCOPE_SEQUENCE_COLUMNS.filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0) {
    throw new InvalidInputError(`missing columns: ${missing.join(', ')}`, { missing });
  }

  const problems: ScopeProblem[] = [];
  const byClass = new Map<string, FocusInput>();
  rows.forEach((row, i) => {
    const line = i + 2;
    const parsed = FocusEntry.safeParse({
      standards: [row.standard],
      from: row.from,
      to: row.to,
      ...(row.unit ? { unit: row.unit } : {}),
    });
    if (!row.classId)
      problems.push({ line, field: 'classId', value: '', reason: 'empty' });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        problems.push({ line, field, value: row[field] ?? '', reason: issue.message });
      }
      return;
    }
    try {
      normalizeFocus({ entries: [parsed.data] });
    } catch (error) {
      const issues = (error as InvalidInputError).details.issues as FieldIssue[];
      const reason = issues[0]?.message ?? 'unknown standard';
      problems.push({ line, field: 'standard', value: row.standard ?? '', reason });
      return;
    }
    if (!row.classId) return;
    const plan = byClass.get(row.classId) ?? { entries: [] };
    plan.entries.push(normalizeFocus({ entries: [parsed.data] }).entries[0]!);
    byClass.set(row.classId, plan);
  });

  if (problems.length > 0) {
    const first = problems
      .slice(0, 5)
      .map((p) => `line ${p.line} ${p.field} "${p.value}": ${p.reason}`)
      .join('; ');
    throw new InvalidInputError(`${problems.length} bad rows: ${first}`, { problems });
  }
  return byClass;
}
