/**
 * Slack for the bench: the fake Slack Web API on loopback, enforcing Slack's per-channel message
 * rate (429 with Retry-After), and the janitor's real SlackNotifier on a real WebClient pointed at it.
 */
import { LogLevel, WebClient } from '@slack/web-api';
import type { Notifier, RunFailure, RunReport, Warning } from '../lambda/core/report';
import { DEFAULT_SLACK_RETRIES } from '../lambda/slack/slack-client';
import { SlackNotifier } from '../lambda/slack/slack-notifier';
import { type SlackServer, startSlackServer } from '../test/fakes/slack-server';
import { SLACK_CHANNEL, SLACK_PER_CHANNEL_INTERVAL_MS } from './settings';

export type Posting = 'warning' | 'report';

/** What one posting sent to Slack. */
export interface PostingCounts {
  /** chat.postMessage calls Slack accepted: the channel's messages (thread replies included). */
  readonly messages: number;
  /** chat.postMessage calls answered 429 (the channel's rate exceeded) or failed. */
  readonly refused: number;
  /** Files shared (files.uploadV2: the CSV of a long list). */
  readonly uploads: number;
  /** Every Web API call, the upload's three included. */
  readonly calls: number;
}

export class BenchSlack {
  private readonly ranges: Partial<Record<Posting, { from: number; to: number }>> = {};

  private constructor(
    readonly server: SlackServer,
    private readonly inner: SlackNotifier,
  ) {}

  static async start(): Promise<BenchSlack> {
    const server = await startSlackServer({ perChannelIntervalMs: SLACK_PER_CHANNEL_INTERVAL_MS });
    // As createSlackClient makes it (lambda/slack/slack-client.ts), but with a token given rather than read from Secrets Manager.
    const client = new WebClient('xoxb-bench-token', {
      slackApiUrl: server.url,
      retryConfig: { retries: DEFAULT_SLACK_RETRIES, factor: 2, minTimeout: 1_000, maxTimeout: 30_000, randomize: true },
      logLevel: LogLevel.WARN,
    });
    return new BenchSlack(server, new SlackNotifier({ client, channel: SLACK_CHANNEL }));
  }

  /** The notifier the run gets: the real one, each posting's calls noted. */
  notifier(): Notifier {
    const posting = async <T>(kind: Posting, post: () => Promise<T>): Promise<T> => {
      const from = this.server.posts.length;
      try {
        return await post();
      } finally {
        this.ranges[kind] = { from, to: this.server.posts.length };
      }
    };
    return {
      postWarning: (warning: Warning) => posting('warning', () => this.inner.postWarning(warning)),
      postReport: (report: RunReport) => posting('report', () => this.inner.postReport(report)),
      postFailure: (failure: RunFailure) => this.inner.postFailure(failure),
    };
  }

  counts(kind: Posting): PostingCounts {
    const range = this.ranges[kind];
    const posts = range ? this.server.posts.slice(range.from, range.to) : [];
    const messages = posts.filter((p) => p.method === 'chat.postMessage');
    return {
      messages: messages.filter((p) => p.ts !== undefined).length,
      refused: messages.filter((p) => p.ts === undefined).length,
      uploads: posts.filter((p) => p.method === 'files.completeUploadExternal').length,
      calls: posts.length,
    };
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
