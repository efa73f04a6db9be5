/**
 * The builtin profiles, imported so that a bundler (esbuild in the CDK
 * stack) carries them inside each Lambda bundle; a file read from disk by
 * path would be missing there. A test checks every JSON file here is listed.
 */
import assistmentsSkillBuilder2009 from './assistments-skill-builder-2009.json';

export const BUILTIN_PROFILE_FILES: Readonly<Record<string, unknown>> = {
  'assistments-skill-builder-2009': assistmentsSkillBuilder2009,
};
