/**
 * Applies a parsed OneRoster bundle: roster records to their items and the
 * identity index, enrollments to the class and student partitions, results
 * to evidence. A bulk file replaces what an earlier bundle stored for it; a
 * delta file applies its rows on top; `tobedeleted` removes.
 */
import type { Log } from '../log.js';
import type { Enrollment, Evidence, RunCounts } from '../model.js';
import type { EvidenceStore, HeldStore, RosterStore } from '../ports.js';
import { HeldBuffer, heldEvidence } from '../identity/held.js';
import { countMatch, emptyMatchRate, type MatchRate } from '../identity/match-rate.js';
import { identifiersOfUser } from '../identity/normalize.js';
import type { IdentityStore, RosterEntityStore } from '../identity/ports.js';
import { createStudentResolver } from '../identity/resolver.js';
import { ONEROSTER_PROGRAM_ID } from '../programs.js';
import { bundleFile, type Bundle } from './bundle.js';
import { readCsv } from './csv.js';
import { OneRosterBundleError } from './errors.js';
import {
  canonicalColumns,
  ENTITY_FILES,
  parseManifest,
  type EntityFile,
} from './files.js';
import {
  checkRow,
  ENROLLMENT_ROLES,
  isReject,
  type RosterRow,
  type RowReject,
} from './rows.js';
import {
  DEFAULT_GRADEBOOK_POLICY,
  resultToEvidence,
  standardCodes,
  type GradebookPolicy,
  type LineItemInfo,
} from './results.js';
import { UserIndexer } from './user-index.js';

export interface RosterImportDeps {
  roster: RosterStore;
  entities: RosterEntityStore;
  identity: IdentityStore;
  evidence: EvidenceStore;
  held?: HeldStore;
  log: Log;
  timeZone: string;
  gradebookPolicy?: GradebookPolicy;
  now?: () => Date;
}

export interface BundleOutcome {
  version: string;
  counts: RunCounts;
  /** Per file: rows, applied, deleted, rejected, removed (absent from bulk). */
  fileCounts: Record<string, Record<string, number>>;
  rejects: RowReject[];
  /** Students whose evidence changed, for the mastery recompute. */
  touchedStudents: Set<string>;
  matchRate: MatchRate;
  unknownStandards: string[];
}

/** Files whose records are applied only for storage (no side effects). */
const STORED_ONLY = new Set<EntityFile>([
  'orgs',
  'academicSessions',
  'courses',
  'roles',
  'demographics',
  'categories',
  'lineItemLearningObjectiveIds',
]);

export async function applyBundle(
  deps: RosterImportDeps,
  bundle: Bundle,
  run: { runId: string; sourceUri: string },
): Promise<BundleOutcome> {
  const manifestBytes = bundleFile(bundle, 'manifest');
  if (!manifestBytes) {
    throw new OneRosterBundleError({
      file: 'manifest.csv',
      message: `${bundle.name} has no manifest.csv`,
      fix: 'export the bundle with its manifest.csv (OneRoster 1.1 or 1.2)',
    });
  }
  const manifest = parseManifest(readCsv('manifest.csv', manifestBytes));
  const out: BundleOutcome = {
    version: manifest.version,
    counts: {
      parsed: 0,
      accepted: 0,
      replaced: 0,
      duplicates: 0,
      rejected: 0,
      held: 0,
      unwritten: 0,
    },
    fileCounts: {},
    rejects: [],
    touchedStudents: new Set(),
    matchRate: emptyMatchRate(),
    unknownStandards: [],
  };

  // Read and check every listed file before writing anything, so a bundle
  // with a missing file or column changes nothing.
  const tables = new Map<EntityFile, { file: string; rows: (RosterRow | RowReject)[] }>();
  for (const kind of ENTITY_FILES) {
    const mode = manifest.files[kind] ?? 'absent';
    if (mode === 'absent') continue;
    const file = `${kind}.csv`;
    const bytes = bundleFile(bundle, kind);
    if (!bytes) {
      throw new OneRosterBundleError({
        file: 'manifest.csv',
        column: 'value',
        message: `file.${kind} is ${mode} but ${file} is not in the bundle`,
        fix: `add ${file} or mark file.${kind} absent`,
      });
    }
    const table = canonicalColumns(kind, readCsv(file, bytes));
    tables.set(kind, {
      file,
      rows: table.rows.map((r) => checkRow(kind, file, mode, r)),
    });
  }

  const lineItems = new Map<string, LineItemInfo>();
  const objectives = new Map<string, string[]>();
  for (const row of tables.get('lineItemLearningObjectiveIds')?.rows ?? []) {
    if (isReject(row) || row.deleted) continue;
    const list = objectives.get(row.sourcedId) ?? [];
    list.push(row.values.learningObjectiveId ?? '');
    objectives.set(row.sourcedId, list);
  }
  const deletedClasses = new Set<string>();
  for (const row of tables.get('classes')?.rows ?? []) {
    if (!isReject(row) && row.deleted) deletedClasses.add(row.sourcedId);
  }
  const users = new UserIndexer(deps, manifest.files.roles ?? 'absent');
  const resolve = createStudentResolver(deps.identity, ONEROSTER_PROGRAM_ID);
  const held = new HeldBuffer(deps.held);
  const heldAt = (deps.now?.() ?? new Date()).toISOString();
  const newEvidence: Evidence[] = [];

  const applyFile = async (
    kind: EntityFile,
    file: string,
    rows: (RosterRow | RowReject)[],
  ) => {
    const fc = {
      rows: rows.length,
      applied: 0,
      deleted: 0,
      rejected: 0,
      held: 0,
      removed: 0,
    };
    out.fileCounts[file] = fc;
    const reject = (r: RowReject) => {
      fc.rejected += 1;
      out.counts.rejected += 1;
      out.rejects.push(r);
    };
    const seen = new Set<string>();
    for (const checked of rows) {
      out.counts.parsed += 1;
      if (isReject(checked)) {
        reject(checked);
        continue;
      }
      const row = checked;
      seen.add(row.sourcedId);
      const stored = await deps.entities.getEntity(kind, row.sourcedId);
      if (row.deleted && stored) row.values = { ...stored.values, ...row.values };

      if (kind === 'users' && !row.deleted) {
        // Indexed and written once roles.csv and enrollments are applied too,
        // since they may be what says whether the user is a student.
        users.user(row, stored);
        fc.applied += 1;
        out.counts.accepted += 1;
        continue;
      }
      if (kind === 'users' && stored) {
        await deps.identity.deleteIdentifiers(
          row.sourcedId,
          identifiersOfUser(stored.values),
        );
      } else if (kind === 'roles') {
        users.role(row);
      } else if (kind === 'classes' && row.deleted) {
        await unenrollClass(deps, row.sourcedId);
      } else if (kind === 'enrollments') {
        const enrollment = enrollmentOf(row);
        if (!row.deleted && deletedClasses.has(row.values.classSourcedId ?? '')) {
          reject({
            file,
            row: row.row,
            column: 'classSourcedId',
            value: row.values.classSourcedId ?? '',
            reason: 'names a class that is tobedeleted in this bundle',
            fix: 'mark the enrollment tobedeleted too, or keep the class active',
          });
          continue;
        }
        if (enrollment && row.deleted)
          await deps.entities.deleteEnrollments([enrollment]);
        else if (enrollment) await deps.roster.putEnrollments([enrollment]);
        users.enrollment(row);
      } else if (kind === 'lineItems') {
        const inline = (row.values.learningObjectiveIds ?? '').split(',');
        const { codes, unknown } = standardCodes([
          ...inline,
          ...(objectives.get(row.sourcedId) ?? []),
        ]);
        out.unknownStandards.push(...unknown);
        row.values.standards = codes.join(',');
      } else if (kind === 'results') {
        const lineItem = await lineItemOf(
          deps,
          lineItems,
          row.values.lineItemSourcedId ?? '',
        );
        const mapped = resultToEvidence(row, file, lineItem, {
          programId: ONEROSTER_PROGRAM_ID,
          runId: run.runId,
          sourceUri: run.sourceUri,
          timeZone: deps.timeZone,
          policy: deps.gradebookPolicy ?? DEFAULT_GRADEBOOK_POLICY,
        });
        if ('reason' in mapped) {
          reject(mapped);
          continue;
        }
        const resolution = await resolve(mapped.studentId);
        countMatch(out.matchRate, mapped.studentId, resolution);
        if (!resolution.ok) {
          fc.held += 1;
          out.counts.held += 1;
          await held.add(heldEvidence(mapped, undefined, resolution.reason, heldAt));
          await deps.entities.putEntities([
            { kind, sourcedId: row.sourcedId, values: row.values, runId: run.runId },
          ]);
          continue;
        }
        newEvidence.push({ ...mapped, studentId: resolution.studentId });
      }

      if (row.deleted) {
        await deps.entities.deleteEntities(kind, [row.sourcedId]);
        fc.deleted += 1;
      } else {
        await deps.entities.putEntities([
          { kind, sourcedId: row.sourcedId, values: row.values, runId: run.runId },
        ]);
        fc.applied += 1;
      }
      if (kind !== 'results') out.counts.accepted += 1;
    }
    if (manifest.files[kind] === 'bulk' && !STORED_ONLY.has(kind)) {
      fc.removed = await removeAbsent(deps, kind, seen);
    }
  };

  for (const [kind, { file, rows }] of tables) {
    if (kind !== 'results') await applyFile(kind, file, rows);
  }
  // Before results, so a result of this bundle resolves a student it rosters.
  const indexed = await users.apply(run.runId);
  if (indexed.users > 0) out.fileCounts.identity = { ...indexed };
  const results = tables.get('results');
  if (results) await applyFile('results', results.file, results.rows);
  await held.flush();
  await writeEvidence(deps, newEvidence, out);
  return out;
}

function enrollmentOf(row: RosterRow): Enrollment | undefined {
  const role = ENROLLMENT_ROLES[(row.values.role ?? '').trim().toLowerCase()];
  if (!role) return undefined;
  return {
    classId: row.values.classSourcedId as string,
    userId: row.values.userSourcedId as string,
    role,
    ...(row.values.schoolSourcedId ? { schoolId: row.values.schoolSourcedId } : {}),
  };
}

async function unenrollClass(deps: RosterImportDeps, classId: string) {
  const students = await deps.roster.listClassStudents(classId);
  const staff = await deps.roster.listClassStaff(classId);
  await deps.entities.deleteEnrollments([
    ...students.map((userId) => ({ classId, userId, role: 'student' as const })),
    ...staff,
  ]);
}

async function lineItemOf(
  deps: RosterImportDeps,
  cache: Map<string, LineItemInfo>,
  id: string,
): Promise<LineItemInfo | undefined> {
  if (cache.has(id)) return cache.get(id);
  const stored = await deps.entities.getEntity('lineItems', id);
  const info = stored && {
    classSourcedId: stored.values.classSourcedId,
    resultValueMin: stored.values.resultValueMin,
    resultValueMax: stored.values.resultValueMax,
    standards: (stored.values.standards ?? '').split(',').filter(Boolean),
  };
  if (info) cache.set(id, info);
  return info;
}

/** Records a bulk file no longer lists are gone from the district's SIS. */
async function removeAbsent(deps: RosterImportDeps, kind: EntityFile, seen: Set<string>) {
  let removed = 0;
  for (const id of await deps.entities.listEntityIds(kind)) {
    if (seen.has(id)) continue;
    const stored = await deps.entities.getEntity(kind, id);
    if (kind === 'users' && stored) {
      await deps.identity.deleteIdentifiers(id, identifiersOfUser(stored.values));
    }
    if (kind === 'enrollments' && stored) {
      const e = enrollmentOf({
        kind,
        sourcedId: id,
        deleted: true,
        row: 0,
        values: stored.values,
      });
      if (e) await deps.entities.deleteEnrollments([e]);
    }
    if (kind === 'classes') await unenrollClass(deps, id);
    await deps.entities.deleteEntities(kind, [id]);
    removed += 1;
  }
  return removed;
}

async function writeEvidence(
  deps: RosterImportDeps,
  evidence: Evidence[],
  out: BundleOutcome,
) {
  const outcomes = evidence.length ? await deps.evidence.putEvidenceBatch(evidence) : [];
  outcomes.forEach((o, i) => {
    const e = evidence[i] as Evidence;
    if (o === 'duplicate' || o === 'stale') out.counts.duplicates += 1;
    else if (o === 'unwritten') out.counts.unwritten += 1;
    else {
      out.counts.accepted += 1;
      if (o === 'replaced') out.counts.replaced += 1;
      out.touchedStudents.add(e.studentId);
    }
  });
}
