/**
 * TinCanValidator's xAPI fixtures (Apache-2.0), read from ../shared: every
 * `good` file validates against the schema of its folder's object kind and
 * every `bad` one is rejected with a reason. No exceptions are needed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { XAPI_FIXTURE_SCHEMAS } from '../../../shared/xapi/fixture-schemas.js';
import { describeWithShared, sharedPath } from '../../support/shared-folder.js';

const ROOT = 'data/real/xapi-tincanvalidator-testdata';

describeWithShared(ROOT, 'xAPI TinCanValidator fixtures', () => {
  const kinds = readdirSync(sharedPath(ROOT))
    .filter((d) => !d.endsWith('.md'))
    .sort();
  const files = kinds.flatMap((kind) =>
    readdirSync(sharedPath(ROOT, kind))
      .sort()
      .map((file) => [kind, file] as const),
  );

  it('has the 117 good and 144 bad fixtures its provenance lists, in kinds the validator knows', () => {
    expect(files.filter(([, f]) => f.includes('-good')).length).toBe(117);
    expect(files.filter(([, f]) => f.includes('-bad')).length).toBe(144);
    expect(kinds.filter((k) => !XAPI_FIXTURE_SCHEMAS[k])).toEqual([]);
  });

  it.each(files)('%s/%s is judged as its name says', (kind, file) => {
    const value = JSON.parse(readFileSync(sharedPath(ROOT, kind, file), 'utf8'));

    const result = (
      XAPI_FIXTURE_SCHEMAS[kind] as NonNullable<(typeof XAPI_FIXTURE_SCHEMAS)[string]>
    ).safeParse(value);

    expect(result.success).toBe(file.includes('-good'));
    if (!result.success) expect(result.error.issues[0]?.message).toMatch(/\S/);
  });
});
