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
import type { Notifier, RunFailure, RunReport, Warning } from '../run/report';
import { failureMessage, reportMessages, warningMessages, type SlackMessage } from './messages';

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
}

/**
 * Posts the janitor's messages. A message split into parts goes out as one channel message with
 * the rest in its thread, so a long list does not flood the channel. Failures always throw.
 */
export class SlackNotifier implements Notifier {
  private readonly client: WebClient;
  private readonly channel: string;
  private readonly minIntervalMs: number;

  constructor(options: SlackNotifierOptions) {
    this.client = options.client;
    this.channel = options.channel;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  }

  postWarning(warning: Warning): Promise<void> {
    return this.postThread(warningMessages(warning));
  }

  postReport(report: RunReport): Promise<void> {
    return this.postThread(reportMessages(report));
  }

  postFailure(failure: RunFailure): Promise<void> {
    return this.postThread([failureMessage(failure)]);
  }

  private async postThread(messages: readonly SlackMessage[]): Promise<void> {
    let threadTs: string | undefined;
    for (const [index, message] of messages.entries()) {
      if (index > 0 && this.minIntervalMs > 0) await sleep(this.minIntervalMs);
      const part = messages.length > 1 ? ` (part ${index + 1} of ${messages.length})` : '';
      const ts = await this.postMessage(message, threadTs, part);
      if (index === 0) {
        // Without the first message's ts the remaining parts would land loose in the channel.
        if (!ts) throw new Error(`Slack chat.postMessage returned no ts for the first message in ${this.channel}${part}`);
        threadTs = ts;
      }
    }
  }

  private async postMessage(message: SlackMessage, threadTs: string | undefined, part: string): Promise<string | undefined> {
    try {
      const result = await this.client.chat.postMessage({
        channel: this.channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return result.ts;
    } catch (error) {
      throw new Error(`Slack chat.postMessage failed: ${slackErrorText(error)} (channel ${this.channel}${part})`, { cause: error });
    }
  }
}

/** The Slack error code (`channel_not_found`) or the transport problem, never a request body. */
function slackErrorText(error: unknown): string {
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
}

export async function createSlackNotifier(options: CreateSlackNotifierOptions): Promise<SlackNotifier> {
  const token = botTokenFrom(options.tokenSecretName, await getSecretString(options.tokenSecretName));
  const retryConfig: RetryOptions = {
    retries: options.retries ?? DEFAULT_SLACK_RETRIES,
    factor: 2,
    minTimeout: 1_000,
    maxTimeout: 30_000,
    randomize: true,
  };
  const client = new WebClient(token, {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig,
    // WARN keeps request bodies (and anything token-shaped) out of the logs; debug would print them.
    logLevel: LogLevel.WARN,
  });
  return new SlackNotifier({ client, channel: options.channel, minIntervalMs: options.minIntervalMs });
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
