/**
 * The hypothesis: does practice on a standard while the class is teaching it
 * (aligned) reach mastery faster than practice at other times? Each
 * (student, standard) sequence of timed, scored evidence in the period is a
 * practice episode; it is aligned when most of its opportunities fall on
 * days the student's class had the standard in its focus plan. Mastery is
 * BKT's P(known) reaching its threshold. Observational: see docs/assignments.md.
 */
import { DateTime } from 'luxon';
import { taughtOn, type FocusPlan } from '../focus/index.js';
import {
  DEFAULT_BKT_PARAMS,
  DEFAULT_BKT_THRESHOLD,
  bktStep,
  type BktParams,
} from '../mastery/index.js';
import type { Evidence } from '../model.js';
import { formatDecimal } from '../rounding.js';
import { seededRandom } from './random.js';
import { bootstrapInterval, cohensD, mean, median } from './stats.js';

/** Episodes that reached mastery, per group, below which no effect is reported. */
export const MIN_EPISODES_PER_GROUP = 30;
export const DEFAULT_BOOTSTRAP_SAMPLES = 1000;
export const DEFAULT_SEED = 20250317;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Episodes shorter than this say too little about a rate of learning. */
export const MIN_OPPORTUNITIES = 3;

export interface AlignmentOptions {
  from: string;
  to: string;
  zone: string;
  seed?: number;
  bootstrapSamples?: number;
  params?: BktParams;
  threshold?: number;
}

export interface Episode {
  studentId: string;
  standard: string;
  aligned: boolean;
  opportunities: number;
  opportunitiesToMastery?: number;
  daysToMastery?: number;
  gainPerWeek: number;
}

export interface GroupSummary {
  episodes: number;
  mastered: number;
  masteryRate: number;
  meanOpportunitiesToMastery?: number;
  medianDaysToMastery?: number;
  meanGainPerWeek?: number;
}

export interface AlignmentReport {
  from: string;
  to: string;
  method: string;
  aligned: GroupSummary;
  other: GroupSummary;
  /** Cohen's d on opportunities to mastery; positive = aligned practice was faster. */
  effectSize?: number;
  interval?: [number, number];
  minimumEpisodesPerGroup: number;
  excluded: { withoutTime: number; tooShort: number };
  summary: string;
}

/** Every zone offset in use is a multiple of 15 minutes, so days change only on these. */
const QUARTER_HOUR_MS = 15 * 60 * 1000;
const dayCache = new Map<string, Map<number, string>>();

/** The calendar date of an instant in `zone`, memoized per quarter hour (luxon per record is slow). */
function dayOf(at: string, zone: string): string {
  let days = dayCache.get(zone);
  if (!days) dayCache.set(zone, (days = new Map()));
  const quarter = Math.floor(Date.parse(at) / QUARTER_HOUR_MS);
  let day = days.get(quarter);
  if (day === undefined) {
    day = DateTime.fromMillis(quarter * QUARTER_HOUR_MS, { zone }).toISODate() as string;
    days.set(quarter, day);
  }
  return day;
}

function traceEpisode(
  items: Evidence[],
  aligned: boolean,
  options: AlignmentOptions,
): Omit<Episode, 'studentId' | 'standard'> {
  const params = options.params ?? DEFAULT_BKT_PARAMS;
  const threshold = options.threshold ?? DEFAULT_BKT_THRESHOLD;
  const first = Date.parse(items[0]?.occurredAt as string);
  let p = params.prior;
  let reached: number | undefined;
  let reachedAt: string | undefined;
  items.forEach((e, i) => {
    p = bktStep(params, p, e.score as number);
    if (reached === undefined && p >= threshold) {
      reached = i + 1;
      reachedAt = e.occurredAt;
    }
  });
  const last = Date.parse(items[items.length - 1]?.occurredAt as string);
  const spanDays = Math.max(1, (last - first) / DAY_MS);
  return {
    aligned,
    opportunities: items.length,
    opportunitiesToMastery: reached,
    daysToMastery: reachedAt ? (Date.parse(reachedAt) - first) / DAY_MS : undefined,
    gainPerWeek: ((p - params.prior) / spanDays) * 7,
  };
}

/** Practice episodes of the period, each marked aligned or not. */
export function episodesOf(
  evidence: readonly Evidence[],
  focusOf: (studentId: string) => readonly FocusPlan[],
  options: AlignmentOptions,
) {
  const excluded = { withoutTime: 0, tooShort: 0 };
  const days = new Map<Evidence, string>();
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    if (e.status !== 'scored') continue;
    if (!e.occurredAt) {
      excluded.withoutTime += 1;
      continue;
    }
    const day = dayOf(e.occurredAt, options.zone);
    if (day < options.from || day > options.to) continue;
    days.set(e, day);
    for (const standard of e.standards) {
      const key = `${e.studentId}\u0000${standard}`;
      const list = groups.get(key);
      if (list) list.push(e);
      else groups.set(key, [e]);
    }
  }

  const episodes: Episode[] = [];
  for (const key of [...groups.keys()].sort()) {
    const [studentId, standard] = key.split('\u0000') as [string, string];
    const items = (groups.get(key) as Evidence[]).sort(
      (a, b) =>
        Date.parse(a.occurredAt as string) - Date.parse(b.occurredAt as string) ||
        (a.sequence ?? 0) - (b.sequence ?? 0) ||
        (a.evidenceId < b.evidenceId ? -1 : a.evidenceId > b.evidenceId ? 1 : 0),
    );
    if (items.length < MIN_OPPORTUNITIES) {
      excluded.tooShort += 1;
      continue;
    }
    const plans = focusOf(studentId);
    const taught = items.filter((e) =>
      plans.some((plan) => taughtOn(plan, standard, days.get(e) as string)),
    ).length;
    episodes.push({
      studentId,
      standard,
      ...traceEpisode(items, taught * 2 > items.length, options),
    });
  }
  return { episodes, excluded };
}

function summarize(episodes: readonly Episode[]): GroupSummary {
  const mastered = episodes.filter((e) => e.opportunitiesToMastery !== undefined);
  const days = mastered.map((e) => e.daysToMastery as number);
  return {
    episodes: episodes.length,
    mastered: mastered.length,
    masteryRate: episodes.length ? mastered.length / episodes.length : 0,
    ...(mastered.length
      ? {
          meanOpportunitiesToMastery: mean(
            mastered.map((e) => e.opportunitiesToMastery as number),
          ),
          medianDaysToMastery: median(days),
        }
      : {}),
    ...(episodes.length
      ? { meanGainPerWeek: mean(episodes.map((e) => e.gainPerWeek)) }
      : {}),
  };
}

const f1 = (x: number | undefined) => (x === undefined ? 'n/a' : formatDecimal(x, 1));
const f2 = (x: number) => formatDecimal(x, 2);

function sentence(r: Omit<AlignmentReport, 'summary'>): string {
  const counts = `${r.aligned.mastered} aligned and ${r.other.mastered} other practice episodes reached mastery`;
  if (r.effectSize === undefined || !r.interval) {
    return (
      `Not enough evidence to compare: ${counts}; at least ${r.minimumEpisodesPerGroup} ` +
      'in each group are needed.'
    );
  }
  const [lo, hi] = r.interval;
  const finding =
    lo > 0
      ? 'Practice aligned with what the class was teaching reached mastery faster'
      : hi < 0
        ? 'Practice aligned with what the class was teaching reached mastery more slowly'
        : 'No clear difference between aligned and other practice';
  return (
    `${finding}: ${f1(r.aligned.meanOpportunitiesToMastery)} opportunities on average ` +
    `versus ${f1(r.other.meanOpportunitiesToMastery)} (effect size ${f2(r.effectSize)}, ` +
    `95% interval ${f2(lo)} to ${f2(hi)}; ${counts}). This compares what happened, ` +
    'not an experiment: classes that align practice may differ in other ways too.'
  );
}

/** The report for evidence and focus plans already read. */
export function analyzeAlignment(
  evidence: readonly Evidence[],
  focusOf: (studentId: string) => readonly FocusPlan[],
  options: AlignmentOptions,
): AlignmentReport {
  const { episodes, excluded } = episodesOf(evidence, focusOf, options);
  return alignmentReport(episodes, excluded, options);
}

/**
 * The report for episodes already traced, in the order `episodesOf` gives
 * them (by student, then standard): the bootstrap draws by position, so the
 * same episodes in the same order give the same interval.
 */
export function alignmentReport(
  episodes: readonly Episode[],
  excluded: AlignmentReport['excluded'],
  options: AlignmentOptions,
): AlignmentReport {
  const aligned = episodes.filter((e) => e.aligned);
  const other = episodes.filter((e) => !e.aligned);
  const toMastery = (es: readonly Episode[]) =>
    es.flatMap((e) =>
      e.opportunitiesToMastery === undefined ? [] : [e.opportunitiesToMastery],
    );
  const a = toMastery(aligned);
  const o = toMastery(other);
  const enough = a.length >= MIN_EPISODES_PER_GROUP && o.length >= MIN_EPISODES_PER_GROUP;
  const samples = options.bootstrapSamples ?? DEFAULT_BOOTSTRAP_SAMPLES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const report: Omit<AlignmentReport, 'summary'> = {
    from: options.from,
    to: options.to,
    method:
      "BKT P(known) >= threshold marks mastery; Cohen's d on opportunities to mastery " +
      `(other minus aligned, pooled SD); percentile bootstrap, ${samples} resamples`,
    aligned: summarize(aligned),
    other: summarize(other),
    ...(enough
      ? {
          effectSize: cohensD(o, a),
          ...(samples > 0
            ? { interval: bootstrapInterval(o, a, cohensD, samples, random) }
            : {}),
        }
      : {}),
    minimumEpisodesPerGroup: MIN_EPISODES_PER_GROUP,
    excluded,
  };
  return { ...report, summary: sentence(report) };
}
