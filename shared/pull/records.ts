/**
 * JSON records to the shape the profile mapper reads. A record is flattened
 * (`{"student": {"id": 7}}` becomes `student.id`) and each canonical field or
 * kept column takes the value under its header or an alias, matched as CSV
 * headers are: trimmed, case-insensitively. The file path's mapper then
 * applies unchanged.
 */
import { ConfigError } from '../errors.js';
import type { Profile, VendorRecord } from '../profiles/index.js';
import type { PullConnector } from './connector.js';

/** Flattens nested objects to dotted keys; arrays of scalars join with commas. */
export function flattenRecord(
  record: Record<string, unknown>,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  for (const [key, value] of Object.entries(record)) {
    const name = prefix + key;
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      out[name] = value.filter((v) => v === null || typeof v !== 'object').join(',');
    } else if (typeof value === 'object') {
      flattenRecord(value as Record<string, unknown>, `${name}.`, out);
    } else {
      out[name] = String(value);
    }
  }
  return out;
}

const norm = (header: string) => header.trim().toLowerCase();

/** Builds the record reader of a profile: wanted names by normalized header. */
export function createRecordReader(profile: Profile) {
  const wanted: { name: string; headers: string[] }[] = [];
  for (const [name, spec] of Object.entries(profile.columns)) {
    if (spec) wanted.push({ name, headers: [spec.header, ...spec.aliases] });
  }
  for (const kept of profile.keepColumns) wanted.push({ name: kept, headers: [kept] });
  const headers: Record<string, string> = {};
  for (const w of wanted) headers[w.name] = w.headers[0] as string;

  return (json: Record<string, unknown>, line: number): VendorRecord => {
    const flat = flattenRecord(json);
    const byHeader = new Map(Object.entries(flat).map(([k, v]) => [norm(k), v]));
    const fields: Record<string, string> = {};
    for (const w of wanted) {
      for (const h of w.headers) {
        const value = byHeader.get(norm(h));
        if (value !== undefined) {
          fields[w.name] = value;
          break;
        }
      }
    }
    return { line, fields, headers };
  };
}

/**
 * The profile a connector maps with. Evidence ids must not depend on where a
 * record fell in a run (a resumed run would write it again under another
 * id), so a profile without a record key needs the connector's `recordKey`.
 */
export function pullProfile(profile: Profile, connector: PullConnector): Profile {
  if (connector.recordKey) {
    return {
      ...profile,
      keepColumns: [...new Set([...profile.keepColumns, ...connector.recordKey])],
      recordKey: connector.recordKey,
    };
  }
  if (!profile.recordKey) {
    throw new ConfigError(
      `connector ${connector.id}: profile ${profile.id} names no record key, so pulled ` +
        'records would get run-dependent ids; set "recordKey" to the fields that identify ' +
        'a record, e.g. ["id"]',
      { connectorId: connector.id, profileId: profile.id },
    );
  }
  return profile;
}
