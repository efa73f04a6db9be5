/**
 * Report documents are JSON strings read on every report request. Parsing
 * and validating a class grid (a thousand cells through zod) costs more CPU
 * than the read itself, so a warm function keeps what it parsed, keyed by the
 * item, and reuses it only when the stored string (or, for a compressed
 * document, the stored bytes) is the same character for character: a changed
 * document is always parsed again, so the cache can never answer with
 * something the table no longer says.
 *
 * Values are frozen: one parse is shared by every later request, and a
 * caller that tried to change it would throw instead of corrupting the next
 * answer.
 */
/** A stored document: a JSON string, or compressed bytes. */
export type RawDocument = string | Uint8Array;

const sameRaw = (a: RawDocument, b: RawDocument) =>
  typeof a === 'string' || typeof b === 'string'
    ? a === b
    : Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

export class ParsedDocuments<T, R extends RawDocument = string> {
  private readonly entries = new Map<string, { raw: R; value: T }>();
  private bytes = 0;

  /**
   * @param maxBytes bound on the cached strings' total length; the least
   *   recently used go first. A Lambda function holds 128 MB or more, and a
   *   class grid page is at most 300 KB.
   */
  constructor(
    private readonly parse: (raw: R) => T,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  get(key: string, raw: R): T {
    const hit = this.entries.get(key);
    if (hit && sameRaw(hit.raw, raw)) {
      // Re-inserting keeps the Map's order least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = deepFreeze(this.parse(raw));
    if (hit) {
      this.entries.delete(key);
      this.bytes -= hit.raw.length;
    }
    if (raw.length <= this.maxBytes) {
      this.entries.set(key, { raw, value });
      this.bytes += raw.length;
      for (const [oldKey, entry] of this.entries) {
        if (this.bytes <= this.maxBytes) break;
        this.entries.delete(oldKey);
        this.bytes -= entry.raw.length;
      }
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
