/** Output shapes of the CLI: aligned tables and spreadsheet-safe CSV. */
import { stringify } from 'csv-stringify/sync';
import type { MasteryLevel } from '../shared/model.js';
import { VALUE_DECIMALS } from '../shared/mastery/policy.js';
import { formatDecimal, roundDecimal, truncateDecimal } from '../shared/rounding.js';

/** Decimals of a mastery value in JSON-like outputs (CSV, lists); as the API reports it. */
export { VALUE_DECIMALS };
/**
 * Decimals of a value in the class grid table, where columns must stay
 * narrow: the reported value cut, not rounded, so a cell never shows the cut
 * of a level it has not reached (0.795 approaching is 0.79, not 0.80).
 */
export const GRID_TABLE_DECIMALS = 2;

const LEVEL_MARK: Record<MasteryLevel, string> = {
  not_started: '-',
  developing: 'D',
  approaching: 'A',
  mastered: 'M',
};

/** A value with VALUE_DECIMALS (shared/rounding.ts), or blank when there is none. */
export const valueOrBlank = (value: number | undefined, decimals = VALUE_DECIMALS) =>
  value === undefined ? '' : formatDecimal(value, decimals);

/** A class grid table cell: the value and the level's mark (`0.97 M`); `-` with no cell. */
export function gridTableCell(
  cell: { value?: number; level: MasteryLevel } | undefined,
): string {
  if (!cell) return '-';
  const value =
    cell.value === undefined
      ? '  - '
      : truncateDecimal(roundDecimal(cell.value, VALUE_DECIMALS), GRID_TABLE_DECIMALS);
  return `${value} ${LEVEL_MARK[cell.level]}`;
}

/**
 * A spreadsheet executes a cell that starts with `=`, `+`, `-`, `@` (or a tab
 * or carriage return); a leading apostrophe makes it text.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(header: string[], rows: string[][]): string {
  return stringify([header, ...rows].map((r) => r.map(neutralizeCell)));
}

export function toTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join(
    '\n',
  );
}
