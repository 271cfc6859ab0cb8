import type { WebClient } from '@slack/web-api';
import type { OrgDigest } from '../core/org-digest';
import type { Notifier, PostedWarning, RunFailure, RunReport, Warning } from '../core/report';
import type { AccountRunSummary } from '../core/run-results';
import type { WarningRecorder } from '../core/warning-record';
import type { SlackMessage } from './block-kit';
import { type Attachment, type Rendered, renderReport, renderWarning } from './long-lists';
import { failureMessage } from './messages';
import { orgDigestMessage } from './org-digest-messages';
import { accountSummaryMessages } from './run-summary-messages';
import { createSlackClient, type SlackClientOptions, slackErrorText } from './slack-client';

/** Slack allows about one message per second per channel; thread replies count too. */
export const DEFAULT_MIN_INTERVAL_MS = 1_000;

export interface SlackNotifierOptions {
  readonly client: WebClient;
  /** Channel ID (C0123ABCD) or name (#platform-alerts). */
  readonly channel: string;
  /** Least time between two posts to the channel (Slack's per-channel rate), across messages; 0 in tests. */
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
  /** When this notifier last posted (ms since epoch): the next post waits out the interval. */
  private lastPostAt = Number.NEGATIVE_INFINITY;

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
    const rendered = renderWarning(warning, keep ? { keepButtons: { allowForever: keep.allowForever } } : {});
    return this.postRendered(rendered, async (message, posted) => {
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
    await this.postRendered(renderReport(report));
  }

  async postFailure(failure: RunFailure): Promise<void> {
    await this.postThread([failureMessage(failure)]);
  }

  /** One account's part of a multi-target run: its summary, the regions' details in the thread. */
  async postAccountSummary(summary: AccountRunSummary): Promise<void> {
    await this.postThread(accountSummaryMessages(summary));
  }

  /** The organization's night in one message, after every account summary. */
  async postOrgDigest(digest: OrgDigest): Promise<void> {
    await this.postThread([orgDigestMessage(digest)]);
  }

  /** The same client and pacing settings, posting to another channel (each channel is paced on its own). */
  forChannel(channel: string): SlackNotifier {
    return channel === this.channel
      ? this
      : new SlackNotifier({ client: this.client, channel, minIntervalMs: this.minIntervalMs, keepButtons: this.keepButtons });
  }

  /** The messages, then the attachment (the full list) in their thread. A failed upload fails the post. */
  private async postRendered(
    rendered: Rendered,
    afterPost?: (message: SlackMessage, posted: { channel: string; ts: string }) => Promise<void>,
  ): Promise<PostedWarning> {
    const first = await this.postThread(rendered.messages, afterPost);
    if (rendered.attachment) await this.upload(rendered.attachment, first);
    return first;
  }

  private async upload(file: Attachment, thread: PostedWarning): Promise<void> {
    try {
      // A shared file shows in the thread as a message: paced like one.
      await this.paced(() =>
        this.client.files.uploadV2({
          channel_id: thread.channel,
          thread_ts: thread.ts,
          filename: file.filename,
          title: file.title,
          content: file.content,
          initial_comment: `The full list: ${file.rows.toLocaleString('en-US')} ${file.rows === 1 ? 'row' : 'rows'}.`,
        }),
      );
    } catch (error) {
      throw new Error(
        `Slack files.uploadV2 of ${file.filename} failed: ${slackErrorText(error)} (channel ${this.channel}; ` +
          'attaching the full list of a long warning or report needs the files:write scope)',
        { cause: error },
      );
    }
  }

  private async postThread(
    messages: readonly SlackMessage[],
    afterPost?: (message: SlackMessage, posted: { channel: string; ts: string }) => Promise<void>,
  ): Promise<PostedWarning> {
    let threadTs: string | undefined;
    let first: PostedWarning | undefined;
    for (const [index, message] of messages.entries()) {
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

  /** Runs `post` once `minIntervalMs` has passed since the end of this notifier's last post. */
  private async paced<T>(post: () => Promise<T>): Promise<T> {
    const wait = this.lastPostAt + this.minIntervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    try {
      return await post();
    } finally {
      // From the answer, not the request: Slack counts arrivals, and a slow request arrives late.
      this.lastPostAt = Date.now();
    }
  }

  private async postMessage(message: SlackMessage, threadTs: string | undefined, part: string): Promise<{ ts?: string; channel?: string }> {
    try {
      const result = await this.paced(() =>
        this.client.chat.postMessage({
          channel: this.channel,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        }),
      );
      return { ts: result.ts, channel: result.channel };
    } catch (error) {
      throw new Error(`Slack chat.postMessage failed: ${slackErrorText(error)} (channel ${this.channel}${part})`, { cause: error });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface CreateSlackNotifierOptions extends SlackClientOptions {
  readonly channel: string;
  readonly minIntervalMs?: number;
  /** Keep buttons in warnings (config `slack.keepButtons` plus the ledger); absent: none. */
  readonly keepButtons?: KeepButtonsOptions;
}

export async function createSlackNotifier(options: CreateSlackNotifierOptions): Promise<SlackNotifier> {
  const client = await createSlackClient(options);
  return new SlackNotifier({ client, channel: options.channel, minIntervalMs: options.minIntervalMs, keepButtons: options.keepButtons });
}
