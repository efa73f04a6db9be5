/**
 * Reads the profile and crosswalk files a district configuration names,
 * resolves each profile's `extends` and validates everything with the same
 * schemas as the builtin files. Problems come back as
 * `file:line:column: JSON path: problem; fix`, so the admin edits the right
 * line; the result is the document the functions read (district-files.ts).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { checkedCrosswalk, listBuiltinCrosswalks } from '../crosswalks/builtin.js';
import { ConfigError } from '../errors.js';
import { builtinProfileSource, listBuiltinProfiles } from '../profiles/builtin.js';
import type { ConfigIssue } from '../profiles/config-issues.js';
import { parseProfile } from '../profiles/schema.js';
import type {
  DistrictCrosswalkEntry,
  DistrictFiles,
  DistrictProfileEntry,
} from './district-files.js';

/** A problem with a reference in the configuration itself (`profiles[0]`). */
export interface ReferenceProblem {
  path: PropertyKey[];
  message: string;
}

export interface ResolvedDistrictFiles {
  files: DistrictFiles;
  /** Problems located in the configuration file. */
  references: ReferenceProblem[];
  /** Problems inside the named files, one formatted line each. */
  lines: string[];
  /** Ids of files with problems: a program naming one needs no second error. */
  broken: Set<string>;
}

interface SourceFile {
  /** As the configuration names it. */
  name: string;
  /** As a reader finds it from the working folder. */
  shown: string;
  value: Record<string, unknown>;
  doc: Document;
  lineCounter: LineCounter;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `override` on top of `base`: objects merge key by key, anything else
 * (a string, a list) replaces, and `null` removes the base's key.
 */
export function mergeProfile(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = mergeProfile(base[key], value);
  }
  return out;
}

/** `mappings[1].standards[0]` as path segments. */
function pathSegments(path: string): PropertyKey[] {
  if (path === '(root)') return [];
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] === undefined ? (m[1] as string) : Number(m[2]),
  );
}

/** `line:column` of the closest node at `path` the file has. */
function position(source: SourceFile, path: PropertyKey[]): string {
  let at = [...path];
  let node = source.doc.getIn(at, true);
  while (!isNode(node) && at.length > 0) {
    at = at.slice(0, -1);
    node = at.length ? source.doc.getIn(at, true) : source.doc.contents;
  }
  const offset = isNode(node) ? node.range?.[0] : undefined;
  if (offset === undefined) return '';
  const { line, col } = source.lineCounter.linePos(offset);
  return `:${line}:${col}`;
}

function issueLine(source: SourceFile, issue: ConfigIssue): string {
  const at = position(source, pathSegments(issue.path));
  return `${source.shown}${at}: ${issue.path}: ${issue.message}${issue.fix ? `; ${issue.fix}` : ''}`;
}

/** The file's JSON, or a problem naming why it cannot be read. */
function readSource(
  name: string,
  baseDir: string,
): { source: SourceFile } | { problem: string } {
  const path = resolve(baseDir, name);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      problem:
        `cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); ` +
        'give its path relative to the configuration file',
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = doc.errors[0] ? lineCounter.linePos(doc.errors[0].pos[0]) : undefined;
    return {
      problem:
        `${name}${at ? ` line ${at.line}` : ''} is not valid JSON ` +
        `(${(error as Error).message}); fix the file`,
    };
  }
  if (!isObject(value) || !isMap(doc.contents)) {
    return { problem: `${name} must hold one JSON object` };
  }
  const shown = relative(process.cwd(), path);
  return { source: { name, shown, value, doc, lineCounter } };
}

function issuesOf(error: unknown): ConfigIssue[] {
  if (!(error instanceof ConfigError)) throw error;
  return (
    (error.details.issues as ConfigIssue[] | undefined) ?? [
      { path: '(root)', message: error.message },
    ]
  );
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Reads, resolves and validates the files `config.profiles` and
 * `config.crosswalks` name, relative to `baseDir` (the configuration's folder).
 */
export function resolveDistrictFiles(
  refs: { profiles: readonly string[]; crosswalks: readonly string[] },
  baseDir: string,
): ResolvedDistrictFiles {
  const references: ReferenceProblem[] = [];
  const lines: string[] = [];
  const broken = new Set<string>();
  const builtinProfiles = new Set(listBuiltinProfiles().map((p) => p.id));
  const builtinCrosswalks = new Set(listBuiltinCrosswalks());

  // Profiles first by id, so one may extend another whatever their order.
  const sources = new Map<string, { source: SourceFile; index: number }>();
  refs.profiles.forEach((name, index) => {
    const read = readSource(name, baseDir);
    if ('problem' in read) {
      references.push({ path: ['profiles', index], message: read.problem });
      return;
    }
    const id = read.source.value.id;
    const problem =
      typeof id !== 'string' || !ID.test(id)
        ? `${name} needs an "id" of lower-case letters, digits and dashes`
        : builtinProfiles.has(id)
          ? `${name} uses the builtin profile id "${id}"; give the district's profile its own id, e.g. "${id}-district"`
          : sources.has(id)
            ? `${name} repeats the profile id "${id}" of ${sources.get(id)?.source.name}; each profile needs its own id`
            : undefined;
    if (problem) references.push({ path: ['profiles', index], message: problem });
    else sources.set(id as string, { source: read.source, index });
  });

  const merged = new Map<string, unknown>();
  const resolving = new Set<string>();
  /** The profile's JSON with every `extends` merged in, or undefined after a problem. */
  const resolveProfile = (id: string): unknown => {
    if (merged.has(id)) return merged.get(id);
    const entry = sources.get(id);
    if (!entry) return builtinProfileSource(id);
    const { extends: base, ...own } = entry.source.value;
    let value: unknown = own;
    if (base !== undefined) {
      const known =
        typeof base === 'string' && (builtinProfiles.has(base) || sources.has(base));
      if (!known || resolving.has(base)) {
        lines.push(
          issueLine(entry.source, {
            path: 'extends',
            message: known
              ? `"${base}" extends this profile in turn`
              : `unknown profile ${JSON.stringify(base)}`,
            fix: `extend a builtin profile (${[...builtinProfiles].join(', ')}) or another district profile`,
          }),
        );
        merged.set(id, undefined);
        return undefined;
      }
      resolving.add(id);
      const parent = resolveProfile(base);
      resolving.delete(id);
      if (parent === undefined) {
        merged.set(id, undefined);
        return undefined;
      }
      value = mergeProfile(parent, own);
    }
    merged.set(id, value);
    return value;
  };

  const profiles: DistrictProfileEntry[] = [];
  for (const [id, { source }] of sources) {
    const value = resolveProfile(id);
    if (value === undefined) {
      broken.add(id);
      continue;
    }
    try {
      parseProfile(value, source.name);
    } catch (error) {
      for (const issue of issuesOf(error)) lines.push(issueLine(source, issue));
      broken.add(id);
      continue;
    }
    const base = source.value.extends;
    profiles.push({
      id,
      file: source.name,
      ...(typeof base === 'string' ? { extends: base } : {}),
      profile: value,
    });
  }

  const crosswalks: DistrictCrosswalkEntry[] = [];
  const crosswalkFiles = new Map<string, string>();
  refs.crosswalks.forEach((name, index) => {
    const read = readSource(name, baseDir);
    if ('problem' in read) {
      references.push({ path: ['crosswalks', index], message: read.problem });
      return;
    }
    let id: string;
    try {
      id = checkedCrosswalk(read.source.value, name).id;
    } catch (error) {
      for (const issue of issuesOf(error)) lines.push(issueLine(read.source, issue));
      if (typeof read.source.value.id === 'string') broken.add(read.source.value.id);
      return;
    }
    const problem = builtinCrosswalks.has(id)
      ? `${name} uses the builtin crosswalk id "${id}"; give the district's crosswalk its own id`
      : crosswalkFiles.has(id)
        ? `${name} repeats the crosswalk id "${id}" of ${crosswalkFiles.get(id)}; each crosswalk needs its own id`
        : undefined;
    if (problem) {
      references.push({ path: ['crosswalks', index], message: problem });
      return;
    }
    crosswalkFiles.set(id, name);
    crosswalks.push({ id, file: name, crosswalk: read.source.value });
  });

  profiles.sort((a, b) => a.id.localeCompare(b.id));
  crosswalks.sort((a, b) => a.id.localeCompare(b.id));
  return { files: { version: 1, profiles, crosswalks }, references, lines, broken };
}
