import type { Context } from 'aws-lambda';
import { targetMetrics } from '../core/metrics';
import type { TargetResult } from '../core/run-results';
import { configuredChannel } from '../core/slack-routes';
import { type SweepEvent, sweepTarget } from '../fanout/sweep-target';
import { WarningLedger } from '../keep/ledger';
import { keepButtonsOptions } from '../keep/nightly-wiring';
import { logger } from '../logger';
import { publishMetrics } from '../metrics';
import { createOwnerResolver } from '../owners/resolve-owners';
import { createSlackNotifier } from '../slack/slack-notifier';
import { errorText } from '../util/errors';
import { homeOf, janitorConfig, runStoreIn } from './runtime';

/** Step 2, once per Map item: one night in one (account, region). */
export async function handler(event: SweepEvent, context: Context): Promise<TargetResult> {
  logger.addContext(context);
  logger.appendKeys({ runId: event.runId, targetAccount: event.accountId, targetRegion: event.region });
  const began = Date.now();
  let warningsPosted = 0;
  let result: TargetResult | undefined;
  try {
    const config = janitorConfig();
    const home = homeOf(context);
    const notifier = await createSlackNotifier({
      tokenSecretName: config.slack.tokenSecretName,
      // The plan step routed this target's account to its team's channel (slack.routes).
      channel: configuredChannel(event.channel, config.slack.channel, config.slack.routes),
      keepButtons: keepButtonsOptions(config),
    });
    result = await sweepTarget(event, {
      config,
      home,
      notifier: {
        postWarning: async (warning) => {
          const posted = await notifier.postWarning(warning);
          warningsPosted += 1;
          return posted;
        },
      },
      runStore: runStoreIn(home),
      now: new Date(),
      ownStackName: process.env.JANITOR_STACK_NAME,
      auditBucket: process.env.JANITOR_AUDIT_BUCKET,
      owners: await createOwnerResolver(config),
      keeps: config.slack.keepButtons ? WarningLedger.fromEnvironment() : undefined,
    });
    return result;
  } catch (error) {
    result = { accountId: event.accountId, region: event.region, status: 'failed', error: errorText(error) };
    throw error;
  } finally {
    emitTargetMetrics(event, result, Date.now() - began, warningsPosted);
  }
}

/** One EMF document per target: the counts as metrics, the target itself as metadata (not a dimension). */
function emitTargetMetrics(event: SweepEvent, result: TargetResult | undefined, durationMs: number, warningsPosted: number): void {
  if (!result) return;
  publishMetrics(targetMetrics({ result, durationMs, warningsPosted }), {
    runId: event.runId,
    accountId: event.accountId,
    region: event.region,
    status: result.status,
    dryRun: dryRunOf(),
  });
}

/** "true"/"false" for the metadata; undefined when the configuration itself could not be read. */
function dryRunOf(): string | undefined {
  try {
    return String(janitorConfig().dryRun);
  } catch {
    return undefined;
  }
}
