/**
 * The content catalog: per program, the vendor's assignable content with the
 * standards it teaches. Files under `data/catalogs/` are imported (so Lambda
 * bundles carry them) and validated once; what ingestion has seen extends
 * them with the items evidence names.
 */
import assistments from '../../data/catalogs/assistments.json';
import { ConfigError } from '../errors.js';
import type { Evidence } from '../model.js';
import { normalizeStandardCode } from '../standards/index.js';
import { ContentCatalogFile, type ContentItem, type ProgramContent } from './schema.js';

export const BUILTIN_CATALOG_FILES: Readonly<Record<string, unknown>> = {
  assistments,
};

/**
 * Minutes assumed for an item only evidence has named (no catalog entry): a
 * single problem or activity, about one sitting's short task.
 */
export const OBSERVED_ITEM_MINUTES = 5;

/** Budget of a program with no catalog file, minutes per week. */
export const DEFAULT_WEEKLY_MINUTES = 60;

/** Validates a catalog file; standards must be catalog codes. */
export function parseContentCatalog(json: unknown, name: string): ProgramContent {
  const parsed = ContentCatalogFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new ConfigError(`catalogs/${name}: ${issues}`, { file: name });
  }
  const file = parsed.data;
  const items = file.items.map((item, i) => ({
    ...item,
    standards: item.standards.map((code, j) => {
      const result = normalizeStandardCode(code);
      if (!result.ok) {
        throw new ConfigError(
          `catalogs/${name}: items.${i}.standards.${j} "${code}": ${result.reason}`,
          { file: name },
        );
      }
      return result.code;
    }),
  }));
  return { programId: file.programId, weeklyMinutes: file.weeklyMinutes, items };
}

let builtin: Map<string, ProgramContent> | undefined;

/** Every builtin program's content, by program id. */
export function loadContentCatalog(): ReadonlyMap<string, ProgramContent> {
  builtin ??= new Map(
    Object.entries(BUILTIN_CATALOG_FILES).map(([name, json]) => {
      const content = parseContentCatalog(json, `${name}.json`);
      return [content.programId, content];
    }),
  );
  return builtin;
}

/**
 * The catalog extended by evidence: an item id a program reported with
 * standards, and no catalog entry, becomes an item with provenance
 * `evidence`. Items are sorted by id so planning never depends on the order
 * evidence was read in.
 */
export function extendFromEvidence(
  catalog: ReadonlyMap<string, ProgramContent>,
  evidence: Iterable<Evidence>,
): Map<string, ProgramContent> {
  const out = new Map<string, ProgramContent>();
  for (const [id, content] of catalog)
    out.set(id, { ...content, items: [...content.items] });
  const known = new Set(
    [...out.values()].flatMap((c) => c.items.map((i) => `${c.programId}|${i.contentId}`)),
  );
  const seen = new Map<string, { programId: string; item: ContentItem; count: number }>();

  for (const e of evidence) {
    if (e.standards.length === 0 || e.status === 'usage') continue;
    const key = `${e.programId}|${e.itemId}`;
    if (known.has(key)) continue;
    const entry = seen.get(key);
    if (entry) {
      entry.count += 1;
      for (const s of e.standards)
        if (!entry.item.standards.includes(s)) entry.item.standards.push(s);
      continue;
    }
    seen.set(key, {
      programId: e.programId,
      count: 1,
      item: {
        contentId: e.itemId,
        title: e.vendorSkill ? `${e.vendorSkill} item ${e.itemId}` : `item ${e.itemId}`,
        kind: 'observed_item',
        standards: [...e.standards],
        grade: '',
        estimatedMinutes: OBSERVED_ITEM_MINUTES,
        provenance: { source: 'evidence' },
      },
    });
  }

  for (const { programId, item, count } of seen.values()) {
    const content = out.get(programId) ?? {
      programId,
      weeklyMinutes: DEFAULT_WEEKLY_MINUTES,
      items: [],
    };
    item.standards.sort();
    item.provenance.note = `seen in ${count} evidence records; minutes assumed`;
    content.items.push(item);
    out.set(programId, content);
  }
  for (const content of out.values()) {
    content.items.sort((a, b) =>
      a.contentId < b.contentId ? -1 : a.contentId > b.contentId ? 1 : 0,
    );
  }
  return out;
}
