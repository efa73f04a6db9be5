/**
 * Turns zod issues on a configuration file (profile, crosswalk) into one
 * ConfigError a district admin can act on: file, JSON path, what is wrong and
 * how to fix it.
 */
import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/** How to fix a problem at a JSON path, keyed by the path (`columns.score`). */
export type FixHints = Readonly<Record<string, string>>;

/** Issues listed in the message; all of them stay in `details.issues`. */
const MAX_ISSUES_IN_MESSAGE = 5;

export interface ConfigIssue {
  path: string;
  message: string;
  fix?: string;
}

/** `columns.score`, `mappings[2].standards[0]`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssue(issue: z.core.$ZodIssue, hints: FixHints): ConfigIssue {
  const path = formatPath(issue.path);
  // With `reportInput`, an absent key is an issue whose input is undefined.
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_union') &&
    issue.input === undefined;
  let message = missing ? 'required' : issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    message = `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${keys}`;
  }
  const customFix =
    issue.code === 'custom'
      ? (issue.params as { fix?: string } | undefined)?.fix
      : undefined;
  const fix =
    customFix ??
    (issue.code === 'unrecognized_keys'
      ? (hints[`${path}.*`] ?? 'remove it or correct its spelling')
      : hints[path]);
  return fix === undefined ? { path, message } : { path, message, fix };
}

export function configIssueLine(fileName: string, issue: ConfigIssue): string {
  return `${fileName}: ${issue.path}: ${issue.message}${issue.fix ? `; ${issue.fix}` : ''}`;
}

/** One error for every issue; the message lists the first few, one a line. */
export function configError(
  fileName: string,
  issues: readonly ConfigIssue[],
  cause?: unknown,
): ConfigError {
  const lines = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((i) => configIssueLine(fileName, i));
  if (issues.length > MAX_ISSUES_IN_MESSAGE) {
    lines.push(`${fileName}: and ${issues.length - MAX_ISSUES_IN_MESSAGE} more issues`);
  }
  return new ConfigError(lines.join('\n'), { file: fileName, issues }, { cause });
}

/** Parses a JSON text, or passes an already parsed value through. */
export function parseJsonConfig(json: unknown, fileName: string): unknown {
  if (typeof json !== 'string') return json;
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    throw configError(
      fileName,
      [{ path: '(root)', message: `not valid JSON (${(error as Error).message})` }],
      error,
    );
  }
}

/** Validates `value` with `schema`, or throws a ConfigError naming every issue. */
export function parseConfig<T extends z.ZodType>(
  schema: T,
  value: unknown,
  fileName: string,
  hints: FixHints,
): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => describeIssue(issue, hints));
  throw configError(fileName, issues, result.error);
}
