import type { Context } from 'aws-lambda';
import type { TargetResult } from '../core/run-results';
import { configuredChannel } from '../core/slack-routes';
import { type SweepEvent, sweepTarget } from '../fanout/sweep-target';
import { WarningLedger } from '../keep/ledger';
import { keepButtonsOptions } from '../keep/nightly-wiring';
import { logger } from '../logger';
import { createOwnerResolver } from '../owners/resolve-owners';
import { createSlackNotifier } from '../slack/slack-notifier';
import { homeOf, janitorConfig, runStoreIn } from './runtime';

/** Step 2, once per Map item: one night in one (account, region). */
export async function handler(event: SweepEvent, context: Context): Promise<TargetResult> {
  logger.addContext(context);
  logger.appendKeys({ runId: event.runId, targetAccount: event.accountId, targetRegion: event.region });
  const config = janitorConfig();
  const home = homeOf(context);
  const notifier = await createSlackNotifier({
    tokenSecretName: config.slack.tokenSecretName,
    // The plan step routed this target's account to its team's channel (slack.routes).
    channel: configuredChannel(event.channel, config.slack.channel, config.slack.routes),
    keepButtons: keepButtonsOptions(config),
  });
  return sweepTarget(event, {
    config,
    home,
    notifier,
    runStore: runStoreIn(home),
    now: new Date(),
    ownStackName: process.env.JANITOR_STACK_NAME,
    auditBucket: process.env.JANITOR_AUDIT_BUCKET,
    owners: await createOwnerResolver(config),
    keeps: config.slack.keepButtons ? WarningLedger.fromEnvironment() : undefined,
  });
}
