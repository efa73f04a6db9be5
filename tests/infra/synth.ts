/**
 * Builds the stack the way the tests need it: with cdk.json's feature flags,
 * with CloudFormation validation and bundling skipped (each costs seconds), and
 * with stand-in handlers so the assertions do not depend on the real ones.
 */
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { LablinkStack, type LablinkStackProps } from '../../infra/lablink-stack';

export const FIXTURE_FUNCTIONS_DIR = path.join(__dirname, 'fixtures', 'functions');

export interface BuildOptions {
  /** Bundle the functions with esbuild. @default false */
  readonly bundle?: boolean;
  /** @default - the stand-in handlers of `FIXTURE_FUNCTIONS_DIR` */
  readonly props?: LablinkStackProps;
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: LablinkStack;
  readonly template: Template;
}

export function buildApp(options: BuildOptions = {}): BuiltApp {
  process.env.CDK_VALIDATION = 'false';
  const app = new App({
    context: {
      ...cdkJson.context,
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new LablinkStack(app, 'Lablink', {
    functionsDir: FIXTURE_FUNCTIONS_DIR,
    ...options.props,
  });
  return { app, stack, template: Template.fromStack(stack) };
}
