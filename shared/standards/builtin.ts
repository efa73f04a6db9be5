/**
 * The builtin standards frameworks, imported so bundles carry them. A
 * district adds a framework by adding its file to `data/standards/` and here.
 */
import ccssMath from '../../data/standards/ccss-math.json';

export const BUILTIN_FRAMEWORK_FILES: Readonly<Record<string, unknown>> = {
  'ccss-math.json': ccssMath,
};
