/**
 * Reads a district configuration file, YAML or JSON (JSON is YAML), and
 * validates it. Every problem comes back as `file:line:column: path: problem`
 * with the fix, all at once, so one round of edits clears them.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { listBuiltinCrosswalks } from '../crosswalks/index.js';
import { listBuiltinProfiles } from '../profiles/index.js';
import { ConfigError } from '../errors.js';
import { DistrictConfig } from './district.js';

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

/** Names that must exist beyond the schema: profiles and crosswalks. */
function checkReferences(
  config: DistrictConfig,
): { path: PropertyKey[]; message: string }[] {
  const profiles = listBuiltinProfiles().map((p) => p.id);
  const crosswalks = listBuiltinCrosswalks();
  const problems: { path: PropertyKey[]; message: string }[] = [];
  config.programs.forEach((program, i) => {
    if (!profiles.includes(program.profile)) {
      problems.push({
        path: ['programs', i, 'profile'],
        message: `unknown profile "${program.profile}"; use one of ${profiles.join(', ')}`,
      });
    }
    if (program.crosswalk && !crosswalks.includes(program.crosswalk)) {
      problems.push({
        path: ['programs', i, 'crosswalk'],
        message: `unknown crosswalk "${program.crosswalk}"; use one of ${crosswalks.join(', ')}`,
      });
    }
  });
  return problems;
}

/** Parses and validates the text of a configuration file named `fileName`. */
export function parseDistrictConfig(text: string, fileName: string): DistrictConfig {
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

  if (problems.length === 0) {
    const result = DistrictConfig.safeParse(doc.toJS());
    if (result.success) {
      for (const ref of checkReferences(result.data)) {
        problems.push(locate(doc, lineCounter, ref.path, ref.message));
      }
      if (problems.length === 0) return result.data;
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
  throw new ConfigError(
    `${fileName} is not a valid district configuration:\n${lines.join('\n')}`,
    {
      file: fileName,
      problems,
    },
  );
}

export function loadDistrictConfig(path: string): DistrictConfig {
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
  return parseDistrictConfig(text, path);
}
