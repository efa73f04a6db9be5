/**
 * Explicit mapping tables: a CSV `program,vendorStudentId,studentId` a
 * district keeps for vendors whose ids the roster does not carry. Loading one
 * stores every row and releases the held evidence it now resolves.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from '../errors.js';
import type { IngestRun } from '../model.js';
import { readCsv } from '../oneroster/csv.js';
import type { VendorMapping } from './ports.js';
import { releaseAllHeld, type ReleaseDeps } from './release.js';

export const MAPPING_COLUMNS = ['program', 'vendorStudentId', 'studentId'] as const;

/** Rows of a mapping file; a bad row fails the whole file, naming row and column. */
export function parseMappingTable(file: string, bytes: Buffer): VendorMapping[] {
  const table = readCsv(file, bytes);
  for (const column of MAPPING_COLUMNS) {
    if (!table.headers.includes(column)) {
      throw new InvalidInputError(
        `${file} row 1 column ${column}: missing; the header must be ${MAPPING_COLUMNS.join(',')}`,
        { file, column, row: 1 },
      );
    }
  }
  const seen = new Map<string, string>();
  return table.rows.map(({ row, values }) => {
    for (const column of MAPPING_COLUMNS) {
      if (!(values[column] ?? '').trim()) {
        throw new InvalidInputError(
          `${file} row ${row} column ${column}: is empty; fill it in`,
          {
            file,
            column,
            row,
          },
        );
      }
    }
    const mapping = {
      programId: (values.program as string).trim(),
      vendorStudentId: (values.vendorStudentId as string).trim(),
      studentId: (values.studentId as string).trim(),
    };
    const key = `${mapping.programId}\u0000${mapping.vendorStudentId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined && earlier !== mapping.studentId) {
      throw new InvalidInputError(
        `${file} row ${row} column studentId: ${mapping.programId} id ` +
          `${mapping.vendorStudentId} is mapped to two students; keep one row`,
        { file, column: 'studentId', row },
      );
    }
    seen.set(key, mapping.studentId);
    return mapping;
  });
}

export interface MappingLoad {
  mappings: number;
  programs: string[];
  /** One release run per program that had held evidence. */
  releases: IngestRun[];
}

/** Stores a mapping file and releases what it resolves. */
export async function loadMappingTable(
  deps: ReleaseDeps,
  file: string,
  bytes: Buffer,
): Promise<MappingLoad> {
  const mappings = parseMappingTable(file, bytes);
  await deps.identity.putMappings(mappings);
  const programs = [...new Set(mappings.map((m) => m.programId))].sort();
  const trigger = `mapping:${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
  const releases = await releaseAllHeld(deps, trigger, programs);
  deps.log.info('mapping table loaded', {
    mappings: mappings.length,
    programs: programs.length,
  });
  return { mappings: mappings.length, programs, releases };
}
