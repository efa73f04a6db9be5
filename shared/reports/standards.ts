/** Standard codes as a report shows them: with grade, domain and description. */
import { InvalidInputError } from '../errors.js';
import { loadCatalog, normalizeStandardCode } from '../standards/index.js';
import type { Standard } from '../model.js';
import type { StandardSummary } from './schemas.js';

export type { StandardSummary } from './schemas.js';

let byCode: Map<string, Standard> | undefined;

/** Codes the catalog does not know are kept, without a description. */
export function describeStandards(codes: readonly string[]): StandardSummary[] {
  byCode ??= new Map(loadCatalog().map((s) => [s.code, s]));
  return codes.map((code) => {
    const s = byCode?.get(code);
    return s
      ? { code, grade: s.grade, domain: s.domain, description: s.description }
      : { code };
  });
}

/** The catalog code a caller asked for, or a 400-class error that says what to send. */
export function requireStandardCode(raw: string, field: string): string {
  const result = normalizeStandardCode(raw);
  if (result.ok) return result.code;
  const hint = result.suggestion ? `; did you mean ${result.suggestion}?` : '';
  throw new InvalidInputError(`${field}: ${result.reason}${hint}`, {
    field,
    value: raw,
    suggestion: result.suggestion,
  });
}

let grades: string[] | undefined;
let domains: { letters: Map<string, string>; names: Map<string, string> } | undefined;

/** The catalog's grades as it spells them (K-12, K, 1 ... 8, 9-12), in its order. */
export function catalogGrades(): readonly string[] {
  grades ??= [...new Set(loadCatalog().flatMap((s) => (s.grade ? [s.grade] : [])))];
  return grades;
}

/** The catalog's spelling of a grade (`k` is `K`), or undefined for none of them. */
export function catalogGrade(raw: string): string | undefined {
  return catalogGrades().find((g) => g.toLowerCase() === raw.toLowerCase());
}

function catalogDomains() {
  if (!domains) {
    domains = { letters: new Map(), names: new Map() };
    for (const s of loadCatalog()) {
      const letters = s.code.split('.')[1];
      if (letters) domains.letters.set(letters.toLowerCase(), letters);
      if (s.domain) domains.names.set(s.domain.toLowerCase(), s.domain);
    }
  }
  return domains;
}

/** The domains' code letters (RP, SP ...), sorted. */
export function catalogDomainLetters(): string[] {
  return [...catalogDomains().letters.values()].sort();
}

/**
 * A domain as the catalog spells it, by its code letters (`rp` is `RP`) or
 * its name; undefined for neither.
 */
export function catalogDomain(raw: string): string | undefined {
  const { letters, names } = catalogDomains();
  return letters.get(raw.toLowerCase()) ?? names.get(raw.toLowerCase());
}
