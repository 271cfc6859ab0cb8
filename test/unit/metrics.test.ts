import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricValue, reportMetrics, targetMetrics } from '../../lambda/core/metrics';
import { countsOf, type ResourceLine, type RunReport } from '../../lambda/core/report';
import type { TargetResult } from '../../lambda/core/run-results';
import { handler } from '../../lambda/handlers/sweep';
import { publishMetrics } from '../../lambda/metrics';

const line = (id: string): ResourceLine => ({
  typeLabel: 'EC2 instance',
  type: 'ec2-instance',
  id,
  arn: `arn:aws:ec2:eu-west-1:111111111111:instance/${id}`,
  region: 'eu-west-1',
  consoleUrl: 'https://example.invalid',
  reason: 'missing IaC tags (ManagedBy)',
  cost: '~$33/month',
});
const lines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => line(`${prefix}-${i}`));

/** Every kind of line, each kind a different count, so a swapped mapping shows. */
const report: RunReport = {
  accountId: '111111111111',
  region: 'eu-west-1',
  dryRun: false,
  startedAt: new Date('2026-12-01T02:00:00Z'),
  deleted: lines('deleted', 1),
  started: lines('started', 2),
  failed: lines('failed', 3).map((l) => ({ ...l, error: 'DependencyViolation: in use' })),
  skipped: lines('skipped', 4),
  kept: lines('kept', 5),
  needsAttention: lines('attention', 6),
  markedCount: 7,
  waitingCount: 8,
  capAlerts: ['deletion cap reached', 'marking cap reached', 'x', 'y', 'z', 'w', 'v', 'u', 't'],
  listingErrors: [{ type: 'ec2-volume', error: 'AccessDenied' }],
  keptFromSlack: [{ arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-k', keptBy: 'U1', until: 'forever', at: new Date() }],
  tagDrift: lines('drift', 2),
};

const swept: TargetResult = {
  accountId: report.accountId,
  region: report.region,
  status: 'swept',
  reportKey: 'executions/run-1/reports/111111111111/eu-west-1.json',
  counts: countsOf(report),
  durationMs: 1234,
  discovered: 40,
};

const asRecord = (values: MetricValue[]) => Object.fromEntries(values.map((v) => [v.name, [v.value, v.unit]]));

describe('metric values of a target', () => {
  it("are the report's own counts, one metric each", () => {
    expect(asRecord(targetMetrics({ result: swept, durationMs: 1500, warningsPosted: 2 }))).toEqual({
      Discovered: [40, 'Count'],
      Marked: [7, 'Count'],
      Kept: [5, 'Count'],
      Deleted: [1, 'Count'],
      DeletionStarted: [2, 'Count'],
      Failed: [3, 'Count'],
      Skipped: [4, 'Count'],
      SkippedByCap: [9, 'Count'],
      NeedsAttention: [6, 'Count'],
      WarningsPosted: [2, 'Count'],
      TargetDurationMs: [1500, 'Milliseconds'],
      TargetFailed: [0, 'Count'],
    });
  });

  it('leave out what was not counted (results of older versions, warnings not counted)', () => {
    const { discovered: _, ...older } = swept as Extract<TargetResult, { status: 'swept' }>;
    const names = targetMetrics({ result: older, durationMs: 1 }).map((v) => v.name);
    expect(names).not.toContain('Discovered');
    expect(names).not.toContain('WarningsPosted');
    expect(names).toContain('Deleted');
  });

  it('of a failed target are TargetFailed 1 and its duration only: no count reads as "nothing deleted"', () => {
    const failed: TargetResult = { accountId: '1', region: 'eu-west-1', status: 'failed', error: 'AccessDenied' };
    expect(asRecord(targetMetrics({ result: failed, durationMs: 99, warningsPosted: 0 }))).toEqual({
      TargetFailed: [1, 'Count'],
      TargetDurationMs: [99, 'Milliseconds'],
    });
  });
});

describe('metric values of the report step', () => {
  it('count accounts, failed targets and summaries; the digest only when the run has one', () => {
    const tally = { accounts: 3, failedTargets: 1, summariesPosted: 2, summariesFailed: 1 };
    expect(asRecord(reportMetrics({ ...tally, digestPosted: true }))).toEqual({
      AccountsReported: [3, 'Count'],
      TargetsFailed: [1, 'Count'],
      SummariesPosted: [2, 'Count'],
      SummariesFailed: [1, 'Count'],
      DigestPosted: [1, 'Count'],
    });
    expect(asRecord(reportMetrics({ ...tally, digestPosted: false })).DigestPosted).toEqual([0, 'Count']);
    expect(reportMetrics(tally).map((v) => v.name)).not.toContain('DigestPosted');
  });
});

interface Emf {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [key: string]: unknown;
}

describe('EMF on stdout', () => {
  let written: string[];
  beforeEach(() => {
    written = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  const documents = (): Emf[] =>
    written
      .join('')
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Emf);

  /** The document, checked: one directive, the janitor namespace, every declared metric present. */
  function validEmf(doc: Emf | undefined): Emf {
    if (!doc) throw new Error('no EMF document on stdout');
    expect(typeof doc._aws.Timestamp).toBe('number');
    expect(doc._aws.CloudWatchMetrics).toHaveLength(1);
    const directive = doc._aws.CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe(METRICS_NAMESPACE);
    // One constant dimension: never the account or the region.
    expect(directive.Dimensions).toEqual([['service']]);
    expect(doc.service).toBe(METRICS_SERVICE);
    // Every metric and dimension named in the directive has its value at the top level (the spec's rule).
    for (const m of directive.Metrics) expect(typeof doc[m.Name]).toBe('number');
    return doc;
  }

  it('writes one document per target: the counts as metrics, account and region as metadata, not dimensions', () => {
    publishMetrics(targetMetrics({ result: swept, durationMs: 1500, warningsPosted: 2 }), {
      runId: 'run-1',
      accountId: '111111111111',
      region: 'eu-west-1',
      status: 'swept',
      dryRun: 'false',
    });
    const [first, ...more] = documents();
    expect(more).toEqual([]);
    const doc = validEmf(first);
    expect(doc).toMatchObject({ Deleted: 1, Marked: 7, SkippedByCap: 9, TargetDurationMs: 1500, TargetFailed: 0 });
    expect(doc).toMatchObject({ runId: 'run-1', accountId: '111111111111', region: 'eu-west-1', status: 'swept', dryRun: 'false' });
    expect(doc._aws.CloudWatchMetrics[0]!.Metrics).toContainEqual({ Name: 'TargetDurationMs', Unit: 'Milliseconds' });
    const dimensions = doc._aws.CloudWatchMetrics[0]!.Dimensions.flat();
    expect(dimensions).not.toContain('accountId');
    expect(dimensions).not.toContain('region');
  });

  it('the sweep handler emits TargetFailed for a sweep that throws, and still throws its error', async () => {
    vi.stubEnv('JANITOR_CONFIG_FILE', '');
    const context = { invokedFunctionArn: 'arn:aws:lambda:eu-west-1:999999999999:function:sweep' } as Context;
    try {
      await expect(handler({ runId: 'run-2', accountId: '222222222222', region: 'us-east-1' }, context)).rejects.toThrow(/is not set/);
    } finally {
      vi.unstubAllEnvs();
    }
    const doc = validEmf(documents()[0]);
    expect(doc).toMatchObject({ TargetFailed: 1, runId: 'run-2', accountId: '222222222222', region: 'us-east-1', status: 'failed' });
    expect(doc.Deleted).toBeUndefined();
  });

  it('never throws: a metrics failure is logged and the run goes on', () => {
    expect(() => publishMetrics([{ name: '', unit: 'Count', value: 1 }], { runId: 'run-3' })).not.toThrow();
    // The next document is clean (the bad one was dropped).
    publishMetrics([{ name: 'Deleted', unit: 'Count', value: 1 }], {});
    const docs = documents();
    expect(docs).toHaveLength(1);
    expect(docs[0]?.runId).toBeUndefined();
  });
});
