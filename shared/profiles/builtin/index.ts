/**
 * The builtin profiles, imported so that a bundler (esbuild in the CDK
 * stack) carries them inside each Lambda bundle; a file read from disk by
 * path would be missing there. A test checks every JSON file here is listed.
 */
import acadienceMathBenchmark from './acadience-math-benchmark.json';
import achieve3000StudentUsage from './achieve3000-student-usage.json';
import aimswebplusScoreExport from './aimswebplus-score-export.json';
import aleksKnowledgeCheck from './aleks-knowledge-check.json';
import assistmentsSkillBuilder2009 from './assistments-skill-builder-2009.json';
import datashopStudentStep from './datashop-student-step.json';
import datashopTransaction from './datashop-transaction.json';
import dibels8Benchmark from './dibels-8-benchmark.json';
import dreamboxUsage from './dreambox-usage.json';
import easycbmBenchmark from './easycbm-benchmark.json';
import exactPathDiagnostic from './exact-path-diagnostic.json';
import fastbridgeAmath from './fastbridge-amath.json';
import ireadyDiagnosticEla from './iready-diagnostic-ela.json';
import ireadyDiagnosticMath from './iready-diagnostic-math.json';
import ireadyInstructionalUsage from './iready-instructional-usage.json';
import ireadyLessons from './iready-lessons.json';
import istationIsipMonthly from './istation-isip-monthly.json';
import ixlDiagnosticEla from './ixl-diagnostic-ela.json';
import ixlDiagnosticMath from './ixl-diagnostic-math.json';
import kddcup2010StudentStep from './kddcup2010-student-step.json';
import lexiaCore5Usage from './lexia-core5-usage.json';
import mclassEspanolBenchmark from './mclass-espanol-benchmark.json';
import nweaMapFluency from './nwea-map-fluency.json';
import nweaMapGrowth from './nwea-map-growth.json';
import renaissanceStarEnterprise from './renaissance-star-enterprise.json';
import renaissanceStarSkillArea from './renaissance-star-skill-area.json';
import renaissanceStarStandards from './renaissance-star-standards.json';
import standardScores from './standard-scores.json';

export const BUILTIN_PROFILE_FILES: Readonly<Record<string, unknown>> = {
  'acadience-math-benchmark': acadienceMathBenchmark,
  'achieve3000-student-usage': achieve3000StudentUsage,
  'aimswebplus-score-export': aimswebplusScoreExport,
  'aleks-knowledge-check': aleksKnowledgeCheck,
  'assistments-skill-builder-2009': assistmentsSkillBuilder2009,
  'datashop-student-step': datashopStudentStep,
  'datashop-transaction': datashopTransaction,
  'dibels-8-benchmark': dibels8Benchmark,
  'dreambox-usage': dreamboxUsage,
  'easycbm-benchmark': easycbmBenchmark,
  'exact-path-diagnostic': exactPathDiagnostic,
  'fastbridge-amath': fastbridgeAmath,
  'iready-diagnostic-ela': ireadyDiagnosticEla,
  'iready-diagnostic-math': ireadyDiagnosticMath,
  'iready-instructional-usage': ireadyInstructionalUsage,
  'iready-lessons': ireadyLessons,
  'istation-isip-monthly': istationIsipMonthly,
  'ixl-diagnostic-ela': ixlDiagnosticEla,
  'ixl-diagnostic-math': ixlDiagnosticMath,
  'kddcup2010-student-step': kddcup2010StudentStep,
  'lexia-core5-usage': lexiaCore5Usage,
  'mclass-espanol-benchmark': mclassEspanolBenchmark,
  'nwea-map-fluency': nweaMapFluency,
  'nwea-map-growth': nweaMapGrowth,
  'renaissance-star-enterprise': renaissanceStarEnterprise,
  'renaissance-star-skill-area': renaissanceStarSkillArea,
  'renaissance-star-standards': renaissanceStarStandards,
  'standard-scores': standardScores,
};
