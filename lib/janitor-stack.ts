import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
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

export interface JanitorStackProps extends StackProps {
  /** Already validated with `parseConfig`. */
  readonly config: JanitorConfig;
}

/** The janitor: a nightly Step Functions run of sweep Lambdas over the configured targets, their least-privilege roles and failure alarms. */
export class JanitorStack extends Stack {
  readonly janitor: JanitorFunction;
  readonly audit: AuditBucket;
  readonly alarms: RunFailureAlarms;
  readonly nightly: NightlySchedule;
  readonly run: RunOrchestration;
  readonly dashboard: JanitorDashboard;

  constructor(scope: Construct, id: string, props: JanitorStackProps) {
    super(scope, id, props);
    const { config } = props;

    tagAsInfrastructureAsCode(this, config.compliance.requiredTags);

    this.audit = new AuditBucket(this, 'Audit', { retentionDays: config.audit.retentionDays });
    this.janitor = new JanitorFunction(this, 'Janitor', { config, stackName: this.stackName, auditBucket: this.audit });
    this.audit.grantRunObjects(this.janitor.role.role, 'write');
    this.run = new RunOrchestration(this, 'Run', { config, stackName: this.stackName, sweep: this.janitor.function, bucket: this.audit });
    this.alarms = new RunFailureAlarms(this, 'RunFailureAlarms', { sweep: this.janitor.function, stateMachine: this.run.stateMachine });
    this.nightly = new NightlySchedule(this, 'Nightly', { schedule: config.schedule, stateMachine: this.run.stateMachine });
    this.dashboard = new JanitorDashboard(this, 'Dashboard', { sweep: this.janitor.function, stateMachine: this.run.stateMachine });

    new CfnOutput(this, 'StateMachineArn', {
      description:
        'The nightly run (start an execution by hand for an extra run: aws stepfunctions start-execution --state-machine-arn ...)',
      value: this.run.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'FunctionName', {
      description: 'The sweep Lambda (one account and region per invocation)',
      value: this.janitor.function.functionName,
    });
    new CfnOutput(this, 'LogGroupName', {
      description: 'Where every janitor decision is logged',
      value: this.janitor.logGroup.logGroupName,
    });
    new CfnOutput(this, 'AuditBucketName', {
      description: "Each run's JSON audit record: decisions, actions, deleted resources' configuration",
      value: this.audit.bucket.bucketName,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Subscribe to this SNS topic to hear about failed or throttled runs',
      value: this.alarms.topic.topicArn,
    });
    new CfnOutput(this, 'DashboardUrl', {
      description: 'The nights in CloudWatch: marked, deleted and failed per night, failed targets, sweep durations',
      value: this.dashboard.url,
    });
    new CfnOutput(this, 'Schedule', {
      description: 'When the janitor runs',
      value: `${config.schedule.expression} ${config.schedule.timeZone}${config.dryRun ? ' (dry run: reports only, changes nothing)' : ''}`,
    });
    new CfnOutput(this, 'ScheduleName', {
      description: 'EventBridge Scheduler schedule (disable it to pause the janitor)',
      value: this.nightly.schedule.scheduleName,
    });

    // Keep buttons (slack.keepButtons): the ledger, the Slack interactivity endpoint, and the nightly
    // function's right to record each warning it posts and read the keeps for its report.
    if (config.slack.keepButtons) {
      const keep = new KeepEndpoint(this, 'KeepEndpoint', { config, stackName: this.stackName });
      keep.grantLedgerWrite(this.janitor.function);
      keep.grantKeepsRead(this.janitor.function);
      this.janitor.function.addEnvironment(LEDGER_TABLE_ENV, keep.table.tableName);
      this.alarms.alarmOnErrorsOf(
        'KeepErrorsAlarm',
        keep.function,
        'The Slack Keep endpoint failed (a click may not have been applied; the user was told when possible). Check the keep function logs.',
      );
      new CfnOutput(this, 'KeepEndpointUrl', {
        description: "Paste into the Slack app's Interactivity & Shortcuts > Request URL",
        value: keep.functionUrl.url,
      });
    }

    // Last, so every role of the stack is in it: none may delete audit records or loosen the bucket.
    this.audit.appendOnlyFor(this.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role));
  }
}

/**
 * The janitor's own resources satisfy its compliance rules, so it can never sweep itself even when
 * `compliance.cloudFormationCountsAsIaC` is off. Each required key gets "cdk" when allowed (or
 * when any value is), else the first allowed value.
 */
function tagAsInfrastructureAsCode(stack: Stack, rules: JanitorConfig['compliance']['requiredTags']): void {
  const seen = new Set<string>();
  for (const rule of rules) {
    // `aws:` keys are reserved for AWS; CloudFormation sets its own.
    if (seen.has(rule.key) || rule.key.startsWith('aws:')) continue;
    seen.add(rule.key);
    const [firstAllowed] = rule.values ?? [];
    const value = firstAllowed === undefined || rule.values?.includes('cdk') ? 'cdk' : firstAllowed;
    Tags.of(stack).add(rule.key, value);
  }
}
