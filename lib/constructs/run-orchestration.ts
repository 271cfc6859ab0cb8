import * as path from 'node:path';
import { type CfnResource, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { JanitorConfig } from '../../lambda/config';
import { runKeys } from '../../lambda/fanout/run-store';
import { stateReadGrants, stateSourcesOf } from '../iam/sweep-grants';
import type { AuditBucket } from './audit-bucket';
import { bundledFunction, janitorEnvironment, LAMBDA_HANDLERS_DIR, slackTokenSecretArn } from './janitor-function';
import { attachGrants } from './packed-policies';

/** Lambda's own transient failures, worth retrying with backoff; an error of the janitor's code is not. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

export interface RunOrchestrationProps {
  readonly config: JanitorConfig;
  readonly stackName: string;
  readonly sweep: lambda.IFunction;
  readonly bucket: AuditBucket;
}

/**
 * One night as a Step Functions execution: plan the (account, region) targets, sweep them in a
 * Distributed Map (bounded concurrency, retries on Lambda's transient errors, every target's
 * failure caught so the others go on), then post one summary per account. A Distributed Map
 * because large organizations have hundreds of targets: its items come from S3 and its results go
 * to S3, so neither the 256 KiB state payload nor the 25,000-event history limit caps a run.
 */
export class RunOrchestration extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly planFunction: lambda.IFunction;
  readonly reportFunction: lambda.IFunction;
  readonly failureRule: events.Rule;
  private readonly config: JanitorConfig;

  constructor(scope: Construct, id: string, props: RunOrchestrationProps) {
    super(scope, id);
    const { config, bucket } = props;
    this.config = config;
    const environment = { ...janitorEnvironment(props.stackName), JANITOR_AUDIT_BUCKET: bucket.bucket.bucketName };

    const plan = this.stepFunction('Plan', {
      description: 'Untagged-resource janitor: resolves the (account, region) targets of a run and reads its IaC state files',
      entry: path.join(LAMBDA_HANDLERS_DIR, 'plan.ts'),
      // Reading a few hundred state files, five at a time, takes minutes at most.
      timeout: Duration.minutes(10),
      environment,
    });
    plan.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // Regions enabled in the account ("all-enabled"); the OU tree (management or delegated admin account).
        // And the accounts' tags, for slack.routes that select by tag.
        actions: [
          'ec2:DescribeRegions',
          'organizations:ListAccountsForParent',
          'organizations:ListOrganizationalUnitsForParent',
          ...(config.slack.routes.some((r) => Object.keys(r.accountTags).length > 0) ? ['organizations:ListTagsForResource'] : []),
          // Each member's own enabled regions ("all-enabled" over member accounts).
          ...(config.targets.regions === 'all-enabled' && sweepsMembers(config.targets) ? ['account:ListRegions'] : []),
        ],
        resources: ['*'],
      }),
    );
    bucket.grantRunObjects(plan.role, 'write');
    // The last reported run's start, for the keeps to report.
    bucket.grantRunObjects(plan.role, 'read');
    // The Terraform/Pulumi states, read once per run for every target's sweep.
    const states = stateReadGrants(stateSourcesOf(config));
    if (states.length > 0) attachGrants(this, 'PlanStateRead', plan.role, states);

    const report = this.stepFunction('Report', {
      description: 'Untagged-resource janitor: posts one summary per account of a run, and failed runs',
      entry: path.join(LAMBDA_HANDLERS_DIR, 'report.ts'),
      timeout: Duration.minutes(10),
      environment,
    });
    report.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [slackTokenSecretArn(this, config.slack.tokenSecretName)],
      }),
    );
    bucket.grantRunObjects(report.role, 'read');
    // Records the reported run's start.
    bucket.grantRunObjects(report.role, 'write');
    this.planFunction = plan.fn;
    this.reportFunction = report.fn;

    // --- The state machine -------------------------------------------------------------------
    const planTask = new tasks.LambdaInvoke(this, 'PlanTargets', {
      lambdaFunction: plan.fn,
      payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.stringAt('$$.Execution.Name') }),
      payloadResponseOnly: true,
      resultPath: '$.plan',
      retryOnServiceExceptions: false,
    });
    planTask.addRetry({
      errors: LAMBDA_TRANSIENT_ERRORS,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 4,
      jitterStrategy: sfn.JitterType.FULL,
    });

    const sweepTask = new tasks.LambdaInvoke(this, 'SweepTarget', {
      lambdaFunction: props.sweep,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      // The Lambda's own 15-minute limit is the real bound; this only catches a lost invocation.
      taskTimeout: sfn.Timeout.duration(Duration.minutes(16)),
    });
    // Throttled starts (many targets at once) and Lambda hiccups: back off and try again.
    sweepTask.addRetry({
      errors: LAMBDA_TRANSIENT_ERRORS,
      interval: Duration.seconds(10),
      backoffRate: 2,
      maxAttempts: 5,
      maxDelay: Duration.minutes(2),
      jitterStrategy: sfn.JitterType.FULL,
    });
    const recordFailure = new sfn.Pass(this, 'RecordTargetFailure', {
      comment: 'One target failed: record why and let the others go on; the report names it.',
      parameters: {
        'accountId.$': '$.accountId',
        'region.$': '$.region',
        status: 'failed',
        'error.$': '$.failure',
      },
    });
    sweepTask.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.failure' });

    const sweepAll = new sfn.DistributedMap(this, 'SweepTargets', {
      comment: "One sweep per (account, region); the items come from the plan step's object in S3.",
      itemReader: new sfn.S3JsonItemReader({ bucket: bucket.bucket, key: sfn.JsonPath.stringAt('$.plan.targetsKey') }),
      itemSelector: {
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
        'channel.$': '$$.Map.Item.Value.channel',
        'runId.$': '$$.Execution.Name',
        'keepsSince.$': '$.plan.keepsSince',
      },
      maxConcurrency: config.targets.maxConcurrency,
      // Each item catches its own failure; a failure that escapes (States.Runtime) must not stop the rest either.
      toleratedFailurePercentage: 100,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      resultWriterV2: new sfn.ResultWriterV2({ bucket: bucket.bucket, prefix: runKeys.mapResults }),
      resultPath: '$.sweep',
    });
    sweepAll.itemProcessor(sweepTask);

    const reportTask = new tasks.LambdaInvoke(this, 'ReportRun', {
      lambdaFunction: report.fn,
      payload: sfn.TaskInput.fromObject({
        runId: sfn.JsonPath.stringAt('$$.Execution.Name'),
        plan: sfn.JsonPath.objectAt('$.plan'),
        sweep: sfn.JsonPath.objectAt('$.sweep'),
      }),
      payloadResponseOnly: true,
      resultPath: '$.report',
      retryOnServiceExceptions: false,
    });
    reportTask.addRetry({
      errors: LAMBDA_TRANSIENT_ERRORS,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxAttempts: 4,
      jitterStrategy: sfn.JitterType.FULL,
    });

    // A report that ran short of time saved what it posted; the next invocation resumes from there.
    const reportAgain = new sfn.Choice(this, 'ReportFinished?')
      .when(sfn.Condition.booleanEquals('$.report.done', false), reportTask)
      .otherwise(new sfn.Succeed(this, 'RunReported'));

    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Untagged-resource janitor: one nightly run over every configured account and region',
      definitionBody: sfn.DefinitionBody.fromChainable(planTask.next(sweepAll).next(reportTask).next(reportAgain)),
      // A night must end before the next begins.
      timeout: Duration.hours(20),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    const stack = Stack.of(this);
    const arnOf = (fn: lambda.IFunction) => `<${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn>`;
    const bucketId = stack.getLogicalId(bucket.bucket.node.defaultChild as CfnResource);
    // As cdk-nag prints ARNs: pseudo parameters as <AWS::…> unless the stack's environment is known.
    const flat = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const [partition, region, account] = [
      flat(stack.partition, 'Partition'),
      flat(stack.region, 'Region'),
      flat(stack.account, 'AccountId'),
    ];
    const executions = `arn:${partition}:states:${region}:${account}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${stack.getLogicalId(this.stateMachine.node.defaultChild as CfnResource)}"}]}]}`;
    Validations.of(this.stateMachine).acknowledge(
      ...[props.sweep, plan.fn, report.fn].map((fn) => ({
        id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        reason: 'Added by LambdaInvoke to cover versions and aliases of the janitor functions; the tasks invoke them unqualified.',
      })),
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray tracing: xray:PutTraceSegments and its siblings have no resource-level permissions.',
      },
      {
        // The ItemReader/ResultWriter policies always use the AWS::Partition pseudo parameter.
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${bucketId}>/*]`,
        reason:
          "Added by the Distributed Map's ItemReader and ResultWriter: the target list and result keys contain the run id, unknown at deploy time; one bucket only.",
      },
      ...[`${executions}:*`, `${executions}/*:*`].map((resource) => ({
        id: `AwsSolutions-IAM5[Resource::${resource}]`,
        reason: 'Added by the Distributed Map: it starts, describes and stops its own child executions, whose names are generated per run.',
      })),
    );
    Validations.of(plan.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ec2:DescribeRegions and the Organizations list calls have no resource-level permissions.',
    });

    // --- A run that dies (timeout, abort, a failing step) still reaches Slack ----------------------
    this.failureRule = new events.Rule(this, 'RunFailedRule', {
      description: 'Untagged-resource janitor: tell Slack when a run failed, timed out or was stopped',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [this.stateMachine.stateMachineArn], status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      targets: [new eventTargets.LambdaFunction(report.fn, { retryAttempts: 2 })],
    });
  }

  private stepFunction(
    id: string,
    props: { description: string; entry: string; timeout: Duration; environment: Record<string, string> },
  ): { fn: lambda.IFunction; role: iam.Role } {
    const logGroup = new logs.LogGroup(this, `${id}LogGroup`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new iam.Role(this, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    const fn = bundledFunction(this, `${id}Function`, { ...props, memorySize: 512, role, logGroup, config: this.config });
    return { fn, role };
  }
}

/** Whether a run sweeps accounts other than the janitor's own (listed ids or OUs). */
function sweepsMembers(targets: JanitorConfig['targets']): boolean {
  return targets.accounts.ids.length > 0 || targets.accounts.organizationalUnits.length > 0;
}
