/**
 * The builtin crosswalks, imported so bundles carry them (see the profiles'
 * builtin index). A test checks every JSON file here is listed.
 */
import assistmentsCcss from './assistments-ccss.json';
import cognitiveTutorCcss from './cognitive-tutor-ccss.json';
import starStandardsCcss from './star-standards-ccss.json';

export const BUILTIN_CROSSWALK_FILES: Readonly<Record<string, unknown>> = {
  'assistments-ccss': assistmentsCcss,
  'cognitive-tutor-ccss': cognitiveTutorCcss,
  'star-standards-ccss': starStandardsCcss,
};
