/**
 * What the rollup needs from storage beyond the shared `MasteryStore` port:
 * the incremental state behind each mastery state, a ledger of the evidence
 * already applied, narrow evidence reads, group rollups and BKT fits.
 */
import { z } from 'zod';
import { Id, IsoInstant, MasteryLevel, MasteryState } from '../model.js';
import type { Evidence } from '../model.js';
import type { MasteryStore } from '../ports.js';
import { StoredMethodState } from '../mastery/stored.js';
import type { ClassGridPage } from '../reports/grid-document.js';
import type {
  RecentEvidenceEntry,
  RecentEvidenceSummary,
} from '../reports/recent-evidence.js';

/**
 * A student's state on a standard with what it was computed from. States
 * written before incremental updates lack `policy` and `incremental`; the
 * next evidence on them recomputes.
 */
export const StoredMastery = MasteryState.extend({
  /** The policy used, parameters included, so a reader knows how. */
  policy: z.record(z.string(), z.unknown()).optional(),
  /** Where the policy came from: the standard, its subject, the district. */
  policyFrom: z.enum(['standard', 'subject', 'district']).optional(),
  /** True when bkt used the district's stored fit for the standard. */
  fitted: z.boolean().default(false),
  /** What the method needs to apply the next evidence in O(1). */
  incremental: StoredMethodState.optional(),
  /** Programs whose evidence counts in the value (for program rollups). */
  programs: z.array(Id).default([]),
});
export type StoredMastery = z.infer<typeof StoredMastery>;

/**
 * One evidence version applied to mastery: a later version with another
 * content hash is a regrade or void that recomputes; the same hash is a
 * redelivery that changes nothing.
 */
export const AppliedEvidence = z.object({
  evidenceId: Id,
  contentHash: z.string(),
  standards: z.array(z.string()),
});
export type AppliedEvidence = z.infer<typeof AppliedEvidence>;

export const ROLLUP_SCOPES = ['class', 'school', 'program', 'district'] as const;
export type RollupScope = (typeof ROLLUP_SCOPES)[number];

/** A group's distribution on one standard (or a cluster or domain above it). */
export const GroupRollup = z.object({
  scope: z.enum(ROLLUP_SCOPES),
  /** Class, school or program id; `district` for the district. */
  scopeId: Id,
  standard: z.string(),
  /** `standard` for evidence-level codes; else the catalog kind of a parent. */
  kind: z.enum(['standard', 'substandard', 'cluster', 'domain', 'practice']),
  /** Students counted: enrolled for class and school, with evidence otherwise. */
  studentCount: z.number().int().nonnegative(),
  levels: z.record(MasteryLevel, z.number().int().nonnegative()),
  mean: z.number().min(0).max(1).optional(),
  computedAt: IsoInstant,
});
export type GroupRollup = z.infer<typeof GroupRollup>;

export const StoredBktFit = z.object({
  standard: z.string(),
  params: z.object({
    prior: z.number(),
    learn: z.number(),
    guess: z.number(),
    slip: z.number(),
    forget: z.number(),
  }),
  fitted: z.boolean(),
  reason: z.string().optional(),
  responses: z.number().int().nonnegative(),
  sequences: z.number().int().nonnegative(),
  logLikelihood: z.number().optional(),
  fittedAt: IsoInstant,
});
export type StoredBktFit = z.infer<typeof StoredBktFit>;

/** A grid cell with the fields rollups group by. */
export type RollupCell = MasteryState & { programs?: string[] };

export interface MasteryLedger {
  getStoredMastery(studentId: string): Promise<StoredMastery[]>;
  getStoredMasteryOne(
    studentId: string,
    standard: string,
  ): Promise<StoredMastery | undefined>;
  /** Writes states and their cells in the classes given (cells carry programs). */
  putStoredMastery(
    states: readonly StoredMastery[],
    classIds: readonly string[],
  ): Promise<void>;
  getApplied(
    studentId: string,
    evidenceIds: readonly string[],
  ): Promise<AppliedEvidence[]>;
  putApplied(studentId: string, applied: readonly AppliedEvidence[]): Promise<void>;
  /** A student's evidence written by one run (accepted or replaced there). */
  listRunEvidence(studentId: string, runId: string): Promise<Evidence[]>;
  /** A student's evidence on one standard: the read behind a late recompute. */
  listStandardEvidence(studentId: string, standard: string): Promise<Evidence[]>;
  /** Every class with its school, from the class registry. */
  listClassSchools(): Promise<Map<string, string | undefined>>;
  /** Cells of a class whose standard code starts with `prefix` (all when empty). */
  listClassCells(classId: string, prefix?: string): Promise<RollupCell[]>;
  putGroupRollups(rollups: readonly GroupRollup[]): Promise<void>;
  listGroupRollups(scope: RollupScope, scopeId: string): Promise<GroupRollup[]>;
  putBktFits(fits: readonly StoredBktFit[]): Promise<void>;
  listBktFits(): Promise<StoredBktFit[]>;
}

export const isMasteryLedger = (store: unknown): store is MasteryLedger =>
  typeof (store as Partial<MasteryLedger>)?.getStoredMastery === 'function';

/** The mastery store the rollup needs: the shared port plus the ledger. */
export type RollupMasteryStore = MasteryStore & MasteryLedger;

/**
 * Writes the report documents the rollup path keeps current: a class's grid
 * pages and a student's recent-evidence summary. Optional: without it the
 * reports read the cells and the evidence history instead.
 */
export interface ReportDocumentWriter {
  /** The class revision (count of cell writes), read strongly before its cells. */
  getClassGridRevision(classId: string): Promise<number>;
  /** False when a build from a newer revision got there first. */
  putClassGrid(classId: string, pages: readonly ClassGridPage[]): Promise<boolean>;
  getRecentEvidence(
    studentId: string,
    consistent?: boolean,
  ): Promise<RecentEvidenceSummary | undefined>;
  /** False when the summary is no longer at `expectedRevision` (absent: not there). */
  putRecentEvidence(
    studentId: string,
    summary: { entries: readonly RecentEvidenceEntry[]; truncated: boolean },
    expectedRevision?: number,
  ): Promise<boolean>;
  /** The summary from the student's whole evidence history. */
  rebuildRecentEvidence(studentId: string): Promise<void>;
  /** The student's daily minutes (the usage report's) from the whole history. */
  rebuildDailyMinutes(studentId: string): Promise<void>;
}

export const isReportDocumentWriter = (store: unknown): store is ReportDocumentWriter =>
  typeof (store as Partial<ReportDocumentWriter>)?.putClassGrid === 'function';
