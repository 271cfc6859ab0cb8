import type { WebClient } from '@slack/web-api';
import { EXEMPT_TAG } from '../core/model';
import { logger } from '../logger';
import { slackErrorText } from '../slack/slack-client';
import { errorText } from '../util/errors';
import type { KeepAllowList } from './allow-list';
import { clickMatchesRecord, type KeepButtonsConfig } from './keep-rules';
import type { WarningLedger } from './ledger';
import { type KeepClick, parseInteraction } from './payload';
import { verifySlackSignature } from './slack-signature';
import { type KeepWork, signWork } from './work-item';

export interface HttpRequest {
  /** Lower-case header names, as Lambda Function URLs deliver them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

export interface KeepEndpointDeps {
  readonly config: KeepButtonsConfig;
  /** The Slack app's signing secret (cached by the caller). */
  readonly signingSecret: () => Promise<string>;
  /** Bot-token WebClient (cached by the caller). */
  readonly slack: () => Promise<WebClient>;
  readonly ledger: WarningLedger;
  /** The same rules (and cache) as the worker's. */
  readonly allowList: KeepAllowList;
  /** Starts the worker without waiting for it (Lambda async self-invocation). */
  readonly startWorker: (work: KeepWork) => Promise<void>;
  readonly now?: () => Date;
}

const ack = (statusCode: number, body = ''): HttpResponse => ({ statusCode, headers: { 'Content-Type': 'text/plain' }, body });

/**
 * Slack's interactivity endpoint for Keep buttons: verifies and acknowledges within Slack's
 * 3 seconds, and hands a signed work item to the asynchronous worker (`KeepWorker`), which checks
 * it all again. Every rejection happens before anything is written except the replay marker.
 */
export class KeepEndpoint {
  private readonly now: () => Date;

  constructor(private readonly deps: KeepEndpointDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handleRequest(request: HttpRequest): Promise<HttpResponse> {
    const now = this.now();
    // Absent reads as '', which the format check refuses.
    const signature = request.headers['x-slack-signature'] ?? '';
    const signingSecret = await this.deps.signingSecret();
    // (a)+(b) Authenticity and freshness: nothing else is looked at before both hold.
    const check = verifySlackSignature(
      { timestamp: request.headers['x-slack-request-timestamp'], signature, rawBody: request.body },
      signingSecret,
      now,
    );
    if (!check.ok) {
      logger.warn('keep request rejected', { reason: check.reason });
      return ack(401, 'invalid request signature');
    }
    // (b) Replays: the signature is unique per (timestamp, body); seen before means replayed.
    if (!(await this.deps.ledger.claimRequest(signature, now))) {
      logger.warn('keep request rejected', { reason: 'replayed request (signature seen before)' });
      return ack(409, 'request already handled');
    }

    // (c) The payload.
    const parsed = parseInteraction(request.body);
    if (parsed.kind === 'malformed') {
      logger.warn('keep request rejected', { reason: `malformed payload: ${parsed.reason}` });
      return ack(400, 'malformed payload');
    }
    if (parsed.kind === 'ignored') {
      logger.info('interaction ignored', { reason: parsed.reason });
      return ack(200);
    }
    const { click } = parsed;
    const context = { user: click.userId, arn: click.arn, choice: click.choice, channel: click.channel, ts: click.messageTs };

    // (d) Who clicked.
    const allowed = await this.deps.allowList.check(click.userId);
    if (!allowed.ok) {
      logger.warn('keep request rejected', { ...context, reason: allowed.reason });
      await this.tell(
        click,
        `:no_entry: You may not keep resources from here: ${allowed.reason}. Ask a platform admin, or tag the resource \`${EXEMPT_TAG}\` yourself.`,
      );
      return ack(200);
    }

    // (e) What was clicked: only what the janitor itself recorded for this message.
    const verdict = clickMatchesRecord(click, await this.deps.ledger.warning(click.channel, click.messageTs), this.deps.config);
    if (!verdict.ok) {
      logger.warn('keep request rejected', { ...context, reason: verdict.reason });
      await this.tell(click, `:no_entry: Nothing was changed: ${verdict.reason}.`);
      return ack(200);
    }

    // (f) Acknowledge now, work later: the item is MAC'd, so the worker can tell it from a forgery.
    try {
      await this.deps.startWorker(signWork(signingSecret, { ...click, clickId: signature }, now));
    } catch (error) {
      logger.error('starting the keep worker failed', { ...context, error: errorText(error) });
      await this.tell(click, ':x: The janitor could not start keeping this resource; nothing was changed. Try again, or tag it by hand.');
      return ack(500, 'could not start the keep');
    }
    logger.info('keep accepted', context);
    return ack(200);
  }

  /** An ephemeral note to whoever clicked. A failure to tell is logged, never hides the original outcome. */
  private async tell(click: KeepClick, text: string): Promise<void> {
    try {
      const slack = await this.deps.slack();
      await slack.chat.postEphemeral({ channel: click.channel, user: click.userId, text });
    } catch (error) {
      logger.error('posting the ephemeral note failed', { user: click.userId, error: slackErrorText(error), note: text });
    }
  }
}
