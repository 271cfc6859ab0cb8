import { CfnOutput, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { JanitorConfig } from '../lambda/config';
import { LEDGER_TABLE_ENV } from '../lambda/keep/ledger';
import { AuditBucket } from './constructs/audit-bucket';
import { JanitorDashboard } from './constructs/janitor-dashboard';
import { JanitorFunction } from './constructs/janitor-function';
import { KeepEndpoint } from './constructs/keep-endpoint';
import { NightlySchedule } from './constructs/nightly-schedule';
import { RunFailureAlarms } from './constructs/run-failure-alarms';
import { RunOrchestration } from './constructs/run-orchestration';

export interface JanitorPartsProps {
  /** Already validated with `parseConfig`. */
  readonly config: JanitorConfig;
  /**
   * What the janitor's named resources are called after (`<name>-sweep` and `<name>-keep` roles,
   * `<name>-nights` dashboard), and the name its own resources are exempt by. Member stacks name
   * the same (`janitorStackName`).
   */
  readonly name: string;
}

export interface JanitorParts {
  readonly janitor: JanitorFunction;
  readonly audit: AuditBucket;
  readonly alarms: RunFailureAlarms;
  readonly nightly: NightlySchedule;
  readonly run: RunOrchestration;
  readonly dashboard: JanitorDashboard;
  readonly keep?: KeepEndpoint;
}

/**
 * Everything the janitor is, built into `scope`: the stack builds it into itself (so its logical
 * ids never change), the embeddable construct into a construct of a team's own stack.
 */
export function addJanitorParts(scope: Construct, { config, name }: JanitorPartsProps): JanitorParts {
  tagAsInfrastructureAsCode(scope, config.compliance.requiredTags);

  const audit = new AuditBucket(scope, 'Audit', { retentionDays: config.audit.retentionDays });
  const janitor = new JanitorFunction(scope, 'Janitor', { config, stackName: name, auditBucket: audit });
  audit.grantRunObjects(janitor.role.role, 'write');
  const run = new RunOrchestration(scope, 'Run', { config, stackName: name, sweep: janitor.function, bucket: audit });
  const alarms = new RunFailureAlarms(scope, 'RunFailureAlarms', { sweep: janitor.function, stateMachine: run.stateMachine });
  const nightly = new NightlySchedule(scope, 'Nightly', { schedule: config.schedule, stateMachine: run.stateMachine });
  const dashboard = new JanitorDashboard(scope, 'Dashboard', { name, sweep: janitor.function, stateMachine: run.stateMachine });
  const parts = { janitor, audit, alarms, nightly, run, dashboard };
  addOutputs(scope, config, parts);
  const keep = config.slack.keepButtons ? addKeepButtons(scope, config, name, parts) : undefined;

  // Last, so every role is in it: none may delete audit records or loosen the bucket.
  audit.appendOnlyFor(scope.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role));
  return { ...parts, keep };
}

/**
 * Keep buttons (slack.keepButtons): the ledger, the Slack interactivity endpoint, and the nightly
 * function's right to record each warning it posts and read the keeps for its report.
 */
function addKeepButtons(scope: Construct, config: JanitorConfig, name: string, parts: Omit<JanitorParts, 'keep'>): KeepEndpoint {
  const keep = new KeepEndpoint(scope, 'KeepEndpoint', { config, stackName: name });
  keep.grantLedgerWrite(parts.janitor.function);
  keep.grantKeepsRead(parts.janitor.function);
  parts.janitor.function.addEnvironment(LEDGER_TABLE_ENV, keep.table.tableName);
  parts.alarms.alarmOnErrorsOf(
    'KeepErrorsAlarm',
    keep.function,
    'The Slack Keep endpoint failed (a click may not have been applied; the user was told when possible). Check the keep function logs.',
  );
  output(scope, 'KeepEndpointUrl', "Paste into the Slack app's Interactivity & Shortcuts > Request URL", keep.functionUrl.url);
  return keep;
}

/**
 * Outputs by fixed key, wherever the janitor is built: `janitor run-now`, `pause` and `resume`
 * find the state machine and schedule by these keys in the stack's outputs.
 */
function output(scope: Construct, key: string, description: string, value: string): void {
  new CfnOutput(scope, key, { description, value }).overrideLogicalId(key);
}

function addOutputs(scope: Construct, config: JanitorConfig, parts: Omit<JanitorParts, 'keep'>): void {
  const { run, janitor, audit, alarms, dashboard, nightly } = parts;
  output(
    scope,
    'StateMachineArn',
    'The nightly run (start an execution by hand for an extra run: aws stepfunctions start-execution --state-machine-arn ...)',
    run.stateMachine.stateMachineArn,
  );
  output(scope, 'FunctionName', 'The sweep Lambda (one account and region per invocation)', janitor.function.functionName);
  output(scope, 'LogGroupName', 'Where every janitor decision is logged', janitor.logGroup.logGroupName);
  output(
    scope,
    'AuditBucketName',
    "Each run's JSON audit record: decisions, actions, deleted resources' configuration",
    audit.bucket.bucketName,
  );
  output(scope, 'AlarmTopicArn', 'Subscribe to this SNS topic to hear about failed or throttled runs', alarms.topic.topicArn);
  output(
    scope,
    'DashboardUrl',
    'The nights in CloudWatch: marked, deleted and failed per night, failed targets, sweep durations',
    dashboard.url,
  );
  const dryRun = config.dryRun ? ' (dry run: reports only, changes nothing)' : '';
  output(scope, 'Schedule', 'When the janitor runs', `${config.schedule.expression} ${config.schedule.timeZone}${dryRun}`);
  output(scope, 'ScheduleName', 'EventBridge Scheduler schedule (disable it to pause the janitor)', nightly.schedule.scheduleName);
}

/**
 * The janitor's own resources satisfy its compliance rules, so it can never sweep itself even when
 * `compliance.cloudFormationCountsAsIaC` is off. Each required key gets "cdk" when allowed (or
 * when any value is), else the first allowed value.
 */
function tagAsInfrastructureAsCode(scope: Construct, rules: JanitorConfig['compliance']['requiredTags']): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    // `aws:` keys are reserved for AWS; CloudFormation sets its own.
    if (seen.has(rule.key) || rule.key.startsWith('aws:')) continue;
    seen.add(rule.key);
    const [firstAllowed] = rule.values ?? [];
    const value = firstAllowed === undefined || rule.values?.includes('cdk') ? 'cdk' : firstAllowed;
    Tags.of(scope).add(rule.key, value);
  }
}
