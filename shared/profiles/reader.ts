/**
 * Streams a vendor file into records keyed by canonical field name. Memory
 * stays flat whatever the file size: bytes are decoded chunk by chunk and
 * csv-parse never sees more than its buffer.
 */
import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { z } from 'zod';
import { InvalidInputError } from '../errors.js';
import { parseConfig } from './config-issues.js';
import { utf8Chunks } from './decode.js';
import type { CanonicalField } from './fields.js';
import { resolveHeaders, type ColumnBinding, type WantedColumn } from './headers.js';
import { ColumnSpec, ProfileFormat } from './schema.js';
import { subScoreColumns, type SubScoreColumnsInput } from './sub-scores.js';

/** What the reader needs of a profile; a full Profile fits. */
export interface ReaderProfile {
  format?: z.input<typeof ProfileFormat>;
  columns: Partial<Record<CanonicalField, z.input<typeof ColumnSpec>>>;
  keepColumns?: readonly string[];
  subScores?: SubScoreColumnsInput;
}

export interface ReadOptions {
  /** Named in every error, so a district admin knows which file to fix. */
  fileName: string;
}

export interface VendorRecord {
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  /** Values by canonical field or kept column; an absent optional column is absent. */
  fields: Record<string, string>;
  /** The file's header for each field; one object shared by every record. */
  headers: Readonly<Record<string, string>>;
  /** Set when the row's field count differs from the header's. */
  columnCountMismatch?: { expected: number; found: number };
}

/** A header that has not ended by then is not a header. */
const MAX_HEAD_BYTES = 1024 * 1024;
/** Guards memory against an unclosed quote swallowing the rest of the file. */
const MAX_RECORD_BYTES = 1024 * 1024;
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
const NEWLINE = 0x0a;

/**
 * Records of a vendor file, one at a time. Throws InvalidInputError (on the
 * first iteration) when the file cannot be read at all: not text (a
 * NotTextError), no header, a missing required column, an unclosed quote.
 */
export async function* readRecords(
  profile: ReaderProfile,
  input: AsyncIterable<Buffer | string>,
  opts: ReadOptions,
): AsyncGenerator<VendorRecord> {
  const { fileName } = opts;
  const format = parseConfig(ProfileFormat, profile.format ?? {}, 'profile', {});
  const chunks = utf8Chunks(input, format.encoding, { fileName });
  const head = await readHead(chunks, format.skipRows, fileName);
  const delimiter =
    head.sepDelimiter ?? pickDelimiter(format.delimiter, head.headerLine, fileName);
  const lineOffset = head.headerLineNumber - 1;

  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  pipeline(Readable.from(restOf(head.rest, chunks)), parser, () => {
    // Errors reach the consumer through the parser's iterator.
  });

  const wanted = wantedColumns(profile);
  let bindings: ColumnBinding[] | undefined;
  let headers: Readonly<Record<string, string>> = {};
  let expected = 0;
  let nextLine = head.headerLineNumber;
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      const line = nextLine;
      nextLine += 1 + countNewlines(row);
      if (!bindings) {
        ({ bindings, headers } = resolveHeaders(row, wanted, fileName));
        expected = row.length;
        continue;
      }
      if (isBlank(row)) continue;

      const fields: Record<string, string> = {};
      for (const binding of bindings) fields[binding.name] = row[binding.index] ?? '';
      const record: VendorRecord = { line, fields, headers };
      if (row.length !== expected && !onlyEmptyExtras(row, expected)) {
        record.columnCountMismatch = { expected, found: row.length };
      }
      yield record;
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at =
        typeof error.lines === 'number' ? `line ${error.lines + lineOffset}: ` : '';
      throw new InvalidInputError(
        `${fileName}: ${at}${error.message}; check quoting and the delimiter`,
        { file: fileName, code: error.code },
        { cause: error },
      );
    }
    throw error;
  } finally {
    // An early break by the consumer must release the source (an S3 socket).
    parser.destroy();
    await chunks.return(undefined);
  }
  if (!bindings) {
    throw new InvalidInputError(
      `${fileName}: the file is empty; expected a header line`,
      {
        file: fileName,
      },
    );
  }
}

function wantedColumns(profile: ReaderProfile): WantedColumn[] {
  const wanted: WantedColumn[] = [];
  for (const [name, raw] of Object.entries(profile.columns)) {
    if (raw === undefined) continue;
    const spec = ColumnSpec.parse(raw);
    wanted.push({ name, ...spec });
  }
  for (const name of profile.keepColumns ?? []) {
    wanted.push({ name, header: name, aliases: [], optional: false });
  }
  for (const { name, spec } of subScoreColumns(profile.subScores)) {
    wanted.push({ name, ...ColumnSpec.parse(spec) });
  }
  return wanted;
}

interface Head {
  /** From a leading `sep=;` line, which Excel writes and honors. */
  sepDelimiter?: string;
  headerLine: string;
  headerLineNumber: number;
  /** Bytes from the header line on. */
  rest: Buffer;
}

async function readHead(
  chunks: AsyncIterator<Buffer>,
  skipRows: number,
  fileName: string,
): Promise<Head> {
  // Enough lines for a `sep=` line, the banner rows and the header itself.
  const linesNeeded = skipRows + 2;
  const parts: Buffer[] = [];
  let size = 0;
  let newlines = 0;
  while (newlines < linesNeeded && size < MAX_HEAD_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    parts.push(next.value);
    size += next.value.length;
    newlines += countByte(next.value, NEWLINE);
  }
  let rest: Buffer = Buffer.concat(parts);
  let headerLineNumber = 1;

  let sepDelimiter: string | undefined;
  const sep = /^"?sep=(.)"?[ \t]*\r?$/i.exec(firstLine(rest));
  if (sep) {
    sepDelimiter = sep[1]!;
    if (!(DELIMITER_CANDIDATES as readonly string[]).includes(sepDelimiter)) {
      throw new InvalidInputError(
        `${fileName}: line 1: "sep=${sepDelimiter}" names an unsupported delimiter; ` +
          `use one of , ; | or a tab`,
        { file: fileName },
      );
    }
    rest = afterLines(rest, 1);
    headerLineNumber += 1;
  }
  if (skipRows > 0) {
    rest = afterLines(rest, skipRows);
    headerLineNumber += skipRows;
  }
  if (size >= MAX_HEAD_BYTES && countByte(rest, NEWLINE) === 0) {
    throw new InvalidInputError(
      `${fileName}: no header line ends within the first ${MAX_HEAD_BYTES} bytes; ` +
        'check the file is a delimited text export and format.skipRows',
      { file: fileName },
    );
  }
  return { sepDelimiter, headerLine: firstLine(rest), headerLineNumber, rest };
}

async function* restOf(
  head: Buffer,
  chunks: AsyncIterator<Buffer>,
): AsyncGenerator<Buffer> {
  if (head.length > 0) yield head;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return;
    yield next.value;
  }
}

function pickDelimiter(declared: string, headerLine: string, fileName: string): string {
  if (declared !== 'auto') return declared;
  const counts = DELIMITER_CANDIDATES.map((d) => countOutsideQuotes(headerLine, d));
  const best = Math.max(...counts);
  if (best === 0) return ',';
  const winners = DELIMITER_CANDIDATES.filter((_, i) => counts[i] === best);
  if (winners.length > 1) {
    throw new InvalidInputError(
      `${fileName}: the header has as many ${winners.map((w) => JSON.stringify(w)).join(' as ')} ` +
        'so the delimiter cannot be told; set "format.delimiter" in the profile',
      { file: fileName },
    );
  }
  return winners[0]!;
}

function countOutsideQuotes(text: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count += 1;
  }
  return count;
}

function firstLine(bytes: Buffer): string {
  const end = bytes.indexOf(NEWLINE);
  return bytes.toString('utf8', 0, end === -1 ? bytes.length : end).replace(/\r$/, '');
}

function afterLines(bytes: Buffer, lines: number): Buffer {
  let start = 0;
  for (let i = 0; i < lines; i++) {
    const end = bytes.indexOf(NEWLINE, start);
    if (end === -1) return Buffer.alloc(0);
    start = end + 1;
  }
  return bytes.subarray(start);
}

function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1))
    count += 1;
  return count;
}

/** Line numbers count LF; a quoted field with a line break spans lines. */
function countNewlines(row: readonly string[]): number {
  let count = 0;
  for (const field of row) {
    if (field.length === 0 || field.indexOf('\n') === -1) continue;
    for (let at = field.indexOf('\n'); at !== -1; at = field.indexOf('\n', at + 1))
      count += 1;
  }
  return count;
}

/** Empty lines and rows of bare delimiters (Excel pads sheets with them) carry nothing. */
function isBlank(row: readonly string[]): boolean {
  for (const field of row) if (field !== '') return false;
  return true;
}

/** Trailing empty cells past the header (`a,b,c,`) shift nothing. */
function onlyEmptyExtras(row: readonly string[], expected: number): boolean {
  if (row.length < expected) return false;
  for (let i = expected; i < row.length; i++) if (row[i] !== '') return false;
  return true;
}
