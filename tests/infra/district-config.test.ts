/**
 * One configuration file drives the deployment: `cdk synth -c config=<file>`
 * validates it and gives every function the district's settings.
 */
import { resolve } from 'node:path';
import { configEnvironment } from '../../shared/config/environment.js';
import { loadDistrictConfig } from '../../shared/config/load.js';
import { buildApp, FIXTURE_FUNCTIONS_DIR } from './synth.js';

const EXAMPLE = resolve(__dirname, '../../config/district.example.yaml');

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
    const ours = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
      // aws-cdk-lib's own custom resources (bucket notifications, the teacher page's copy).
      ([id]) => !/^(BucketNotificationsHandler|CustomCDKBucketDeployment)/.test(id),
    );
    expect(ours.length).toBeGreaterThan(10);
    for (const [, fn] of ours) {
      const variables = (
        fn.Properties as { Environment: { Variables: Record<string, string> } }
      ).Environment.Variables;
      expect(variables).toMatchObject({
        LABLINK_TIME_ZONE: 'America/Chicago',
        LABLINK_EVIDENCE_RETENTION_DAYS: '1095',
        LABLINK_AUDIT_RETENTION_DAYS: '365',
        LABLINK_PROGRAMS: JSON.stringify([
          {
            programId: 'assistments',
            name: 'ASSISTments Skill Builder',
            vendor: 'ASSISTments (WPI)',
            profileId: 'assistments-skill-builder-2009',
            crosswalkId: 'assistments-ccss',
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
