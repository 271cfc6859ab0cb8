import { accountOfArn } from '../aws/arn';
import type { JanitorConfig } from '../config/schema';
import type { WarningRecord } from '../core/warning-record';
import type { KeepClick } from './payload';

/** Pure checks of a Keep click. Each rejection says why, for the log and the user's ephemeral note. */

export type KeepButtonsConfig = NonNullable<JanitorConfig['slack']['keepButtons']>;

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Allowed by ID, or as a member of the allowed user group (`groupMembers`: undefined when not looked up). */
export function userAllowed(userId: string, config: KeepButtonsConfig, groupMembers: readonly string[] | undefined): boolean {
  return config.allowedUserIds.includes(userId) || (groupMembers?.includes(userId) ?? false);
}

/**
 * The click may act only on a resource the janitor's own record of that message lists, in the
 * record's account; the button value alone proves nothing.
 */
export const NO_RECORD = 'the janitor has no record of this message (not its warning, or the record expired)';

export function clickMatchesRecord(click: KeepClick, record: WarningRecord | undefined, config: KeepButtonsConfig): Verdict {
  if (!record) return { ok: false, reason: NO_RECORD };
  if (record.channel !== click.channel || record.ts !== click.messageTs)
    return { ok: false, reason: 'the record belongs to another message' };
  if (!record.resources.includes(click.arn)) return { ok: false, reason: 'this message does not list that resource' };
  const account = accountOfArn(click.arn);
  // S3 bucket ARNs have no account; the record's account is used for them.
  if (account !== '' && account !== record.accountId) return { ok: false, reason: `the resource is not in account ${record.accountId}` };
  if (click.choice === 'forever' && !config.allowForever)
    return { ok: false, reason: '"Keep forever" is not allowed by the configuration' };
  return { ok: true };
}
