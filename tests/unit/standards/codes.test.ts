import { normalizeStandardCode } from '../../../shared/standards/codes.js';

describe('normalizeStandardCode', () => {
  it.each([
    ['CCSS.MATH.CONTENT.3.NF.A.1', '3.NF.A.1'],
    ['CCSS.Math.Content.3.NF.A.1', '3.NF.A.1'],
    ['3.nf.a.1', '3.NF.A.1'],
    [' 3.NF.A.1 ', '3.NF.A.1'],
    ['Math.Content.6.SP.B.4', '6.SP.B.4'],
    ['CCSS.MATH.CONTENT.3.NF.A.3.A', '3.NF.A.3.A'],
    ['3.NF.A.3a', '3.NF.A.3.A'],
    ['CCSS.Math.Practice.MP1', 'MP1'],
    ['mp8', 'MP8'],
    ['hss.id.b.5', 'HSS.ID.B.5'],
  ])('reads %s as %s', (raw, code) => {
    expect(normalizeStandardCode(raw)).toMatchObject({ ok: true, code });
  });

  it('reports an unknown code instead of dropping it', () => {
    expect(normalizeStandardCode('MA.3.NF.1')).toEqual({
      ok: false,
      input: 'MA.3.NF.1',
      reason: 'not in the catalog',
    });
  });

  it('suggests the cluster form for a code written without its cluster letter', () => {
    expect(normalizeStandardCode('CCSS.MATH.CONTENT.3.NF.1')).toEqual({
      ok: false,
      input: 'CCSS.MATH.CONTENT.3.NF.1',
      reason:
        'not in the catalog; the cluster letter is missing (did you mean 3.NF.A.1?)',
      suggestion: '3.NF.A.1',
    });
  });

  it('reports an empty code', () => {
    expect(normalizeStandardCode('  ')).toMatchObject({
      ok: false,
      reason: 'empty code',
    });
  });
});
