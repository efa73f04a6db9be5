/**
 * One configuration file drives the deployment: `cdk synth -c config=<file>`
 * validates it and gives every function the district's settings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { join, resolve } from 'node:path';
import { configEnvironment } from '../../shared/config/environment.js';
import { loadDistrictConfig, loadDistrictSetup } from '../../shared/config/load.js';
import { DISTRICT_FILES_IN_BUNDLE } from '../../infra/district-files.js';
import { buildApp, FIXTURE_FUNCTIONS_DIR } from './synth.js';

const EXAMPLE = resolve(__dirname, '../../config/district.example.yaml');
const DEMO = resolve(__dirname, '../../data/demo/district/district.yaml');

type Fn = { Properties: { Environment: { Variables: Record<string, string> } } };
/** Lablink's functions, without aws-cdk-lib's own custom resources. */
const lablinkFunctions = (resources: Record<string, unknown>) =>
  Object.entries(resources)
    .filter(([id]) => !/^(BucketNotificationsHandler|CustomCDKBucketDeployment)/.test(id))
    .map(([, fn]) => fn as Fn);

describe('a district configuration at synth time', () => {
  const config = loadDistrictConfig(EXAMPLE);
  const { template } = buildApp({
    props: {
      functionsDir: FIXTURE_FUNCTIONS_DIR,
      timeZone: config.district.timeZone,
      districtEnvironment: configEnvironment(config),
      auditRetentionInDays: config.retention.auditDays,
      rawRetentionInDays: config.retention.rawDays,
    },
  });

  it("gives every function the district's time zone, programs, policy and retention", () => {
    const ours = lablinkFunctions(template.findResources('AWS::Lambda::Function'));
    expect(ours.length).toBeGreaterThan(10);
    for (const fn of ours) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables).toMatchObject({
        LABLINK_TIME_ZONE: 'America/Chicago',
        LABLINK_EVIDENCE_RETENTION_DAYS: '1095',
        LABLINK_AUDIT_RETENTION_DAYS: '365',
        LABLINK_USAGE_TARGET_MINUTES_PER_WEEK: '60',
        LABLINK_PROGRAMS: JSON.stringify([
          {
            programId: 'assistments',
            name: 'ASSISTments Skill Builder',
            vendor: 'ASSISTments (WPI)',
            profileId: 'assistments-skill-builder-2009',
            crosswalkId: 'assistments-ccss',
            weeklyMinutesTarget: 45,
          },
          {
            programId: 'iready-lessons',
            name: 'i-Ready Personalized Instruction',
            vendor: 'Curriculum Associates',
            profileId: 'iready-lessons',
            crosswalkId: 'riverbend-iready-lessons-ccss',
            weeklyMinutesTarget: 45,
          },
        ]),
      });
      expect(JSON.parse(variables.LABLINK_MASTERY_POLICY as string)).toMatchObject({
        district: { method: 'decaying_average', weight: 0.65 },
      });
    }
  });

  it("expires raw pulled pages after the district's rawDays", () => {
    const buckets = Object.values(template.findResources('AWS::S3::Bucket'));
    const rules = buckets.flatMap(
      (b) =>
        (b.Properties as { LifecycleConfiguration?: { Rules: { Id: string }[] } })
          .LifecycleConfiguration?.Rules ?? [],
    );
    expect(rules.filter((r) => r.Id === 'expire-raw-zone')).toEqual([
      { Id: 'expire-raw-zone', Prefix: 'raw/', ExpirationInDays: 120, Status: 'Enabled' },
    ]);
  });
});

describe("a district's own profiles and crosswalks at synth time", () => {
  const { config, files } = loadDistrictSetup(DEMO);
  const { app, stack, template } = buildApp({
    props: {
      functionsDir: FIXTURE_FUNCTIONS_DIR,
      districtEnvironment: configEnvironment(config),
      districtFiles: files,
    },
  });

  it('names the copy inside each bundle in every function, never the files themselves', () => {
    const functions = lablinkFunctions(template.findResources('AWS::Lambda::Function'));

    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) {
      const variables = fn.Properties.Environment.Variables;
      expect(variables.LABLINK_DISTRICT_FILES).toBe(DISTRICT_FILES_IN_BUNDLE);
      expect(Buffer.byteLength(JSON.stringify(variables))).toBeLessThan(4 * 1024);
    }
  });

  it('stages the validated document beside the assembly for the bundles to copy', () => {
    const staged = join(app.outdir, 'lablink-district-files');
    const [name] = existsSync(staged) ? readdirSync(staged) : [];

    expect(JSON.parse(readFileSync(join(staged, name ?? ''), 'utf8'))).toEqual(files);
  });

  it('adds nothing cdk-nag reports', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(
      stack,
    );

    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });

  it('grants no function a read of the bucket for them', () => {
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));

    expect(policies).not.toMatch(/district-files|config\//);
  });
});
