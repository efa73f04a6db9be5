/**
 * The OneRoster 1.1 and 1.2 CSV files Lablink reads, the columns it needs
 * from each, and the manifest that says which files a bundle carries.
 *
 * Only the columns Lablink uses are required: a district's export with extra
 * or vendor extension columns (`ext_*`) imports, one missing a column Lablink
 * needs fails naming it. Column aliases cover spellings seen in real exports.
 */
import { OneRosterBundleError } from './errors.js';
import type { CsvTable } from './csv.js';

export const ENTITY_FILES = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'roles',
  'enrollments',
  'demographics',
  'categories',
  'lineItems',
  'lineItemLearningObjectiveIds',
  'results',
] as const;
export type EntityFile = (typeof ENTITY_FILES)[number];

/** How a manifest says a file is given: replace all, apply changes, or not there. */
export type FileMode = 'bulk' | 'delta' | 'absent';

export interface FileSpec {
  required: readonly string[];
  /** Other spellings of a column, by the canonical name. */
  aliases?: Readonly<Record<string, readonly string[]>>;
}

/** `sourcedId` and `status` are handled for every file. */
export const FILE_SPECS: Record<EntityFile, FileSpec> = {
  orgs: { required: ['sourcedId', 'name', 'type'] },
  academicSessions: { required: ['sourcedId', 'title', 'type'] },
  courses: { required: ['sourcedId', 'title'] },
  classes: {
    required: ['sourcedId', 'title', 'schoolSourcedId'],
    aliases: { grades: ['grade'] },
  },
  users: {
    required: ['sourcedId'],
    aliases: { userIds: ['userId'], agentSourcedIds: ['agents'] },
  },
  roles: {
    required: ['sourcedId', 'userSourcedId', 'role', 'orgSourcedId'],
    aliases: { dateLastModified: ['dataLastModified'] },
  },
  enrollments: {
    required: ['sourcedId', 'classSourcedId', 'userSourcedId', 'role'],
  },
  // OneRoster 1.0 named the key `userSourcedId`.
  demographics: { required: ['sourcedId'], aliases: { sourcedId: ['userSourcedId'] } },
  categories: { required: ['sourcedId', 'title'] },
  lineItems: {
    required: ['sourcedId', 'title', 'classSourcedId'],
    aliases: { learningObjectiveIds: ['learningObjectiveSet'] },
  },
  lineItemLearningObjectiveIds: {
    required: ['lineItemSourcedId', 'learningObjectiveId'],
  },
  results: {
    required: ['sourcedId', 'lineItemSourcedId', 'studentSourcedId', 'scoreStatus'],
  },
};

export interface Manifest {
  version: '1.1' | '1.2';
  files: Partial<Record<EntityFile, FileMode>>;
}

const SUPPORTED_VERSIONS = new Set(['1.1', '1.2']);

/** Reads manifest.csv (`propertyName,value`). A blank mode means absent. */
export function parseManifest(table: CsvTable): Manifest {
  const props = new Map<string, { value: string; row: number }>();
  for (const r of table.rows) {
    const name = (r.values.propertyName ?? '').trim();
    if (name) props.set(name, { value: (r.values.value ?? '').trim(), row: r.row });
  }
  const version = props.get('oneroster.version');
  if (!version || !SUPPORTED_VERSIONS.has(version.value)) {
    throw new OneRosterBundleError({
      file: 'manifest.csv',
      column: 'value',
      row: version?.row,
      message: `oneroster.version is "${version?.value ?? ''}"`,
      fix: 'export the bundle as OneRoster 1.1 or 1.2 (oneroster.version,1.1 or 1.2)',
    });
  }
  const files: Manifest['files'] = {};
  for (const name of ENTITY_FILES) {
    const entry = props.get(`file.${name}`);
    const mode = entry?.value.toLowerCase() || 'absent';
    if (mode !== 'bulk' && mode !== 'delta' && mode !== 'absent') {
      throw new OneRosterBundleError({
        file: 'manifest.csv',
        column: 'value',
        row: entry?.row,
        message: `file.${name} is "${entry?.value}"`,
        fix: 'use bulk, delta or absent',
      });
    }
    files[name] = mode;
  }
  return { version: version.value as Manifest['version'], files };
}

/**
 * Renames aliased columns to their canonical names and checks the required
 * ones, naming the first missing column.
 */
export function canonicalColumns(kind: EntityFile, table: CsvTable): CsvTable {
  const spec = FILE_SPECS[kind];
  const headers = new Set(table.headers);
  const renames: [string, string][] = [];
  for (const [canonical, others] of Object.entries(spec.aliases ?? {})) {
    if (headers.has(canonical)) continue;
    const found = others.find((o) => headers.has(o));
    if (found) renames.push([found, canonical]);
  }
  const rename = (h: string) => renames.find(([from]) => from === h)?.[1] ?? h;
  const canonicalHeaders = table.headers.map(rename);
  for (const column of spec.required) {
    if (!canonicalHeaders.includes(column)) {
      throw new OneRosterBundleError({
        file: table.file,
        column,
        row: 1,
        message: `required column ${column} is missing from the header`,
        fix: `add a ${column} column (headers found: ${table.headers.join(', ')})`,
      });
    }
  }
  if (renames.length === 0) return table;
  return {
    ...table,
    headers: canonicalHeaders,
    rows: table.rows.map((r) => ({
      row: r.row,
      values: Object.fromEntries(
        Object.entries(r.values).map(([k, v]) => [rename(k), v]),
      ),
    })),
  };
}
