import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { JanitorConfig } from '../lambda/config';
import type { AuditBucket } from './constructs/audit-bucket';
import type { JanitorDashboard } from './constructs/janitor-dashboard';
import type { JanitorFunction } from './constructs/janitor-function';
import type { KeepEndpoint } from './constructs/keep-endpoint';
import type { NightlySchedule } from './constructs/nightly-schedule';
import type { RunFailureAlarms } from './constructs/run-failure-alarms';
import type { RunOrchestration } from './constructs/run-orchestration';
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
export class JanitorStack extends Stack implements JanitorParts {
  readonly janitor: JanitorFunction;
  readonly audit: AuditBucket;
  readonly alarms: RunFailureAlarms;
  readonly nightly: NightlySchedule;
  readonly run: RunOrchestration;
  readonly dashboard: JanitorDashboard;
  readonly keep?: KeepEndpoint;

  constructor(scope: Construct, id: string, props: JanitorStackProps) {
    super(scope, id, props);
    // Built into the stack itself, so the logical ids of deployed stacks never change.
    const parts = addJanitorParts(this, { config: props.config, name: this.stackName });
    this.janitor = parts.janitor;
    this.audit = parts.audit;
    this.alarms = parts.alarms;
    this.nightly = parts.nightly;
    this.run = parts.run;
    this.dashboard = parts.dashboard;
    this.keep = parts.keep;
  }
}
