/**
 * The CDK app (`cdk.json` runs it with tsx). cdk-nag's AWS Solutions checks run
 * on every synth, so an unreviewed finding stops `cdk synth` and `cdk deploy`.
 */
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { LablinkStack } from './lablink-stack';

const app = new App();

new LablinkStack(app, 'Lablink', {
  description: 'Lablink: vendor learning-program exports in, mastery reports out.',
});

Tags.of(app).add('project', 'lablink');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
