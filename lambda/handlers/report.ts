import type { Context } from 'aws-lambda';
import { reportRun, type ReportEvent, type ReportOutcome } from '../fanout/report-run';
import { errorFromCatch } from '../fanout/run-summary';
import { logger } from '../logger';
import { createSlackNotifier } from '../slack/slack-notifier';
import { homeOf, janitorConfig, runStoreIn } from './runtime';

/** EventBridge's notice of an execution that failed, timed out or was stopped. */
export interface ExecutionStatusChange {
  readonly source: 'aws.states';
  readonly 'detail-type': 'Step Functions Execution Status Change';
  readonly detail: { readonly name?: string; readonly executionArn?: string; readonly status?: string; readonly error?: string; readonly cause?: string };
}

function isStatusChange(event: ReportEvent | ExecutionStatusChange): event is ExecutionStatusChange {
  return (event as ExecutionStatusChange).source === 'aws.states';
}

/**
 * Step 3 of a run (one summary per account), and the Slack notice of a run that died: EventBridge
 * sends failed, timed-out and aborted executions here, which the state machine itself cannot report.
 */
export async function handler(event: ReportEvent | ExecutionStatusChange, context: Context): Promise<ReportOutcome | void> {
  logger.addContext(context);
  const config = janitorConfig();
  const home = homeOf(context);
  const notifier = await createSlackNotifier({ tokenSecretName: config.slack.tokenSecretName, channel: config.slack.channel });
  if (isStatusChange(event)) {
    const { name, status, error, cause } = event.detail;
    const why = error || cause ? ` — ${errorFromCatch({ Error: error, Cause: cause })}` : '';
    logger.error('janitor execution did not complete', { ...event.detail });
    await notifier.postFailure({
      accountId: home.accountId,
      region: home.region,
      error: `the janitor run ${name ?? event.detail.executionArn ?? ''} ended ${status ?? 'unsuccessfully'}${why}. Targets not swept tonight are tried again by the next run; the execution history in the Step Functions console shows where it stopped.`,
    });
    return;
  }
  return reportRun(event, {
    store: runStoreIn(home),
    notifier,
    dryRun: config.dryRun,
    postWhenNothingHappened: config.slack.postWhenNothingHappened,
  });
}
