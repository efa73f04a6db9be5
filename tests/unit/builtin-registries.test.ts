/**
 * Builtin profiles, crosswalks and frameworks are imported so Lambda bundles
 * carry them; a JSON file dropped in their folder but not listed would work
 * nowhere. These tests keep the folders and the registries equal.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_PROFILE_FILES } from '../../shared/profiles/builtin/index.js';
import { BUILTIN_CROSSWALK_FILES } from '../../shared/crosswalks/builtin/index.js';
import { BUILTIN_FRAMEWORK_FILES } from '../../shared/standards/builtin.js';
import { STANDARDS_DIR } from '../../shared/standards/catalog.js';

const ROOT = resolve(__dirname, '../..');
const jsonIn = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort();

describe('builtin registries', () => {
  it('list every builtin profile file', () => {
    const files = jsonIn(join(ROOT, 'shared/profiles/builtin'));
    expect(
      Object.keys(BUILTIN_PROFILE_FILES)
        .map((id) => `${id}.json`)
        .sort(),
    ).toEqual(files);
  });

  it('list every builtin crosswalk file', () => {
    const files = jsonIn(join(ROOT, 'shared/crosswalks/builtin'));
    expect(
      Object.keys(BUILTIN_CROSSWALK_FILES)
        .map((id) => `${id}.json`)
        .sort(),
    ).toEqual(files);
  });

  it('list every framework file of data/standards', () => {
    expect(Object.keys(BUILTIN_FRAMEWORK_FILES).sort()).toEqual(jsonIn(STANDARDS_DIR));
  });
});
