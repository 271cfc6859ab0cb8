import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { JanitorConfig } from '../lambda/config';
import { addJanitorParts, type JanitorParts } from './janitor-parts';

export interface JanitorStackProps extends StackProps {
  /** Already validated with `parseConfig`. */
  readonly config: JanitorConfig;
}

/**
 * The janitor as a stack of its own (`npx cdk deploy`), named after it: a nightly Step Functions
 * run of sweep Lambdas over the configured targets, their least-privilege roles and failure
 * alarms. Teams with a CDK app of their own embed `UntaggedResourceJanitor` instead.
 */
export class JanitorStack extends Stack {
  /** Everything the janitor is (its function, audit bucket, run, alarms, schedule, dashboard, Keep endpoint). */
  readonly parts: JanitorParts;

  constructor(scope: Construct, id: string, props: JanitorStackProps) {
    super(scope, id, props);
    // Built into the stack itself, so the logical ids of deployed stacks never change.
    this.parts = addJanitorParts(this, { config: props.config, name: this.stackName });
  }
}
