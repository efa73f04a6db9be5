/**
 * The handlers' environment a district configuration implies. The CDK stack
 * puts it on every function and the local stack on its process, so both run
 * the same settings from the same file.
 */
import type { DistrictConfig } from './district.js';
import { DISTRICT_FILES_ENV } from './district-files.js';

/** Variables the handlers read; each is optional and has a default. */
export const CONFIG_ENV = {
  timeZone: 'LABLINK_TIME_ZONE',
  masteryPolicy: 'LABLINK_MASTERY_POLICY',
  evidenceRetentionDays: 'LABLINK_EVIDENCE_RETENTION_DAYS',
  auditRetentionDays: 'LABLINK_AUDIT_RETENTION_DAYS',
  programs: 'LABLINK_PROGRAMS',
  usageTargetMinutesPerWeek: 'LABLINK_USAGE_TARGET_MINUTES_PER_WEEK',
  /** The path of the district's profiles and crosswalks (district-files.ts). */
  districtFiles: DISTRICT_FILES_ENV,
} as const;

/** Lambda's limit on all variables of a function together. */
export const MAX_ENVIRONMENT_BYTES = 4 * 1024;

/**
 * `districtFilesPath` is where the functions find the district's profiles and
 * crosswalks: inside each bundle on AWS, under the home locally. Only the path
 * travels in the environment; the files would not fit.
 */
export function configEnvironment(
  config: DistrictConfig,
  districtFilesPath?: string,
): Record<string, string> {
  const env: Record<string, string> = {
    [CONFIG_ENV.timeZone]: config.district.timeZone,
    [CONFIG_ENV.evidenceRetentionDays]: String(config.retention.evidenceDays),
    [CONFIG_ENV.auditRetentionDays]: String(config.retention.auditDays),
    [CONFIG_ENV.usageTargetMinutesPerWeek]: String(config.usage.weeklyMinutesTarget),
    [CONFIG_ENV.programs]: JSON.stringify(
      config.programs.map((p) => ({
        programId: p.programId,
        name: p.name,
        vendor: p.vendor,
        profileId: p.profile,
        crosswalkId: p.crosswalk,
        weeklyMinutesTarget: p.weeklyMinutesTarget,
      })),
    ),
  };
  if (config.mastery) env[CONFIG_ENV.masteryPolicy] = JSON.stringify(config.mastery);
  if (districtFilesPath) env[CONFIG_ENV.districtFiles] = districtFilesPath;
  const bytes = Buffer.byteLength(JSON.stringify(env));
  if (bytes > MAX_ENVIRONMENT_BYTES / 2) {
    // Half the limit leaves room for the stack's own variables.
    throw new Error(
      `the district configuration needs ${bytes} bytes of function environment; ` +
        `shorten program names or move per-standard mastery policies to fewer entries`,
    );
  }
  return env;
}
