/** Standard codes as a report shows them: with grade, domain and description. */
import { loadCatalog } from '../standards/index.js';
import type { Standard } from '../model.js';

export interface StandardSummary {
  code: string;
  grade?: string;
  domain?: string;
  description?: string;
}

let byCode: Map<string, Standard> | undefined;

/** Codes the catalog does not know are kept, without a description. */
export function describeStandards(codes: readonly string[]): StandardSummary[] {
  byCode ??= new Map(loadCatalog().map((s) => [s.code, s]));
  return codes.map((code) => {
    const s = byCode?.get(code);
    return s ? { code, grade: s.grade, domain: s.domain, description: s.description } : { code };
  });
}
