/**
 * Which version of an evidence record stands. The same id with the same
 * content is a duplicate; with other content it is a correction (a regrade, a
 * fixed file) that replaces, unless both versions carry the vendor's revision
 * time and the incoming one is older: then it is stale and kept out, whatever
 * order the two arrived in.
 */
import type { Evidence } from '../model.js';
import type { EvidenceWriteOutcome } from '../ports.js';

export interface StoredVersion {
  contentHash: string;
  revisedAt?: string;
}

export function decideWrite(
  stored: StoredVersion | undefined,
  incoming: Pick<Evidence, 'contentHash' | 'revisedAt'>,
): Exclude<EvidenceWriteOutcome, 'unwritten'> {
  if (!stored) return 'accepted';
  if (stored.contentHash === incoming.contentHash) return 'duplicate';
  if (
    stored.revisedAt !== undefined &&
    incoming.revisedAt !== undefined &&
    Date.parse(incoming.revisedAt) < Date.parse(stored.revisedAt)
  ) {
    return 'stale';
  }
  return 'replaced';
}
