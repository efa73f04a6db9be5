/**
 * The programs Lablink knows and how each one's files are read. A district's
 * own configuration will extend this list; the builtin entries cover the
 * bundled demo data.
 */
import { NotFoundError } from './errors.js';
import type { Program } from './model.js';

export const BUILTIN_PROGRAMS: readonly Program[] = [
  {
    programId: 'assistments',
    name: 'ASSISTments Skill Builder',
    vendor: 'ASSISTments (WPI)',
    profileId: 'assistments-skill-builder-2009',
    crosswalkId: 'assistments-ccss',
  },
];

export function findProgram(programId: string): Program {
  const program = BUILTIN_PROGRAMS.find((p) => p.programId === programId);
  if (!program) {
    const known = BUILTIN_PROGRAMS.map((p) => p.programId).join(', ');
    throw new NotFoundError(
      `unknown program "${programId}"; drop files under incoming/<programId>/ ` +
        `with one of: ${known}`,
      { programId },
    );
  }
  return program;
}

/** The prefix under which files are dropped for ingestion. */
export const INCOMING_PREFIX = 'incoming/';

/** The prefix under which each run's outputs (rejects) are written. */
export const RUNS_PREFIX = 'runs/';

/**
 * The program a dropped object belongs to, from its key:
 * `incoming/<programId>/<any name>`.
 */
export function programIdFromKey(key: string): string | undefined {
  if (!key.startsWith(INCOMING_PREFIX)) return undefined;
  const rest = key.slice(INCOMING_PREFIX.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : undefined;
}
