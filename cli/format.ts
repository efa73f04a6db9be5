/** Output shapes of the CLI: aligned tables and spreadsheet-safe CSV. */
import { stringify } from 'csv-stringify/sync';

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
