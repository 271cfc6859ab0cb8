import type { WebClient } from '@slack/web-api';
import type { AwsClients } from '../aws/clients';
import { errorText, tagResources, untagResources } from '../aws/tagging';
import { EXEMPT_TAG, MARK_TAG } from '../core/model';
import { logger } from '../logger';
import { keptMessage } from '../slack/messages';
import { slackErrorText } from '../slack/slack-notifier';
import { KEPT_BY_TAG, describeUntil, exemptionFor, utcDay } from './keep-choice';
import { clickMatchesRecord, userAllowed, type KeepButtonsConfig } from './keep-rules';
import type { WarningLedger } from './ledger';
import { parseInteraction, type KeepClick } from './payload';
import { verifySlackSignature } from './slack-signature';

/** The verified click, handed from the acknowledging request to the asynchronous worker. */
export interface KeepWork {
  readonly kind: 'janitor-keep-work';
  readonly click: KeepClick;
  /** ISO time the request was verified. */
  readonly verifiedAt: string;
}

export function isKeepWork(event: unknown): event is KeepWork {
  return !!event && typeof event === 'object' && (event as { kind?: unknown }).kind === 'janitor-keep-work';
}

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
  /** Clients acting in the warned account and region (another account: an assumed role). */
  readonly clientsFor: (accountId: string, region: string) => Promise<AwsClients>;
  /** Starts the worker without waiting for it (Lambda async self-invocation). */
  readonly startWorker: (work: KeepWork) => Promise<void>;
  readonly now?: () => Date;
}

/** User-group members are re-read at most this often per execution environment. */
export const GROUP_MEMBERS_TTL_MS = 5 * 60_000;

const ack = (statusCode: number, body = ''): HttpResponse => ({ statusCode, headers: { 'Content-Type': 'text/plain' }, body });

/**
 * Slack's interactivity endpoint for Keep buttons. `handleRequest` verifies and acknowledges
 * within Slack's 3 seconds; `handleWork` (run asynchronously) tags the resource and updates the
 * message. Every rejection happens before anything is written except the replay marker.
 */
export class KeepEndpoint {
  private groupMembers?: { readonly members: Promise<string[]>; readonly until: number };
  private readonly now: () => Date;

  constructor(private readonly deps: KeepEndpointDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handleRequest(request: HttpRequest): Promise<HttpResponse> {
    const now = this.now();
    const signature = request.headers['x-slack-signature'];
    // (a)+(b) Authenticity and freshness: nothing else is looked at before both hold.
    const check = verifySlackSignature(
      { timestamp: request.headers['x-slack-request-timestamp'], signature, rawBody: request.body },
      await this.deps.signingSecret(),
      now,
    );
    if (!check.ok) {
      logger.warn('keep request rejected', { reason: check.reason });
      return ack(401, 'invalid request signature');
    }
    // (b) Replays: the signature is unique per (timestamp, body); seen before means replayed.
    if (!(await this.deps.ledger.claimRequest(signature!, now))) {
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
    const allowed = await this.checkUser(click.userId);
    if (!allowed.ok) {
      logger.warn('keep request rejected', { ...context, reason: allowed.reason });
      await this.tell(click, `:no_entry: You may not keep resources from here: ${allowed.reason}. Ask a platform admin, or tag the resource \`${EXEMPT_TAG}\` yourself.`);
      return ack(200);
    }

    // (e) What was clicked: only what the janitor itself recorded for this message.
    const verdict = clickMatchesRecord(click, await this.deps.ledger.warning(click.channel, click.messageTs), this.deps.config);
    if (!verdict.ok) {
      logger.warn('keep request rejected', { ...context, reason: verdict.reason });
      await this.tell(click, `:no_entry: Nothing was changed: ${verdict.reason}.`);
      return ack(200);
    }

    // (f) Acknowledge now, work later.
    try {
      await this.deps.startWorker({ kind: 'janitor-keep-work', click, verifiedAt: now.toISOString() });
    } catch (error) {
      logger.error('starting the keep worker failed', { ...context, error: errorText(error) });
      await this.tell(click, ':x: The janitor could not start keeping this resource; nothing was changed. Try again, or tag it by hand.');
      return ack(500, 'could not start the keep');
    }
    logger.info('keep accepted', context);
    return ack(200);
  }

  /**
   * The asynchronous half: tags the resource in its account and region, removes the mark, logs,
   * records the keep for the next report, and updates the message. Throws (Lambda error metric)
   * when any of it failed, after telling the user.
   */
  async handleWork(work: KeepWork): Promise<void> {
    const { click } = work;
    const now = this.now();
    // The worker can be invoked by anyone with lambda:InvokeFunction on it: check the record again.
    const record = await this.deps.ledger.warning(click.channel, click.messageTs);
    const verdict = clickMatchesRecord(click, record, this.deps.config);
    if (!verdict.ok || !record) throw new Error(`keep refused in the worker: ${verdict.ok ? 'no record' : verdict.reason}`);

    const exemption = exemptionFor(click.choice, now);
    const clients = await this.deps.clientsFor(record.accountId, record.region);
    const tagged = await tagResources(clients, [click.arn], { [EXEMPT_TAG]: exemption.tagValue, [KEPT_BY_TAG]: click.userId });
    const tagFailure = tagged.get(click.arn);
    if (tagFailure) {
      logger.error('keep failed', { arn: click.arn, user: click.userId, error: tagFailure });
      await this.tell(click, `:x: Keeping failed, the resource is still marked for deletion: ${tagFailure}`);
      throw new Error(`tagging ${click.arn} ${EXEMPT_TAG}=${exemption.tagValue} failed: ${tagFailure}`);
    }
    // The exemption alone already keeps it: a failed unmark is reported, and the next run unmarks.
    const unmarkFailure = (await untagResources(clients, [click.arn], [MARK_TAG])).get(click.arn);
    logger.info('kept from Slack', {
      arn: click.arn,
      accountId: record.accountId,
      region: record.region,
      keptBy: click.userId,
      choice: click.choice,
      exempt: exemption.tagValue,
      until: exemption.until === 'forever' ? 'forever' : utcDay(exemption.until),
      channel: click.channel,
      ts: click.messageTs,
      unmarkError: unmarkFailure,
    });

    const problems: string[] = [];
    if (unmarkFailure) problems.push(`removing ${MARK_TAG} failed (the next run removes it): ${unmarkFailure}`);
    try {
      await this.deps.ledger.recordKeep({
        arn: click.arn,
        accountId: record.accountId,
        region: record.region,
        keptBy: click.userId,
        until: exemption.until,
        at: now,
        channel: click.channel,
        ts: click.messageTs,
      });
    } catch (error) {
      problems.push(`recording the keep for the next report failed: ${errorText(error)}`);
    }

    const updated = keptMessage(click.message, { arn: click.arn, keptBy: click.userId, until: exemption.until, exemptValue: exemption.tagValue });
    if (updated) {
      try {
        const slack = await this.deps.slack();
        await slack.chat.update({ channel: click.channel, ts: click.messageTs, text: updated.text, blocks: updated.blocks });
      } catch (error) {
        problems.push(`updating the Slack message failed: ${slackErrorText(error)}`);
      }
    } else {
      logger.info('message not updated: it has no Keep buttons for the resource any more', { arn: click.arn, ts: click.messageTs });
    }
    if (problems.length > 0) {
      logger.error('keep partly failed', { arn: click.arn, problems });
      await this.tell(click, `:warning: Kept ${describeUntil(exemption.until)}, but: ${problems.join('; ')}`);
      throw new Error(`keep of ${click.arn} partly failed: ${problems.join('; ')}`);
    }
  }

  private async checkUser(userId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const { config } = this.deps;
    if (userAllowed(userId, config, undefined)) return { ok: true };
    if (!config.allowedUserGroupId) return { ok: false, reason: 'you are not on the janitor\'s allow-list' };
    let members: string[];
    try {
      members = await this.groupMembersOf(config.allowedUserGroupId);
    } catch (error) {
      logger.error('reading the allowed user group failed', { group: config.allowedUserGroupId, error: slackErrorText(error) });
      return { ok: false, reason: `the allowed user group could not be read (${slackErrorText(error)})` };
    }
    return userAllowed(userId, config, members) ? { ok: true } : { ok: false, reason: 'you are not in the allowed user group' };
  }

  private groupMembersOf(group: string): Promise<string[]> {
    const nowMs = this.now().getTime();
    if (!this.groupMembers || this.groupMembers.until <= nowMs) {
      const members = this.deps.slack().then(async (slack) => (await slack.usergroups.users.list({ usergroup: group })).users ?? []);
      this.groupMembers = { members, until: nowMs + GROUP_MEMBERS_TTL_MS };
      // A failure is not cached.
      members.catch(() => (this.groupMembers = undefined));
    }
    return this.groupMembers.members;
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
