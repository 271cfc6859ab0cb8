import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface RunFailureAlarmsProps {
  /** The sweep: one error is one target that failed tonight. */
  readonly sweep: lambda.IFunction;
  /** The run's state machine: a failed, timed-out or aborted execution is a night that did not complete. */
  readonly stateMachine: sfn.IStateMachine;
}

/**
 * Makes a failed night visible: a failed run (execution) or a failed target (sweep error) alarms
 * to an SNS topic that operators subscribe to (email, chatbot, ...); Slack hears of both too.
 */
export class RunFailureAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;
  readonly executionAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RunFailureAlarmsProps) {
    super(scope, id);
    const account = Stack.of(this).account;

    // A customer managed key: CloudWatch cannot publish to a topic encrypted with the AWS managed
    // SNS key (alias/aws/sns), because that key's policy cannot be extended.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the untagged-resource janitor alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const cloudWatchAlarms = new iam.ServicePrincipal('cloudwatch.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [cloudWatchAlarms],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Untagged-resource janitor: failed runs',
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL creates a topic policy, which replaces the default one that let same-account
    // CloudWatch alarms publish; grant that back explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [cloudWatchAlarms],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
      }),
    );

    this.errorsAlarm = this.alarmOnFirst(
      'SweepErrorsAlarm',
      props.sweep.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A janitor sweep failed (one account and region): the run went on with the others and its Slack summary names the failure. Check the sweep function logs.',
    );
    this.throttlesAlarm = this.alarmOnFirst(
      'SweepThrottlesAlarm',
      props.sweep.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A janitor sweep was throttled (account concurrency exhausted); it is retried with backoff, but lower targets.maxConcurrency if this repeats.',
    );
    this.executionAlarm = this.alarmOnFirst(
      'RunFailedAlarm',
      new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: props.stateMachine.metricFailed({ statistic: cloudwatch.Stats.SUM }),
          timedOut: props.stateMachine.metricTimedOut({ statistic: cloudwatch.Stats.SUM }),
          aborted: props.stateMachine.metricAborted({ statistic: cloudwatch.Stats.SUM }),
        },
        period: Duration.minutes(5),
        label: 'Janitor runs failed, timed out or aborted',
      }),
      'A janitor run (Step Functions execution) failed, timed out or was stopped: some targets were not swept or not reported tonight. See the execution in the Step Functions console.',
    );
  }

  /** Another janitor function whose every error someone must hear about (e.g. the keep endpoint). */
  alarmOnErrorsOf(id: string, fn: lambda.IFunction, description: string): cloudwatch.Alarm {
    return this.alarmOnFirst(id, fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), description);
  }

  private alarmOnFirst(id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // No invocation is no datapoint; that must not look like a failure.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.topic));
    return alarm;
  }
}
