import { createHash, hash } from 'node:crypto';

/** 128 bits of SHA-256 in base64url. */
const ID_CHARS = 22;

/**
 * A deterministic id from its parts. Parts are length-prefixed so that
 * ("ab","c") and ("a","bc") never collide. 128 bits of SHA-256 in base64url
 * keep keys short; collisions at district scale are negligible.
 *
 * Note: the text is built once and hashed in one call (`crypto.hash`, Node
 * 20.12+): a Hash object per id cost a fifth of the mapping time of a large
 * file. The bytes hashed are exactly those of the incremental form, so ids
 * never change.
 */
export function deterministicId(...parts: readonly string[]): string {
  let text = '';
  for (const part of parts) text += `${part.length}:${part}|`;
  if (typeof hash === 'function')
    return hash('sha256', text, 'base64url').slice(0, ID_CHARS);
  return createHash('sha256').update(text).digest('base64url').slice(0, ID_CHARS);
}
