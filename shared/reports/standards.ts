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
