import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface RunFailureAlarmsProps {
  readonly function: lambda.IFunction;
}

/**
 * Makes a failed night visible: the Lambda is never retried, so an error or a throttled start
 * alarms to an SNS topic that operators subscribe to (email, chatbot, ...).
 */
export class RunFailureAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly throttlesAlarm: cloudwatch.Alarm;

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
      'ErrorsAlarm',
      props.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'The janitor run failed (error or timeout). It is not retried: check the function logs before the next night.',
    );
    this.throttlesAlarm = this.alarmOnFirst(
      'ThrottlesAlarm',
      props.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      'A janitor invocation was throttled (account concurrency exhausted), so this night may not have run.',
    );
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
