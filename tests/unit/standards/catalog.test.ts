import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../shared/errors.js';
import { loadCatalog, parseCatalogFile } from '../../../shared/standards/catalog.js';

describe('loadCatalog', () => {
  const catalog = loadCatalog();
  const byCode = new Map(catalog.map((s) => [s.code, s]));

  it('holds the 664 CCSS math items plus one domain per grade and domain', () => {
    const counts: Record<string, number> = {};
    for (const s of catalog) counts[s.kind] = (counts[s.kind] ?? 0) + 1;

    expect(counts).toEqual({
      practice: 8,
      cluster: 147,
      standard: 385,
      substandard: 124,
      domain: 65,
    });
    expect(new Set(catalog.map((s) => s.framework))).toEqual(new Set(['CCSS.MATH']));
  });

  it('describes 6.SP.B.4 with its grade, domain and cluster', () => {
    expect(byCode.get('6.SP.B.4')).toEqual({
      code: '6.SP.B.4',
      framework: 'CCSS.MATH',
      kind: 'standard',
      grade: '6',
      domain: 'Statistics and Probability',
      parent: '6.SP.B',
      description:
        'Display numerical data in plots on a number line, including dot plots, histograms, and box plots.',
    });
  });

  it('links substandard to standard to cluster to domain', () => {
    const chain: string[] = [];
    for (
      let code: string | undefined = '6.RP.A.3.A';
      code;
      code = byCode.get(code)?.parent
    )
      chain.push(code);

    expect(chain).toEqual(['6.RP.A.3.A', '6.RP.A.3', '6.RP.A', '6.RP']);
    expect(byCode.get('6.RP')).toMatchObject({ kind: 'domain', grade: '6' });
    expect(byCode.get('HSS.ID.B.5')?.parent).toBe('HSS.ID.B');
    expect(byCode.get('MP1')).toMatchObject({ kind: 'practice', grade: 'K-12' });
    expect(byCode.get('MP1')?.parent).toBeUndefined();
  });

  it('resolves every parent in the catalog', () => {
    const orphans = catalog.filter(
      (s) => s.parent !== undefined && !byCode.has(s.parent),
    );

    expect(orphans).toEqual([]);
  });

  it('loads another framework dropped beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lablink-catalog-'));
    writeFileSync(
      join(dir, 'district.json'),
      JSON.stringify({
        framework: 'DISTRICT.SCI',
        standards: [
          {
            standard: {
              key: 'DISTRICT.SCI.CONTENT.5.PS.A',
              type: 'cluster',
              gradelevel: '5',
              domain: 'Physical Science',
              details: 'Matter.',
            },
          },
          {
            standard: {
              key: 'DISTRICT.SCI.CONTENT.5.PS.A.1',
              type: 'standard',
              gradelevel: '5',
              domain: 'Physical Science',
              details: 'Particles.',
            },
          },
        ],
      }),
    );

    expect(loadCatalog(dir).map((s) => [s.code, s.kind, s.framework, s.parent])).toEqual([
      ['5.PS.A', 'cluster', 'DISTRICT.SCI', '5.PS'],
      ['5.PS', 'domain', 'DISTRICT.SCI', undefined],
      ['5.PS.A.1', 'standard', 'DISTRICT.SCI', '5.PS.A'],
    ]);
  });

  it('refuses keys it cannot split into framework and code', () => {
    const file = {
      standards: [
        {
          standard: {
            key: 'NF-3-1',
            type: 'standard',
            gradelevel: '3',
            domain: 'x',
            details: 'y',
          },
        },
      ],
    };

    expect(() => parseCatalogFile(file, 'standards/bad.json')).toThrow(ConfigError);
    expect(() => parseCatalogFile(file, 'standards/bad.json')).toThrow(
      /standards\[0\].standard.key/,
    );
  });
});
