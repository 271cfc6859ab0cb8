import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, REPORT_METRIC, TARGET_METRIC } from '../../lambda/core/metrics';

export interface JanitorDashboardProps {
  /** The janitor's name: the dashboard is `<name>-nights`. */
  readonly name: string;
  readonly sweep: lambda.IFunction;
  readonly stateMachine: sfn.IStateMachine;
}

const NIGHT = Duration.days(1);
const WIDTH = 12;
const HEIGHT = 6;

/**
 * One CloudWatch dashboard of the janitor's nights: what each night marked, deleted and failed to
 * delete (the sweeps' EMF metrics, summed per day), failed targets, sweep durations, and the
 * health of the state machine and the sweep Lambda. The custom metrics come from the functions'
 * logs (EMF, see lambda/metrics.ts): no role needs `cloudwatch:PutMetricData`.
 */
export class JanitorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /** The dashboard in the CloudWatch console (commercial partition's console domain). */
  readonly url: string;

  constructor(scope: Construct, id: string, props: JanitorDashboardProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const perNight = (metricName: string, label: string) => janitorMetric(metricName, label, cloudwatch.Stats.SUM);
    const duration = (statistic: string, label: string) => janitorMetric(TARGET_METRIC.durationMs, label, statistic);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${props.name}-nights`,
      defaultInterval: Duration.days(30),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '## Untagged-resource janitor\nCounts are per night (sum of every account and region). In a dry run they are what would have happened. Account and region of each target are in the sweep log (EMF metadata), not dimensions.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Marked, deleted and failed per night',
        left: [
          perNight(TARGET_METRIC.marked, 'Marked'),
          perNight(TARGET_METRIC.deleted, 'Deleted'),
          perNight(TARGET_METRIC.deletionStarted, 'Deletion started'),
          perNight(TARGET_METRIC.failed, 'Failed (deletion or tagging)'),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Held back per night',
        left: [
          perNight(TARGET_METRIC.kept, 'Kept (mark removed)'),
          perNight(TARGET_METRIC.skipped, 'Skipped'),
          perNight(TARGET_METRIC.skippedByCap, 'Cap alerts'),
          perNight(TARGET_METRIC.needsAttention, 'Needs attention'),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Failed targets per night',
        left: [
          perNight(TARGET_METRIC.targetFailed, 'Sweeps that threw'),
          perNight(REPORT_METRIC.targetsFailed, 'Failed targets in the report (timeouts included)'),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Sweep duration per target (ms)',
        left: [duration(cloudwatch.Stats.p(50), 'p50'), duration(cloudwatch.Stats.p(90), 'p90'), duration(cloudwatch.Stats.MAXIMUM, 'max')],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Runs (state machine)',
        left: [
          props.stateMachine.metricFailed({ statistic: cloudwatch.Stats.SUM, period: NIGHT, label: 'ExecutionsFailed' }),
          props.stateMachine.metricTimedOut({ statistic: cloudwatch.Stats.SUM, period: NIGHT, label: 'ExecutionsTimedOut' }),
          props.stateMachine.metricSucceeded({ statistic: cloudwatch.Stats.SUM, period: NIGHT, label: 'ExecutionsSucceeded' }),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Sweep Lambda',
        left: [
          props.sweep.metricErrors({ statistic: cloudwatch.Stats.SUM, period: NIGHT, label: 'Errors' }),
          props.sweep.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: NIGHT, label: 'Throttles' }),
        ],
        right: [
          props.sweep.metricDuration({ statistic: cloudwatch.Stats.p(90), period: NIGHT, label: 'Duration p90 (ms)' }),
          props.sweep.metricDuration({ statistic: cloudwatch.Stats.MAXIMUM, period: NIGHT, label: 'Duration max (ms)' }),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Slack per night',
        left: [
          perNight(TARGET_METRIC.warningsPosted, 'Warnings posted'),
          perNight(REPORT_METRIC.summariesPosted, 'Account summaries posted'),
          perNight(REPORT_METRIC.summariesFailed, 'Account summaries failed'),
          perNight(REPORT_METRIC.digestPosted, 'Organization digest posted'),
        ],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
      new cloudwatch.GraphWidget({
        title: 'Resources listed and accounts reported per night',
        left: [perNight(TARGET_METRIC.discovered, 'Resources listed')],
        right: [perNight(REPORT_METRIC.accountsReported, 'Accounts reported')],
        period: NIGHT,
        width: WIDTH,
        height: HEIGHT,
      }),
    );

    this.url = `https://${stack.region}.console.aws.amazon.com/cloudwatch/home?region=${stack.region}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}

/** A janitor EMF metric: the namespace and the one `service` dimension Powertools always writes. */
export function janitorMetric(metricName: string, label: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: METRICS_SERVICE },
    statistic,
    period: NIGHT,
    label,
  });
}
