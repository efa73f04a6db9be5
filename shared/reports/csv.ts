/** CSV a teacher can open in a spreadsheet without it executing anything. */
import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet executes a cell that starts with `=`, `+`, `-`, `@` (or a tab
 * or carriage return); a leading apostrophe makes it text.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function toCsv(header: readonly string[], rows: readonly string[][]): string {
  return stringify([header, ...rows].map((r) => r.map(neutralizeCell)));
}
