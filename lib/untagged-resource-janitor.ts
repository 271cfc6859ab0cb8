import { Construct } from 'constructs';
import { ConfigError, type JanitorConfig, type JanitorConfigInput, parseConfig } from '../lambda/config';
import type { AuditBucket } from './constructs/audit-bucket';
import type { JanitorDashboard } from './constructs/janitor-dashboard';
import type { JanitorFunction } from './constructs/janitor-function';
import type { KeepEndpoint } from './constructs/keep-endpoint';
import type { NightlySchedule } from './constructs/nightly-schedule';
import type { RunFailureAlarms } from './constructs/run-failure-alarms';
import type { RunOrchestration } from './constructs/run-orchestration';
import { janitorRoleNames, MAX_ROLE_NAME } from './iam/role-names';
import { addJanitorParts, type JanitorParts } from './janitor-parts';

export const DEFAULT_JANITOR_NAME = 'UntaggedResourceJanitor';

export interface UntaggedResourceJanitorProps {
  /** The configuration as cdk.json's `janitor` context holds it; validated here (a bad value throws `ConfigError`). */
  readonly config: JanitorConfigInput;
  /**
   * Names its roles (`<name>-sweep`, `<name>-keep`, which member roles trust by exact ARN) and its
   * dashboard, and exempts resources named with it. Member stacks must be given the same
   * (`-c janitorStackName=<name>`). Default `UntaggedResourceJanitor`.
   */
  readonly name?: string;
}

/**
 * The whole janitor inside a team's own stack: one per stack, since its outputs have fixed keys
 * (`StateMachineArn`, `ScheduleName`, … which `janitor run-now --stack <that stack>` reads).
 */
export class UntaggedResourceJanitor extends Construct implements JanitorParts {
  readonly config: JanitorConfig;
  readonly janitor: JanitorFunction;
  readonly audit: AuditBucket;
  readonly alarms: RunFailureAlarms;
  readonly nightly: NightlySchedule;
  readonly run: RunOrchestration;
  readonly dashboard: JanitorDashboard;
  readonly keep?: KeepEndpoint;

  constructor(scope: Construct, id: string, props: UntaggedResourceJanitorProps) {
    super(scope, id);
    const name = props.name ?? DEFAULT_JANITOR_NAME;
    checkName(name);
    this.config = parseConfig(props.config);
    const parts = addJanitorParts(this, { config: this.config, name });
    this.janitor = parts.janitor;
    this.audit = parts.audit;
    this.alarms = parts.alarms;
    this.nightly = parts.nightly;
    this.run = parts.run;
    this.dashboard = parts.dashboard;
    this.keep = parts.keep;
  }
}

function checkName(name: string): void {
  // Letters, digits and hyphens: valid in role, dashboard and function names alike.
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) {
    throw new ConfigError([`name: letters, digits and hyphens, starting with a letter, got ${JSON.stringify(name)}`]);
  }
  const longest = janitorRoleNames('').sweep.length;
  if (name.length + longest > MAX_ROLE_NAME) {
    throw new ConfigError([
      `name: at most ${MAX_ROLE_NAME - longest} characters (its roles are named after it), got ${JSON.stringify(name)}`,
    ]);
  }
}
