/**
 * Reads one OneRoster CSV file into rows keyed by header. Invisible bytes at
 * the edges never leak into names or values (case C01): a UTF-8 or UTF-16
 * BOM, a BOM before a quoted first header, CR of CRLF line ends, spaces
 * around header names. Values are kept exactly otherwise: `00123` stays.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { OneRosterBundleError } from './errors.js';

export interface CsvRow {
  /** 1-based line of the row in its file; the header is line 1. */
  row: number;
  values: Record<string, string>;
}

export interface CsvTable {
  file: string;
  headers: string[];
  rows: CsvRow[];
}

function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes, 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes, 'utf16be');
  const text = bytes.toString('utf8');
  // Windows-1252 from an Excel "Save as CSV": invalid UTF-8 decodes to U+FFFD.
  return text.includes('\uFFFD') ? iconv.decode(bytes, 'win1252') : text;
}

/** Parses a whole file; OneRoster files are roster-sized, not evidence-sized. */
export function readCsv(file: string, bytes: Buffer): CsvTable {
  const text = decode(bytes).replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new OneRosterBundleError({
      file,
      row: line,
      message: `not readable as CSV (${(error as Error).message})`,
      fix: 'save the file as comma-separated UTF-8 with quotes closed',
    });
  }
  const [header = [], ...body] = records;
  // Trailing empty header cells (`a,b,,`) are padding, not columns.
  const headers = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();

  const rows: CsvRow[] = [];
  let line = 1;
  for (const cells of body) {
    line += 1;
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      if (h !== '') values[h] = (cells[i] ?? '').replace(/\r$/, '');
    });
    rows.push({ row: line, values });
  }
  return { file, headers, rows };
}
