/**
 * How the functions get the district's own profiles and crosswalks on AWS:
 * the validated document (shared/config/district-files.ts) is written next
 * to the cloud assembly at synth and copied into every function's bundle, and
 * `LABLINK_DISTRICT_FILES` names it inside the function. No bucket read, so no
 * grant and no cold-start request; the files change only with a deployment,
 * and the bundle's hash changes with them, so a function never runs with
 * another version of them than the one synthesized.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stage } from 'aws-cdk-lib';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import {
  DISTRICT_FILES_ENV,
  DISTRICT_FILES_NAME,
  type DistrictFiles,
} from '../shared/config/district-files';

/** Where Lambda unpacks a function's bundle (zip packages). */
export const LAMBDA_TASK_ROOT = '/var/task';

/** The document's path inside a deployed function. */
export const DISTRICT_FILES_IN_BUNDLE = `${LAMBDA_TASK_ROOT}/${DISTRICT_FILES_NAME}`;

export interface StagedDistrictFiles {
  /** The variable every function gets. */
  readonly environment: Record<string, string>;
  /** Copies the staged document into each bundle after esbuild. */
  readonly commandHooks: nodejs.ICommandHooks;
}

const hasFiles = (files?: DistrictFiles): files is DistrictFiles =>
  files !== undefined && files.profiles.length + files.crosswalks.length > 0;

/**
 * Writes `files` under the assembly's folder and returns what each function
 * needs to carry it; undefined when the district has no files of its own.
 */
export function stageDistrictFiles(
  scope: Construct,
  files: DistrictFiles | undefined,
): StagedDistrictFiles | undefined {
  if (!hasFiles(files)) return undefined;
  const text = `${JSON.stringify(files)}\n`;
  const digest = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const outdir = Stage.of(scope)?.outdir ?? process.cwd();
  const dir = path.join(outdir, 'lablink-district-files');
  mkdirSync(dir, { recursive: true });
  const staged = path.join(dir, `${digest}.json`);
  writeFileSync(staged, text);
  return {
    environment: { [DISTRICT_FILES_ENV]: DISTRICT_FILES_IN_BUNDLE },
    // Note: `cp` needs a POSIX shell, which local esbuild bundling runs through already.
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir, outputDir) => [
        `cp ${JSON.stringify(staged)} ${JSON.stringify(path.join(outputDir, DISTRICT_FILES_NAME))}`,
      ],
    },
  };
}
