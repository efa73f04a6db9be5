/** GET /classes/{classId}/usage?from=&to=: minutes per student, program and week. */
import { DateTime } from 'luxon';
import { requireCapability } from '../shared/auth/access.js';
import { InvalidInputError } from '../shared/errors.js';
import { knownPrograms } from '../shared/programs.js';
import { ClassPath, UsageQuery } from '../shared/reports/routes.js';
import {
  classUsage,
  MAX_USAGE_RANGE_IN_DAYS,
  usageCsv,
} from '../shared/reports/usage.js';
import { readClassFor, reportDeps, reportHandler } from './lib/auth.js';
import { districtTimeZone, usageTargetMinutesPerWeek } from './lib/env.js';
import { nextPageLink, pathParams, queryParams, report, wantsCsv } from './lib/http.js';

/** The weekly targets the district configured per program. */
const programTargets = () =>
  Object.fromEntries(
    knownPrograms().flatMap((p) =>
      p.weeklyMinutesTarget ? [[p.programId, p.weeklyMinutesTarget]] : [],
    ),
  );

/**
 * The default range: four whole weeks, from the Monday three weeks before
 * the week of `to` (the last week is in progress when `to` is today). A
 * range that starts mid-week would show a first week cut short, and flag it.
 */
const DEFAULT_WEEKS = 4;

export const handler = reportHandler(async ({ event, principal, audit }) => {
  const { classId } = pathParams(event, ClassPath);
  const query = queryParams(event, UsageQuery);
  const timeZone = districtTimeZone();
  const to = query.to ?? (DateTime.now().setZone(timeZone).toISODate() as string);
  const from =
    query.from ??
    (DateTime.fromISO(to, { zone: 'utc' })
      .startOf('week')
      .minus({ weeks: DEFAULT_WEEKS - 1 })
      .toISODate() as string);
  const days = DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days;
  if (days < 0 || days > MAX_USAGE_RANGE_IN_DAYS) {
    // Name the end the caller did not send: a lone `from` a year back runs to today.
    const end = query.to === undefined ? `${to} (today, the default to)` : to;
    throw new InvalidInputError(
      `from: ${from} to ${end} is ${days} days; a usage range is at most ` +
        `${MAX_USAGE_RANGE_IN_DAYS} days: give ${query.to === undefined ? 'to as well' : 'a shorter range'}`,
      { field: 'from', from, to },
    );
  }
  requireCapability(principal, 'usage');
  const deps = reportDeps();
  // The class read the grid shares: its staff decide access, its students are the rows.
  const { studentIds } = await readClassFor(deps, principal, classId, 'usage');

  const csv = wantsCsv(event, query.format);
  const usage = await classUsage(
    { ...deps, daily: deps.mastery },
    classId,
    {
      from,
      to,
      timeZone,
      targetMinutesPerWeek: query.targetMinutes ?? usageTargetMinutesPerWeek(),
      programTargets: programTargets(),
      cursor: query.cursor,
      // The whole class in a CSV unless `limit` pages it (see get-class-mastery).
      limit: csv && query.limit === undefined ? Number.POSITIVE_INFINITY : query.limit,
    },
    studentIds,
  );
  await audit({ classId, studentCount: usage.students.length });
  return csv
    ? report(event, usage, {
        csv: { ...usageCsv(usage), filename: `class-${classId}-usage.csv` },
        headers: nextPageLink(event, usage.nextCursor),
      })
    : report(event, usage);
});
