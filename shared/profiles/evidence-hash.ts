/**
 * The content hash of mapped evidence: what tells a re-sent duplicate from
 * a correction of the same record.
 */
import { hash } from 'node:crypto';
import type { Evidence } from '../model.js';

/** 128 bits in base64url, as evidence ids. */
const HASH_CHARS = 22;

/**
 * Everything mapped, but not where it came from: equal means a re-sent
 * duplicate, different means a correction. One-shot hashing of one string
 * keeps this off the profile of a million-row file.
 */
export function contentHash(e: Evidence): string {
  // A unit separator between fields: ids and skills never contain one, so
  // two different records cannot produce the same text.
  const text =
    `${e.evidenceId}\u001f${e.studentId}\u001f${e.programId}\u001f${e.itemId}\u001f` +
    `${e.vendorSkill ?? ''}\u001f${e.standards.join(',')}\u001f${e.status}\u001f` +
    `${e.score ?? ''}\u001f${e.occurredAt ?? ''}\u001f${e.sequence ?? ''}\u001f` +
    `${e.minutesOnTask ?? ''}\u001f${e.weight}\u001f${e.classId ?? ''}`;
  return hash('sha256', text, 'base64url').slice(0, HASH_CHARS);
}
