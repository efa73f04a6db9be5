import { createHash } from 'node:crypto';

/**
 * A deterministic id from its parts. Parts are length-prefixed so that
 * ("ab","c") and ("a","bc") never collide. 128 bits of SHA-256 in base64url
 * keep keys short; collisions at district scale are negligible.
 */
export function deterministicId(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}|`);
  return hash.digest('base64url').slice(0, 22);
}
