import type { Context } from 'aws-lambda';
import { reportMetrics } from '../core/metrics';
import { type ExecutionStatusChange, type ReportEvent, type ReportOutcome, reportFailedExecution, reportRun } from '../fanout/report-run';
import { isOrganizationRun } from '../fanout/routing';
import { logger } from '../logger';
import { publishMetrics } from '../metrics';
import { createSlackNotifier } from '../slack/slack-notifier';
import { memoizedByKey } from '../util/collections';
import { homeOf, janitorConfig, runStoreIn } from './runtime';

function isStatusChange(event: ReportEvent | ExecutionStatusChange): event is ExecutionStatusChange {
  return (event as ExecutionStatusChange).source === 'aws.states';
}

/**
 * Step 3 of a run (one summary per account), and the Slack notice of a run that died: EventBridge
 * sends failed, timed-out and aborted executions here, which the state machine itself cannot report.
 */
export async function handler(event: ReportEvent | ExecutionStatusChange, context: Context): Promise<ReportOutcome | undefined> {
  logger.addContext(context);
  const config = janitorConfig();
  const home = homeOf(context);
  const notifier = await createSlackNotifier({ tokenSecretName: config.slack.tokenSecretName, channel: config.slack.channel });
  if (isStatusChange(event)) {
    await reportFailedExecution(event.detail, { home, notifier });
    return undefined;
  }
  // One notifier per channel, each paced at Slack's per-channel rate.
  const notifierFor = memoizedByKey((channel) => notifier.forChannel(channel));
  return reportRun(event, {
    store: runStoreIn(home),
    notifierFor,
    defaultChannel: config.slack.channel,
    dryRun: config.dryRun,
    postWhenNothingHappened: config.slack.postWhenNothingHappened,
    orgDigest: isOrganizationRun(config),
    remainingMs: () => context.getRemainingTimeInMillis(),
    // Once per run: an invocation that runs out of time and is resumed counts nothing.
    onReported: (tally) => publishMetrics(reportMetrics(tally), { runId: event.runId, dryRun: String(config.dryRun) }),
  });
}
