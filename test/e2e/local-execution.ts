import { randomUUID } from 'node:crypto';
import { AwsClients } from '../../lambda/aws/clients';
import type { JanitorConfig } from '../../lambda/config';
import type { Notifier, RunReport } from '../../lambda/core/report';
import type { SweepTarget, TargetResult } from '../../lambda/core/run-results';
import { configuredChannel } from '../../lambda/core/slack-routes';
import { type PlannedRun, planRun } from '../../lambda/fanout/plan-run';
import { type ReportOutcome, type RunSummaryNotifier, reportRun } from '../../lambda/fanout/report-run';
import { isOrganizationRun } from '../../lambda/fanout/routing';
import { RunStore, runKeys } from '../../lambda/fanout/run-store';
import { type SweepDependencies, type SweepEvent, sweepTarget } from '../../lambda/fanout/sweep-target';
import type { Home } from '../../lambda/fanout/targets';
import { memoizedByKey } from '../../lambda/util/collections';

export interface LocalExecutionOptions {
  readonly runId?: string;
  readonly config: JanitorConfig;
  readonly home: Home;
  /** The janitor's bucket (audit records, run objects), in the home account and region. */
  readonly bucket: string;
  /** Posts to the default channel; also to every other unless `notifierFor` is given. */
  readonly notifier: Pick<Notifier, 'postWarning'> & RunSummaryNotifier;
  /** The notifier of one channel (`slack.routes`): warnings of a routed target, summaries, the digest. */
  readonly notifierFor?: (channel: string) => Pick<Notifier, 'postWarning'> & RunSummaryNotifier;
  /**
   * The report step's remaining time at each moment of one invocation (Lambda's
   * getRemainingTimeInMillis); each invocation starts anew. Absent: no budget.
   */
  readonly reportTimeBudget?: () => () => number;
  readonly now: Date;
  readonly ownStackName?: string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly owners?: SweepDependencies['owners'];
  readonly keeps?: SweepDependencies['keeps'];
  /** Replaces the sweep of chosen targets, e.g. to make one throw. */
  readonly sweepOverride?: (event: SweepEvent) => Promise<TargetResult> | undefined;
}

export interface LocalExecution {
  readonly planned: readonly SweepTarget[];
  readonly results: readonly TargetResult[];
  /** Each swept target's report, as the report step reads it. */
  readonly reports: readonly RunReport[];
  readonly outcome?: ReportOutcome;
  /** How many times the report step was invoked (it resumes while its outcome is not done). */
  readonly reportInvocations?: number;
  /** What the state machine would have failed with (plan or report step); undefined when it succeeded. */
  readonly executionError?: Error;
  /** Wall time each item's sweep took. */
  readonly sweepMs: readonly number[];
}

/**
 * Runs the three steps of the janitor's state machine in-process, as Step Functions would: plan,
 * a Map over the targets with bounded concurrency and a Catch per item, results written the way
 * ResultWriter writes them (manifest + result file), then the report. The state machine definition
 * itself is checked by the CDK specs; this exercises the Lambdas' contract end to end.
 */
export async function runLocalExecution(options: LocalExecutionOptions): Promise<LocalExecution> {
  const runId = options.runId ?? `run-${randomUUID()}`;
  const store = new RunStore(options.bucket, options.home.region);
  const { config, home } = options;
  let planned: SweepTarget[] = [];
  let plan: PlannedRun;
  try {
    plan = await planRun(runId, { config, home, clients: new AwsClients(home), store, now: options.now });
    planned = await store.getJson<SweepTarget[]>(plan.targetsKey);
  } catch (error) {
    return { planned, results: [], reports: [], executionError: error as Error, sweepMs: [] };
  }

  const children: { Input: string; Output: string; Status: string }[] = [];
  const sweepMs: number[] = [];
  const queue = [...planned];
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      // The Map's ItemSelector: the item plus the run id and the plan's keepsSince.
      const event: SweepEvent = { ...target, runId, keepsSince: plan.keepsSince };
      const began = performance.now();
      let output: unknown;
      try {
        output =
          (await options.sweepOverride?.(event)) ??
          (await sweepTarget(event, {
            config,
            home,
            notifier: notifierOf(options, configuredChannel(event.channel, config.slack.channel, config.slack.routes)),
            runStore: store,
            now: options.now,
            ownStackName: options.ownStackName,
            auditBucket: options.bucket,
            sleep: options.sleep,
            owners: options.owners,
            keeps: options.keeps,
          }));
      } catch (error) {
        // The Catch + Pass of the state machine: the Lambda's error arrives as a JSON Cause.
        const e = error as Error;
        output = {
          ...target,
          status: 'failed',
          error: { Error: e.name, Cause: JSON.stringify({ errorType: e.name, errorMessage: e.message }) },
        };
      }
      sweepMs.push(performance.now() - began);
      children.push({ Input: JSON.stringify(event), Output: JSON.stringify(output), Status: 'SUCCEEDED' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.targets.maxConcurrency, Math.max(planned.length, 1)) }, worker));

  const mapRun = randomUUID();
  const resultsKey = `${runKeys.mapResults}/${mapRun}/SUCCEEDED_0.json`;
  const manifestKey = `${runKeys.mapResults}/${mapRun}/manifest.json`;
  await store.putJson(resultsKey, children);
  await store.putJson(manifestKey, {
    DestinationBucket: options.bucket,
    ResultFiles: { SUCCEEDED: [{ Key: resultsKey }], FAILED: [], PENDING: [] },
  });

  const results = children.map((c) => JSON.parse(c.Output) as TargetResult);
  const reports: RunReport[] = [];
  for (const r of results) if (r.status === 'swept') reports.push(await store.getJson<RunReport>(r.reportKey));
  let reportInvocations = 0;
  try {
    let outcome: ReportOutcome;
    // The state machine's Choice: the report step runs again until it says it is done.
    do {
      reportInvocations += 1;
      // One notifier per channel in each invocation, as the report Lambda keeps them (lambda/handlers/report.ts).
      const reportNotifierFor = memoizedByKey((channel) => notifierOf(options, channel));
      if (reportInvocations > MAX_REPORT_INVOCATIONS)
        throw new Error(`the report step was not done after ${MAX_REPORT_INVOCATIONS} invocations`);
      outcome = await reportRun(
        { runId, plan, sweep: { ResultWriterDetails: { Bucket: options.bucket, Key: manifestKey } } },
        {
          store,
          notifierFor: reportNotifierFor,
          defaultChannel: config.slack.channel,
          dryRun: config.dryRun,
          postWhenNothingHappened: config.slack.postWhenNothingHappened,
          orgDigest: isOrganizationRun(config),
          remainingMs: options.reportTimeBudget?.(),
        },
      );
    } while (!outcome.done);
    return { planned, results, reports, outcome, sweepMs, reportInvocations };
  } catch (error) {
    return { planned, results, reports, executionError: error as Error, sweepMs, reportInvocations };
  }
}

/** A bound for the test (the state machine loops until done, within its 20-hour timeout). */
const MAX_REPORT_INVOCATIONS = 50;

function notifierOf(options: LocalExecutionOptions, channel: string): Pick<Notifier, 'postWarning'> & RunSummaryNotifier {
  return options.notifierFor?.(channel) ?? options.notifier;
}
