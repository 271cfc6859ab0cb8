import {
  LogLevel,
  type RetryOptions,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import { getSecretString } from '../aws/secrets';

/**
 * The Slack Web API client (bot token from Secrets Manager, bounded retries, quiet logs), Slack
 * error text and bot-token parsing: shared by the notifier, the keep endpoint and owner lookups.
 */

/** WebClient's own default retries for half an hour, longer than a Lambda may run. */
export const DEFAULT_SLACK_RETRIES = 5;

export interface SlackClientOptions {
  /** Secrets Manager secret: the raw bot token, or JSON `{"token": "xoxb-…"}` / `{"botToken": "xoxb-…"}`. */
  readonly tokenSecretName: string;
  /** Tests point this at a loopback server; default https://slack.com/api/. */
  readonly slackApiUrl?: string;
  /** Retries of one call (429s honour Retry-After); default DEFAULT_SLACK_RETRIES. */
  readonly retries?: number;
}

/** A WebClient with the bot token from its secret; also used by the keep endpoint and owner lookups. */
export async function createSlackClient(options: SlackClientOptions): Promise<WebClient> {
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
