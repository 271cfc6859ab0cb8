import {
  LogLevel,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
  type RetryOptions,
} from '@slack/web-api';
import { getSecretString } from '../aws/secrets';
import type { WarningRecorder } from '../keep/ledger';
import type { Notifier, PostedWarning, RunFailure, RunReport, Warning } from '../run/report';
import type { AccountRunSummary } from '../fanout/run-summary';
import { failureMessage, reportMessages, warningMessages, type SlackMessage } from './messages';
import { accountSummaryMessages } from './run-summary-messages';

/** Slack allows about one message per second per channel; thread replies count too. */
export const DEFAULT_MIN_INTERVAL_MS = 1_000;
/** WebClient's own default retries for half an hour, longer than a Lambda may run. */
export const DEFAULT_SLACK_RETRIES = 5;

export interface SlackNotifierOptions {
  readonly client: WebClient;
  /** Channel ID (C0123ABCD) or name (#platform-alerts). */
  readonly channel: string;
  /** Pause between the parts of one multi-part message; 0 in tests. */
  readonly minIntervalMs?: number;
  /** Keep buttons in warnings; each posted part is recorded in the ledger the keep endpoint checks. */
  readonly keepButtons?: KeepButtonsOptions;
}

export interface KeepButtonsOptions {
  readonly allowForever: boolean;
  /** Where each warning message's resources are recorded; a button only works for what is recorded. */
  readonly ledger: WarningRecorder;
}

/**
 * Posts the janitor's messages. A message split into parts goes out as one channel message with
 * the rest in its thread, so a long list does not flood the channel. Failures always throw.
 */
export class SlackNotifier implements Notifier {
  private readonly client: WebClient;
  private readonly channel: string;
  private readonly minIntervalMs: number;
  private readonly keepButtons?: KeepButtonsOptions;

  constructor(options: SlackNotifierOptions) {
    this.client = options.client;
    this.channel = options.channel;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.keepButtons = options.keepButtons;
  }

  /**
   * With Keep buttons, every posted part is recorded right after it is posted (its channel, ts and
   * the ARNs it lists). A failed record fails the warning, so nothing gets marked behind buttons
   * that could not work.
   */
  postWarning(warning: Warning): Promise<PostedWarning> {
    const keep = this.keepButtons;
    const messages = warningMessages(warning, keep ? { keepButtons: { allowForever: keep.allowForever } } : {});
    return this.postThread(messages, async (message, posted) => {
      if (!keep || !message.keepArns || message.keepArns.length === 0) return;
      try {
        await keep.ledger.recordWarning({
          channel: posted.channel,
          ts: posted.ts,
          accountId: warning.accountId,
          region: warning.region,
          deadline: warning.deadline,
          resources: message.keepArns,
        });
      } catch (error) {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new Error(`recording the warning message ${posted.ts} in the keep ledger failed: ${text}`, { cause: error });
      }
    });
  }

  async postReport(report: RunReport): Promise<void> {
    await this.postThread(reportMessages(report));
  }

  async postFailure(failure: RunFailure): Promise<void> {
    await this.postThread([failureMessage(failure)]);
  }

  /** One account's part of a multi-target run: its summary, the regions' details in the thread. */
  async postAccountSummary(summary: AccountRunSummary): Promise<void> {
    await this.postThread(accountSummaryMessages(summary));
  }

  private async postThread(
    messages: readonly SlackMessage[],
    afterPost?: (message: SlackMessage, posted: { channel: string; ts: string }) => Promise<void>,
  ): Promise<PostedWarning> {
    let threadTs: string | undefined;
    let first: PostedWarning | undefined;
    for (const [index, message] of messages.entries()) {
      if (index > 0 && this.minIntervalMs > 0) await sleep(this.minIntervalMs);
      const part = messages.length > 1 ? ` (part ${index + 1} of ${messages.length})` : '';
      const { ts, channel } = await this.postMessage(message, threadTs, part);
      if (index === 0) {
        // Without the first message's ts the remaining parts would land loose in the channel.
        if (!ts) throw new Error(`Slack chat.postMessage returned no ts for the first message in ${this.channel}${part}`);
        threadTs = ts;
        first = { channel: channel ?? this.channel, ts };
      }
      if (afterPost) {
        if (!ts) throw new Error(`Slack chat.postMessage returned no ts for a message with Keep buttons in ${this.channel}${part}`);
        // Slack answers with the channel ID even when posting by name; the click payload carries the ID.
        await afterPost(message, { channel: channel ?? this.channel, ts });
      }
    }
    if (!first) throw new Error(`nothing to post to ${this.channel}`);
    return first;
  }

  private async postMessage(message: SlackMessage, threadTs: string | undefined, part: string): Promise<{ ts?: string; channel?: string }> {
    try {
      const result = await this.client.chat.postMessage({
        channel: this.channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return { ts: result.ts, channel: result.channel };
    } catch (error) {
      throw new Error(`Slack chat.postMessage failed: ${slackErrorText(error)} (channel ${this.channel}${part})`, { cause: error });
    }
  }
}

/** The Slack error code (`channel_not_found`) or the transport problem, never a request body. */
export function slackErrorText(error: unknown): string {
  if (error instanceof WebAPIPlatformError) {
    const details = error.data.response_metadata?.messages?.join('; ');
    return details ? `${error.data.error} [${details}]` : error.data.error;
  }
  if (error instanceof WebAPIRateLimitedError) return `rate limited, retry after ${error.retryAfter}s`;
  if (error instanceof WebAPIHTTPError) return `HTTP ${error.statusCode} ${error.statusMessage}`.trim();
  if (error instanceof WebAPIRequestError) return `request failed: ${error.original.message}`;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface CreateSlackNotifierOptions {
  /** Secrets Manager secret: the raw bot token, or JSON `{"token": "xoxb-…"}` / `{"botToken": "xoxb-…"}`. */
  readonly tokenSecretName: string;
  readonly channel: string;
  /** Tests point this at a loopback server; default https://slack.com/api/. */
  readonly slackApiUrl?: string;
  /** Retries of one call (429s honour Retry-After); default DEFAULT_SLACK_RETRIES. */
  readonly retries?: number;
  readonly minIntervalMs?: number;
  /** Keep buttons in warnings (config `slack.keepButtons` plus the ledger); absent: none. */
  readonly keepButtons?: KeepButtonsOptions;
}

export async function createSlackNotifier(options: CreateSlackNotifierOptions): Promise<SlackNotifier> {
  const client = await createSlackClient(options);
  return new SlackNotifier({ client, channel: options.channel, minIntervalMs: options.minIntervalMs, keepButtons: options.keepButtons });
}

/** A WebClient with the bot token from its secret; also used by the keep endpoint and owner lookups. */
export async function createSlackClient(options: Pick<CreateSlackNotifierOptions, 'tokenSecretName' | 'slackApiUrl' | 'retries'>): Promise<WebClient> {
  const token = botTokenFrom(options.tokenSecretName, await getSecretString(options.tokenSecretName));
  const retryConfig: RetryOptions = {
    retries: options.retries ?? DEFAULT_SLACK_RETRIES,
    factor: 2,
    minTimeout: 1_000,
    maxTimeout: 30_000,
    randomize: true,
  };
  return new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig,
    // WARN keeps request bodies (and anything token-shaped) out of the logs; debug would print them.
    logLevel: LogLevel.WARN,
  });
}

/** Extracts the bot token. Errors name the secret but never quote its value. */
export function botTokenFrom(secretName: string, secretValue: string): string {
  const trimmed = secretValue.trim();
  let token: unknown = trimmed;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      // JSON.parse's message quotes the input, so it is deliberately dropped.
      throw new Error(`Secret "${secretName}" looks like JSON but does not parse; expected {"token": "xoxb-…"}`);
    }
    const record = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    token = typeof record.token === 'string' ? record.token : record.botToken;
    if (typeof token !== 'string') {
      throw new Error(`Secret "${secretName}" is JSON without a "token" or "botToken" string field`);
    }
    token = token.trim();
  }
  if (typeof token !== 'string' || !token.startsWith('xox') || /\s/.test(token)) {
    throw new Error(`Secret "${secretName}" does not hold a Slack token: expected a value starting with "xox" (e.g. xoxb-…)`);
  }
  return token;
}
