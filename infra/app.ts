/**
 * The CDK app (`cdk.json` runs it with tsx). The district configuration file
 * (`-c config=<file>`, or LABLINK_CONFIG) is validated here, at synth time,
 * with the profile and crosswalk files it names: a bad file stops `cdk synth`
 * with the line and the fix, and the good ones go into every function bundle. cdk-nag's AWS
 * Solutions checks run on every synth, so an unreviewed finding stops
 * `cdk synth` and `cdk deploy`.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configEnvironment } from '../shared/config/environment';
import { loadDistrictSetup } from '../shared/config/load';
import { ConfigError } from '../shared/errors';
import { LablinkStack } from './lablink-stack';

/** A bad configuration ends synth with its message alone, not a stack trace. */
function loadOrExit(path: string) {
  try {
    return loadDistrictSetup(path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const app = new App();
const configPath =
  (app.node.tryGetContext('config') as string | undefined) ?? process.env.LABLINK_CONFIG;
const setup = configPath ? loadOrExit(configPath) : undefined;
const config = setup?.config;

new LablinkStack(app, 'Lablink', {
  description: 'Lablink: vendor learning-program exports in, mastery reports out.',
  timeZone: config?.district.timeZone,
  districtEnvironment: config ? configEnvironment(config) : undefined,
  districtFiles: setup?.files,
  auditRetentionInDays: config?.retention.auditDays,
  rawRetentionInDays: config?.retention.rawDays,
  apiRateLimitPerSecond: config?.api.rateLimitPerSecond,
  apiBurstLimit: config?.api.burstLimit,
});

Tags.of(app).add('project', 'lablink');
if (config)
  Tags.of(app).add('district', config.district.name.replace(/[^\w .:/=+\-@]/g, ''));
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
