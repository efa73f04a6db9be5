/**
 * Reads a district configuration file, YAML or JSON (JSON is YAML), and
 * validates it. Every problem comes back as `file:line:column: path: problem`
 * with the fix, all at once, so one round of edits clears them.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { crosswalkServes, listBuiltinCrosswalks } from '../crosswalks/index.js';
import { checkedCrosswalk } from '../crosswalks/builtin.js';
import { listBuiltinProfiles } from '../profiles/index.js';
import { ConfigError } from '../errors.js';
import { DistrictConfig } from './district.js';
import { EMPTY_DISTRICT_FILES, type DistrictFiles } from './district-files.js';
import { resolveDistrictFiles } from './resolve-files.js';

/** A configuration and the district files it names, validated together. */
export interface DistrictSetup {
  config: DistrictConfig;
  /** The document the functions read (`LABLINK_DISTRICT_FILES`). */
  files: DistrictFiles;
}

export interface ConfigProblem {
  line?: number;
  column?: number;
  path: string;
  message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .slice(1);
}

/** The line and column of the closest node at `path` that exists. */
function locate(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  message: string,
): ConfigProblem {
  // A missing key has no line of its own: its parent's line is where to add it.
  let at = [...path];
  let node = doc.getIn(at, true);
  while (!isNode(node) && at.length > 0) {
    at = at.slice(0, -1);
    node = at.length ? doc.getIn(at, true) : doc.contents;
  }
  const offset = isNode(node) ? node.range?.[0] : undefined;
  const pos = offset === undefined ? undefined : lineCounter.linePos(offset);
  return { line: pos?.line, column: pos?.col, path: formatPath(path), message };
}

/**
 * Names that must exist beyond the schema: each program's profile and
 * crosswalk, builtin or the district's own, and a crosswalk meant for it.
 */
function checkReferences(
  config: DistrictConfig,
  files: DistrictFiles,
  broken: ReadonlySet<string>,
): { path: PropertyKey[]; message: string }[] {
  const profiles = [
    ...files.profiles.map((p) => p.id),
    ...listBuiltinProfiles().map((p) => p.id),
  ].sort();
  const own = new Map(files.crosswalks.map((c) => [c.id, c] as const));
  const crosswalks = [...own.keys(), ...listBuiltinCrosswalks()].sort();
  const problems: { path: PropertyKey[]; message: string }[] = [];
  config.programs.forEach((program, i) => {
    if (!profiles.includes(program.profile) && !broken.has(program.profile)) {
      problems.push({
        path: ['programs', i, 'profile'],
        message: `unknown profile "${program.profile}"; use one of ${profiles.join(', ')}, or add its file under profiles`,
      });
    }
    if (!program.crosswalk || broken.has(program.crosswalk)) return;
    if (!crosswalks.includes(program.crosswalk)) {
      problems.push({
        path: ['programs', i, 'crosswalk'],
        message: `unknown crosswalk "${program.crosswalk}"; use one of ${crosswalks.join(', ')}, or add its file under crosswalks`,
      });
      return;
    }
    const entry = own.get(program.crosswalk);
    const crosswalk = entry ? checkedCrosswalk(entry.crosswalk, entry.file) : undefined;
    if (crosswalk && !crosswalkServes(crosswalk, program.programId)) {
      problems.push({
        path: ['programs', i, 'crosswalk'],
        message:
          `crosswalk "${crosswalk.id}" is for program "${crosswalk.programId}"; set its ` +
          `programId to "${program.programId}" (or add it to sharedWith) in ${entry?.file}`,
      });
    }
  });
  return problems;
}

/** Parses and validates the text of a configuration file named `fileName`. */
export function parseDistrictConfig(
  text: string,
  fileName: string,
  baseDir: string = dirname(fileName),
): DistrictConfig {
  return parseDistrictSetup(text, fileName, baseDir).config;
}

/**
 * Parses and validates a configuration and the profile and crosswalk files it
 * names (relative to `baseDir`, by default the configuration's folder).
 */
export function parseDistrictSetup(
  text: string,
  fileName: string,
  baseDir: string = dirname(fileName),
): DistrictSetup {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problems: ConfigProblem[] = doc.errors.map((e) => {
    const at = lineCounter.linePos(e.pos[0]);
    return {
      line: at.line,
      column: at.col,
      path: '',
      message:
        `${e.message.split('\n')[0] as string}; fix the YAML here or just above ` +
        '(indentation, a missing colon or quote)',
    };
  });

  const fileLines: string[] = [];
  if (problems.length === 0) {
    const result = DistrictConfig.safeParse(doc.toJS());
    if (result.success) {
      const resolved =
        result.data.profiles.length + result.data.crosswalks.length > 0
          ? resolveDistrictFiles(result.data, baseDir)
          : {
              files: EMPTY_DISTRICT_FILES,
              references: [],
              lines: [],
              broken: new Set<string>(),
            };
      fileLines.push(...resolved.lines);
      for (const ref of [
        ...resolved.references,
        ...checkReferences(result.data, resolved.files, resolved.broken),
      ]) {
        problems.push(locate(doc, lineCounter, ref.path, ref.message));
      }
      if (problems.length === 0 && fileLines.length === 0) {
        return { config: result.data, files: resolved.files };
      }
    } else {
      for (const issue of result.error.issues) {
        const key = issue.path[issue.path.length - 1];
        const missing =
          issue.code === 'invalid_type' && issue.message.endsWith('received undefined');
        const message = missing
          ? `required; add "${String(key)}:" here`
          : issue.code === 'unrecognized_keys'
            ? `${issue.message}; remove it or check its spelling against config/district.example.yaml`
            : issue.message;
        problems.push(locate(doc, lineCounter, issue.path, message));
      }
    }
  }

  const lines = problems.map(
    (p) =>
      `${fileName}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.path ? `${p.path}: ` : ''}${p.message}`,
  );
  lines.push(...fileLines);
  throw new ConfigError(
    `${fileName} is not a valid district configuration:\n${lines.join('\n')}`,
    { file: fileName, problems, fileProblems: fileLines },
  );
}

export function loadDistrictConfig(path: string): DistrictConfig {
  return loadDistrictSetup(path).config;
}

/** The configuration at `path` and the district files it names, validated. */
export function loadDistrictSetup(path: string): DistrictSetup {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${path}: cannot read the district configuration (${(error as Error).message}); ` +
        'give the path of a YAML or JSON file, e.g. config/district.example.yaml',
      { file: path },
      { cause: error },
    );
  }
  return parseDistrictSetup(text, path);
}
