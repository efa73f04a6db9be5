/**
 * The standards catalog: every framework file of `data/standards/`, as
 * Standard records with short codes and parent links. Frameworks are data:
 * a district adds one as a JSON file of the same shape, listed in
 * builtin.ts (imported, so Lambda bundles carry it), or read from a folder.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_FRAMEWORK_FILES } from './builtin.js';
import { z } from 'zod';
import { Standard } from '../model.js';
import { parseConfig, parseJsonConfig } from '../profiles/config-issues.js';
import { ConfigError } from '../errors.js';

/** The folder of the builtin framework files (for tools; handlers use the imports). */
export const STANDARDS_DIR = join(__dirname, '..', '..', 'data', 'standards');

/** Marks the builtin catalog, which comes from imports rather than a folder. */
const BUILTIN = '(builtin)';

/**
 * One framework file: the chihtu/ccssmath layout (corestandards.org items).
 * `framework` may be given; otherwise it is read from keys such as
 * `CCSS.MATH.CONTENT.3.NF.A.1` (everything before `CONTENT` or `PRACTICE`).
 */
export const CatalogFile = z.object({
  framework: z.string().min(1).optional(),
  standards: z.array(
    z.object({
      standard: z.object({
        key: z.string().min(1),
        type: z.enum(['standard', 'substandard', 'cluster']),
        gradelevel: z.string().min(1),
        domain: z.string(),
        category: z.string().default(''),
        details: z.string(),
      }),
    }),
  ),
});
export type CatalogFile = z.infer<typeof CatalogFile>;

const SECTION = /^(.*?)\.(CONTENT|PRACTICE)\.(.+)$/i;
const PRACTICE_DOMAIN = 'MP';

/** Standard records from one framework file; domains are added from the clusters. */
export function parseCatalogFile(json: unknown, fileName: string): Standard[] {
  const file = parseConfig(CatalogFile, parseJsonConfig(json, fileName), fileName, {});
  const byCode = new Map<string, Standard>();

  file.standards.forEach(({ standard: item }, index) => {
    const split = SECTION.exec(item.key);
    const framework = file.framework ?? split?.[1];
    if (!framework || !split) {
      throw new ConfigError(
        `${fileName}: standards[${index}].standard.key: "${item.key}" has no CONTENT or ` +
          'PRACTICE section; give the file a top-level "framework" and keys like ' +
          '"<framework>.CONTENT.<code>"',
        { file: fileName },
      );
    }
    const code = split[3]!;
    if (byCode.has(code)) {
      throw new ConfigError(
        `${fileName}: standards[${index}]: code ${code} appears twice`,
        {
          file: fileName,
        },
      );
    }
    const practice = split[2]!.toUpperCase() === 'PRACTICE';
    const segments = code.split('.');
    const domainCode = practice ? PRACTICE_DOMAIN : segments.slice(0, 2).join('.');
    const record: Standard = {
      code,
      framework: framework.toUpperCase(),
      kind: practice ? 'practice' : item.type,
      grade: item.gradelevel,
      domain: item.domain,
      description: item.details.trim(),
    };
    if (!practice)
      record.parent =
        item.type === 'cluster' ? domainCode : segments.slice(0, -1).join('.');
    byCode.set(code, Standard.parse(record));

    if (item.type === 'cluster' && !practice && !byCode.has(domainCode)) {
      byCode.set(domainCode, {
        code: domainCode,
        framework: record.framework,
        kind: 'domain',
        grade: item.gradelevel,
        domain: item.domain,
        description: item.category || item.domain,
      });
    }
  });
  return [...byCode.values()];
}

const cache = new Map<string, readonly Standard[]>();

/**
 * Every standard of every framework file in `dir` (the builtin catalog by
 * default). Read once per process; codes must be unique across files.
 */
export function loadCatalog(dir: string = BUILTIN): readonly Standard[] {
  const cached = cache.get(dir);
  if (cached) return cached;

  const standards: Standard[] = [];
  const seen = new Map<string, string>();
  const files: [string, unknown][] =
    dir === BUILTIN
      ? Object.entries(BUILTIN_FRAMEWORK_FILES)
      : readdirSync(dir)
          .filter((name) => name.endsWith('.json'))
          .sort()
          .map((name) => [name, readFileSync(join(dir, name), 'utf8')]);
  for (const [name, content] of files) {
    const fileName = `standards/${name}`;
    for (const standard of parseCatalogFile(content, fileName)) {
      const other = seen.get(standard.code);
      if (other) {
        throw new ConfigError(
          `${fileName}: code ${standard.code} is also in ${other}; codes must be unique ` +
            "across frameworks, so prefix one framework's codes",
          { file: fileName, code: standard.code },
        );
      }
      seen.set(standard.code, fileName);
      standards.push(standard);
    }
  }
  const frozen = Object.freeze(standards);
  cache.set(dir, frozen);
  return frozen;
}
