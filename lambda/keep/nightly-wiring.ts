import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { JanitorConfig } from '../config/schema';
import type { KeepButtonsOptions } from '../slack/slack-notifier';
import { WarningLedger } from './ledger';

/**
 * What the nightly run's notifier needs for Keep buttons: undefined when `slack.keepButtons` is not
 * configured; the ledger from `JANITOR_LEDGER_TABLE` otherwise (a missing variable throws, so a
 * half-deployed setup fails the run instead of posting buttons nobody recorded).
 */
export function keepButtonsOptions(
  config: JanitorConfig,
  env: NodeJS.ProcessEnv = process.env,
  client: DynamoDBClient = new DynamoDBClient({}),
): KeepButtonsOptions | undefined {
  const keepButtons = config.slack.keepButtons;
  if (!keepButtons) return undefined;
  return { allowForever: keepButtons.allowForever, ledger: WarningLedger.fromEnvironment(env, client) };
}
