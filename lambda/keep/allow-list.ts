import type { WebClient } from '@slack/web-api';
import { logger } from '../logger';
import { slackErrorText } from '../slack/slack-client';
import { type KeepButtonsConfig, userAllowed, type Verdict } from './keep-rules';

/** User-group members are re-read at most this often per execution environment. */
export const GROUP_MEMBERS_TTL_MS = 5 * 60_000;

/**
 * Who may keep: a configured user ID, or a member of the configured user group. One instance
 * serves the endpoint and the worker, so both apply the same rules with the same cache.
 */
export class KeepAllowList {
  private groupMembers?: { readonly members: Promise<string[]>; readonly until: number };

  constructor(
    private readonly config: KeepButtonsConfig,
    private readonly slack: () => Promise<WebClient>,
    private readonly now: () => Date,
  ) {}

  async check(userId: string): Promise<Verdict> {
    const { config } = this;
    if (userAllowed(userId, config, undefined)) return { ok: true };
    if (!config.allowedUserGroupId) return { ok: false, reason: "you are not on the janitor's allow-list" };
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
      const members = this.slack().then(async (slack) => (await slack.usergroups.users.list({ usergroup: group })).users ?? []);
      this.groupMembers = { members, until: nowMs + GROUP_MEMBERS_TTL_MS };
      // A failure is not cached.
      members.catch(() => (this.groupMembers = undefined));
    }
    return this.groupMembers.members;
  }
}
