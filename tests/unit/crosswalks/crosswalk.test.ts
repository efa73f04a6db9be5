import { ConfigError, NotFoundError } from '../../../shared/errors.js';
import {
  listBuiltinCrosswalks,
  loadBuiltinCrosswalk,
} from '../../../shared/crosswalks/builtin.js';
import { parseCrosswalk } from '../../../shared/crosswalks/schema.js';
import { validateCrosswalk } from '../../../shared/crosswalks/validate.js';
import { loadCatalog } from '../../../shared/standards/catalog.js';

const provenance = {
  source: 'vendor alignment guide',
  author: 'A. Reviewer',
  date: '2026-12-03',
  confidence: 1,
};
const draft = (mappings: unknown[]) => ({
  id: 'vendor-ccss',
  programId: 'vendor',
  framework: 'CCSS.MATH',
  mappings,
});

describe('the builtin ASSISTments crosswalk', () => {
  it('is listed and maps both skills with provenance', () => {
    const crosswalk = loadBuiltinCrosswalk('assistments-ccss');

    expect(listBuiltinCrosswalks()).toEqual([
      'assistments-ccss',
      'cognitive-tutor-ccss',
      'star-standards-ccss',
    ]);
    expect(crosswalk.programId).toBe('assistments');
    expect(
      crosswalk.mappings.map((m) => [
        m.vendorSkill,
        m.standards,
        m.provenance.confidence,
      ]),
    ).toEqual([
      ['Box and Whisker', ['6.SP.B.4'], 0.9],
      ['Table', ['6.RP.A.3.A'], 0.4],
    ]);
    expect(
      crosswalk.mappings.every((m) =>
        m.provenance.source.startsWith("Lablink maintainers' judgement"),
      ),
    ).toBe(true);
    expect(crosswalk.mappings.every((m) => m.provenance.date === '2026-12-03')).toBe(
      true,
    );
  });

  it('has only codes of the catalog', () => {
    expect(
      validateCrosswalk(loadBuiltinCrosswalk('assistments-ccss'), loadCatalog()).issues,
    ).toEqual([]);
  });

  it('throws NotFoundError for an unknown id', () => {
    expect(() => loadBuiltinCrosswalk('nope')).toThrow(NotFoundError);
  });
});

describe('parseCrosswalk', () => {
  it('refuses a skill mapped twice, ignoring case and spaces', () => {
    const json = draft([
      { vendorSkill: 'Table', standards: ['6.SP.B.4'], provenance },
      { vendorSkill: ' table', standards: ['6.SP.B.5'], provenance },
    ]);

    expect(() => parseCrosswalk(json, 'crosswalks/x.json')).toThrow(ConfigError);
    expect(() => parseCrosswalk(json, 'crosswalks/x.json')).toThrow(
      'crosswalks/x.json: mappings[1].vendorSkill: "table" is already mapped at mappings[0]; merge',
    );
  });

  it('names the path of a bad confidence and a missing date', () => {
    const json = draft([
      {
        vendorSkill: 'Table',
        standards: [],
        provenance: { ...provenance, confidence: 2, date: undefined },
      },
    ]);

    expect(() => parseCrosswalk(json, 'crosswalks/x.json')).toThrow(
      /crosswalks\/x.json: mappings\[0\].provenance.date: required\ncrosswalks\/x.json: mappings\[0\].provenance.confidence: Too big/,
    );
  });
});

describe('validateCrosswalk', () => {
  it('normalizes codes and reports unknown ones with their path', () => {
    const crosswalk = parseCrosswalk(
      draft([
        {
          vendorSkill: 'Box plots',
          standards: ['CCSS.Math.Content.6.SP.B.4', '6.sp.b.4'],
          provenance,
        },
        { vendorSkill: 'Fractions', standards: ['MA.3.NF.1', '3.NF.1'], provenance },
      ]),
      'crosswalks/x.json',
    );

    const { crosswalk: normalized, issues } = validateCrosswalk(crosswalk, loadCatalog());

    expect(normalized.mappings.map((m) => m.standards)).toEqual([['6.SP.B.4'], []]);
    expect(issues).toEqual([
      {
        path: 'mappings[1].standards[0]',
        code: 'MA.3.NF.1',
        reason: 'not in the catalog',
        suggestion: undefined,
      },
      {
        path: 'mappings[1].standards[1]',
        code: '3.NF.1',
        reason:
          'not in the catalog; the cluster letter is missing (did you mean 3.NF.A.1?)',
        suggestion: '3.NF.A.1',
      },
    ]);
  });

  it('reports a code of another framework', () => {
    const crosswalk = parseCrosswalk(
      {
        ...draft([{ vendorSkill: 'x', standards: ['6.SP.B.4'], provenance }]),
        framework: 'NGSS',
      },
      'x.json',
    );

    expect(validateCrosswalk(crosswalk, loadCatalog()).issues[0]?.reason).toBe(
      'belongs to CCSS.MATH, not NGSS',
    );
  });
});
