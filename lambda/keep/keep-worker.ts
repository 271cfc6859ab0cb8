import type { WebClient } from '@slack/web-api';
import type { AwsClients } from '../aws/clients';
import { tagResources, untagResources } from '../aws/tagging';
import { describeUntil, type Exemption, exemptionFor, KEPT_BY_TAG, utcDay } from '../core/keep-choice';
import { EXEMPT_TAG, MARK_TAG } from '../core/model';
import type { WarningRecord } from '../core/warning-record';
import { logger } from '../logger';
import { slackErrorText } from '../slack/slack-client';
import { errorText } from '../util/errors';
import type { KeepAllowList } from './allow-list';
import { clickMatchesRecord, type KeepButtonsConfig, NO_RECORD } from './keep-rules';
import { messageFromRecord } from './kept-message';
import type { WarningLedger } from './ledger';
import { type KeepWork, verifyWork } from './work-item';

export interface KeepWorkerDeps {
  readonly config: KeepButtonsConfig;
  /** The Slack app's signing secret: the work item's MAC key is derived from it. */
  readonly signingSecret: () => Promise<string>;
  readonly slack: () => Promise<WebClient>;
  readonly ledger: WarningLedger;
  /** The same rules (and cache) as the endpoint's. */
  readonly allowList: KeepAllowList;
  readonly clientsFor: (accountId: string, region: string) => Promise<AwsClients>;
  readonly now?: () => Date;
}

/** A refused work item: logged, then thrown so the function's Errors alarm fires. Nothing was written. */
function refuse(reason: string, work?: KeepWork): never {
  // Fields are logged only once the MAC vouched for them.
  const context = work ? { user: work.userId, arn: work.arn, choice: work.choice, channel: work.channel, ts: work.messageTs } : {};
  logger.error('keep work refused', { ...context, reason });
  throw new Error(`keep refused in the worker: ${reason}`);
}

/**
 * The asynchronous half of a Keep click. Anyone with lambda:InvokeFunction can send it an event,
 * so it trusts none: the item must carry a valid MAC, be fresh, name an allowed user and a
 * resource the janitor recorded for that message, and be claimed for the first time. Only then
 * is anything written. The message update is rebuilt from the ledger, never from the event.
 */
export class KeepWorker {
  private readonly now: () => Date;

  constructor(private readonly deps: KeepWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async handle(event: unknown): Promise<void> {
    const now = this.now();
    const { work, record } = await this.accept(event, now);
    await this.apply(work, record, now);
  }

  /** Every check before any write; the claim comes last, right before tagging. */
  private async accept(event: unknown, now: Date): Promise<{ work: KeepWork; record: WarningRecord }> {
    const check = verifyWork(event, await this.deps.signingSecret(), now);
    if (!check.ok) refuse(check.reason);
    const { work } = check;
    const allowed = await this.deps.allowList.check(work.userId);
    if (!allowed.ok) refuse(allowed.reason, work);
    const record = await this.deps.ledger.warning(work.channel, work.messageTs);
    if (!record) refuse(NO_RECORD, work);
    const verdict = clickMatchesRecord(work, record, this.deps.config);
    if (!verdict.ok) refuse(verdict.reason, work);
    // One atomic conditional put: of any number of copies of this item, one passes.
    if (!(await this.deps.ledger.claimWork(work.clickId, now))) refuse('replayed work item (this click was already claimed)', work);
    return { work, record };
  }

  /** Tags, removes the mark, records the keep and updates the message; throws after telling the user when any of it failed. */
  private async apply(work: KeepWork, record: WarningRecord, now: Date): Promise<void> {
    const exemption = exemptionFor(work.choice, now);
    const clients = await this.deps.clientsFor(record.accountId, record.region);
    const tagFailure = (await tagResources(clients, [work.arn], { [EXEMPT_TAG]: exemption.tagValue, [KEPT_BY_TAG]: work.userId })).get(
      work.arn,
    );
    if (tagFailure) {
      logger.error('keep failed', { arn: work.arn, user: work.userId, error: tagFailure });
      await this.tell(work, `:x: Keeping failed, the resource is still marked for deletion: ${tagFailure}`);
      throw new Error(`tagging ${work.arn} ${EXEMPT_TAG}=${exemption.tagValue} failed: ${tagFailure}`);
    }
    // The exemption alone already keeps it: a failed unmark is reported, and the next run unmarks.
    const unmarkFailure = (await untagResources(clients, [work.arn], [MARK_TAG])).get(work.arn);
    logger.info('kept from Slack', {
      arn: work.arn,
      accountId: record.accountId,
      region: record.region,
      keptBy: work.userId,
      choice: work.choice,
      exempt: exemption.tagValue,
      until: exemption.until === 'forever' ? 'forever' : utcDay(exemption.until),
      channel: record.channel,
      ts: record.ts,
      unmarkError: unmarkFailure,
    });
    const problems = [
      ...(unmarkFailure ? [`removing ${MARK_TAG} failed (the next run removes it): ${unmarkFailure}`] : []),
      ...(await this.record(work, record, exemption, now)),
    ];
    if (problems.length > 0) {
      logger.error('keep partly failed', { arn: work.arn, problems });
      await this.tell(work, `:warning: Kept ${describeUntil(exemption.until)}, but: ${problems.join('; ')}`);
      throw new Error(`keep of ${work.arn} partly failed: ${problems.join('; ')}`);
    }
  }

  /** The keep for the next report, the keep on the message, and the message itself; returns what failed. */
  private async record(work: KeepWork, record: WarningRecord, exemption: Exemption, now: Date): Promise<string[]> {
    const problems: string[] = [];
    const keep = { arn: work.arn, keptBy: work.userId, until: exemption.until };
    try {
      await this.deps.ledger.recordKeep({
        ...keep,
        accountId: record.accountId,
        region: record.region,
        at: now,
        channel: record.channel,
        ts: record.ts,
      });
    } catch (error) {
      problems.push(`recording the keep for the next report failed: ${errorText(error)}`);
    }
    try {
      await this.deps.ledger.recordKeptOnMessage(record, { ...keep, exemptValue: exemption.tagValue });
      const update = messageFromRecord(record, await this.deps.ledger.keptOnMessage(record), this.deps.config.allowForever);
      const slack = await this.deps.slack();
      await slack.chat.update({ channel: record.channel, ts: record.ts, text: update.text, blocks: update.blocks });
    } catch (error) {
      problems.push(`updating the Slack message failed: ${slackErrorText(error)}`);
    }
    return problems;
  }

  /** An ephemeral note to whoever clicked (verified). A failure to tell is logged, never hides the outcome. */
  private async tell(work: KeepWork, text: string): Promise<void> {
    try {
      const slack = await this.deps.slack();
      await slack.chat.postEphemeral({ channel: work.channel, user: work.userId, text });
    } catch (error) {
      logger.error('posting the ephemeral note failed', { user: work.userId, error: slackErrorText(error), note: text });
    }
  }
}
