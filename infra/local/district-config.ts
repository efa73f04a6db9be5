/**
 * The district configuration on the local stack, applied as the CDK stack
 * applies it to each function: the same environment, and the district's
 * profiles and crosswalks as one validated document the handlers read from
 * `LABLINK_DISTRICT_FILES` (written here under the home, where the CDK stack
 * puts it inside each bundle).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DISTRICT_FILES_NAME } from '../../shared/config/district-files.js';
import type { DistrictConfig } from '../../shared/config/district.js';
import { configEnvironment } from '../../shared/config/environment.js';
import { loadDistrictSetup } from '../../shared/config/load.js';

/**
 * The demo district's own configuration (its i-Ready lesson crosswalk and
 * day-first profile): what `npm start` and the CLI use without LABLINK_CONFIG.
 */
export const DEMO_DISTRICT_CONFIG = resolve('data/demo/district/district.yaml');

/** LABLINK_CONFIG when set, else the demo district's configuration. */
export function localConfigPath(): string {
  return process.env.LABLINK_CONFIG || DEMO_DISTRICT_CONFIG;
}

export interface AppliedConfig {
  config: DistrictConfig;
  /** The variables set on this process (the handlers' environment). */
  env: Record<string, string>;
}

/**
 * Validates the configuration at `file` with its files, writes the district
 * files under `dir` and sets the handlers' variables on this process. Call it
 * before any handler runs: programs and files are read once per process.
 */
export function applyDistrictConfig(file: string, dir: string): AppliedConfig {
  const { config, files } = loadDistrictSetup(file);
  let filesPath: string | undefined;
  if (files.profiles.length + files.crosswalks.length > 0) {
    mkdirSync(dir, { recursive: true });
    filesPath = join(resolve(dir), DISTRICT_FILES_NAME);
    writeFileSync(filesPath, `${JSON.stringify(files)}\n`);
  }
  const env = configEnvironment(config, filesPath);
  Object.assign(process.env, env);
  return { config, env };
}
