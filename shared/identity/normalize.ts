/**
 * How an identifier is compared. Ids are opaque: case, spaces inside and
 * leading zeros are kept (`00123` is never `123`); only the invisible edges
 * a spreadsheet adds are trimmed. E-mail addresses compare case-insensitively
 * because districts and vendors disagree on their case.
 */
import type { StudentIdentifier } from './ports.js';

export function normalizeIdentifier(id: StudentIdentifier): StudentIdentifier {
  const trimmed = id.value.replace(/^[\s\uFEFF]+|[\s\uFEFF]+$/g, '');
  const value = id.kind === 'email' ? trimmed.toLowerCase() : trimmed;
  return { kind: id.kind, value };
}

/** `{LDAP:12},{state:0042}` → [{type: 'ldap', value: '12'}, ...]. */
export function parseUserIds(text: string): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  for (const m of text.matchAll(/\{\s*([^:{}]+?)\s*:\s*([^{}]*?)\s*\}/g)) {
    if (m[1] && m[2]) out.push({ type: m[1].toLowerCase(), value: m[2] });
  }
  return out;
}

/** Every identifier of a OneRoster user row, for the identity index. */
export function identifiersOfUser(values: Record<string, string>): StudentIdentifier[] {
  const ids: StudentIdentifier[] = [];
  const add = (kind: StudentIdentifier['kind'], value: string | undefined) => {
    if (value && value.trim()) ids.push(normalizeIdentifier({ kind, value }));
  };
  add('sourcedId', values.sourcedId);
  add('identifier', values.identifier);
  add('email', values.email);
  add('username', values.username);
  for (const u of parseUserIds(values.userIds ?? '')) add(`userId:${u.type}`, u.value);
  const seen = new Set<string>();
  return ids.filter((i) => {
    const key = `${i.kind}\u0000${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
