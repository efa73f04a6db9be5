/**
 * Bytes of any supported encoding in, UTF-8 bytes without BOM out, chunk by
 * chunk. csv-parse works on UTF-8 bytes, so a UTF-8 file passes through
 * untouched (the fast path) and only other encodings are re-encoded.
 */
import iconv from 'iconv-lite';
import { NotTextError } from '../errors.js';
import type { ProfileFormat } from './schema.js';

export type TextEncoding = ProfileFormat['encoding'];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);
const UTF16BE_BOM = Buffer.from([0xfe, 0xff]);

/** Bytes needed to recognise any BOM. */
const BOM_PROBE_BYTES = 3;

/**
 * Bytes after the BOM searched for a NUL, as git searches a file's first
 * 8000 to call it binary. Text in UTF-8 or Windows-1252 never holds one;
 * UTF-16 is full of them, which is why it needs its BOM (or a profile that
 * declares it). A NUL further in is read as a character, as before: a
 * vendor file with one stray NUL is still read, not failed halfway.
 */
export const TEXT_PROBE_BYTES = 8000;

/** Encodings in which a NUL byte means the file is not text. */
const SINGLE_BYTE_READS: ReadonlySet<TextEncoding> = new Set(['utf-8', 'windows-1252']);

export interface DecodeOptions {
  /** Named in a NotTextError, so the admin knows which file to export again. */
  fileName?: string;
}

/** The error of a file whose byte at `offset` (after any BOM) is NUL. */
export function notTextFile(fileName: string | undefined, offset: number): NotTextError {
  return new NotTextError(
    `${fileName ?? 'the file'}: not a text file: export as CSV (UTF-8, Windows-1252 ` +
      `or UTF-16 with a BOM) and drop it again; byte ${offset} is NUL, as in a ` +
      'spreadsheet, zip or image',
    { file: fileName, offset },
  );
}

export interface DetectedEncoding {
  encoding: TextEncoding;
  bomLength: number;
}

/** A BOM wins over the declared encoding: the file then says what it is. */
export function detectEncoding(head: Buffer, declared: TextEncoding): DetectedEncoding {
  if (startsWith(head, UTF8_BOM))
    return { encoding: 'utf-8', bomLength: UTF8_BOM.length };
  if (startsWith(head, UTF16LE_BOM)) return { encoding: 'utf-16le', bomLength: 2 };
  if (startsWith(head, UTF16BE_BOM)) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: declared, bomLength: 0 };
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return (
    buf.length >= prefix.length &&
    buf.compare(prefix, 0, prefix.length, 0, prefix.length) === 0
  );
}

type ChunkDecoder = { write(chunk: Buffer): Buffer; end(): Buffer };

function createDecoder(encoding: TextEncoding): ChunkDecoder {
  if (encoding === 'utf-8') {
    // Excel re-saves can stack BOMs; every leading one is dropped, not just the first.
    let atStart = true;
    return {
      write(chunk) {
        if (!atStart) return chunk;
        while (startsWith(chunk, UTF8_BOM)) chunk = chunk.subarray(UTF8_BOM.length);
        if (chunk.length > 0) atStart = false;
        return chunk;
      },
      end: () => Buffer.alloc(0),
    };
  }
  // The iconv decoder keeps a character split across chunks until its bytes arrive.
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  return {
    write: (chunk) => Buffer.from(decoder.write(chunk).replace(/^\uFEFF+/, ''), 'utf8'),
    end: () => Buffer.from(decoder.end() ?? '', 'utf8'),
  };
}

/**
 * The input as UTF-8 chunks with every leading BOM removed. Never holds more
 * than one input chunk (plus the few bytes of a BOM probe). Throws
 * NotTextError, before yielding the chunk, when a UTF-8 or Windows-1252 read
 * finds a NUL in its first TEXT_PROBE_BYTES.
 */
export async function* utf8Chunks(
  input: AsyncIterable<Buffer | string>,
  declared: TextEncoding,
  options: DecodeOptions = {},
): AsyncGenerator<Buffer> {
  let decoder: ChunkDecoder | undefined;
  let head: Buffer = Buffer.alloc(0);
  // Bytes still to search for a NUL; none when the read is UTF-16.
  let probe = 0;
  let probed = 0;
  const start = (detected: DetectedEncoding): ChunkDecoder => {
    probe = SINGLE_BYTE_READS.has(detected.encoding) ? TEXT_PROBE_BYTES : 0;
    return createDecoder(detected.encoding);
  };
  const requireText = (bytes: Buffer) => {
    if (probed >= probe) return;
    const nul = bytes.subarray(0, probe - probed).indexOf(0);
    if (nul >= 0) throw notTextFile(options.fileName, probed + nul);
    probed += bytes.length;
  };

  for await (const chunk of input) {
    let bytes: Buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!decoder) {
      head = head.length === 0 ? bytes : Buffer.concat([head, bytes]);
      if (head.length < BOM_PROBE_BYTES) continue;
      const detected = detectEncoding(head, declared);
      decoder = start(detected);
      bytes = head.subarray(detected.bomLength);
    }
    requireText(bytes);
    const out = decoder.write(bytes);
    if (out.length > 0) yield out;
  }

  if (!decoder) {
    const detected = detectEncoding(head, declared);
    const bytes = head.subarray(detected.bomLength);
    decoder = start(detected);
    requireText(bytes);
    const out = decoder.write(bytes);
    if (out.length > 0) yield out;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}
