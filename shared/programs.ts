/**
 * The programs Lablink knows and how each one's files are read. A district's
 * own configuration will extend this list; the builtin entries cover the
 * bundled demo data.
 */
import { NotFoundError } from './errors.js';
import type { StudentIdKind } from './identity/ports.js';
import { z } from 'zod';
import { Program as ProgramSchema, type Program } from './model.js';

export const BUILTIN_PROGRAMS: readonly Program[] = [
  {
    programId: 'assistments',
    name: 'ASSISTments Skill Builder',
    vendor: 'ASSISTments (WPI)',
    profileId: 'assistments-skill-builder-2009',
    crosswalkId: 'assistments-ccss',
  },
  // Any program that exports standard codes itself needs no crosswalk.
  {
    programId: 'standard-scores',
    name: 'Results by standard (generic layout)',
    vendor: 'Any program',
    profileId: 'standard-scores',
  },
  // Cognitive Tutor exports share one skill vocabulary, hence one crosswalk.
  {
    programId: 'cognitive-tutor-steps',
    name: 'Cognitive Tutor (DataShop student-step export)',
    vendor: 'PSLC DataShop',
    profileId: 'datashop-student-step',
    crosswalkId: 'cognitive-tutor-ccss',
  },
  {
    programId: 'cognitive-tutor-transactions',
    name: 'Cognitive Tutor (DataShop transaction export)',
    vendor: 'PSLC DataShop',
    profileId: 'datashop-transaction',
    crosswalkId: 'cognitive-tutor-ccss',
  },
  {
    programId: 'cognitive-tutor-kdd',
    name: 'Cognitive Tutor Algebra (KDD Cup 2010 step export)',
    vendor: 'Carnegie Learning',
    profileId: 'kddcup2010-student-step',
    crosswalkId: 'cognitive-tutor-ccss',
  },
  ...vendorPrograms([
    ['nwea-map-growth', 'NWEA MAP Growth', 'NWEA', 'nwea-map-growth'],
    ['nwea-map-fluency', 'NWEA MAP Reading Fluency', 'NWEA', 'nwea-map-fluency'],
    ['fastbridge-amath', 'FastBridge aMath', 'Illuminate Education', 'fastbridge-amath'],
    ['istation-isip', 'Istation ISIP (monthly)', 'Istation', 'istation-isip-monthly'],
    ['ixl-diagnostic-math', 'IXL Diagnostic Math', 'IXL Learning', 'ixl-diagnostic-math'],
    ['ixl-diagnostic-ela', 'IXL Diagnostic ELA', 'IXL Learning', 'ixl-diagnostic-ela'],
    ['aleks', 'McGraw Hill ALEKS', 'McGraw Hill', 'aleks-knowledge-check'],
    ['exact-path', 'Edmentum Exact Path', 'Edmentum', 'exact-path-diagnostic'],
    ['achieve3000', 'Achieve3000 usage', 'Achieve3000', 'achieve3000-student-usage'],
    [
      'acadience-math',
      'Acadience Math',
      'Acadience Learning',
      'acadience-math-benchmark',
    ],
    [
      'iready-diagnostic-math',
      'i-Ready Diagnostic Math',
      'Curriculum Associates',
      'iready-diagnostic-math',
    ],
    [
      'iready-diagnostic-ela',
      'i-Ready Diagnostic ELA',
      'Curriculum Associates',
      'iready-diagnostic-ela',
    ],
    [
      'iready-lessons',
      'i-Ready Personalized Instruction',
      'Curriculum Associates',
      'iready-lessons',
    ],
    [
      'iready-usage',
      'i-Ready instructional usage',
      'Curriculum Associates',
      'iready-instructional-usage',
    ],
    ['star', 'Renaissance Star', 'Renaissance', 'renaissance-star-enterprise'],
    [
      'star-skill-areas',
      'Renaissance Star skill areas',
      'Renaissance',
      'renaissance-star-skill-area',
    ],
    ['dibels-8', 'DIBELS 8th Edition (mCLASS)', 'Amplify', 'dibels-8-benchmark'],
    ['mclass-espanol', 'mCLASS Español', 'Amplify', 'mclass-espanol-benchmark'],
    ['easycbm', 'easyCBM', 'Riverside Insights', 'easycbm-benchmark'],
    ['aimswebplus', 'aimswebPlus', 'Pearson', 'aimswebplus-score-export'],
    ['dreambox', 'DreamBox Math usage', 'DreamBox Learning', 'dreambox-usage'],
    ['lexia', 'Lexia Core5 usage', 'Lexia Learning', 'lexia-core5-usage'],
  ]),
  // Star names Common Core standards by their full identifier.
  {
    programId: 'star-standards',
    name: 'Renaissance Star standards',
    vendor: 'Renaissance',
    profileId: 'renaissance-star-standards',
    crosswalkId: 'star-standards-ccss',
  },
];

/** Programs whose profile is all they need (no crosswalk yet). */
function vendorPrograms(rows: [string, string, string, string][]): Program[] {
  return rows.map(([programId, name, vendor, profileId]) => ({
    programId,
    name,
    vendor,
    profileId,
  }));
}

/** The program of OneRoster bundles dropped under `incoming/oneroster/`. */
export const ONEROSTER_PROGRAM_ID = 'oneroster';

/**
 * Which kind of student id each program's files carry, tried in order after
 * the program's explicit mapping table. ASSISTments' `user_id` is the Lablink
 * student id itself (the demo data has no roster). OneRoster results carry
 * the roster's sourcedId.
 */
export const PROGRAM_STUDENT_IDS: Readonly<Record<string, readonly StudentIdKind[]>> = {
  assistments: ['lablink'],
  [ONEROSTER_PROGRAM_ID]: ['sourcedId'],
};

/** A program not configured here is matched through the roster's SIS id. */
export const DEFAULT_STUDENT_IDS: readonly StudentIdKind[] = ['sourcedId', 'identifier'];

export function studentIdKindsOf(programId: string): readonly StudentIdKind[] {
  return PROGRAM_STUDENT_IDS[programId] ?? DEFAULT_STUDENT_IDS;
}

/**
 * The district's own programs (from its configuration, through the
 * LABLINK_PROGRAMS variable), parsed once per value: a process that applies
 * the configuration after a first lookup (the CLI's embedded stack) sees it.
 * Each names a builtin profile or one of the district's own.
 */
let configured: { raw: string | undefined; programs: Program[] } | undefined;
function configuredPrograms(): Program[] {
  const raw = process.env.LABLINK_PROGRAMS;
  if (configured && configured.raw === raw) return configured.programs;
  const programs = raw ? z.array(ProgramSchema).parse(JSON.parse(raw)) : [];
  configured = { raw, programs };
  return programs;
}

/** Every program this deployment knows: the district's first, then the builtin ones. */
export function knownPrograms(): Program[] {
  const own = configuredPrograms();
  const ids = new Set(own.map((p) => p.programId));
  return [...own, ...BUILTIN_PROGRAMS.filter((p) => !ids.has(p.programId))];
}

export function findProgram(programId: string): Program {
  const programs = knownPrograms();
  const program = programs.find((p) => p.programId === programId);
  if (!program) {
    const known = programs.map((p) => p.programId).join(', ');
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
