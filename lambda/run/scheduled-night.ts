import type { JanitorConfig } from '../config/schema';
import { errorText } from '../aws/tagging';
import { S3AuditStore } from '../audit/audit-store';
import { logger } from '../logger';
import { createSlackNotifier, type CreateSlackNotifierOptions } from '../slack/slack-notifier';
import { runNight, type NightlyRunResult } from './nightly-run';

export interface ScheduledNightOptions {
  readonly config: JanitorConfig;
  readonly accountId: string;
  readonly region: string;
  readonly now: Date;
  readonly ownStackName?: string;
  /** Slack transport settings; tests point Slack at a loopback server. */
  readonly slack?: Pick<CreateSlackNotifierOptions, 'slackApiUrl' | 'retries' | 'minIntervalMs'>;
  /** How to wait between deletion waves; tests let simulated time pass instead. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The janitor's audit bucket (in its own region); every run writes its record there. */
  readonly auditBucket?: string;
}

/**
 * The composition root of one scheduled run: Slack from its secret, the night, and a visible
 * failure (logged, posted when Slack still answers, rethrown so the Lambda's error alarm fires).
 */
export async function runScheduledNight(options: ScheduledNightOptions): Promise<NightlyRunResult> {
  const notifier = await createSlackNotifier({
    tokenSecretName: options.config.slack.tokenSecretName,
    channel: options.config.slack.channel,
    ...options.slack,
  });
  try {
    return await runNight({
      config: options.config,
      target: { accountId: options.accountId, region: options.region },
      notifier,
      now: options.now,
      ownStackName: options.ownStackName,
      sleep: options.sleep,
      auditStore: options.auditBucket ? new S3AuditStore(options.auditBucket, options.region) : undefined,
    });
  } catch (error) {
    logger.error('run failed', { error: errorText(error) });
    try {
      await notifier.postFailure({ accountId: options.accountId, region: options.region, error: errorText(error) });
    } catch (postError) {
      logger.error('posting the run failure to Slack failed too', { error: errorText(postError) });
    }
    throw error;
  }
}
