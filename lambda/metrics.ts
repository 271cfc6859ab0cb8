import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricValue } from './core/metrics';
import { logger } from './logger';
import { errorText } from './util/errors';

/**
 * The janitor's metrics: embedded metric format (EMF) JSON on stdout, which Lambda sends to the
 * function's log group and CloudWatch Logs turns into metrics. No `cloudwatch:PutMetricData`, so
 * no extra IAM: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Lambda.html
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

const UNITS = { Count: MetricUnit.Count, Milliseconds: MetricUnit.Milliseconds } as const;

/**
 * Writes `values` as one EMF document with `metadata` (properties, not dimensions) and flushes it
 * now: each invocation is one target or one report, and a later flush could be lost to a timeout.
 * Never throws: a metric is not worth a failed sweep, so a failure is logged instead.
 */
export function publishMetrics(values: readonly MetricValue[], metadata: Readonly<Record<string, string | undefined>>): void {
  try {
    for (const { name, unit, value } of values) metrics.addMetric(name, UNITS[unit], value);
    for (const [key, value] of Object.entries(metadata)) if (value !== undefined) metrics.addMetadata(key, value);
    metrics.publishStoredMetrics();
  } catch (error) {
    logger.warn('publishing metrics failed; the run goes on', { error: errorText(error) });
    try {
      metrics.clearMetrics();
      metrics.clearMetadata();
    } catch {
      // Nothing more to do: the next invocation starts over.
    }
  }
}
