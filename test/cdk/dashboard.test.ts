import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { METRICS_NAMESPACE, REPORT_METRIC, TARGET_METRIC } from '../../lambda/core/metrics';
import { buildApp } from '../../lib/app';
import type { JanitorStack } from '../../lib/janitor-stack';

type Widget = { type: string; properties: { title?: string; metrics?: unknown[][] } };

/** The dashboard body (a Fn::Join of JSON and tokens) with the tokens as placeholders. */
function dashboardBody(template: Template): { widgets: Widget[] } {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]!.Properties.DashboardBody;
  const text =
    typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text);
}

describe('the janitor dashboard', () => {
  let stack: JanitorStack;
  let template: Template;
  let widgets: Widget[];

  beforeAll(() => {
    ({ stack } = buildApp({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } }));
    template = Template.fromStack(stack);
    widgets = dashboardBody(template).widgets;
  });

  const metricsOf = (title: string): unknown[][] => {
    const widget = widgets.find((w) => w.properties.title === title);
    if (!widget) throw new Error(`no widget "${title}" (have: ${widgets.map((w) => w.properties.title).join(', ')})`);
    return widget.properties.metrics ?? [];
  };
  /** [namespace, name, ...dimensions, options] rows; CDK writes "." for "same as the row above". */
  const namesIn = (rows: unknown[][]) => rows.map((r) => r[1]);

  it('sums marked, deleted and failed per night, in the janitor namespace', () => {
    const rows = metricsOf('Marked, deleted and failed per night');
    expect(rows.map((r) => r[0])).toEqual(rows.map(() => METRICS_NAMESPACE));
    expect(namesIn(rows)).toEqual([TARGET_METRIC.marked, TARGET_METRIC.deleted, TARGET_METRIC.deletionStarted, TARGET_METRIC.failed]);
    for (const row of rows) {
      expect(row.slice(2, 4)).toEqual(['service', 'janitor']);
      expect(row.at(-1)).toMatchObject({ stat: 'Sum', period: 86400 });
    }
  });

  it('shows failed targets (sweep and report), and the sweep duration p50/p90/max', () => {
    expect(namesIn(metricsOf('Failed targets per night'))).toEqual([TARGET_METRIC.targetFailed, REPORT_METRIC.targetsFailed]);
    const duration = metricsOf('Sweep duration per target (ms)');
    expect(namesIn(duration)).toEqual(duration.map(() => TARGET_METRIC.durationMs));
    expect(duration.map((r) => (r.at(-1) as { stat: string }).stat)).toEqual(['p50', 'p90', 'Maximum']);
  });

  it("shows the state machine's failed and timed-out executions and the sweep Lambda's errors, throttles and duration", () => {
    const runs = metricsOf('Runs (state machine)');
    expect(runs.map((r) => r[0])).toEqual(runs.map(() => 'AWS/States'));
    expect(namesIn(runs)).toEqual(expect.arrayContaining(['ExecutionsFailed', 'ExecutionsTimedOut']));
    const sweep = metricsOf('Sweep Lambda');
    expect(sweep.map((r) => r[0])).toEqual(sweep.map(() => 'AWS/Lambda'));
    expect(namesIn(sweep)).toEqual(['Errors', 'Throttles', 'Duration', 'Duration']);
  });

  it('charts every metric the functions emit, none outside the janitor and AWS namespaces', () => {
    const charted = new Set(
      widgets.flatMap((w) => (w.properties.metrics ?? []).filter((r) => r[0] === METRICS_NAMESPACE).map((r) => r[1])),
    );
    expect([...charted].sort()).toEqual([...Object.values(TARGET_METRIC), ...Object.values(REPORT_METRIC)].sort());
  });

  it('is linked from the DashboardUrl output', () => {
    const outputs = template.findOutputs('DashboardUrl');
    expect(Object.keys(outputs)).toHaveLength(1);
    expect(JSON.stringify(outputs)).toContain('#dashboards:name=');
  });
});
