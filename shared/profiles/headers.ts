/**
 * Resolves a file's header row against a profile once per file, so each row
 * is read by index and never by name.
 */
import { InvalidInputError } from '../errors.js';

export interface WantedColumn {
  /** The field name records use: a canonical field or a kept column. */
  name: string;
  header: string;
  aliases: readonly string[];
  optional: boolean;
}

export interface ColumnBinding {
  name: string;
  index: number;
}

export interface ResolvedHeaders {
  bindings: ColumnBinding[];
  /** The file's own header text for each bound field name. */
  headers: Readonly<Record<string, string>>;
}

/** Trimmed, case-folded, with any BOM removed: how headers are compared. */
export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF+/, '')
    .trim()
    .toLowerCase();
}

export function resolveHeaders(
  headerRow: readonly string[],
  wanted: readonly WantedColumn[],
  fileName: string,
): ResolvedHeaders {
  const found = headerRow.map(normalizeHeader);
  const bindings: ColumnBinding[] = [];
  const headers: Record<string, string> = {};

  for (const column of wanted) {
    const tried = [column.header, ...column.aliases];
    const index = findColumn(found, tried, column, fileName, headerRow);
    if (index === -1) {
      if (column.optional) continue;
      throw missingColumn(fileName, column.name, tried, headerRow);
    }
    bindings.push({ name: column.name, index });
    headers[column.name] = headerRow[index]!.replace(/^\uFEFF+/, '').trim();
  }
  return { bindings, headers };
}

function findColumn(
  found: readonly string[],
  tried: readonly string[],
  column: WantedColumn,
  fileName: string,
  headerRow: readonly string[],
): number {
  // The profile's own header wins over its aliases; within one name, a
  // second match means two columns claim the field, which is never guessed.
  for (const name of tried) {
    const wantedName = normalizeHeader(name);
    const first = found.indexOf(wantedName);
    if (first === -1) continue;
    if (found.indexOf(wantedName, first + 1) !== -1) {
      throw new InvalidInputError(
        `${fileName}: two columns are named "${headerRow[first]!.trim()}" and both would be ` +
          `read as ${column.name}; rename one in the export or map a distinct header`,
        { file: fileName, field: column.name, header: name },
      );
    }
    return first;
  }
  return -1;
}

function missingColumn(
  fileName: string,
  field: string,
  tried: readonly string[],
  headerRow: readonly string[],
): InvalidInputError {
  const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
  const clean = headerRow.map((h) => h.replace(/^\uFEFF+/, '').trim());
  let hint = `add "${tried[0]}" to the export, or add the header this vendor uses to the aliases of columns.${field}`;
  if (clean.length === 1 && /[;,\t|]/.test(clean[0] ?? '')) {
    hint =
      'the header was read as one column, so the delimiter is likely wrong; ' +
      'set "format.delimiter" to the one the file uses, or "auto"';
  } else if (clean.some((h) => h.includes('\uFFFD'))) {
    hint = 'the headers are not valid UTF-8; set "format.encoding" to "windows-1252"';
  }
  return new InvalidInputError(
    `${fileName}: missing column for ${field}: tried ${list(tried)}; ` +
      `headers found: ${list(clean)}; ${hint}`,
    { file: fileName, field, tried, found: clean },
  );
}
